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

/// The replayed derivative of `problem`: built from one recording made outside the timing;
/// the timed calls alternate between the problem's point and a point 1e-7 away, so every
/// call replays (a recording asked again at its own point only sweeps). Checked like the
/// standard rows, at the problem's point, against the hand-coded derivative and PROBLEMS.md.
/// - Throws: ``DifferentiationError`` from the recording or the checking call.
func replayMeasurement(_ problem: any BenchmarkProblem, hand: DerivativeResult, sink: BlackHole) throws -> [ExtraMeasurement] {
    let x = problem.point
    let recorded: RecordedFunction
    let replay: ([Double]) throws -> DerivativeResult
    let label: String
    switch problem {
    case let p as P1Rosenbrock:
        recorded = try RecordedFunction(p.function, at: x)
        replay = { DerivativeResult(vector: try recorded.gradient(at: $0)) }
        label = ReplayLabel.gradient
    case let p as P4MLP:
        recorded = try RecordedFunction(p.function, at: x)
        replay = { DerivativeResult(vector: try recorded.gradient(at: $0)) }
        label = ReplayLabel.gradient
    case let p as P2Chain:
        recorded = try RecordedFunction(p.function, at: x)
        replay = { DerivativeResult(try recorded.jacobian(at: $0)) }
        label = ReplayLabel.jacobian
    default:
        return []
    }
    let nearby = x.map { $0 + 1e-7 }
    _ = try replay(nearby)  // moved away first, so the check below is a replay too
    let computed = try replay(x)
    var atNearby = true
    let entries = recorded.entryCount
    let sweeps = problem.derivativeKind == .gradient ? 1 : (problem.outputCount + 7) / 8
    return [ExtraMeasurement(label, hand: problem.derivativeKind == .gradient ? "hand gradient" : "hand jacobian",
                             body: {
                                 sink.consume(try replay(atNearby ? nearby : x))
                                 atNearby.toggle()
                             }) { row in
        row.setCheck(computed.sum, reference: problem.reference?.derivativeSum,
                     maxAbsError: computed.maxAbsDifference(from: hand),
                     tolerance: derivativeTolerance(referenceScale: hand.entries.reduce(0) { max($0, abs($1)) }))
        row.setTape(TapeSize(entries: entries, bytes: recorded.byteCount), sweeps: sweeps)
        if recorded.recordings > 1 { row.wrong = true }  // a branch flipped: it re-recorded
    }]
}

/// Inputs and outputs from which `problems` also times a dense Jacobian on one core and
/// on two (P2 512 × 512 and P5 n = 1000, the issue's two-core cells).
let coresMinimumSize = 512

/// The dense Jacobian forward and reverse with `.serial` and with `.threads(2)`, for
/// Jacobian problems with n, m ≥ `minimumSize` on a machine with two or more cores.
/// - Throws: ``DifferentiationError`` from the checking calls.
func coresMeasurements(_ problem: any BenchmarkProblem, hand: DerivativeResult, sink: BlackHole,
                       minimumSize: Int = coresMinimumSize) throws -> [ExtraMeasurement] {
    guard problem.derivativeKind == .jacobian, problem.inputCount >= minimumSize,
          problem.outputCount >= minimumSize, ProcessInfo.processInfo.activeProcessorCount >= 2
    else { return [] }
    let x = problem.point
    let jacobianOf: (DifferentiationMode, Parallelism) throws -> Matrix<Double>
    switch problem {
    case let p as P2Chain: jacobianOf = { try jacobian(of: p.function, at: x, mode: $0, parallelism: $1) }
    case let p as P5Tridiagonal: jacobianOf = { try jacobian(of: p.function, at: x, mode: $0, parallelism: $1) }
    default: return []
    }
    let tolerance = derivativeTolerance(referenceScale: hand.entries.reduce(0) { max($0, abs($1)) })
    var extras: [ExtraMeasurement] = []
    for mode in [DifferentiationMode.forward, .reverse] {
        for threads in [1, 2] {
            let parallelism: Parallelism = threads == 1 ? .serial : .threads(threads)
            let computed = DerivativeResult(try jacobianOf(mode, parallelism))
            extras.append(ExtraMeasurement(ReplayLabel.cores(mode, threads: threads), hand: "hand jacobian",
                                           body: { sink.consume(try jacobianOf(mode, parallelism)) }) { row in
                row.setCheck(computed.sum, reference: problem.reference?.derivativeSum,
                             maxAbsError: computed.maxAbsDifference(from: hand), tolerance: tolerance)
            })
        }
    }
    return extras
}

/// Issue 5's replay and two-core targets from the measured rows: replayed vs recorded
/// afresh per problem, and two threads vs one core per mode.
func replayAndCoresNotes(_ rows: [ProblemRow]) -> [String] {
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
