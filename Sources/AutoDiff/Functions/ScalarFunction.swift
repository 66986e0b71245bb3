/// A function from R^n to R, written once and generic over ``ADScalar``, so that
/// every driver can run it on `Double`, ``Dual`` or ``Tracked`` values.
///
/// ```swift
/// struct Rosenbrock: ScalarFunction {
///     func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
///         var s = T(0)
///         for i in 0..<(x.count - 1) {
///             s += 100 * T.square(x[i + 1] - x[i] * x[i]) + T.square(1 - x[i])
///         }
///         return s
///     }
/// }
/// ```
public protocol ScalarFunction {
    /// Evaluates the function at `x`.
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T

    /// The number of inputs the function expects, if fixed; drivers throw
    /// ``DifferentiationError/inputCount(expected:got:)`` for another length.
    /// Defaults to nil (any length).
    var inputCount: Int? { get }
}

extension ScalarFunction {
    /// Any length is accepted.
    public var inputCount: Int? { nil }
}
