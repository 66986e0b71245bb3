// One measured record: a problem at one size (n, m) differentiated in one mode.

/// The measurement of one derivative at one size: times, work counts and its error.
/// This is the JSON record of `adbench sweep --format json` (schema in README).
public struct Cell: Codable, Sendable, Equatable {
    /// The problem's raw name (`chain`, `rosenbrock`, ...).
    public var problem: String
    /// Inputs.
    public var n: Int
    /// Outputs.
    public var m: Int
    /// P2's hidden width, `nil` for other problems.
    public var hidden: Int?
    /// `forward`, `reverse`, `auto`, or `hand` (the hand-coded derivative).
    public var mode: String
    /// For `auto`: the mode the driver picks (its calibrated cost model's choice); `nil` otherwise.
    public var picked: String?
    /// Median seconds per derivative.
    public var seconds: Double
    /// Fastest sample's seconds per derivative.
    public var minSeconds: Double
    /// Median seconds of the same generic function evaluated on plain `Double`.
    public var primalSeconds: Double
    /// `seconds / primalSeconds`.
    public var ratio: Double
    /// Evaluation passes (forward: ⌈n/k⌉ passes of k tangents; reverse: 1 recording).
    public var passes: Int
    /// Backward sweeps (reverse: ⌈m/k⌉ sweeps of k adjoints; forward: 0).
    public var sweeps: Int
    /// Entries of the recording (reverse), 0 for forward.
    public var tapeEntries: Int
    /// Bytes of the recording (reverse), 0 for forward.
    public var tapeBytes: Int
    /// Largest |entry − reference entry| against the hand-coded derivative.
    public var maxAbsError: Double
    /// The sum of all derivative entries (PROBLEMS.md's check value).
    public var check: Double
    /// Samples behind the median.
    public var samples: Int
    /// Whether `maxAbsError` exceeds the tolerance: a wrong result.
    public var wrong: Bool
    /// The seconds AutoDiff's calibrated cost model predicts for this mode (for `auto`:
    /// for the mode it picks); `nil` where the problem has no model.
    public var predictedSeconds: Double?

    /// A record with every field given.
    public init(problem: String, n: Int, m: Int, hidden: Int? = nil, mode: String, picked: String? = nil,
                seconds: Double, minSeconds: Double, primalSeconds: Double,
                passes: Int = 0, sweeps: Int = 0, tapeEntries: Int = 0, tapeBytes: Int = 0,
                maxAbsError: Double = 0, check: Double = 0, samples: Int = 1, wrong: Bool = false) {
        self.problem = problem
        self.n = n
        self.m = m
        self.hidden = hidden
        self.mode = mode
        self.picked = picked
        self.seconds = seconds
        self.minSeconds = minSeconds
        self.primalSeconds = primalSeconds
        self.ratio = primalSeconds > 0 ? seconds / primalSeconds : .infinity
        self.passes = passes
        self.sweeps = sweeps
        self.tapeEntries = tapeEntries
        self.tapeBytes = tapeBytes
        self.maxAbsError = maxAbsError
        self.check = check
        self.samples = samples
        self.wrong = wrong
    }
}

/// The tolerance under which a derivative agrees with its reference: `1e-8 × (1 + max |reference entry|)`.
/// Rounding differences between modes are ~1e-15 relative; a wrong rule is off by O(1).
/// - Complexity: O(1).
public func derivativeTolerance(referenceScale: Double) -> Double { 1e-8 * (1 + referenceScale) }

extension Array where Element == Cell {
    /// The distinct (n, m) pairs in first-seen order.
    /// - Complexity: O(count²) in the worst case (grids are small).
    public var sizes: [(n: Int, m: Int)] {
        var seen: [(n: Int, m: Int)] = []
        for cell in self where !seen.contains(where: { $0 == (cell.n, cell.m) }) { seen.append((cell.n, cell.m)) }
        return seen
    }

    /// The cell for (n, m, mode), if measured.
    public func cell(n: Int, m: Int, mode: String) -> Cell? {
        first { $0.n == n && $0.m == m && $0.mode == mode }
    }

    /// Whether any cell holds a wrong derivative.
    public var hasWrongResult: Bool { contains(where: \.wrong) }
}
