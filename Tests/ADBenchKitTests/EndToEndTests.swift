import AutoDiff
import Foundation
import Testing
@testable import ADBenchKit

// Tiny runs of every command through the library entry points, a wrong derivative caught,
// and the built executable run as a user runs it (help, errors, exit statuses).

let tiny = SamplingOptions(minTime: 1e-4, repetitions: 1)

/// P2 with a deliberately wrong AutoDiff derivative (entry 0 off by 1e-3).
struct WrongChain: BenchmarkProblem {
    let base = P2Chain(n: 3, m: 2, h: 4)
    var id: ProblemID { base.id }
    var name: String { "wrong " + base.name }
    var summary: String { base.summary }
    var inputCount: Int { base.inputCount }
    var outputCount: Int { base.outputCount }
    var derivativeKind: DerivativeKind { base.derivativeKind }
    var point: [Double] { base.point }
    func primal(_ x: [Double]) -> Double { base.primal(x) }
    func outputs(_ x: [Double]) -> [Double] { base.outputs(x) }
    func handPrimal(_ x: [Double]) -> Double { base.handPrimal(x) }
    func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        var d = try base.derivative(at: x, mode: mode)
        d.entries[0] += 1e-3
        return d
    }
    func handDerivative(at x: [Double]) -> DerivativeResult { base.handDerivative(at: x) }
    func tapeSize(at x: [Double]) -> TapeSize { base.tapeSize(at: x) }
    var reference: ReferenceCheck? { nil }
    func costModel() throws -> CostModel? { try base.costModel() }
    func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] { [] }
}

@Suite struct EndToEndTests {
    @Test func tinySweepThroughTheLibrary() throws {
        var options = SweepOptions()
        options.inputs = [1, 3]
        options.outputs = [2]
        options.hidden = 4
        options.modes = ["forward", "reverse", "auto", "hand"]
        options.sampling = tiny
        var seen: [Int] = []
        let result = try runSweep(options) { k, _ in seen.append(k) }
        #expect(seen == [1, 2])
        #expect(result.cells.count == 8 && result.notes.isEmpty)
        #expect(!result.cells.hasWrongResult)
        for cell in result.cells {
            #expect(cell.maxAbsError! < 1e-12 && cell.seconds > 0 && cell.primalSeconds > 0 && cell.samples == 1)
            #expect(cell.problem.hasSuffix("h=4") && cell.m == 2)
        }
        // Passes, sweeps and auto's pick are those of AutoDiff's calibrated cost model.
        let model = try #require(try P2Chain(n: 3, m: 2, h: 4).costModel())
        let forward = try #require(result.cells.cell(n: 3, m: 2, mode: "forward"))
        #expect(forward.passes == model.forwardPasses && forward.sweeps == 0 && forward.tapeBytes == nil)
        let reverse = try #require(result.cells.cell(n: 3, m: 2, mode: "reverse"))
        #expect(reverse.passes == 1 && reverse.sweeps == model.reverseSweeps && reverse.tapeEntries! > 0)
        #expect(reverse.tapeBytes == P2Chain(n: 3, m: 2, h: 4).tapeSize(at: P2Chain(n: 3, m: 2, h: 4).point).bytes)
        #expect(reverse.tapeBytes! < reverse.tapeEntries! * Tape<Double>.bytesPerBinaryEntry) // some entries are unary
        let auto = try #require(result.cells.cell(n: 3, m: 2, mode: "auto"))
        #expect(auto.picked == model.choice.rawValue && auto.predictedSeconds == model.predictedSeconds(.auto))
        #expect(forward.predictedSeconds == model.predictedSeconds(.forward))
        // Same check value from every mode.
        #expect(Set(result.cells.filter { $0.n == 3 }.map { ($0.check! * 1e10).rounded() }).count == 1)
    }

    @Test func otherProblemsSweep() throws {
        for (problem, n) in [("rosenbrock", 100), ("tridiag", 6), ("hvp", 10)] {
            var options = SweepOptions()
            options.problem = problem
            options.inputs = [n]
            options.outputs = nil
            options.sampling = tiny
            let cells = try runSweep(options).cells
            #expect(cells.count == 3 && !cells.hasWrongResult, "\(problem)")
        }
    }

    @Test func wrongDerivativeIsFlagged() throws {
        var options = SweepOptions()
        options.sampling = tiny
        let result = try measureCell(WrongChain(), modes: ["forward", "reverse"], options: options)
        #expect(result.cells.count == 2 && result.cells.allSatisfy(\.wrong))
        #expect(abs(result.cells[0].maxAbsError! - 1e-3) < 1e-12)
        #expect(sweepTable(result.cells).rows[0].last?.hasSuffix("WRONG") == true)
        var output = CommandOutput()
        output.flagWrong(2, "derivatives")
        #expect(output.status == .wrongResult && output.messages[0].hasPrefix("WRONG: 2 derivatives"))
    }

    @Test func sweepCommandWritesJSONAndPlot() throws {
        var command = SweepCommand()
        command.options.inputs = [1, 2]
        command.options.outputs = [1, 2]
        command.options.hidden = 3
        command.options.sampling = tiny
        command.output = OutputOptions(format: .json, path: "/tmp/report.json", plotPath: "/tmp/plot.svg")
        let output = execute(.sweep(command), progress: false)
        #expect(output.status == .success && output.text.isEmpty)
        #expect(output.files.map(\.path) == ["/tmp/report.json", "/tmp/plot.svg"])
        #expect(output.messages == ["wrote /tmp/report.json", "wrote /tmp/plot.svg"])
        let report = try JSONReport.decode(output.files[0].contents)
        #expect(report.cells.count == 12 && report.options == command.options && report.command == "sweep")
        #expect(parseSVG(output.files[1].contents).ok)
        command.output = OutputOptions()
        let table = execute(.sweep(command), progress: false)
        #expect(table.text.contains("Verdict: ") && table.text.contains("Cost rule (in primal evaluations)"))
    }

    @Test func problemsCommandSmall() throws {
        var options = ProblemsOptions()
        options.problems = ["rosenbrock", "mlp", "tridiag"]
        options.maxSize = 100
        options.sampling = tiny
        let result = try runProblems(options)
        #expect(result.rows.allSatisfy { !$0.wrong })
        let reverse = try #require(result.rows.first { $0.problem == "P1 rosenbrock n=100" && $0.derivative == "gradient reverse" })
        #expect(reverse.reference == -6998.23080374 && reverse.check.map { agreesWithReference($0, -6998.23080374) } == true)
        #expect(reverse.tapeEntries.map { $0 > 100 } == true && reverse.nsPerOperation != nil && reverse.ratioToHand != nil)
        #expect(result.rows.contains { $0.problem.hasPrefix("P4") && $0.derivative == "gradient reverse" })
        #expect(!result.rows.contains { $0.problem.hasPrefix("P4") && $0.derivative == "gradient forward" })
        #expect(result.rows.contains { $0.problem == "P5 tridiag n=100" && $0.derivative == "jacobian forward" })
        #expect(result.rows.contains { $0.problem == "P5 tridiag n=100" && $0.derivative.hasPrefix("sparse forward, plan reused (3 colours") })
        #expect(!result.notes.contains { $0.contains("not yet supported") })
        let table = problemsTable(result.rows)
        #expect(table.rows.count == result.rows.count && table.headers.contains("ns/op"))
    }

    @Test func problemsInMarkdownIsADocument() throws {
        var options = ProblemsOptions()
        options.problems = ["rosenbrock"]
        options.maxSize = 100
        options.sampling = tiny
        options.output = OutputOptions(format: .markdown, path: "docs/measurements.md")
        let output = execute(.problems(options), progress: false)
        #expect(output.status == .success && output.files.map(\.path) == ["docs/measurements.md"])
        let text = try #require(output.files.first?.contents)
        #expect(text.hasPrefix("# PROBLEMS.md P1-P6: "))
        #expect(
            text.contains(
                "`swift run -c release adbench problems --problem rosenbrock --max-size 100 --min-time 0.0001 --repetitions 1 --format markdown --output docs/measurements.md`"
            ))
        #expect(text.contains("\n| problem | derivative | time |") && text.contains("\n| P1 rosenbrock n=100 | primal |"))
        #expect(text.contains("\nNotes:\n\n- P1 rosenbrock n=100: jvp forward "))
    }

    @Test func chainCommandSmall() throws {
        var options = ChainOptions()
        options.dims = [6, 5, 4, 3]
        options.vector = true
        options.inputs = [3]
        options.outputs = [2]
        options.compositions = []
        options.sampling = tiny
        let rows = try runChain(options)
        #expect(rows.count == 3 + 5 && rows.allSatisfy { !$0.wrong })
        #expect(rows[0].chain == "chain 6,5,4,3,1" && rows[0].multiplyAdds == 6 * 5 * 4 + 6 * 4 * 3 + 6 * 3 * 1)
        #expect(rows[1].multiplyAdds == 4 * 3 * 1 + 5 * 4 * 1 + 6 * 5 * 1) // right to left: matrix-vector products
        #expect(rows[2].multiplyAdds <= min(rows[0].multiplyAdds, rows[1].multiplyAdds))
        #expect(rows[1].parenthesised == "A·(B·(C·d))")
        let output = execute(.chain(options), progress: false)
        #expect(output.status == .success && output.text.contains("the same product"))
    }

    @Test func chainCompositionsSmall() throws {
        var options = ChainOptions()
        options.compositions = []
        options.widths = [6, 2, 6]
        options.compositionsOnly = true
        options.sampling = tiny
        let rows = try runCompositions(options)
        #expect(rows.count == 10 && rows.allSatisfy { !$0.wrong && $0.maxAbsDifference <= 1e-14 })
        #expect(rows.prefix(5).map(\.mode) == ["forward", "reverse", "bracketed", "forward, one function", "reverse, one function"])
        #expect(rows[0].plan == "(f2·f1 by tangents, 6 columns)" && rows[1].plan == "(f2·f1 by adjoints, 6 rows)")
        #expect(rows[0].multiplyAdds == 6 * 2 * 6 && rows[1].multiplyAdds == 6 * 6 * 2)
        #expect(rows.filter { $0.predictedSeconds != nil }.count == 6 && rows.allSatisfy { $0.seconds > 0 })
        let output = execute(.chain(options), progress: false)
        #expect(output.status == .success && !output.text.contains("the same product"))
        #expect(output.text.contains("chosen 6→2→6, scalar: ") && output.text.contains("- predictions within 1.5x: "))
    }

    /// Layer-level counts of plans against the matrix-chain programme's counts of the same
    /// shapes (notebook 03's numbers): the end-to-end orders and the hourglass's waist split.
    @Test func compositionCountsAreTheChainCounts() throws {
        for widths in [[256, 64, 4, 64, 256], [8, 64, 512, 64, 2], [512, 256, 64, 4]] {
            let layers = LayerComposition(name: "c", widths: widths)
            let chain = try MatrixChain(dimensions: widths.reversed())
            let k = widths.count - 2
            #expect(layers.multiplyAdds(of: .tangents(0...k)) == chain.rightToLeftCost)
            #expect(layers.multiplyAdds(of: .adjoints(0...k)) == chain.leftToRightCost)
        }
        let hourglass = LayerComposition(name: "h", widths: [256, 64, 4, 64, 256])
        #expect(hourglass.multiplyAdds(of: .product(.tangents(2...3), .adjoints(0...1))) == 393216)
        #expect(hourglass.multiplyAdds(of: .product(.pushTangents(.tangents(2...2), through: 3...3), .adjoints(0...1))) == 393216)
    }

    @Test func compareAgainstBuiltinDifferentiation() throws {
        var options = ProblemsOptions()
        options.problems = ["rosenbrock", "tridiag"]
        options.maxSize = 100
        options.sampling = tiny
        let result = try runCompare(options)
        guard builtinDifferentiationAvailable else {
            #expect(result.notes == ["skipped: this toolchain has no _Differentiation module"])
            return
        }
        #expect(result.rows.map(\.derivative) == ["primal", "AutoDiff reverse", "AutoDiff auto (picked reverse)", "_Differentiation", "hand"])
        #expect(result.rows.allSatisfy { !$0.wrong })
        #expect(result.rows[3].maxAbsError.map { $0 < 1e-10 } == true && result.rows[3].ratioToHand != nil)
        #expect(result.notes == ["P5 tridiag n=100: not expressed with _Differentiation here (skipped)"])
    }
}

// MARK: The executable

/// The built `adbench` next to the test bundle, or nil.
func adbenchExecutable() -> URL? {
    let candidates = [
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent(),
        Bundle.main.bundleURL, Bundle.main.bundleURL.deletingLastPathComponent()
    ]
    for directory in candidates {
        let url = directory.appendingPathComponent("adbench")
        if FileManager.default.isExecutableFile(atPath: url.path) { return url }
    }
    return nil
}

/// Runs adbench with `arguments`: (exit status, stdout, stderr).
func runAdbench(_ arguments: [String]) throws -> (status: Int32, out: String, err: String)? {
    guard let url = adbenchExecutable() else { return nil }
    let process = Process()
    process.executableURL = url
    process.arguments = arguments
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
}

@Suite struct ExecutableTests {
    @Test func helpAndVersion() throws {
        guard let help = try runAdbench(["--help"]) else {
            print("skipped: adbench executable not found next to the test bundle (build it first)")
            return
        }
        #expect(help.status == 0 && help.out.hasPrefix("usage: adbench") && help.err.isEmpty)
        let sweepHelp = try #require(try runAdbench(["sweep", "-h"]))
        #expect(sweepHelp.status == 0 && sweepHelp.out.contains("--plot FILE.svg"))
        let version = try #require(try runAdbench(["--version"]))
        #expect(version.status == 0 && version.out.hasPrefix("adbench \(adbenchVersion)"))
    }

    @Test(arguments: [
        (["--bogus"], "error: unknown option '--bogus' for 'adbench'"),
        (["sweep", "--inputs", "8,,x"], "error: malformed list '8,,x' for '--inputs': entry 2 is empty"),
        (["sweep", "--inputs", "0"], "error: value 0 in '--inputs 0' is too small (expected at least 1)"),
        (["frobnicate"], "error: unknown command 'frobnicate'"),
        (["sweep", "--min-time"], "error: missing value for '--min-time' (expected SECONDS)")
    ])
    func badInputExitsTwoWithOneLine(arguments: [String], message: String) throws {
        guard let run = try runAdbench(arguments) else { return }
        #expect(run.status == 2)
        #expect(run.out.isEmpty)
        let lines = run.err.split(separator: "\n")
        #expect(lines.first.map(String.init) == message)
        #expect(lines.dropFirst().first?.hasPrefix("usage: adbench") == true)
        #expect(!run.err.contains("Fatal error") && !run.err.contains("Stack dump"))
    }

    @Test func tinyRunSucceeds() throws {
        guard
            let run = try runAdbench([
                "sweep", "--inputs", "1,2", "--outputs", "1", "--hidden", "2",
                "--repetitions", "1", "--min-time", "0.0001", "--format", "csv"
            ])
        else { return }
        #expect(run.status == 0)
        #expect(run.out.hasPrefix("problem,n,m,derivative,mode,"))
        #expect(run.out.split(separator: "\n").count == 1 + 2 * 3)
    }
}
