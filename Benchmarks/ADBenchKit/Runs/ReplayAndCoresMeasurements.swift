// `adbench problems` rows for issue 5's replay and two-core targets: the derivative
// replayed from one recording (`RecordedFunction`, no re-run of the user's code) next to
// recording afresh, and the large dense Jacobians on one core and on two.
import AutoDiff
import Foundation

/// Labels of the replay and cores rows.
enum ReplayLabel {
    /// A gradient problem's replayed row.
    static let gradient = "gradient replayed (RecordedFunction)"
    /// A Jacobian problem's replayed row (reverse: the recording is swept ⌈m/8⌉ times).
    static let jacobian = "jacobian reverse replayed (RecordedFunction)"
    /// A dense Jacobian in `mode` on `threads` threads.
    static func cores(_ mode: DifferentiationMode, threads: Int) -> String {
        "jacobian \(mode), \(threads == 1 ? "1 core" : "\(threads) threads")"
    }
}

/// The replayed derivative of `problem`: `record` makes one recording at the problem's
/// point outside the timing; the timed calls alternate between the point and a point 1e-7
/// away, so every call replays (a recording asked again at its own point only sweeps).
/// Checked like the standard rows, at the problem's point, against the hand-coded
/// derivative and PROBLEMS.md. None for a derivative too large to time densely.
/// - Throws: ``DifferentiationError`` from the recording or the checking call.
func replayMeasurement(_ problem: any BenchmarkProblem, sink: BlackHole,
                       record: ([Double]) throws -> RecordedFunction) throws -> [ExtraMeasurement] {
    guard problem.denseEntries <= maximumDenseEntries else { return [] }
    let x = problem.point
    let recorded = try record(x)
    let isGradient = problem.derivativeKind == .gradient
    let replay: ([Double]) throws -> DerivativeResult = isGradient
        ? { DerivativeResult(vector: try recorded.gradient(at: $0)) }
        : { DerivativeResult(try recorded.jacobian(at: $0)) }
    let nearby = x.map { $0 + 1e-7 }
    _ = try replay(nearby)  // moved away first, so the check below is a replay too
    let computed = try replay(x)
    let hand = problem.handDerivative(at: x)
    var atNearby = true
    let work = DerivativeWork.jacobian(.reverse, inputs: problem.inputCount, outputs: problem.outputCount)
    let size = TapeSize(entries: recorded.entryCount, bytes: recorded.byteCount)
    return [ExtraMeasurement(isGradient ? ReplayLabel.gradient : ReplayLabel.jacobian,
                             hand: isGradient ? "hand gradient" : "hand jacobian",
                             body: {
                                 sink.consume(try replay(atNearby ? nearby : x))
                                 atNearby.toggle()
                             }) { row in
        row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
        row.setTape(size, sweeps: work.sweeps)
        if recorded.recordings > 1 { row.wrong = true }  // a branch flipped: it re-recorded
    }]
}

/// Inputs and outputs from which `problems` also times a dense Jacobian on one core and
/// on two (P2 512 × 512 and P5 n = 1000, the issue's two-core cells).
let coresMinimumSize = 512

/// The dense Jacobian forward and reverse with `.serial` and with `.threads(2)` by
/// `jacobian` (mode, parallelism), for Jacobian problems with n, m ≥ `minimumSize` small
/// enough to time densely, on a machine with two or more cores.
/// - Throws: ``DifferentiationError`` from the checking calls.
func coresMeasurements(_ problem: any BenchmarkProblem, sink: BlackHole, minimumSize: Int = coresMinimumSize,
                       jacobian: @escaping (DifferentiationMode, Parallelism) throws -> Matrix<Double>) throws -> [ExtraMeasurement] {
    guard problem.derivativeKind == .jacobian, problem.inputCount >= minimumSize,
          problem.outputCount >= minimumSize, problem.denseEntries <= maximumDenseEntries,
          ProcessInfo.processInfo.activeProcessorCount >= 2
    else { return [] }
    let hand = problem.handDerivative(at: problem.point)
    var extras: [ExtraMeasurement] = []
    for mode in [DifferentiationMode.forward, .reverse] {
        for threads in [1, 2] {
            let parallelism: Parallelism = threads == 1 ? .serial : .threads(threads)
            let computed = DerivativeResult(try jacobian(mode, parallelism))
            extras.append(ExtraMeasurement(ReplayLabel.cores(mode, threads: threads), hand: "hand jacobian",
                                           body: { sink.consume(try jacobian(mode, parallelism)) }) { row in
                row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
            })
        }
    }
    return extras
}

/// Issue 5's replay and two-core targets from the measured rows: replayed vs recorded
/// afresh per problem, and two threads vs one core per mode.
func replayAndCoresNotes(_ rows: [MeasuredRow]) -> [String] {
    var notes: [String] = []
    let problems = rows.reduce(into: [String]()) { if !$0.contains($1.problem) { $0.append($1.problem) } }
    for problem in problems {
        let group = rows.filter { $0.problem == problem }
        func seconds(_ label: String) -> Double? { group.first { $0.derivative == label }?.seconds }
        if let replayed = seconds(ReplayLabel.gradient) ?? seconds(ReplayLabel.jacobian),
           let fresh = seconds("gradient reverse") ?? seconds("jacobian reverse") {
            notes.append("\(problem) (issue 5 target): replayed \(formatSeconds(replayed)) vs recording afresh "
                + "\(formatSeconds(fresh)), \(formatRatio(fresh / replayed)) faster: \(replayed < fresh ? "met" : "NOT met")")
        }
        let speedups = [DifferentiationMode.forward, .reverse].compactMap { mode -> String? in
            guard let one = seconds(ReplayLabel.cores(mode, threads: 1)),
                  let two = seconds(ReplayLabel.cores(mode, threads: 2)) else { return nil }
            return "\(mode) \(formatRatio(one / two))\(one / two >= 1.6 ? "" : " (below 1.6x)")"
        }
        if !speedups.isEmpty {
            notes.append("\(problem) (issue 5 target, two cores vs one, at least 1.6x): " + speedups.joined(separator: ", "))
        }
    }
    return notes
}
