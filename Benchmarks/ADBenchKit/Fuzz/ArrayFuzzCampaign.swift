// A campaign of fuzzed array programs: many seeded programs checked, mismatches shrunk
// and printed, and the counts `adbench fuzz --level array` reports.
//
// Tolerances (ArrayFuzzTolerance), and why:
// - Between the array layer's routes (forward, reverse, partial batches, jvp, vjp,
//   gradient) and against the scalar layer's Jacobian, 1e-12, normwise (relative to
//   max(1, largest |entry|)): every route multiplies the same local partials along the
//   same paths and differs only in the order of sums (a blocked matrix kernel against a
//   scalar loop, batched against single directions), whose rounding is relative to the
//   terms, not to an entry that may cancel. Values stay within ±100, operands away from
//   poles. Measured over 4 × 10^5 programs (seeds 2, 11, 12, 13): worst 5.7e-14 between
//   array routes, 1.0e-13 against the scalar layer; the tail falls ~10× per decade.
// - Between the array and scalar layers' HVPs, 1e-9 normwise: second derivatives pass
//   through more roundings, and terms such as f''(g)·g'² and f'(g)·g'' cancel (measured
//   worst 1.7e-11, pow(x, −2) fed into a map at x = −0.1). A wrong rule is off by O(1).
// - Against central differences, 1e-6 per entry, with FD(h) and FD(2h) required to agree
//   within 1e-7 (else the draw is skipped as ill-conditioned), as the scalar fuzz argues
//   in FuzzCampaign.swift. Measured worst 3.3e-8; 0.2% of draws skipped.
import AutoDiff

/// What an array campaign did.
public struct ArrayFuzzCampaignReport: Sendable {
    /// Programs checked (each agreed or mismatched; skipped draws are replaced).
    public var programs = 0
    /// Array operations in the checked programs.
    public var operations = 0
    /// Checked programs drawn at kinks and ties (compared with the scalar layer only).
    public var atKinks = 0
    /// Checked programs with one output entry (their gradient was compared too; every
    /// other program's HVP is that of Σ u ⊙ output).
    public var singleEntryOutputs = 0
    /// Programs where some route disagreed.
    public var mismatches = 0
    /// Draws skipped (and redrawn), by reason.
    public var skippedByReason: [FuzzSkipReason: Int] = [:]
    /// Operations of the checked programs by family.
    public var families: [ArrayFuzzFamily: Int] = [:]
    /// Wall-clock seconds.
    public var seconds = 0.0
    /// The largest differences seen among agreeing programs.
    public var differences = ArrayFuzzDifferences()
    /// The first mismatches, shrunk.
    public var failures: [FuzzFailure<ArrayFuzzProgram>] = []

    /// Draws skipped, all reasons.
    public var skipped: Int { skippedByReason.values.reduce(0, +) }

    /// One line: programs, operations, mismatches, skipped (by reason), seconds, worst differences.
    public var summary: String {
        let reasons = FuzzSkipReason.allCases.map { "\($0.rawValue) \(skippedByReason[$0, default: 0])" }
        return "programs \(programs), operations \(operations), mismatches \(mismatches), "
            + "skipped \(skipped) (\(reasons.joined(separator: ", "))), \(formatSeconds(seconds)); "
            + "\(atKinks) at kinks (vs the scalar layer only), \(singleEntryOutputs) with one output entry; worst relative difference: "
            + "between array routes \(formatError(differences.modes)), array vs scalar layer \(formatError(differences.scalarLayer)) (HVP \(formatError(differences.hvp))), "
            + "AD vs central differences \(formatError(differences.finiteDifference))"
    }

    /// One line: operations per family, in the order of ``ArrayFuzzFamily``.
    public var coverage: String {
        "operations by family: " + ArrayFuzzFamily.allCases.map { "\($0.rawValue) \(families[$0, default: 0])" }.joined(separator: ", ")
    }
}

/// Runs `count` array programs drawn from `seed`, checking each with
/// ``checkArrayFuzzProgram(_:tolerance:valueLimit:)``.
///
/// Program k is drawn from ``FuzzGenerator/programSeed(campaign:index:attempt:)``; a
/// skipped draw is counted and redrawn (at most 32 times). The first `keepFailures`
/// mismatches are shrunk with ``shrinkArrayFuzzProgram(_:budget:stillFails:)``.
/// - Parameter fault: a deliberately wrong reverse rule (tests of the checker only).
/// - Complexity: O(count · (input entries + output entries) · operations) array operations.
public func runArrayFuzzCampaign(
    count: Int, seed: UInt64, configuration: ArrayFuzzConfiguration = ArrayFuzzConfiguration(),
    tolerance: ArrayFuzzTolerance = ArrayFuzzTolerance(), fault: ArrayFuzzFault? = nil, keepFailures: Int = 3
) -> ArrayFuzzCampaignReport {
    let start = MonotonicClock.nanoseconds()
    var report = ArrayFuzzCampaignReport()
    let check = { (p: ArrayFuzzProgram) in checkArrayFuzzProgram(p, tolerance: tolerance, valueLimit: configuration.valueLimit) }
    for index in 0..<Swift.max(count, 0) {
        for attempt in 0..<32 {
            let programSeed = FuzzGenerator.programSeed(campaign: seed, index: index, attempt: attempt)
            var generator = ArrayFuzzGenerator(seed: programSeed)
            var program = generator.program(configuration)
            program.fault = fault
            var differences = ArrayFuzzDifferences()
            let verdict = checkArrayFuzzProgram(
                program, tolerance: tolerance, valueLimit: configuration.valueLimit,
                differences: &differences)
            if case .skipped(let reason) = verdict {
                report.skippedByReason[reason, default: 0] += 1
                continue
            }
            report.programs += 1
            report.operations += program.instructions.count
            for instruction in program.instructions { report.families[instruction.family, default: 0] += 1 }
            if program.atKinks { report.atKinks += 1 }
            if program.outputShape?.reduce(1, *) == 1 { report.singleEntryOutputs += 1 }
            if verdict == .agree { report.differences.formMaximum(differences) }
            if case .mismatch(let message) = verdict {
                report.mismatches += 1
                if report.failures.count < keepFailures {
                    report.failures.append(
                        FuzzFailure(
                            index: index, seed: programSeed, message: message, program: program,
                            shrink: { shrinkArrayFuzzProgram($0, stillFails: $1) }, check: { check($0).mismatchMessage }))
                }
            }
            break
        }
    }
    report.seconds = MonotonicClock.seconds(since: start)
    return report
}

/// `adbench fuzz --level array --count N --seed S`: runs an array campaign and renders
/// its report.
///
/// - Returns: the text to print (a header, the summary line, the coverage line, then each
///   shrunk failure as Swift source) and the exit status: 0 when nothing mismatched, 1
///   otherwise, 2 for a negative count.
/// - Complexity: that of ``runArrayFuzzCampaign(count:seed:configuration:tolerance:fault:keepFailures:)``.
public func runArrayFuzzCommand(
    count: Int, seed: UInt64,
    configuration: ArrayFuzzConfiguration = ArrayFuzzConfiguration()
) -> (report: String, exitCode: Int32) {
    guard count >= 0 else { return ("error: --count must be at least 0, got \(count)", 2) }
    let report = runArrayFuzzCampaign(count: count, seed: seed, configuration: configuration)
    var lines = [
        "fuzz (array level): forward = reverse = the scalar layer = central differences over random array programs "
            + "(seed \(seed), \(configuration.inputs) inputs of rank 0-3, \(configuration.instructions) operations each; "
            + "\(BuildConfiguration.name) build)",
        report.summary,
        report.coverage
    ]
    for failure in report.failures { lines += failure.reportLines }
    return (lines.joined(separator: "\n"), report.mismatches == 0 ? 0 : 1)
}
