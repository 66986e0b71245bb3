// The deterministic generator of shared/PROBLEMS.md, so every "random" number in the
// tests is reproducible (fixed seeds, no system randomness).

/// PROBLEMS.md's LCG: `state = state · 6364136223846793005 + 1442695040888963407 (mod 2^64)`,
/// advanced before each value.
struct TestLCG {
    private(set) var state: UInt64

    /// A generator started at `seed`.
    init(seed: UInt64) { state = seed }

    /// The next raw state.
    mutating func next() -> UInt64 {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return state
    }

    /// A value in [0, 1): the top 53 bits of the next state.
    mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// A value in [−1, 1).
    mutating func uniform() -> Double { 2 * unit() - 1 }

    /// The next `count` values in [−1, 1).
    mutating func vector(_ count: Int) -> [Double] { (0..<count).map { _ in uniform() } }

    /// A value in 0..<k (k >= 1), from the top bits of the next state.
    mutating func below(_ k: Int) -> Int { Int((next() >> 11) % UInt64(k)) }

    /// `count` values of the uniform(seed) stream of PROBLEMS.md.
    static func uniform(seed: UInt64, count: Int) -> [Double] {
        var g = TestLCG(seed: seed)
        return (0..<count).map { _ in g.uniform() }
    }

    /// A `rows × columns` matrix (row-major rows) from uniform(seed), each entry scaled.
    static func matrix(seed: UInt64, rows: Int, columns: Int, scale: Double = 1) -> [[Double]] {
        var g = TestLCG(seed: seed)
        return (0..<rows).map { _ in (0..<columns).map { _ in scale * g.uniform() } }
    }
}
