/// The deterministic generator of `shared/PROBLEMS.md`, identical in every language, so
/// that every benchmark problem's data and point are the same everywhere.
///
/// `next()` advances `state = state · 6364136223846793005 + 1442695040888963407 (mod 2^64)`
/// and returns `u = Double(state >> 11) / 2^53` in [0, 1). The `uniform(seed)` stream
/// starts with `state = seed` and yields `2u − 1` in [−1, 1), calling `next()` before
/// each value:
///
/// ```swift
/// var g = LCG(seed: 1)
/// g.nextUniform()   // -0.15358165825457348
/// ```
public struct LCG: Sendable {
    /// The current 64-bit state.
    public var state: UInt64

    /// A generator whose state is `seed` (no value drawn yet).
    public init(seed: UInt64) { state = seed }

    /// The multiplier of the recurrence.
    public static let multiplier: UInt64 = 6364136223846793005
    /// The increment of the recurrence.
    public static let increment: UInt64 = 1442695040888963407

    /// Advances the state and returns `u = Double(state >> 11) / 2^53` in [0, 1).
    /// - Complexity: O(1).
    @inlinable
    public mutating func next() -> Double {
        state = state &* LCG.multiplier &+ LCG.increment
        return Double(state >> 11) * 0x1p-53
    }

    /// Advances the state and returns `2u − 1` in [−1, 1): the next `uniform(seed)` value.
    /// - Complexity: O(1).
    @inlinable
    public mutating func nextUniform() -> Double { 2 * next() - 1 }

    /// The first `count` values of the `uniform(seed)` stream.
    /// - Complexity: O(count).
    public static func vector(seed: UInt64, count: Int) -> [Double] {
        var g = LCG(seed: seed)
        var v = [Double]()
        v.reserveCapacity(Swift.max(count, 0))
        for _ in 0..<Swift.max(count, 0) { v.append(g.nextUniform()) }
        return v
    }

    /// A `rows × columns` matrix, row-major, filled from the `uniform(seed)` stream and
    /// multiplied by `scale` (default `1/sqrt(columns)`, the fan-in of `W·x`).
    /// - Complexity: O(rows · columns).
    public static func matrix(seed: UInt64, rows: Int, columns: Int, scale: Double? = nil) -> [Double] {
        let s = scale ?? (columns > 0 ? 1 / Double(columns).squareRoot() : 1)
        var v = vector(seed: seed, count: rows * columns)
        for i in v.indices { v[i] *= s }
        return v
    }

    /// A `rows × columns` matrix, row-major, straight from the `uniform(seed)` stream
    /// (no scaling: data such as P4's X).
    /// - Complexity: O(rows · columns).
    public static func unscaledMatrix(seed: UInt64, rows: Int, columns: Int) -> [Double] {
        vector(seed: seed, count: rows * columns)
    }
}
