import AutoDiff

/// One term of Rosenbrock's sum, `100 (b − a²)² + (1 − a)²`, as a sub-function of
/// (a, b) that reverse mode records as one entry (``LocalFunction``).
public struct RosenbrockLocalTerm: LocalFunction, Sendable {
    /// The term.
    public init() {}

    /// The term at (x[0], x[1]).
    @inlinable @inline(__always)
    public func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T {
        100 * T.square(x[1] - x[0] * x[0]) + T.square(1 - x[0])
    }
}

/// Rosenbrock's function with each term marked preaccumulated: on a tape one entry of
/// two partials per term (24 bytes) plus the sum's add, instead of about eight entries per
/// term; every other mode computes exactly ``RosenbrockFunction``.
public struct PreaccumulatedRosenbrock: ScalarFunction, Sendable {
    /// The input count (nil: any length ≥ 1).
    public let inputCount: Int?

    /// Rosenbrock on `n` inputs (nil: any length).
    public init(n: Int? = nil) { inputCount = n }

    /// f(x), one preaccumulated term per i.
    /// - Complexity: n − 1 terms; on a tape 2(n − 1) entries.
    @inlinable
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T.zero
        if x.count < 2 { return s }
        for i in 0..<(x.count - 1) { s += T.preaccumulated(RosenbrockLocalTerm(), x[i], x[i + 1]) }
        return s
    }
}
