// `adbench problems` rows for record once, replay many: the derivative replayed from one
// recording (`RecordedFunction`, no re-run of the user's code) next to recording afresh.
import AutoDiff

/// Labels of the replayed rows.
enum ReplayLabel {
    /// A gradient problem's replayed row.
    static let gradient = "gradient replayed (RecordedFunction)"
    /// A Jacobian problem's replayed row (reverse: the recording is swept ⌈m/8⌉ times).
    static let jacobian = "jacobian reverse replayed (RecordedFunction)"
}

/// The replayed derivative of `problem`: `record` makes one recording at the problem's
/// point outside the timing; the timed calls alternate between the point and a point 1e-7
/// away, so every call replays (a recording asked again at its own point only sweeps).
/// Checked like the standard rows, at the problem's point, against the hand-coded
/// derivative and PROBLEMS.md. None for a derivative too large to time densely.
/// - Throws: ``DifferentiationError`` from the recording or the checking call.
func replayMeasurement(
    _ problem: any BenchmarkProblem, sink: BlackHole,
    record: ([Double]) throws -> RecordedFunction
) throws -> [ExtraMeasurement] {
    guard problem.denseEntries <= maximumDenseEntries else { return [] }
    let x = problem.point
    let recorded = try record(x)
    let isGradient = problem.derivativeKind == .gradient
    let replay: ([Double]) throws -> DerivativeResult =
        isGradient
        ? { DerivativeResult(vector: try recorded.gradient(at: $0)) }
        : { DerivativeResult(try recorded.jacobian(at: $0)) }
    let nearby = x.map { $0 + 1e-7 }
    _ = try replay(nearby) // moved away first, so the check below is a replay too
    let computed = try replay(x)
    let hand = problem.handDerivative(at: x)
    var atNearby = true
    let work = DerivativeWork.jacobian(.reverse, inputs: problem.inputCount, outputs: problem.outputCount)
    let size = TapeSize(entries: recorded.entryCount, bytes: recorded.byteCount)
    return [
        ExtraMeasurement(
            isGradient ? ReplayLabel.gradient : ReplayLabel.jacobian,
            hand: isGradient ? "hand gradient" : "hand jacobian",
            body: {
                sink.consume(try replay(atNearby ? nearby : x))
                atNearby.toggle()
            }
        ) { row in
            row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
            row.setTape(size, sweeps: work.sweeps)
            if recorded.recordings > 1 { row.wrong = true } // a branch flipped: it re-recorded
        }
    ]
}

/// Replaying against recording afresh, per problem with a replayed row: the target is
/// a replay faster than a fresh recording and its sweeps.
func replayNotes(_ rows: [MeasuredRow]) -> [String] {
    rows.problems.compactMap { problem in
        let group = rows.filter { $0.problem == problem }
        func seconds(_ label: String) -> Double? { group.first { $0.derivative == label }?.seconds }
        guard let replayed = seconds(ReplayLabel.gradient) ?? seconds(ReplayLabel.jacobian),
            let fresh = seconds("gradient reverse") ?? seconds("jacobian reverse")
        else { return nil }
        return "\(problem): replayed \(formatSeconds(replayed)) vs recording afresh \(formatSeconds(fresh)), "
            + "\(formatRatio(fresh / replayed)) faster (target: faster): \(replayed < fresh ? "met" : "NOT met")"
    }
}
