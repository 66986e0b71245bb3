// Timed bodies of `adbench problems` beyond a problem's standard derivatives (each
// problem lists its own: P1's J·v, P3's and P4's Hessian-vector products, P5's sparse
// Jacobians, replays, the dense Jacobian on one core and two, the dense Hessian's cost):
// each carries its own check, computed once outside the timing, and names the row whose
// time its "x hand" ratio divides by.

/// One extra timed body of `adbench problems`, with the check fields of its row.
public struct ExtraMeasurement {
    /// The row label ("hvp forward over reverse", "sparse forward, plan reused (3 colours)").
    var label: String
    /// The timed call; consumes its result in the sampler's sink.
    var body: () throws -> Void
    /// The label of the row whose median is this row's "x hand" denominator (nil: none).
    var hand: String?
    /// Fills the row's check, tape and work fields (computed from one untimed call when
    /// the measurement was made).
    var fill: (inout MeasuredRow) -> Void

    /// An extra body whose row `fill` completes.
    init(
        _ label: String, hand: String? = nil, body: @escaping () throws -> Void,
        fill: @escaping (inout MeasuredRow) -> Void = { _ in }
    ) {
        self.label = label
        self.hand = hand
        self.body = body
        self.fill = fill
    }
}

/// The rows of `extras`, timed as `samples` in the same interleaving as the rows
/// `earlier` (label → median seconds) whose medians their ratios may divide by.
/// - Parameter problem: the rows' problem name and size.
/// - Complexity: O(extras × earlier rows).
func extraRows(
    problem: (name: String, n: Int, m: Int), _ extras: [ExtraMeasurement], samples: ArraySlice<Sample>,
    primal: Double, earlier: [(label: String, seconds: Double)]
) -> [MeasuredRow] {
    let all = earlier + zip(extras, samples).map { ($0.label, $1.median) }
    return zip(extras, samples).map { extra, sample in
        var row = MeasuredRow(
            problem: problem.name, n: problem.n, m: problem.m, derivative: extra.label,
            seconds: sample.median, minSeconds: sample.min, primalSeconds: primal, samples: sample.samples)
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
func measureExtras(problem: (name: String, n: Int, m: Int), _ bodies: [ExtraMeasurement], sampler: Sampler) throws -> [MeasuredRow] {
    let samples = try sampler.measure(interleaving: bodies.map(\.body))
    return extraRows(problem: problem, bodies, samples: samples[...], primal: samples[0].median, earlier: [])
}
