// A user's rule run in one direction, given or derived from the other: tangents from the
// reverse rule by forming the Jacobian row by row (one call carrying the output's m unit
// cotangents), cotangents from the forward rule by forming it column by column (one call
// carrying the inputs' N unit tangents), then one matrix product per input. Shapes the
// user's rule returns are checked; failures go to the driver's sink.

/// The most Jacobian entries a derivation forms (2^24: 128 MB of `Double`).
@usableFromInline let derivedRuleJacobianLimit = 1 << 24

extension TensorRule {
    /// The output's tangents `[k] + value.shape`, or nil after reporting why not.
    @inlinable
    func forwardTangents(at x: [Tensor], value: Tensor, tangents: [Tensor], directions k: Int) -> Tensor? {
        let expected = [k] + value.shape
        guard k > 0 else { return Tensor.zeros(shape: expected) }
        if let t = jvp(at: x, value: value, tangents: tangents) {
            return checked(t, expected, "jvp", "tangents")
        }
        let m = value.scalarCount, n = x.reduce(0) { $0 + $1.scalarCount }
        guard let rows = jacobianRows(at: x, value: value, mode: "forward mode") else { return nil }
        guard m * n > 0 else { return Tensor.zeros(shape: expected) }
        // J·t = Σ_i t_i [k, n_i] · R_iᵀ [n_i, m].
        var sum = Tensor.zeros(shape: [k, m])
        for (t, r) in zip(tangents, rows) where r.scalarCount > 0 {
            sum =
                sum
                + Tensor.matmul(
                    t.reshaped(to: [k, t.scalarCount / k]), transposed: false,
                    r.reshaped(to: [m, r.scalarCount / m]), transposed: true)
        }
        return sum.reshaped(to: expected)
    }

    /// Each input's cotangents `[k] + x[i].shape`, or nil after reporting why not.
    @inlinable
    func reverseCotangents(at x: [Tensor], value: Tensor, cotangents g: Tensor) -> [Tensor]? {
        let k = g.shape[0]
        if let parts = vjp(at: x, value: value, cotangents: g) {
            guard parts.count == x.count else {
                return ShapeMismatchSink.report(
                    ShapeMismatch(
                        operation: "\(name).vjp", shapes: parts.map(\.shape),
                        reason: "expected \(x.count) cotangents (one per input), got \(parts.count)")
                ) { nil }
            }
            var result: [Tensor] = []
            for (part, input) in zip(parts, x) {
                guard let c = checked(part, [k] + input.shape, "vjp", "cotangents") else { return nil }
                result.append(c)
            }
            return result
        }
        let m = value.scalarCount
        guard let columns = jacobianColumns(at: x, value: value, mode: "reverse mode") else { return nil }
        // x̄_i = g [k, m] · C_iᵀ, C_i the columns of input i ([n_i, m]).
        var offset = 0
        return x.map { input in
            let n = input.scalarCount
            defer { offset += n }
            guard n > 0, m > 0 else { return Tensor.zeros(shape: [k] + input.shape) }
            let c = columns.slice(offset..<(offset + n), alongAxis: 0)
            return Tensor.matmul(g.reshaped(to: [k, m]), transposed: false, c, transposed: true).reshaped(to: [k] + input.shape)
        }
    }

    /// The Jacobian's rows from the reverse rule: per input `[m] + x[i].shape`.
    @inlinable
    func jacobianRows(at x: [Tensor], value: Tensor, mode: String) -> [Tensor]? {
        let m = value.scalarCount, n = x.reduce(0) { $0 + $1.scalarCount }
        guard m * n <= derivedRuleJacobianLimit else { return tooLarge(mode, given: "reverse", m: m, n: n) }
        let seeds = identityBatch(m, shape: value.shape)
        guard let rows = vjp(at: x, value: value, cotangents: seeds) else {
            return ShapeMismatchSink.report(
                DifferentiationError.missingRule(
                    "\(name): \(mode) needs a forward rule (jvp) or a reverse rule (vjp) to derive it from; the rule gives neither")
            ) { nil }
        }
        guard rows.count == x.count else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "\(name).vjp", shapes: rows.map(\.shape),
                    reason: "expected \(x.count) cotangents (one per input), got \(rows.count)")
            ) { nil }
        }
        var result: [Tensor] = []
        for (r, input) in zip(rows, x) {
            guard let c = checked(r, [m] + input.shape, "vjp", "cotangents") else { return nil }
            result.append(c)
        }
        return result
    }

    /// The Jacobian's columns from the forward rule: `[N, m]`, N = all inputs' entries.
    @inlinable
    func jacobianColumns(at x: [Tensor], value: Tensor, mode: String) -> Tensor? {
        let m = value.scalarCount, n = x.reduce(0) { $0 + $1.scalarCount }
        guard m * n <= derivedRuleJacobianLimit else { return tooLarge(mode, given: "forward", m: m, n: n) }
        var offset = 0
        let seeds = x.map { input -> Tensor in
            defer { offset += input.scalarCount }
            var t = [Double](repeating: 0, count: n * input.scalarCount)
            for j in 0..<input.scalarCount { t[(offset + j) * input.scalarCount + j] = 1 }
            return Tensor(unchecked: [n] + input.shape, t)
        }
        guard let columns = jvp(at: x, value: value, tangents: seeds) else {
            return ShapeMismatchSink.report(
                DifferentiationError.missingRule(
                    "\(name): \(mode) needs a reverse rule (vjp) or a forward rule (jvp) to derive it from; the rule gives neither")
            ) { nil }
        }
        return checked(columns, [n] + value.shape, "jvp", "tangents")?.reshaped(to: [n, m])
    }

    /// `count` unit vectors of `shape`, as one batch `[count] + shape`.
    @inlinable
    func identityBatch(_ count: Int, shape: [Int]) -> Tensor {
        var t = [Double](repeating: 0, count: count * count)
        for j in 0..<count { t[j * count + j] = 1 }
        return Tensor(unchecked: [count] + shape, t)
    }

    /// `t` if it has the `expected` shape; otherwise the mismatch reported and nil.
    @inlinable
    func checked(_ t: Tensor, _ expected: [Int], _ rule: String, _ what: String) -> Tensor? {
        if t.shape == expected { return t }
        return ShapeMismatchSink.report(
            ShapeMismatch(
                operation: "\(name).\(rule)", shapes: [expected, t.shape],
                reason: "expected \(what) of shape \(expected), got \(t.shape)")
        ) { nil }
    }

    @inlinable
    func tooLarge<R>(_ mode: String, given: String, m: Int, n: Int) -> R? {
        let missing = given == "forward" ? "reverse rule (vjp)" : "forward rule (jvp)"
        return ShapeMismatchSink.report(
            DifferentiationError.missingRule(
                "\(name): \(mode) has no \(missing), and deriving it from the \(given) rule would form a \(m) × \(n) Jacobian (more than \(derivedRuleJacobianLimit) entries)"
            )
        ) { nil }
    }
}
