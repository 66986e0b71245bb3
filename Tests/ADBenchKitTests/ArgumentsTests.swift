import Testing
@testable import ADBenchKit

// The parser and the typed options: every option read, every error with its message.

let limit = 4e9 // a fixed memory limit so that the size checks do not depend on the machine

func parse(_ line: String) throws(UsageError) -> Invocation {
    try parseInvocation(line.split(separator: " ").map(String.init), memoryLimit: limit)
}

func sweep(_ line: String) throws -> SweepCommand {
    guard case let .sweep(command) = try parse(line) else { Issue.record("not a sweep: \(line)"); return SweepCommand() }
    return command
}

/// The error message for a command line that must fail (and fails the test if it parses).
func failure(_ line: String) -> UsageError? {
    do {
        _ = try parse(line)
        Issue.record("expected '\(line)' to fail")
        return nil
    } catch {
        #expect(!error.message.contains("\n"), "one line: \(error.message)")
        #expect(error.usage.hasPrefix("usage: adbench"))
        return error
    }
}

@Suite struct ArgumentsTests {
    @Test func noArgumentsIsTheDefaultComparison() throws {
        let command = try sweep("")
        #expect(command.isDefault)
        #expect(command.options == SweepOptions())
        #expect(command.options.problem == "chain")
        #expect(command.options.inputs == [1, 8, 64, 512] && command.options.outputs == [1, 8, 64, 512])
        #expect(command.options.modes == ["forward", "reverse", "auto"])
        #expect(command.options.sampling == SamplingOptions(minTime: 0.2, repetitions: nil))
        #expect(command.output == OutputOptions())
        #expect(command.options.sizes.count == 16)
    }

    @Test func everySweepOption() throws {
        let command = try sweep(
            "sweep --problem p2 --inputs 1,8 --outputs 2,3,4 --hidden 16 --modes reverse,hand "
                + "--min-time 0.05 --repetitions 7 --format csv --output out.csv --plot plot.svg")
        #expect(!command.isDefault)
        let o = command.options
        #expect(o.problem == "chain" && o.inputs == [1, 8] && o.outputs == [2, 3, 4] && o.hidden == 16)
        #expect(o.modes == ["reverse", "hand"])
        #expect(o.sampling == SamplingOptions(minTime: 0.05, repetitions: 7))
        #expect(command.output.format == .csv && command.output.path == "out.csv" && command.output.plotPath == "plot.svg")
        #expect(o.sizes.map(\.n) == [1, 1, 1, 8, 8, 8] && o.sizes.map(\.m) == [2, 3, 4, 2, 3, 4])
    }

    @Test func equalsFormAndProblemNames() throws {
        #expect(try sweep("sweep --inputs=3,5 --problem=P1").options.inputs == [3, 5])
        #expect(try sweep("sweep --problem rosenbrock").options.problemID == .rosenbrock)
        #expect(try sweep("sweep --problem rosenbrock").options.inputs == ProblemID.rosenbrock.defaultInputs)
        #expect(try sweep("sweep --problem p5 --inputs 10").options.outputs == nil)
        #expect(try sweep("sweep --problem mlp").options.inputs == [2688])
        #expect(try sweep("--format json").output.format == .json)
        #expect(try sweep("sweep --modes FORWARD,forward").options.modes == ["forward"])
    }

    @Test func helpForEveryCommandAndVersion() throws {
        for word in ["", "sweep", "chain", "problems", "compare"] {
            for flag in ["--help", "-h"] {
                guard case let .help(text) = try parse(word.isEmpty ? flag : "\(word) \(flag)") else {
                    Issue.record("no help for '\(word)'"); continue
                }
                #expect(text.hasPrefix(word.isEmpty ? "usage: adbench [" : "usage: adbench \(word)"))
                #expect(text.contains("-h, --help"))
            }
        }
        #expect(try parse("--help").helpText?.contains("commands:") == true)
        #expect(try parse("chain --help").helpText?.contains("--vector") == true)
        #expect(try parse("--version") == .version)
    }

    @Test func chainOptions() throws {
        guard case let .chain(o) = try parse("chain --dims 10,100,5,50 --vector --inputs 4 --outputs 2,3 --repetitions 2") else {
            Issue.record("not chain"); return
        }
        #expect(o.dims == [10, 100, 5, 50] && o.vector && o.inputs == [4] && o.outputs == [2, 3])
        #expect(o.sampling.repetitions == 2)
        guard case let .chain(d) = try parse("chain") else { Issue.record("not chain"); return }
        #expect(d == ChainOptions() && d.compositions == ["patterns", "p2"] && d.levels == [.scalar, .array])
        guard
            case let .chain(c) = try parse(
                "chain --compositions hourglass,diamond,hourglass --widths 3,5,2 --levels array --p2-sizes 8 --compositions-only")
        else {
            Issue.record("not chain"); return
        }
        #expect(c.compositions == ["hourglass", "diamond"] && c.widths == [3, 5, 2] && c.levels == [.array] && c.p2Sizes == [8])
        #expect(c.compositionsOnly && selectedCompositions(c).map(\.name) == ["hourglass", "diamond", "chosen"])
        guard case let .chain(none) = try parse("chain --compositions none") else { Issue.record("not chain"); return }
        #expect(none.compositions.isEmpty && selectedCompositions(none).isEmpty)
    }

    @Test func problemsAndCompareOptions() throws {
        guard case let .problems(o) = try parse("problems --problem p1,mlp,P1 --max-size 1000 --min-time 0.01 --format markdown") else {
            Issue.record("not problems"); return
        }
        #expect(o.problems == ["rosenbrock", "mlp"] && o.maxSize == 1000 && o.sampling.minTime == 0.01)
        #expect(o.output.format == .markdown)
        guard case let .compare(c) = try parse("compare") else { Issue.record("not compare"); return }
        #expect(c.problems.count == 6)
    }

    @Test func errorMessages() {
        let cases: [(String, String)] = [
            ("bogus", "unknown command 'bogus'"),
            ("sweep --bogus 3", "unknown option '--bogus' for 'adbench sweep'"),
            ("-x", "unknown option '-x' for 'adbench'"),
            ("sweep --inputs", "missing value for '--inputs' (expected LIST)"),
            ("sweep --inputs --outputs 3", "missing value for '--inputs' (expected LIST)"),
            ("sweep --inputs 8,,x", "malformed list '8,,x' for '--inputs': entry 2 is empty"),
            ("sweep --inputs 8,x", "malformed list '8,x' for '--inputs': 'x' is not a whole number"),
            ("sweep --inputs 8,", "malformed list '8,' for '--inputs': entry 2 is empty"),
            ("sweep --inputs 0", "value 0 in '--inputs 0' is too small (expected at least 1)"),
            ("sweep --outputs 4,-2", "value -2 in '--outputs 4,-2' is too small (expected at least 1)"),
            ("sweep --hidden 0", "'--hidden 0' is too small (expected at least 1)"),
            ("sweep --repetitions many", "'many' for '--repetitions' is not a whole number"),
            ("sweep --min-time 0", "'--min-time 0' must be more than 0 seconds"),
            ("sweep --min-time abc", "'abc' for '--min-time' is not a number of seconds"),
            ("sweep --format xml", "unknown value 'xml' for '--format' (expected one of: table, markdown, csv, json)"),
            (
                "sweep --modes forward,sideways",
                "unknown value 'sideways' in '--modes forward,sideways' (expected any of: forward, reverse, auto, hand)"
            ),
            ("sweep --problem p6", "oscillator has 5 inputs whatever its steps N: no grid of sizes to sweep (use 'adbench problems --problem p6')"),
            (
                "sweep --problem p9",
                "unknown problem 'p9' (expected one of: p1, rosenbrock, p2, chain, p3, hvp, p4, mlp, p5, tridiag, p6, oscillator)"
            ),
            ("sweep --problem p1 --outputs 3", "'--outputs' applies to --problem chain only (rosenbrock has m fixed by n)"),
            ("sweep --problem p1 --inputs 1", "rosenbrock needs at least 2 inputs, got 1"),
            ("sweep --problem mlp --inputs 10", "mlp has exactly 2688 inputs (its weights), got 10"),
            ("sweep extra", "unexpected argument 'extra' for 'adbench sweep'"),
            ("chain --vector=yes", "option '--vector' takes no value"),
            ("chain --dims 5", "'--dims' needs at least 2 dimensions (one matrix), got 1"),
            (
                "chain --compositions hourglass,bogus",
                "unknown composition 'bogus' in '--compositions hourglass,bogus' (expected any of: patterns, hourglass, diamond, wide-to-narrow, narrow-to-wide, p2, none)"
            ),
            (
                "chain --compositions hourglass,",
                "unknown composition '' in '--compositions hourglass,' (expected any of: patterns, hourglass, diamond, wide-to-narrow, narrow-to-wide, p2, none)"
            ),
            ("chain --levels scalar,vector", "unknown level 'vector' in '--levels scalar,vector' (expected scalar, array)"),
            ("chain --widths 5", "'--widths' needs at least 2 widths (one layer), got 1"),
            ("chain --widths 5,0,3", "value 0 in '--widths 5,0,3' is too small (expected at least 1)"),
            ("chain --p2-sizes 8,x", "malformed list '8,x' for '--p2-sizes': 'x' is not a whole number"),
            ("chain --compositions-only=yes", "option '--compositions-only' takes no value"),
            ("chain --layers 3", "unknown option '--layers' for 'adbench chain'"),
            (
                "problems --problem p1,,p2",
                "unknown problem '' in '--problem p1,,p2' (expected any of: p1, rosenbrock, p2, chain, p3, hvp, p4, mlp, p5, tridiag, p6, oscillator)"
            ),
            ("problems --max-size 0", "'--max-size 0' is too small (expected at least 1)"),
            ("compare --vector", "unknown option '--vector' for 'adbench compare'"),
            ("--version sweep", "unexpected argument 'sweep' for 'adbench'")
        ]
        for (line, message) in cases {
            #expect(failure(line)?.message == message, "\(line)")
        }
    }

    @Test func absurdSizesAreRefusedByMemory() {
        let error = failure("sweep --inputs 100000000")
        #expect(error?.message.hasPrefix("chain at n=100000000, m=1 would need about ") == true)
        #expect(error?.message.hasSuffix("more than the limit of 3.73 GiB on this machine") == true)
        #expect(failure("sweep --problem p5 --inputs 100000")?.message.hasPrefix("tridiag at n=100000 would need about 224 GiB") == true)
        #expect(failure("sweep --inputs 9223372036854775807")?.message.contains("would need about") == true)
        #expect(
            failure("sweep --inputs 99999999999999999999")?.message
                == "malformed list '99999999999999999999' for '--inputs': '99999999999999999999' is not a whole number")
        #expect(failure("chain --dims 100000,100000,2")?.message.contains("of memory") == true)
        #expect(failure("chain --dims 4000,4000,4000,4000")?.message.hasPrefix("the chain needs 1.28e+11 multiply-adds") == true)
        #expect(failure("chain --widths 4000,4000,4000")?.message.hasPrefix("the composition 4000,4000,4000 needs 1.28e+11 multiply-adds") == true)
        #expect(failure("chain --widths 100000,100000")?.message.contains("of memory") == true)
        #expect(failure("chain --p2-sizes 100000")?.message.contains("the composition 100000,64,64,100000") == true)
    }

    @Test func errorUsageIsTheCommandsUsage() {
        #expect(failure("sweep --bogus")?.usage == adbenchCommands[1].usage)
        #expect(failure("chain --bogus")?.usage.hasPrefix("usage: adbench chain [--dims LIST] [--vector]") == true)
        #expect(failure("nope")?.usage.contains("commands:") == true)
        #expect(failure("sweep --bogus")?.description.hasPrefix("error: unknown option") == true)
    }

    @Test func negativeNumbersAreValuesNotOptions() throws {
        // "-2" after an option is its value (then rejected as too small), not an unknown option.
        #expect(failure("sweep --hidden -2")?.message == "'--hidden -2' is too small (expected at least 1)")
    }
}

extension Invocation {
    var helpText: String? { if case let .help(text) = self { text } else { nil } }
}
