// Timed bodies of `adbench problems` beyond a problem's standard derivatives (P3's
// Hessian-vector products by the library's drivers, P5's sparse Jacobians, the dense
// Hessian's cost): each carries its own check, computed once outside the timing, and
// names the row whose time its "x hand" ratio divides by.

/// One extra timed body of `problems`, with the check fields of its row.
struct ExtraMeasurement {
    /// The row label ("hvp forward over reverse", "sparse forward, plan reused (3 colours)").
    var label: String
    /// The timed call; consumes its result in the sampler's sink.
    var body: () throws -> Void
    /// The label of the row whose median is this row's "x hand" denominator (nil: none).
    var hand: String?
    /// Fills the row's check value, reference, maximum error, wrong flag and work counts
    /// (computed from one untimed call when the measurement was made).
    var fill: (inout ProblemRow) -> Void

    /// An extra body whose row `fill` completes.
    init(_ label: String, hand: String? = nil, body: @escaping () throws -> Void,
         fill: @escaping (inout ProblemRow) -> Void = { _ in }) {
        self.label = label
        self.hand = hand
        self.body = body
        self.fill = fill
    }
}

extension ProblemRow {
    /// Sets the check of a derivative row: its check value and reference, its largest
    /// difference from the hand-coded result, and WRONG when that exceeds `tolerance` or
    /// the check value misses the reference (PROBLEMS.md's 12 digits).
    mutating func setCheck(_ check: Double, reference: Double?, maxAbsError: Double, tolerance: Double) {
        self.check = check
        self.reference = reference
        self.maxAbsError = maxAbsError
        wrong = !(maxAbsError <= tolerance) || (reference.map { !agreesWithReference(check, $0) } ?? false)
    }

    /// Sets the recording's size and the cost per entry visited (`sweeps` sweeps after one recording).
    mutating func setTape(_ size: TapeSize, sweeps: Int?) {
        let entries = size.entries
        tapeEntries = entries
        bytesPerEntry = entries == 0 ? nil : Double(size.bytes) / Double(entries)
        if let sweeps, entries > 0 { nsPerOperation = seconds * 1e9 / Double(entries * Swift.max(sweeps, 1)) }
    }
}

/// The rows of `extras`, timed as `samples` in the same interleaving as the rows
/// `earlier` (label → median seconds) whose medians their ratios may divide by.
/// - Complexity: O(extras × earlier rows).
func extraRows(problem: String, _ extras: [ExtraMeasurement], samples: ArraySlice<Sample>, primal: Double,
               earlier: [(label: String, seconds: Double)]) -> [ProblemRow] {
    let all = earlier + zip(extras, samples).map { ($0.label, $1.median) }
    return zip(extras, samples).map { extra, sample in
        var row = ProblemRow(problem: problem, derivative: extra.label, seconds: sample.median, minSeconds: sample.min,
                             ratioToPrimal: sample.median / primal, wrong: false)
        if let hand = extra.hand, let denominator = all.first(where: { $0.label == hand })?.seconds {
            row.ratioToHand = sample.median / denominator
        }
        extra.fill(&row)
        return row
    }
}

/// Times `bodies` interleaved, the first being the primal every ratio divides by, and
/// makes their rows.
/// - Throws: whatever a body throws.
/// - Complexity: about `bodies.count × minTime` seconds.
func measureExtras(problem: String, _ bodies: [ExtraMeasurement], sampler: Sampler) throws -> [ProblemRow] {
    let samples = try sampler.measure(interleaving: bodies.map(\.body))
    return extraRows(problem: problem, bodies, samples: samples[...], primal: samples[0].median, earlier: [])
}

/// The extra bodies `problems` times for `problem`: P1's forward-mode J·v, P3's and
/// P4's library Hessian-vector products, P5's sparse Jacobians, the replayed gradient or Jacobian
/// (P1, P2, P4) and the dense Jacobians on one core and two (n, m ≥ 512).
/// - Throws: a driver's ``DifferentiationError`` from the untimed checking call.
func extraMeasurements(for problem: any BenchmarkProblem, sink: BlackHole) throws -> [ExtraMeasurement] {
    let own: [ExtraMeasurement] = switch problem {
    case let p as P3HessianVector: try hvpMeasurements(p, sink: sink)
    case let p as P5Tridiagonal: try sparseJacobianMeasurements(p, sink: sink)
    case let p as P4MLP: try mlpHVPMeasurements(p, sink: sink)
    case let p as P1Rosenbrock: try jvpMeasurement(p, sink: sink)
    default: []
    }
    let denseEntries = problem.derivativeKind == .jacobian ? problem.inputCount * problem.outputCount : problem.inputCount
    guard problem.derivativeKind != .hessianVector, denseEntries <= maximumDenseEntries else { return own }
    let hand = problem.handDerivative(at: problem.point)
    return own + (try replayMeasurement(problem, hand: hand, sink: sink))
        + (try coresMeasurements(problem, hand: hand, sink: sink))
}
