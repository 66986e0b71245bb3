// A fuzz campaign: many seeded programs checked, mismatches shrunk and printed, and the
// counts `adbench fuzz` reports.
import Foundation
//
// Tolerances (FuzzTolerance), and why:
// - Between AD routes, 1e-11 relative to max(1, |entry|): every route multiplies the same
//   local partials along the same paths and differs only in the order of sums and
//   products; values are kept within ±100 and operands away from poles, so that order
//   moves a result by a few ulps times the path count. Measured worst over 10^5 programs
//   (seed 1): 2.0e-13, so the tolerance leaves 50× headroom and still sits ~10^8 below
//   the size of any wrong rule. The summary prints the worst seen ("worst relative
//   difference") so a campaign shows how close it came.
// - Against central differences, 1e-6: the step h = cbrt(ε)·max(1, |x_j|) leaves an
//   error of about h²|f'''|/6 + ε|f|/h, ~1e-10 for tame programs, far more for steep
//   ones. A program whose FD(h) and FD(2h) differ by more than 1e-7 (a direct estimate of
//   that error: the truncation term grows 4× from h to 2h) is skipped and counted, so
//   every compared entry's FD error is at least 10× below the tolerance; a wrong rule
//   (an error of order |∂|) is far above it. Measured over 10^5 programs (seed 1): worst
//   3.3e-8, 0.7% of draws skipped as ill-conditioned, 0.002% for a branch switch.

/// What a campaign did.
public struct FuzzCampaignReport: Sendable {
    /// Programs checked (each agreed or mismatched; skipped draws are replaced).
    public var programs = 0
    /// ADScalar operations in the checked programs (instructions, summed).
    public var operations = 0
    /// Programs where some route disagreed.
    public var mismatches = 0
    /// Draws skipped (and redrawn), by reason.
    public var skippedByReason: [FuzzSkipReason: Int] = [:]
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// The largest differences seen among agreeing programs (how far below the
    /// tolerances the campaign stayed).
    public var differences = FuzzDifferences()
    /// The first mismatches, shrunk (at most the campaign's `keepFailures`).
    public var failures: [FuzzFailure<FuzzProgram>] = []

    /// Draws skipped, all reasons.
    public var skipped: Int { skippedByReason.values.reduce(0, +) }

    /// One line: programs, operations, mismatches, skipped (by reason), seconds.
    public var summary: String {
        let reasons = FuzzSkipReason.allCases.map { "\($0.rawValue) \(skippedByReason[$0, default: 0])" }
        return "programs \(programs), operations \(operations), mismatches \(mismatches), "
            + "skipped \(skipped) (\(reasons.joined(separator: ", "))), \(formatSeconds(seconds)); "
            + "worst relative difference: between AD routes \(formatError(differences.modes)), "
            + "AD vs central differences \(formatError(differences.finiteDifference))"
    }
}

/// Runs `count` programs drawn from `seed`, checking each with ``checkFuzzProgram(_:tolerance:valueLimit:)``.
///
/// Program k is drawn from ``FuzzGenerator/programSeed(campaign:index:attempt:)``; a skipped
/// draw is counted and redrawn (attempt + 1, at most 32 times). The first `keepFailures`
/// mismatches are shrunk with ``shrinkFuzzProgram(_:budget:stillFails:)``.
/// - Parameter fault: a deliberately wrong reverse rule (tests of the checker only).
/// - Complexity: O(count · (n + 10) · operations) evaluations, plus shrinking.
public func runFuzzCampaign(
    count: Int, seed: UInt64, configuration: FuzzConfiguration = FuzzConfiguration(),
    tolerance: FuzzTolerance = FuzzTolerance(), fault: FuzzFault? = nil, keepFailures: Int = 3
) -> FuzzCampaignReport {
    let start = MonotonicClock.nanoseconds()
    var report = FuzzCampaignReport()
    for index in 0..<Swift.max(count, 0) {
        for attempt in 0..<32 {
            let programSeed = FuzzGenerator.programSeed(campaign: seed, index: index, attempt: attempt)
            var generator = FuzzGenerator(seed: programSeed)
            var program = generator.program(configuration)
            program.fault = fault
            var differences = FuzzDifferences()
            let verdict = checkFuzzProgram(
                program, tolerance: tolerance, valueLimit: configuration.valueLimit,
                differences: &differences)
            if case .skipped(let reason) = verdict {
                report.skippedByReason[reason, default: 0] += 1
                continue
            }
            report.programs += 1
            report.operations += program.operationCount
            if verdict == .agree { report.differences.formMaximum(differences) }
            if case .mismatch(let message) = verdict {
                report.mismatches += 1
                if report.failures.count < keepFailures {
                    let check = { (p: FuzzProgram) in
                        checkFuzzProgram(p, tolerance: tolerance, valueLimit: configuration.valueLimit)
                    }
                    report.failures.append(
                        FuzzFailure(
                            index: index, seed: programSeed, message: message, program: program,
                            shrink: { shrinkFuzzProgram($0, stillFails: $1) }, check: { check($0).mismatchMessage }))
                }
            }
            break
        }
    }
    report.seconds = MonotonicClock.seconds(since: start)
    return report
}

/// `adbench fuzz --count N --seed S`: runs a campaign and renders its report.
///
/// - Returns: the text to print (the summary line, then each shrunk failure as Swift
///   source) and the exit status: 0 when nothing mismatched, 1 otherwise, 2 for a
///   negative count.
/// - Complexity: that of ``runFuzzCampaign(count:seed:configuration:tolerance:fault:keepFailures:)``
///   (release: roughly 10^4 programs per second of small programs on one core).
public func runFuzzCommand(
    count: Int, seed: UInt64,
    configuration: FuzzConfiguration = FuzzConfiguration()
) -> (report: String, exitCode: Int32) {
    guard count >= 0 else { return ("error: --count must be at least 0, got \(count)", 2) }
    let report = runFuzzCampaign(count: count, seed: seed, configuration: configuration)
    var lines = [
        "fuzz: forward = reverse = central differences over random programs (seed \(seed), "
            + "n in \(configuration.inputs), m in \(configuration.outputs), "
            + "\(configuration.instructions) operations each; \(BuildConfiguration.name) build)",
        report.summary
    ]
    for failure in report.failures { lines += failure.reportLines }
    return (lines.joined(separator: "\n"), report.mismatches == 0 ? 0 : 1)
}
