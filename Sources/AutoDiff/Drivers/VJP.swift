/// The value of an R^n → R^m function and its pullback `u ↦ uᵀ·J(x)`.
///
/// Records one evaluation on a ``Tape``; each call of `pullback` is one reverse sweep
/// over that recording (no re-evaluation), so m calls give the Jacobian row by row.
/// - Returns: `value = f(x)` and `pullback`, which throws
///   ``DifferentiationError/cotangentCount(expected:got:)`` for a cotangent of the wrong
///   length and returns n entries.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or output count, or a
///   recording past ``TapeBudget/maximumBytes``.
/// - Complexity: one recorded evaluation; each pullback O(tape entries); memory
///   `Tape.bytesPerBinaryEntry` per operation, held while `pullback` lives.
@inlinable
public func valueWithPullback<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value]
) throws -> (value: [Value], pullback: ([Value]) throws -> [Value]) {
    try MissingRuleSink.collecting {
        let (tape, outputs, inputEntries) = try recordForPullback(x, declaredInputs: f.inputCount) { f($0) }
        try validateOutputs(count: outputs.count, declared: f.outputCount)
        let pullback = { (cotangent: [Value]) throws -> [Value] in
            guard cotangent.count == outputs.count else {
                throw DifferentiationError.cotangentCount(expected: outputs.count, got: cotangent.count)
            }
            return tape.pullback(seeds: zip(outputs, cotangent).map { (output: $0.0, seed: $0.1) }, inputEntries: inputEntries)
        }
        return (outputs.map(\.value), pullback)
    }
}

/// The value of an R^n → R function and its pullback `s ↦ s·∇f(x)`.
/// - Complexity: one recorded evaluation; each pullback one sweep.
@inlinable
public func valueWithPullback<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value]
) throws -> (value: Value, pullback: (Value) -> [Value]) {
    try MissingRuleSink.collecting {
        let (tape, output, inputEntries) = try recordForPullback(x, declaredInputs: f.inputCount) { f($0) }
        let pullback = { (seed: Value) -> [Value] in
            tape.pullback(seeds: [(output, seed)], inputEntries: inputEntries)
        }
        return (output.value, pullback)
    }
}

/// The vector-Jacobian product `uᵀ·J(x)` of an R^n → R^m function, with its value.
///
/// - Returns: `value = f(x)` (m entries), `cotangent = uᵀ·J(x)` (n entries).
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or `cotangent`.
/// - Complexity: one recorded evaluation and one reverse sweep.
@inlinable
public func vjp<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], cotangent: [Value]
) throws -> (value: [Value], cotangent: [Value]) {
    let (value, pullback) = try valueWithPullback(of: f, at: x)
    return (value, try pullback(cotangent))
}

/// One recording for a pullback: `evaluate` on fresh variables at `x`, the tape, and the
/// variables' consecutive entries (what a pullback reads back).
/// - Throws: for a wrong-length `x`, a recording past the budget, or what the diagnostics find.
@inlinable
func recordForPullback<Value: ADScalar, Output>(
    _ x: [Value], declaredInputs: Int?, _ evaluate: ([Tracked<Value>]) -> Output
) throws -> (tape: Tape<Value>, output: Output, inputEntries: Range<Int>) {
    try validateInputs(count: x.count, declared: declaredInputs)
    let tape = Tape<Value>(reservingFromPrevious: 4 * x.count + 256)
    let inputs = tape.variables(x)
    let output = evaluate(inputs)
    try tape.checkBudget()
    if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(tape, at: x) }
    return (tape, output, tape.entries(of: inputs))
}
