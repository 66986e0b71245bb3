/// How a checkpointed gradient of a loop of N steps trades memory for time: which states
/// it keeps (snapshots) and which steps it evaluates again during the reverse sweep.
///
/// Every schedule records each step exactly once and sweeps it once; they differ in
/// how many plain (unrecorded) step evaluations they add to reach the state a
/// recording starts from, and in how much they keep at once:
///
/// | schedule | snapshots held | largest tape | plain step evaluations |
/// |---|---|---|---|
/// | `.storeAll` | 1 (the initial state) | all N steps | 0 |
/// | `.periodic(interval: k)` | ⌈N/k⌉ | k steps | k·⌊(N−1)/k⌋ (one forward pass) |
/// | `.binomial(snapshots: c)` | min(c, N) | one step | Griewank's minimum, r·N − C(c+r, r−1) |
///
/// For `.binomial`, r is the repetition number: the smallest r with N ≤ C(c+r, c). Each
/// step is then evaluated at most r times plainly, and no schedule with c snapshots and
/// one-step recordings does fewer evaluations (Griewank 1992; Griewank & Walther,
/// "Algorithm 799: revolve", 2000). With c ≥ N − 1 it is one forward pass (r = 1);
/// with c = 1 it is N(N−1)/2 (each state recomputed from the initial one).
public enum CheckpointSchedule: Sendable, Equatable, CustomStringConvertible {
    /// One tape of the whole loop: the plain reverse-mode gradient. Memory grows with N.
    case storeAll
    /// A plain forward pass keeping every k-th state, then each segment of k steps
    /// recorded from its snapshot and swept, last segment first. Memory: N/k states
    /// and a k-step tape, least near k ~ √N; time: one extra forward pass.
    case periodic(interval: Int)
    /// Binomial checkpointing (Griewank's revolve) with at most `snapshots` states kept
    /// at once, the initial one included: one step recorded at a time, states reached
    /// again from the nearest snapshot in the fewest plain step evaluations possible.
    case binomial(snapshots: Int)

    /// "store all", "periodic(every 100)", "binomial(20 snapshots)".
    public var description: String {
        switch self {
        case .storeAll: "store all"
        case .periodic(let k): "periodic(every \(k))"
        case .binomial(let c): "binomial(\(c) snapshots)"
        }
    }

    /// Throws unless the schedule's parameter is at least 1.
    /// - Throws: ``DifferentiationError/invalidSchedule(_:)``.
    public func validate() throws {
        switch self {
        case .storeAll: break
        case .periodic(let k) where k < 1:
            throw DifferentiationError.invalidSchedule("periodic checkpointing needs an interval of at least 1 step, got \(k)")
        case .binomial(let c) where c < 1:
            throw DifferentiationError.invalidSchedule("binomial checkpointing needs at least 1 snapshot, got \(c)")
        default: break
        }
    }

    /// The plain (unrecorded) step evaluations the schedule makes for a loop of `steps`
    /// steps: the work it adds to a full-tape gradient's.
    /// - Complexity: O(r) for `.binomial` (r, the repetition number, is small), else O(1).
    public func recomputations(steps: Int) -> Int {
        guard steps > 1 else { return 0 }
        switch self {
        case .storeAll: return 0
        case .periodic(let k): return Swift.max(k, 1) * ((steps - 1) / Swift.max(k, 1))
        case .binomial(let c): return Self.binomialRecomputations(steps: steps, snapshots: Swift.max(c, 1))
        }
    }

    /// The most states the schedule keeps at once (the initial one included):
    /// `.binomial` fills its c snapshots (min(c, N)), `.periodic(interval: k)` keeps ⌈N/k⌉.
    /// - Complexity: O(1).
    public func snapshots(steps: Int) -> Int {
        switch self {
        case .storeAll: return 1
        case .periodic(let k): return Swift.max(1, (steps + Swift.max(k, 1) - 1) / Swift.max(k, 1))
        case .binomial(let c): return Swift.max(1, Swift.min(c, steps))
        }
    }
}

// MARK: Griewank's formulas

extension CheckpointSchedule {
    /// β(c, r) = C(c + r, c): the most steps c snapshots reverse with each step evaluated
    /// at most r times plainly (0 for r < 0). Saturates at `Int.max`.
    /// - Complexity: O(min(c, r)).
    public static func binomialReach(snapshots c: Int, repetitions r: Int) -> Int {
        guard r >= 0, c >= 0 else { return 0 }
        // C(c + r, k) with k = min(c, r), built up as C(c + r − k + i, i), each step exact.
        let k = Swift.min(c, r), n = c + r
        var value = 1
        for i in stride(from: 1, through: k, by: 1) {
            let (product, overflow) = value.multipliedReportingOverflow(by: n - k + i)
            if overflow { return .max }
            value = product / i
        }
        return value
    }

    /// The repetition number r of `steps` steps with c snapshots: the smallest r with
    /// steps ≤ β(c, r) (0 for a single step).
    /// - Complexity: O(r · min(c, r)).
    public static func binomialRepetitions(steps: Int, snapshots c: Int) -> Int {
        var r = 0
        while binomialReach(snapshots: c, repetitions: r) < steps { r += 1 }
        return r
    }

    /// Griewank's bound: the fewest plain step evaluations that reverse `steps` steps
    /// with `c` snapshots, T = r·steps − β(c + 1, r − 1), r the repetition number.
    /// - Complexity: as ``binomialRepetitions(steps:snapshots:)``.
    public static func binomialRecomputations(steps: Int, snapshots c: Int) -> Int {
        guard steps > 1 else { return 0 }
        let r = binomialRepetitions(steps: steps, snapshots: c)
        return r * steps - binomialReach(snapshots: c + 1, repetitions: r - 1)
    }

    /// Where the binomial schedule takes its next snapshot: `l` steps remain to be
    /// reversed from a snapshot with `c` snapshots available (it included, c ≥ 2, l ≥ 2);
    /// returns j, the steps to advance before storing the state. Any j with
    /// j ≤ β(c, r−1) (the left part reversible with r − 1 repetitions and c snapshots)
    /// and l − j ≤ β(c−1, r) (the right part with r repetitions and one snapshot fewer),
    /// and the mirrored lower bounds, reaches Griewank's bound; this takes the largest.
    /// - Complexity: as ``binomialRepetitions(steps:snapshots:)``.
    @usableFromInline
    static func binomialAdvance(steps l: Int, snapshots c: Int) -> Int {
        let r = binomialRepetitions(steps: l, snapshots: c)
        let j = Swift.min(
            binomialReach(snapshots: c, repetitions: r - 1),
            l - binomialReach(snapshots: c - 1, repetitions: r - 1))
        return Swift.min(Swift.max(j, 1), l - 1)
    }
}
