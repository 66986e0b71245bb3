// A user's rule as one array operation in every mode: the primal (Tensor), the forward
// rule (DualTensor), the reverse rule (TrackedTensor, through the tape value's
// applyingWithPullback) and the scalar layer's linearization (ScalarTensor), side by side.

// MARK: Primal

extension Tensor {
    /// The rule's plain evaluation.
    @inlinable
    public static func applying<R: TensorRule>(_ rule: R, to arguments: [Tensor]) -> Tensor { rule(arguments) }

    /// The value and a pullback running the reverse rule (or the one derived from the
    /// forward rule) on a batch of cotangents.
    @inlinable
    public static func applyingWithPullback<R: TensorRule>(_ rule: R, to arguments: [Tensor]) -> (value: Tensor, pullback: (Tensor) -> [Tensor]) {
        let value = rule(arguments)
        return (
            value,
            { g in
                rule.reverseCotangents(at: arguments, value: value, cotangents: g)
                    ?? arguments.map { Tensor(repeating: .nan, shape: [g.shape[0]] + $0.shape) }
            }
        )
    }
}

// MARK: Forward

extension DualTensor {
    /// The value, and tangents from the forward rule (or the one derived from the reverse
    /// rule) on all k directions at once; an argument without tangents gets zeros.
    @inlinable
    public static func applying<R: TensorRule>(_ rule: R, to arguments: [DualTensor]) -> DualTensor {
        let x = arguments.map(\.value)
        let value = rule(x)
        guard let k = arguments.lazy.compactMap(\.directionCount).first else { return DualTensor(unchecked: value, nil) }
        let tangents = arguments.map { a in a.tangents.map { completed($0, to: a.shape) } ?? Tensor.zeros(shape: [k] + a.shape) }
        if let bad = tangents.first(where: { $0.shape[0] != k }) {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: rule.name, shapes: tangents.map(\.shape),
                    reason: "arguments carry \(k) and \(bad.shape[0]) directions")
            ) { DualTensor(unchecked: value, nil) }
        }
        let t =
            rule.forwardTangents(at: x, value: value, tangents: tangents, directions: k)
            ?? Tensor(repeating: .nan, shape: [k] + value.shape)
        return DualTensor(unchecked: value, t)
    }

    /// Forward over reverse: exact where no argument carries a tangent (the reverse rule
    /// is linear in the cotangent, so the cotangent's tangents go through it too), and for
    /// a ``DifferentiableTensorRule`` (its reverse rule run on the dual arrays); otherwise
    /// the derivative of the reverse rule would be needed, which a plain ``TensorRule``
    /// does not give: reported as ``DifferentiationError/missingRule(_:)``.
    @inlinable
    public static func applyingWithPullback<R: TensorRule>(_ rule: R, to arguments: [DualTensor]) -> (
        value: DualTensor, pullback: (DualTensor) -> [DualTensor]
    ) {
        let value = applying(rule, to: arguments)
        if let differentiable = rule as? any DifferentiableTensorRule {
            return (
                value,
                { g in
                    let parts = differentiable.pullback(at: arguments, value: value, cotangents: g)
                    guard parts.count == arguments.count, zip(parts, arguments).allSatisfy({ $0.shape == [g.shape[0]] + $1.shape }) else {
                        return ShapeMismatchSink.report(
                            ShapeMismatch(
                                operation: "\(rule.name).pullback", shapes: parts.map(\.shape),
                                reason: "expected one cotangent batch per input, of shape [\(g.shape[0])] + the input's")
                        ) {
                            arguments.map { DualTensor(unchecked: Tensor(repeating: .nan, shape: [g.shape[0]] + $0.shape), nil) }
                        }
                    }
                    return parts
                }
            )
        }
        let x = arguments.map(\.value)
        let constant = arguments.allSatisfy { $0.isConstant }
        return (
            value,
            { g in
                let k = g.shape[0]
                let nan = { arguments.map { DualTensor(unchecked: Tensor(repeating: .nan, shape: [k] + $0.shape), nil) } }
                guard constant else {
                    return ShapeMismatchSink.report(
                        DifferentiationError.missingRule(
                            "\(rule.name): second derivatives (forward over reverse) need the derivative of its reverse rule: write it generically (DifferentiableTensorRule)"
                        ),
                        placeholder: nan)
                }
                guard let parts = rule.reverseCotangents(at: x, value: value.value, cotangents: g.value) else { return nan() }
                guard let t = g.tangents, let d = g.directionCount else { return parts.map { DualTensor(unchecked: $0, nil) } }
                // The cotangent's d tangents, as d·k more cotangents through the same rule.
                guard let through = rule.reverseCotangents(at: x, value: value.value, cotangents: t.reshaped(to: [d * k] + value.shape)) else {
                    return nan()
                }
                return zip(parts, zip(through, arguments)).map { p, ta in
                    DualTensor(unchecked: p, ta.0.reshaped(to: [d, k] + ta.1.shape))
                }
            }
        )
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// One entry whose pullback runs the rule's reverse rule on the batch of cotangents.
    @inlinable
    public static func applying<R: TensorRule>(_ rule: R, to arguments: [TrackedTensor]) -> TrackedTensor {
        guard let tape = tape(ofAll: arguments) else {
            return TrackedTensor(constant: V.applying(rule, to: arguments.map(\.value)))
        }
        let (value, pullback) = V.applyingWithPullback(rule, to: arguments.map(\.value))
        let recorded = arguments.map(\.isRecorded)
        return tape.record(value, operation: rule.name, operands: arguments.map(\.entry)) { g in
            let parts = pullback(g)
            return parts.indices.map { recorded[$0] ? parts[$0] : nil }
        }
    }
}

// MARK: Scalar layer

extension ScalarTensor {
    /// Each output entry as `value + Σ_j J[e, j]·(x_j − x_j.primal)`, J the rule's
    /// Jacobian (from the reverse rule, else the forward one): first derivatives exact in
    /// every first-order scalar mode. A nested number type (second derivatives: a Hessian,
    /// a Hessian-vector product) is refused with ``DifferentiationError/missingRule(_:)``,
    /// since the rule gives no second derivatives and a linearization would report zero.
    /// - Complexity: one Jacobian of the rule; m·N scalar multiply-adds.
    public static func applying<R: TensorRule>(_ rule: R, to arguments: [ScalarTensor]) -> ScalarTensor {
        let x = arguments.map(\.primal)
        let value = rule(x)
        if Scalar.self == Double.self || Scalar.self == Float.self {
            return ScalarTensor(value)
        }
        if derivativeOrder(of: Scalar.self) > 1 { return refusingSecondOrder(rule.name, shape: value.shape) }
        let m = value.scalarCount, n = x.reduce(0) { $0 + $1.scalarCount }
        var jacobian: [Double] // m × n, row-major
        if let rows = rule.vjp(at: x, value: value, cotangents: rule.identityBatch(m, shape: value.shape)) {
            guard rows.count == x.count, zip(rows, x).allSatisfy({ $0.shape == [m] + $1.shape }) else {
                return ShapeMismatchSink.report(
                    ShapeMismatch(
                        operation: "\(rule.name).vjp", shapes: rows.map(\.shape),
                        reason: "expected one cotangent batch per input, of shape [\(m)] + the input's")
                ) { ScalarTensor(value) }
            }
            jacobian = []
            jacobian.reserveCapacity(m * n)
            for e in 0..<m {
                for r in rows {
                    let w = r.scalarCount / m
                    jacobian += r.scalars[(e * w)..<((e + 1) * w)]
                }
            }
        } else if let columns = rule.jacobianColumns(at: x, value: value, mode: "the scalar layer") {
            jacobian = [Double](repeating: 0, count: m * n) // columnsᵀ: columns is [n, m]
            for j in 0..<n { for e in 0..<m { jacobian[e * n + j] = columns.scalars[j * m + e] } }
        } else {
            return ScalarTensor(value)
        }
        let inputs = arguments.flatMap(\.elements)
        let shifts = inputs.map { $0 - Scalar($0.primal) }
        var out: [Scalar] = []
        out.reserveCapacity(m)
        for e in 0..<m {
            var sum = Scalar(value.scalars[e])
            for j in 0..<n where jacobian[e * n + j] != 0 { sum = sum + jacobian[e * n + j] * shifts[j] }
            out.append(sum)
        }
        return ScalarTensor(shape: value.shape, elements: out)
    }

    /// NaN entries, after reporting that `rule` has no second derivatives: to the array
    /// driver's sink inside an array driver, else to the scalar driver's.
    static func refusingSecondOrder(_ rule: String, shape: [Int]) -> ScalarTensor {
        let mode =
            "second derivatives on the scalar layer (\(Scalar.self)): a TensorRule gives first "
            + "derivatives only; differentiate twice at array level with a DifferentiableTensorRule"
        let nan = ScalarTensor(Tensor(repeating: .nan, shape: shape))
        if ShapeMismatchSink.current != nil {
            return ShapeMismatchSink.report(MissingRuleSink.error(rule: rule, mode: mode)) { nan }
        }
        _ = MissingRuleSink.report(rule: rule, mode: mode)
        return nan
    }
}
