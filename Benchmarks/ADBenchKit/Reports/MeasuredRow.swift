// One measured row, the record of every command that times derivatives (sweep, problems,
// compare): what was computed, how long it took, the work it did and its check.

/// One timed body: a problem at one size computed one way (a derivative in some mode,
/// the hand-coded derivative or a primal), with its times, its work and its check against
/// the reference. `adbench sweep` makes one per (n, m, mode), `adbench problems` and
/// `compare` one per line of their table; `--format json` writes them (schema in README).
public struct MeasuredRow: Codable, Sendable, Equatable {
    /// The problem at its size: "P2 chain n=8 m=8 h=64" (rows of one size share it).
    public var problem: String
    /// Inputs.
    public var n: Int
    /// Outputs (a gradient's 1, a Hessian-vector product's n).
    public var m: Int
    /// What was computed: "primal", "jacobian reverse", "hvp forward over reverse", ...;
    /// in a sweep the mode's name.
    public var derivative: String
    /// `forward`, `reverse`, `auto` or `hand` where the row is a problem's standard
    /// derivative in that mode (sweep cells, the first rows of a problem); nil otherwise.
    public var mode: String?
    /// For `auto`: what the driver picks ("forward", "reverse", "sparse forward, 3 colours").
    public var picked: String?
    /// Median seconds per call.
    public var seconds: Double
    /// Fastest sample's seconds per call.
    public var minSeconds: Double
    /// Median seconds of the plain-`Double` primal timed in the same interleaving.
    public var primalSeconds: Double
    /// `seconds / primalSeconds`.
    public var ratioToPrimal: Double
    /// `seconds` / the hand-coded derivative's median, where one was timed alongside.
    public var ratioToHand: Double?
    /// Samples behind the median.
    public var samples: Int
    /// Evaluation passes the driver makes (forward: ⌈n/k⌉ chunked passes; reverse: the
    /// recording), as AutoDiff's ``DerivativeWork`` counts them; nil where not a driver call.
    public var passes: Int?
    /// Backward sweeps the driver makes (⌈m/k⌉ chunked sweeps; 0 in forward mode).
    public var sweeps: Int?
    /// The seconds AutoDiff's calibrated cost model predicts (for `auto`: of what it picks).
    public var predictedSeconds: Double?
    /// Entries of the recording the derivative sweeps (nil where nothing is recorded).
    public var tapeEntries: Int?
    /// Bytes of that recording.
    public var tapeBytes: Int?
    /// Nanoseconds per entry visited: time / (entries × sweeps) (record only: / entries).
    public var nsPerOperation: Double?
    /// The check value computed: the sum of the derivative's entries (primal rows: f).
    public var check: Double?
    /// PROBLEMS.md's check value, where it lists one.
    public var reference: Double?
    /// Largest |entry − reference entry| against the independent reference (hand-coded).
    public var maxAbsError: Double?
    /// Whether the check failed: printed WRONG, exit status 1.
    public var wrong = false

    /// A row of the given times; the check, work and tape fields start empty.
    public init(
        problem: String, n: Int, m: Int, derivative: String, mode: String? = nil,
        seconds: Double, minSeconds: Double, primalSeconds: Double, samples: Int = 1
    ) {
        self.problem = problem
        self.n = n
        self.m = m
        self.derivative = derivative
        self.mode = mode
        self.seconds = seconds
        self.minSeconds = minSeconds
        self.primalSeconds = primalSeconds
        self.ratioToPrimal = primalSeconds > 0 ? seconds / primalSeconds : .infinity
        self.samples = samples
    }

    /// Bytes per recorded entry (nil without a recording).
    public var bytesPerEntry: Double? {
        guard let tapeEntries, let tapeBytes, tapeEntries > 0 else { return nil }
        return Double(tapeBytes) / Double(tapeEntries)
    }

    /// The one correctness rule of adbench: a row is WRONG when its largest difference
    /// from the reference derivative exceeds `tolerance` (or is NaN), or when its check
    /// value misses PROBLEMS.md's (printed to 12 significant digits). A primal row has no
    /// `maxAbsError`: only its value is compared.
    public mutating func setCheck(_ check: Double, reference: Double?, maxAbsError: Double? = nil, tolerance: Double = 0) {
        self.check = check
        self.reference = reference
        self.maxAbsError = maxAbsError
        wrong =
            (maxAbsError.map { !($0 <= tolerance) } ?? false)
            || (reference.map { !agreesWithReference(check, $0) } ?? false)
    }

    /// ``setCheck(_:reference:maxAbsError:tolerance:)`` for a computed derivative against
    /// the hand-coded one, at ``derivativeTolerance(for:)`` of it.
    /// - Complexity: O(entries).
    public mutating func setCheck(_ computed: DerivativeResult, against hand: DerivativeResult, reference: Double?) {
        setCheck(
            computed.sum, reference: reference, maxAbsError: computed.maxAbsDifference(from: hand),
            tolerance: derivativeTolerance(for: hand))
    }

    /// Sets the recording's size and the cost per entry visited (`sweeps` sweeps after one
    /// recording; nil: the time is not recording and sweeps, no ns/op).
    public mutating func setTape(_ size: TapeSize, sweeps: Int?) {
        tapeEntries = size.entries
        tapeBytes = size.bytes
        if let sweeps, size.entries > 0 { nsPerOperation = seconds * 1e9 / Double(size.entries * Swift.max(sweeps, 1)) }
    }
}

/// The tolerance under which a derivative agrees with its reference: `1e-8 × (1 + max |reference entry|)`.
/// Rounding differences between modes are ~1e-15 relative; a wrong rule is off by O(1).
/// - Complexity: O(1).
public func derivativeTolerance(referenceScale: Double) -> Double { 1e-8 * (1 + referenceScale) }

/// ``derivativeTolerance(referenceScale:)`` of a reference derivative's largest entry.
/// - Complexity: O(entries).
public func derivativeTolerance(for reference: DerivativeResult) -> Double {
    derivativeTolerance(referenceScale: reference.largestMagnitude)
}

/// Whether a computed check sum agrees with PROBLEMS.md's value printed to 12 significant digits.
public func agreesWithReference(_ computed: Double, _ expected: Double) -> Bool {
    abs(computed - expected) <= 1e-9 * abs(expected) + 1e-12
}

extension Array where Element == MeasuredRow {
    /// The distinct (n, m) pairs in first-seen order.
    /// - Complexity: O(count²) in the worst case (grids are small).
    public var sizes: [(n: Int, m: Int)] {
        var seen: [(n: Int, m: Int)] = []
        for row in self where !seen.contains(where: { $0 == (row.n, row.m) }) { seen.append((row.n, row.m)) }
        return seen
    }

    /// The distinct problem names in first-seen order.
    /// - Complexity: O(count × problems).
    public var problems: [String] {
        reduce(into: [String]()) { if !$0.contains($1.problem) { $0.append($1.problem) } }
    }

    /// The sweep cell for (n, m, mode), if measured.
    public func cell(n: Int, m: Int, mode: String) -> MeasuredRow? {
        first { $0.n == n && $0.m == m && $0.mode == mode }
    }

    /// Whether any row holds a wrong result.
    public var hasWrongResult: Bool { contains(where: \.wrong) }
}
