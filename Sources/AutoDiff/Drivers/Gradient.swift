/// The value and gradient `∇f(x)` of an R^n → R function.
///
/// - Parameter f: the function.
/// - Parameter x: the point, one value per input.
/// - Parameter mode: `.reverse` (default): one recording and one sweep, cost a small
///   constant times one evaluation whatever n. `.forward`: ⌈n/8⌉ passes carrying up to
///   8 input directions each (``forwardJacobian(of:at:chunk:parallelism:)``), no tape.
///   `.auto`: the faster by the function's calibrated ``CostModel`` (`Double` inputs),
///   else forward only when n <= 1.
/// - Returns: `value = f(x)`, `gradient[j] = ∂f/∂x_j`.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`.
/// - Complexity: reverse O(ops) time and memory; forward O(n · ops) time, no tape.
@inlinable
public func valueWithGradient<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .reverse
) throws -> (value: Value, gradient: [Value]) {
    try validateInputs(count: x.count, declared: f.inputCount)
    return try MissingRuleSink.collecting { try valueWithGradientUnchecked(of: f, at: x, mode: mode) }
}

/// ``valueWithGradient(of:at:mode:)`` after its input check.
@inlinable
func valueWithGradientUnchecked<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode
) throws -> (value: Value, gradient: [Value]) {
    var resolved = mode.resolved(inputs: x.count, outputs: 1)
    if mode == .auto, !x.isEmpty, let double = DoubleFastPath<Value>() {
        resolved = try CostModel.calibrated(for: ScalarAsVectorFunction(f), at: double.cast(x)).choice
    }
    switch resolved {
    case .forward:
        if x.isEmpty { return (f(x), []) }
        let (value, jacobian) = try forwardJacobian(of: ScalarAsVectorFunction(f), at: x)
        return (value[0], jacobian.elements)
    default:
        let (value, pullback) = try valueWithPullback(of: f, at: x)
        return (value, pullback(1))
    }
}

/// The gradient `∇f(x)` of an R^n → R function: `gradient[j] = ∂f/∂x_j`.
/// See ``valueWithGradient(of:at:mode:)`` for modes and costs.
@inlinable
public func gradient<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .reverse
) throws -> [Value] {
    try valueWithGradient(of: f, at: x, mode: mode).gradient
}
