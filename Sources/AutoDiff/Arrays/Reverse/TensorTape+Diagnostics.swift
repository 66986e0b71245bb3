// Diagnostics of array recordings: inside `withDiagnostics`, the first operation that
// produced a non-finite value from finite operands, local derivatives that are infinite
// or NaN at finite operands, and the points where a derivative is a convention (relu or
// abs at 0, ties in max and min). The same report as the scalar layer's.

extension TensorTape {
    /// Notes a non-finite value of the entry just recorded if every recorded operand was
    /// finite (so the report names where a NaN or infinity starts, not where it spreads).
    @usableFromInline
    func diagnoseValue(_ value: Tensor, operation: String, operands: [Int]) {
        let finite = value.scalars.allSatisfy(\.isFinite)
        isFinite.append(finite)
        guard !finite, operands.allSatisfy({ $0 < 0 || isFinite[$0] }),
            let at = value.scalars.firstIndex(where: { !$0.isFinite })
        else { return }
        findings.append(
            Diagnostic(
                kind: .nonFiniteValue, operation: nil, entry: entries.count - 1,
                message: "array \(operation) gave \(value.scalars[at]) at entry \(at) of its \(value.shape) result from finite operands"))
    }

    /// Notes a local derivative that is not finite where the operand is.
    @usableFromInline
    func diagnoseDerivative(_ derivative: Tensor, operand: Tensor, operation: String) {
        guard operand.scalarCount == derivative.scalarCount,
            let at = derivative.scalars.indices.first(where: { !derivative.scalars[$0].isFinite && operand.scalars[$0].isFinite })
        else { return }
        findings.append(
            Diagnostic(
                kind: .nonFiniteDerivative, operation: nil, entry: entries.count,
                message: "the derivative of array \(operation) at \(operand.scalars[at]) (entry \(at)) is \(derivative.scalars[at])"))
    }

    /// Notes that `count` entries sit where the derivative is a convention.
    @usableFromInline
    func diagnoseKinks(_ count: Int, operation: String, what: String) {
        guard count > 0 else { return }
        findings.append(
            Diagnostic(
                kind: .nonDifferentiablePoint, operation: nil, entry: entries.count,
                message: "array \(operation): \(count) \(count == 1 ? "entry" : "entries") \(what)"))
    }

    /// Hands the findings to the active `withDiagnostics` scope.
    @usableFromInline
    func reportDiagnostics() throws {
        guard isDiagnosing, let collector = DiagnosticsCollector.current else { return }
        try collector.add(Diagnostics(items: findings))
    }
}

extension ElementwiseOperation {
    /// The number of entries of `x` where this function's derivative is a convention
    /// (relu and abs at 0).
    @usableFromInline
    func kinks(in x: Tensor) -> Int {
        switch self {
        case .relu, .abs: x.scalars.reduce(0) { $0 + ($1 == 0 ? 1 : 0) }
        default: 0
        }
    }
}
