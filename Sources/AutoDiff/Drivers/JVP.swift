/// The Jacobian-vector product `J(x)·v` of an R^n → R^m function, with its value.
///
/// One forward pass on ``Dual`` values seeded with `direction`.
/// - Returns: `value = f(x)` (m entries) and `tangent = J(x)·direction` (m entries).
/// - Throws: ``DifferentiationError`` if `x` or `direction` has the wrong length, or
///   the output count differs from the declared one.
/// - Complexity: one evaluation on `Dual` (about 2–3 primal evaluations); no tape.
@inlinable
public func jvp<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], direction: [Value]
) throws -> (value: [Value], tangent: [Value]) {
    try validateInputs(count: x.count, declared: f.inputCount)
    guard direction.count == x.count else {
        throw DifferentiationError.directionCount(expected: x.count, got: direction.count)
    }
    if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(f, at: x) }
    let y = try MissingRuleSink.collecting { f(dualInputs(x, direction: direction)) }
    try validateOutputs(count: y.count, declared: f.outputCount)
    return (y.map(\.value), y.map(\.tangent))
}

/// The directional derivative `∇f(x)·v` of an R^n → R function, with its value.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or `direction`.
/// - Complexity: one evaluation on `Dual`; no tape.
@inlinable
public func jvp<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], direction: [Value]
) throws -> (value: Value, tangent: Value) {
    try validateInputs(count: x.count, declared: f.inputCount)
    guard direction.count == x.count else {
        throw DifferentiationError.directionCount(expected: x.count, got: direction.count)
    }
    if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(ScalarAsVectorFunction(f), at: x) }
    let y = try MissingRuleSink.collecting { f(dualInputs(x, direction: direction)) }
    return (y.value, y.tangent)
}
