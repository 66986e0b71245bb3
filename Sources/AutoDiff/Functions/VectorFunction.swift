/// A function from R^n to R^m, written once and generic over ``ADScalar``.
///
/// ```swift
/// struct Polar: VectorFunction {
///     func callAsFunction<T: ADScalar>(_ p: [T]) -> [T] {
///         [p[0] * T.cos(p[1]), p[0] * T.sin(p[1])]
///     }
/// }
/// ```
/// It must return the same number of outputs on every call; drivers check.
public protocol VectorFunction {
    /// Evaluates the function at `x`.
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T]

    /// The number of inputs the function expects, if fixed (default nil: any).
    var inputCount: Int? { get }

    /// The number of outputs the function returns, if known in advance (default nil:
    /// taken from the first call).
    var outputCount: Int? { get }
}

extension VectorFunction {
    /// Any length is accepted.
    public var inputCount: Int? { nil }
    /// Taken from the first call.
    public var outputCount: Int? { nil }
}

/// A ``ScalarFunction`` seen as a ``VectorFunction`` with one output, so that
/// `jacobian`, `vjp` and friends accept it.
public struct ScalarAsVectorFunction<Base: ScalarFunction>: VectorFunction {
    /// The wrapped function.
    public let base: Base

    /// Wraps `base`.
    public init(_ base: Base) { self.base = base }

    /// `[base(x)]`.
    @inlinable public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [base(x)] }
    /// The wrapped function's input count.
    public var inputCount: Int? { base.inputCount }
    /// Always 1.
    public var outputCount: Int? { 1 }
}
