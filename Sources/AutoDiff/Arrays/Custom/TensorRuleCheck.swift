// Checking a user's array rule before trusting it (JAX's check_grads at array level): each
// rule it gives against central differences of its plain evaluation, and the forward and
// reverse rules against each other by the adjoint identity ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩.

/// Checks a ``TensorRule``'s derivatives at `x`: the forward rule on the inputs' unit
/// vectors (one call carrying all N of them) and the reverse rule on the output's (one
/// call carrying all m) against the central-difference Jacobian of
/// ``TensorRule/callAsFunction(_:)`` (step ∛ε·max(1, |x_j|), error ~1e-10 relative), and
/// the two rules against each other along fixed directions (the adjoint identity).
///
/// ```swift
/// let check = checkTensorRule(Softmax(), at: [Tensor([0.5, -1, 2])])
/// print(check)   // "consistent", or one line per disagreement: "vjp[2, 0]: 0.31 vs central differences 0.21"
/// ```
/// - Parameter rule: the rule to check.
/// - Parameter x: the point, one tensor per input of the rule.
/// - Parameter tolerance: the relative disagreement allowed (an absolute floor of the same
///   size times the Jacobian's largest entry, at least 1).
/// - Returns: the problems found (entries named `[output entry, input entry]`, inputs'
///   entries counted one input after another) and whether the rule gives no rule at all.
/// - Complexity: 2N plain evaluations, one forward-rule call on N directions and one
///   reverse-rule call on m cotangents (N inputs' entries, m outputs'); memory: three
///   m × N Jacobians, so for small rules (a few thousand entries).
public func checkTensorRule<R: TensorRule>(_ rule: R, at x: [Tensor], tolerance: Double = 1e-6) -> DerivativeRuleCheck {
    let value = rule(x)
    let m = value.scalarCount, n = x.reduce(0) { $0 + $1.scalarCount }
    // Central differences, column by column: central[e * n + j].
    var central = [Double](repeating: 0, count: m * n)
    var column = 0
    for (i, input) in x.enumerated() {
        for j in 0..<input.scalarCount {
            var plus = x, minus = x
            let h = 6.055454452393343e-06 * Swift.max(1, Swift.abs(input.scalars[j])) // ∛ε
            plus[i].withUnsafeMutableScalars { $0[j] += h }
            minus[i].withUnsafeMutableScalars { $0[j] -= h }
            let width = plus[i].scalars[j] - minus[i].scalars[j]
            let (up, down) = (rule(plus).scalars, rule(minus).scalars)
            for e in 0..<m { central[e * n + column] = (up[e] - down[e]) / width }
            column += 1
        }
    }
    let scale = central.reduce(1) { Swift.max($0, Swift.abs($1)) }
    func agrees(_ a: Double, _ b: Double) -> Bool {
        Swift.abs(a - b) <= tolerance * (scale + Swift.max(Swift.abs(a), Swift.abs(b)))
    }
    var problems: [String] = []

    // The forward rule on the N unit vectors: J's columns.
    var forward: [Double]? = nil
    var offset = 0
    let seeds = x.map { input -> Tensor in
        defer { offset += input.scalarCount }
        var t = [Double](repeating: 0, count: n * input.scalarCount)
        for j in 0..<input.scalarCount { t[(offset + j) * input.scalarCount + j] = 1 }
        return Tensor(shape: [n] + input.shape, scalars: t)
    }
    if let columns = rule.jvp(at: x, value: value, tangents: seeds) {
        if columns.shape == [n] + value.shape {
            var j = [Double](repeating: 0, count: m * n)
            for c in 0..<n { for e in 0..<m { j[e * n + c] = columns.scalars[c * m + e] } }
            forward = j
        } else {
            problems.append("jvp: tangents of shape \(columns.shape), expected \([n] + value.shape)")
        }
    }
    // The reverse rule on the m unit cotangents: J's rows.
    var reverse: [Double]? = nil
    var unit = [Double](repeating: 0, count: m * m)
    for e in 0..<m { unit[e * m + e] = 1 }
    if let rows = rule.vjp(at: x, value: value, cotangents: Tensor(shape: [m] + value.shape, scalars: unit)) {
        if rows.count == x.count, zip(rows, x).allSatisfy({ $0.shape == [m] + $1.shape }) {
            var j: [Double] = []
            j.reserveCapacity(m * n)
            for e in 0..<m { for r in rows { let w = r.scalarCount / m; j += r.scalars[(e * w)..<((e + 1) * w)] } }
            reverse = j
        } else {
            problems.append("vjp: cotangents of shapes \(rows.map(\.shape)), expected [\(m)] + each input's shape")
        }
    }
    for (name, jacobian) in [("jvp", forward), ("vjp", reverse)] {
        guard let jacobian else { continue }
        for e in 0..<m {
            for j in 0..<n where !agrees(jacobian[e * n + j], central[e * n + j]) {
                problems.append("\(name)[\(e), \(j)]: \(jacobian[e * n + j]) vs central differences \(central[e * n + j])")
            }
        }
    }
    // The adjoint identity along fixed directions u (output) and v (inputs).
    if let forward, let reverse {
        let u = (0..<m).map { Double($0 % 3) - 0.75 }, v = (0..<n).map { Double($0 % 5) * 0.5 - 1 }
        var left = 0.0, right = 0.0
        for e in 0..<m {
            for j in 0..<n {
                left += u[e] * forward[e * n + j] * v[j]
                right += u[e] * reverse[e * n + j] * v[j]
            }
        }
        if !agrees(left, right) { problems.append("⟨u, jvp·v⟩ \(left) vs ⟨vjp·u, v⟩ \(right) (adjoint identity)") }
    }
    let hasNoRule = forward == nil && reverse == nil && !problems.contains { $0.hasPrefix("jvp:") || $0.hasPrefix("vjp:") }
    return DerivativeRuleCheck(problems: problems, hasNoRule: hasNoRule)
}
