// `adbench problems` rows for parallelism: the large dense Jacobians forward and reverse
// on one core and on two threads, the same bits either way.
import AutoDiff
import Foundation

/// Labels of the cores rows.
enum CoresLabel {
    /// A dense Jacobian in `mode` on `threads` threads.
    static func row(_ mode: DifferentiationMode, threads: Int) -> String {
        "jacobian \(mode), \(threads == 1 ? "1 core" : "\(threads) threads")"
    }
    /// The speed-up two threads should reach over one core.
    static let target = 1.6
}

/// Inputs and outputs from which `problems` also times a dense Jacobian on one core and
/// on two (P2 512 × 512 and P5 n = 1000).
let coresMinimumSize = 512

/// The dense Jacobian forward and reverse with `.serial` and with `.threads(2)` by
/// `jacobian` (mode, parallelism), for Jacobian problems with n, m ≥ `minimumSize` small
/// enough to time densely, on a machine with two or more cores.
/// - Throws: ``DifferentiationError`` from the checking calls.
func coresMeasurements(
    _ problem: any BenchmarkProblem, sink: BlackHole, minimumSize: Int = coresMinimumSize,
    jacobian: @escaping (DifferentiationMode, Parallelism) throws -> Matrix<Double>
) throws -> [ExtraMeasurement] {
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
            extras.append(
                ExtraMeasurement(
                    CoresLabel.row(mode, threads: threads), hand: "hand jacobian",
                    body: { sink.consume(try jacobian(mode, parallelism)) }
                ) { row in
                    row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
                })
        }
    }
    return extras
}

/// Two threads against one core, per problem with cores rows and per mode, against
/// ``CoresLabel/target``.
func coresNotes(_ rows: [MeasuredRow]) -> [String] {
    rows.problems.compactMap { problem in
        let group = rows.filter { $0.problem == problem }
        func seconds(_ label: String) -> Double? { group.first { $0.derivative == label }?.seconds }
        let speedups = [DifferentiationMode.forward, .reverse].compactMap { mode -> String? in
            guard let one = seconds(CoresLabel.row(mode, threads: 1)),
                let two = seconds(CoresLabel.row(mode, threads: 2))
            else { return nil }
            return "\(mode) \(formatRatio(one / two))\(one / two >= CoresLabel.target ? "" : " (below \(formatRatio(CoresLabel.target)))")"
        }
        guard !speedups.isEmpty else { return nil }
        return "\(problem): two threads vs one core (target: at least \(formatRatio(CoresLabel.target))): " + speedups.joined(separator: ", ")
    }
}
