/// The one type test behind every `Double`-only fast path of the drivers (chunked
/// forward lanes, vector sweeps, colours as lanes, the calibrated cost model,
/// diagnostics).
///
/// The drivers are generic over `Value: ADScalar`, so that they also run on nested
/// types (`Dual<Double>`, `Tracked<Double>`) for higher derivatives; their fastest
/// paths exist for `Double` only. A driver asks once:
///
/// ```swift
/// if let double = DoubleFastPath<Value>() {
///     let result = try chunkedForwardJacobian(of: f, at: double.cast(x), chunk: lanes, parallelism: parallelism)
///     return double.cast(result)
/// }
/// ```
///
/// Where `Value` is `Double`, every type built from `Value` (`[Value]`, `Matrix<Value>`,
/// `Tape<Value>`, `[Tracked<Value>]`, a tuple of them) *is* the same type built from
/// `Double`, so ``cast(_:to:)`` only re-types a value: no copy, no conversion (an `as!`
/// between array types converts element by element, O(n)). Once the driver is
/// specialised the test is a constant and the other path is dead code: no cost per call.
@frozen @usableFromInline
struct DoubleFastPath<Value> {
    /// A witness that `Value` is `Double`, or nil.
    @inlinable @inline(__always)
    init?() {
        guard Value.self == Double.self else { return nil }
    }

    /// `value` re-typed as `Target`, which must be `Source` with `Double` in place of
    /// `Value` or the reverse, i.e. (since `Value` is `Double`) the same type. Debug builds
    /// check that; release builds compile it to nothing.
    /// - Complexity: O(1), no copy.
    @inlinable @inline(__always)
    func cast<Source, Target>(_ value: Source, to _: Target.Type = Target.self) -> Target {
        assert(Source.self == Target.self, "DoubleFastPath: \(Source.self) is not \(Target.self)")
        return unsafeBitCast(value, to: Target.self)
    }
}
