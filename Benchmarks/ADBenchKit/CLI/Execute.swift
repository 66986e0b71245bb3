// Dispatch: runs an invocation and returns what to print and write, and the exit status.
// The executable only prints this; tests call it directly.
import AutoDiff
import Foundation
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// What a command produced: text for stdout, lines for stderr, files to write, exit status.
public struct CommandOutput: Sendable {
    /// The results (empty when they went to `--output`).
    public var text = ""
    /// Remarks for stderr (files written, skipped cells, wrong results).
    public var messages: [String] = []
    /// Files to write: (path, contents).
    public var files: [(path: String, contents: String)] = []
    /// 0, 1 (a wrong derivative) or 2 (bad input).
    public var status = ExitStatus.success

    /// Empty output with status 0.
    public init() {}

    /// Sends `rendered` to stdout, or to `path` when given.
    mutating func deliver(_ rendered: String, to path: String?) {
        if let path {
            files.append((path, rendered.hasSuffix("\n") ? rendered : rendered + "\n"))
            messages.append("wrote \(path)")
        } else {
            text = rendered
        }
    }

    /// Flags wrong results: a loud message and exit status 1.
    mutating func flagWrong(_ count: Int, _ what: String) {
        guard count > 0 else { return }
        messages.append("WRONG: \(count) \(what) disagree with the reference (see the WRONG marks); exit status 1")
        status = .wrongResult
    }
}

/// Runs `invocation`. Progress goes to stderr as it runs when `progress` is true
/// (default: stderr is a terminal); everything else is returned.
/// - Complexity: that of the command (the default comparison takes ~20-40 s in release).
public func execute(_ invocation: Invocation, progress: Bool = isatty(2) != 0) -> CommandOutput {
    var output = CommandOutput()
    do {
        switch invocation {
        case .help(let text): output.text = text
        case .version: output.text = "adbench \(adbenchVersion) (\(BuildConfiguration.name) build)"
        case .sweep(let command): try runSweepCommand(command, progress: progress, into: &output)
        case .chain(let options): try runChainCommand(options, into: &output)
        case .problems(let options): try runProblemsCommand(options, progress: progress, into: &output)
        case .compare(let options): try runCompareCommand(options, progress: progress, into: &output)
        case .fuzz(let count, let seed, let level): runFuzzInvocation(count: count, seed: seed, into: &output, campaign: level.campaign)
        case .kernels(let options): try runKernelsCommand(options, progress: progress, into: &output)
        }
    } catch let error as ProblemError {
        output.messages.append("error: \(error)")
        output.status = .badInput
    } catch let error as MatrixChainError {
        output.messages.append("error: \(error)")
        output.status = .badInput
    } catch {
        output.messages.append("error: \(error)")
        output.status = .wrongResult
    }
    return output
}

/// `adbench fuzz`: runs the campaign (``runFuzzCommand(count:seed:configuration:)`` by
/// default; tests pass a stand-in) and flags mismatches as a wrong result (exit status 1).
/// - Complexity: that of the campaign (release: roughly 10^4 small programs per second).
func runFuzzInvocation(
    count: Int, seed: UInt64, into output: inout CommandOutput,
    campaign: (Int, UInt64) -> (report: String, exitCode: Int32) = { runFuzzCommand(count: $0, seed: $1) }
) {
    let (report, code) = campaign(count, seed)
    output.text = report
    switch code {
    case 0: break
    case 1:
        output.messages.append(
            "WRONG: fuzzed programs where forward, reverse and central differences disagree (see the MISMATCH reproducers); exit status 1")
        output.status = .wrongResult
    default:
        output.messages.append(report)
        output.text = ""
        output.status = .badInput
    }
}

/// `adbench` and `adbench sweep`.
func runSweepCommand(_ command: SweepCommand, progress: Bool, into output: inout CommandOutput) throws {
    let options = command.options
    let bar = Progress(total: options.sizes.count, enabled: progress)
    let result = try runSweep(options) { k, label in bar.step(k, label) }
    bar.finish()
    let cells = result.cells
    output.messages += result.notes
    let title: String
    if options.problemID == .chain {
        title =
            "P2 chain y = W3 tanh(W2 tanh(W1 x)), hidden width \(options.hidden ?? 64): the m x n Jacobian, \(options.level) level"
            + (options.level == .array
                ? " (ADTensor: one tape entry per array operation; ratios to the array primal)"
                : " (ADScalar: one tape entry per scalar operation)")
    } else {
        title = "\(options.problemID.label) \(options.problemID.rawValue): derivative by mode, \(options.level) level"
    }
    switch command.output.format {
    case .json:
        let report = JSONReport(
            command: command.isDefault ? "default" : "sweep", machine: .current, options: options,
            cells: cells, notes: result.notes, peakMemoryBytes: peakMemoryBytes())
        output.deliver(try report.encoded(), to: command.output.path)
    case .csv:
        output.deliver(cellsCSV(cells), to: command.output.path)
    case .table, .markdown:
        let header =
            command.output.format == .markdown
            ? markdownReportHeader(title, command: command.commandLine, sampling: options.sampling)
            : reportHeader(title, sampling: options.sampling)
        var parts = [header, "", sweepTable(cells).rendered(command.output.format)]
        // P3's modes all cost one recording and one sweep: the Jacobian crossover verdict does not apply.
        let summary =
            options.problemID == .hvp
            ? "Every HVP mode is one recording and one sweep whatever n: there is no forward/reverse crossover; the ratios compare the recordings."
            : verdict(cells)
        if !summary.isEmpty {
            parts += ["", command.output.format == .markdown ? summary.replacingOccurrences(of: "\n", with: "\n\n") : summary]
        }
        var work: [String] = []
        if let tape = cells.filter({ ($0.tapeEntries ?? 0) > 0 }).max(by: { $0.tapeEntries! < $1.tapeEntries! }) {
            work.append("largest recording: \(tape.tapeEntries!) entries, \(formatBytes(tape.tapeBytes ?? 0)) at (n=\(tape.n), m=\(tape.m))")
        }
        if let peak = peakMemoryBytes() { work.append("peak memory \(formatBytes(peak))") }
        if !work.isEmpty { parts += ["", "Work: " + work.joined(separator: "; ") + "."] }
        output.deliver(parts.joined(separator: "\n"), to: command.output.path)
    }
    if let plot = command.output.plotPath {
        output.files.append((plot, svgPlot(cells, title: title)))
        output.messages.append("wrote \(plot)")
    }
    output.flagWrong(cells.filter(\.wrong).count, "derivatives")
}
