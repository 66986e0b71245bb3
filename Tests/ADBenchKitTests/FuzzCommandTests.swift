import Testing
@testable import ADBenchKit

// `adbench fuzz`: its options and errors, a small campaign end to end, the exit status
// on a mismatch, and the built executable.

@Suite struct FuzzCommandTests {
    @Test func defaultsAndEveryOption() throws {
        #expect(try parse("fuzz") == .fuzz(count: 2000, seed: 1))
        #expect(try parse("fuzz --count 50 --seed 42") == .fuzz(count: 50, seed: 42))
        #expect(try parse("fuzz --seed=7 --count=0") == .fuzz(count: 0, seed: 7))
        #expect(try parse("fuzz --seed 18446744073709551615") == .fuzz(count: 2000, seed: .max))
        #expect(try parse("fuzz --count 3 --count 4") == .fuzz(count: 4, seed: 1)) // the last occurrence wins
    }

    @Test func levelOption() throws {
        #expect(try parse("fuzz") == .fuzz(count: 2000, seed: 1, level: .scalar)) // scalar unless asked
        #expect(try parse("fuzz --level scalar") == .fuzz(count: 2000, seed: 1, level: .scalar))
        #expect(try parse("fuzz --level array --count 20000 --seed 1") == .fuzz(count: 20000, seed: 1, level: .array))
        #expect(try parse("fuzz --level=ARRAY --seed 5") == .fuzz(count: 2000, seed: 5, level: .array))
        #expect(failure("fuzz --level tensor")?.message == "unknown value 'tensor' for '--level' (expected one of: scalar, array)")
        #expect(failure("fuzz --level")?.message == "missing value for '--level' (expected LEVEL)")
        let help = try #require(try parse("fuzz --help").helpText)
        #expect(help.contains("--level LEVEL") && help.contains("array: ADTensor programs"))
    }

    @Test func helpNamesTheOptions() throws {
        let help = try #require(try parse("fuzz --help").helpText)
        #expect(help.hasPrefix("usage: adbench fuzz [--count N] [--seed S] [--level LEVEL] [--help]"))
        #expect(help.contains("programs (default 2000)") && help.contains("campaign seed (default 1)"))
        #expect(try parse("--help").helpText?.contains("fuzz  ") == true)
    }

    @Test func errorMessages() {
        let cases: [(String, String)] = [
            ("fuzz --count -1", "'--count -1' is too small (expected at least 0)"),
            ("fuzz --count many", "'many' for '--count' is not a whole number"),
            ("fuzz --count 1.5", "'1.5' for '--count' is not a whole number"),
            ("fuzz --count", "missing value for '--count' (expected N)"),
            ("fuzz --seed", "missing value for '--seed' (expected S)"),
            ("fuzz --seed -3", "'-3' for '--seed' is not a whole number from 0 to 18446744073709551615"),
            ("fuzz --seed x", "'x' for '--seed' is not a whole number from 0 to 18446744073709551615"),
            ("fuzz --seed 18446744073709551616", "'18446744073709551616' for '--seed' is not a whole number from 0 to 18446744073709551615"),
            ("fuzz --inputs 3", "unknown option '--inputs' for 'adbench fuzz'"),
            ("fuzz 100", "unexpected argument '100' for 'adbench fuzz'")
        ]
        for (line, message) in cases {
            #expect(failure(line)?.message == message, "\(line)")
            #expect(failure(line)?.usage.hasPrefix("usage: adbench fuzz") == true, "\(line)")
        }
    }

    @Test func smallCampaignEndToEnd() throws {
        let output = execute(.fuzz(count: 40, seed: 3), progress: false)
        #expect(output.status == .success && output.messages.isEmpty)
        let summary = try #require(output.text.split(separator: "\n").dropFirst().first.map(String.init))
        #expect(summary.hasPrefix("programs 40, operations "))
        #expect(summary.contains("mismatches 0, skipped "))
        #expect(output.text.hasPrefix("fuzz: forward = reverse = central differences over random programs (seed 3"))
        #expect(!output.text.contains("MISMATCH"))
        // Deterministic: the same seed gives the same counts (all but the seconds).
        let again = execute(.fuzz(count: 40, seed: 3), progress: false)
        let counts = { (text: String) in text.split(separator: "\n")[1].split(separator: ",").prefix(3).joined() }
        #expect(counts(again.text) == counts(output.text))
        #expect(execute(.fuzz(count: 0, seed: 1), progress: false).text.contains("programs 0, operations 0, mismatches 0"))
        // The array level through the same dispatch.
        let array = execute(.fuzz(count: 15, seed: 3, level: .array), progress: false)
        #expect(array.status == .success && array.messages.isEmpty)
        #expect(array.text.hasPrefix("fuzz (array level): ") && array.text.contains("\nprograms 15, operations "))
    }

    @Test func mismatchIsAWrongResult() {
        var output = CommandOutput()
        runFuzzInvocation(count: 5, seed: 1, into: &output) { _, _ in ("programs 5, mismatches 1\nMISMATCH ...", 1) }
        #expect(output.status == .wrongResult && output.text.hasPrefix("programs 5"))
        #expect(output.messages.count == 1 && output.messages[0].hasPrefix("WRONG: fuzzed programs"))
        var bad = CommandOutput()
        runFuzzInvocation(count: -1, seed: 1, into: &bad) { count, seed in runFuzzCommand(count: count, seed: seed) }
        #expect(bad.status == .badInput && bad.text.isEmpty && bad.messages == ["error: --count must be at least 0, got -1"])
    }

    @Test func executable() throws {
        guard let run = try runAdbench(["fuzz", "--count", "25", "--seed", "9"]) else { return }
        #expect(run.status == 0 && run.out.contains("programs 25, operations ") && run.out.contains("mismatches 0"))
        if let array = try runAdbench(["fuzz", "--level", "array", "--count", "10", "--seed", "2"]) {
            #expect(array.status == 0 && array.out.contains("programs 10, operations ") && array.out.contains("mismatches 0"))
        }
        let bad = try #require(try runAdbench(["fuzz", "--count", "-5"]))
        #expect(bad.status == 2 && bad.err.hasPrefix("error: '--count -5' is too small (expected at least 0)"))
    }
}
