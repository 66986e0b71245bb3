/// What ``checkDerivativeRule(_:at:tolerance:)`` found: each rule a
/// ``CustomDerivativeRule`` gives, against central differences of its value and against
/// the other rule (the adjoint identity u·(∇f·v) = (u·∇f)·v).
public struct DerivativeRuleCheck: Sendable, CustomStringConvertible {
    /// One line per disagreement beyond the tolerance ("vjp[1]: 0.5 vs central
    /// differences 0.25"); empty when every given rule agrees.
    public let problems: [String]
    /// Whether the rule gives no first-order derivative at all.
    public let hasNoRule: Bool

    /// True when at least one rule is given and every given rule agrees.
    public var passed: Bool { problems.isEmpty && !hasNoRule }

    /// "consistent", or the problems, one per line.
    public var description: String {
        hasNoRule ? "no forward or reverse rule" : problems.isEmpty ? "consistent" : problems.joined(separator: "\n")
    }
}

/// Checks a custom rule's derivatives at `x` (JAX's `check_grads`): the forward rule
/// along each unit vector, the reverse rule's gradient and the differentiable gradient
/// against central differences of ``CustomDerivativeRule/value(_:)`` (step
/// ∛ε·max(1, |x_j|), error ~1e-10 relative), and the forward and reverse rules against
/// each other along a fixed direction.
/// - Parameter rule: the rule to check.
/// - Parameter x: the point, one value per argument of the rule.
/// - Parameter tolerance: the relative disagreement allowed (an absolute floor of the
///   same size times the gradient's magnitude, at least 1).
/// - Complexity: 2k evaluations of the value, k forward-rule calls, one reverse-rule call.
public func checkDerivativeRule<R: CustomDerivativeRule>(
    _ rule: R, at x: [Double], tolerance: Double = 1e-6
) -> DerivativeRuleCheck {
    let args = Arguments(contentsOf: x)
    var central = [Double](repeating: 0, count: x.count)
    for j in x.indices {
        let h = 6.055454452393343e-06 * Swift.max(1, Swift.abs(x[j])) // ∛ε
        var plus = args, minus = args
        plus[j] += h
        minus[j] -= h
        central[j] = (rule.value(plus) - rule.value(minus)) / (plus[j] - minus[j])
    }
    let scale = central.reduce(1) { Swift.max($0, Swift.abs($1)) }
    func agrees(_ a: Double, _ b: Double) -> Bool {
        Swift.abs(a - b) <= tolerance * (scale + Swift.max(Swift.abs(a), Swift.abs(b)))
    }
    var problems: [String] = []
    var unit = Arguments(repeating: 0.0, count: x.count)
    var forward: [Double]?
    if rule.jvp(at: args, direction: unit) != nil {
        forward = x.indices.map { j in
            unit[j] = 1
            defer { unit[j] = 0 }
            return rule.jvp(at: args, direction: unit) ?? .nan
        }
    }
    let reverse = rule.vjp(at: args, cotangent: 1).map(Array.init)
    let differentiable = rule.differentiableGradient(at: args).map { Array($0.gradient) }
    for (name, g) in [("jvp", forward), ("vjp", reverse), ("differentiableGradient", differentiable)] {
        guard let g else { continue }
        for j in x.indices where !agrees(g[j], central[j]) {
            problems.append("\(name)[\(j)]: \(g[j]) vs central differences \(central[j])")
        }
    }
    if let generic = rule.differentiableGradient(at: args), !agrees(generic.value, rule.value(args)) {
        problems.append("differentiableGradient's value \(generic.value) vs value \(rule.value(args))")
    }
    // Adjoint identity along a fixed direction: (∇f·v) from the forward rule against
    // (1·∇f)·v from the reverse rule.
    if let reverse, rule.jvp(at: args, direction: args) != nil {
        let v = Arguments(contentsOf: x.indices.map { Double($0 % 3) - 0.75 })
        let forwardAlongV = rule.jvp(at: args, direction: v) ?? .nan
        let reverseAlongV = zip(reverse, v).reduce(0) { $0 + $1.0 * $1.1 }
        if !agrees(forwardAlongV, reverseAlongV) {
            problems.append("jvp·v \(forwardAlongV) vs vjp·v \(reverseAlongV) (adjoint identity)")
        }
    }
    return DerivativeRuleCheck(problems: problems, hasNoRule: forward == nil && reverse == nil && differentiable == nil)
}
