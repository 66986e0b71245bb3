import Foundation
import Testing
@testable import ADBenchKit

// Reports: JSON round trip, the three table formats, the verdict and the cost fit.

func sampleCells() -> [MeasuredRow] {
    // A made-up grid where forward costs 2n primal and reverse 10 + 3m primal (primal 1 µs).
    var cells: [MeasuredRow] = []
    for n in [1, 8, 64] {
        for m in [1, 8, 64] {
            let f = 2e-6 * Double(n), r = 1e-6 * (10 + 3 * Double(m))
            let name = "P2 chain n=\(n) m=\(m) h=64"
            var forward = MeasuredRow(problem: name, n: n, m: m, derivative: "forward", mode: "forward", seconds: f,
                                      minSeconds: f * 0.9, primalSeconds: 1e-6, samples: 5)
            (forward.passes, forward.sweeps, forward.maxAbsError, forward.check) = (n, 0, 1e-16, 0.5)
            var reverse = MeasuredRow(problem: name, n: n, m: m, derivative: "reverse", mode: "reverse", seconds: r,
                                      minSeconds: r * 0.9, primalSeconds: 1e-6, samples: 5)
            (reverse.passes, reverse.sweeps, reverse.maxAbsError, reverse.check) = (1, m, 2e-16, 0.5)
            reverse.setTape(TapeSize(entries: 100, bytes: 2400), sweeps: nil)
            let pick = n <= m ? "forward" : "reverse"
            var auto = MeasuredRow(problem: name, n: n, m: m, derivative: "auto", mode: "auto",
                                   seconds: pick == "forward" ? f : r, minSeconds: 0, primalSeconds: 1e-6, samples: 5)
            auto.picked = pick
            cells += [forward, reverse, auto]
        }
    }
    return cells
}

@Suite struct ReportTests {
    @Test func jsonRoundTrip() throws {
        var options = SweepOptions()
        options.inputs = [1, 8, 64]
        options.outputs = [1, 8, 64]
        options.sampling = SamplingOptions(minTime: 0.05, repetitions: 3)
        var cells = sampleCells()
        cells[0].maxAbsError = .nan  // non-finite values survive as strings
        cells[1].ratioToPrimal = .infinity
        let machine = MachineInfo(cores: 2, os: "Linux", swiftVersion: "6.3", build: "release", memoryBytes: 1 << 34)
        let report = JSONReport(command: "sweep", machine: machine, options: options, cells: cells,
                                notes: ["skipped x"], peakMemoryBytes: 123_456)
        let text = try report.encoded()
        let decoded = try JSONReport.decode(text)
        #expect(decoded.cells[0].maxAbsError!.isNaN)
        var expected = report, got = decoded
        expected.cells[0].maxAbsError = 0
        got.cells[0].maxAbsError = 0
        #expect(got == expected)
        for key in ["\"n\"", "\"m\"", "\"mode\"", "\"seconds\"", "\"primalSeconds\"", "\"ratioToPrimal\"", "\"passes\"",
                    "\"tapeBytes\"", "\"maxAbsError\"", "\"cores\"", "\"os\"", "\"swiftVersion\"", "\"options\"", "\"cells\""] {
            #expect(text.contains(key), "\(key) missing")
        }
        #expect(throws: DecodingError.self) { try JSONReport.decode("{\"tool\": 1}") }
    }

    @Test func machineInfoIsFilledIn() {
        let machine = MachineInfo.current
        #expect(machine.cores >= 1 && !machine.os.isEmpty && machine.swiftVersion.hasPrefix("6"))
        #expect(machine.build == "debug" || machine.build == "release")
    }

    @Test func textMarkdownAndCSV() {
        let table = TextTable(headers: ["n", "name"], rows: [["1", "a,b"], ["100", "say \"hi\""]])
        #expect(table.text == "  n      name\n---  --------\n  1       a,b\n100  say \"hi\"")
        #expect(table.markdown == "| n | name |\n|---:|---:|\n| 1 | a,b |\n| 100 | say \"hi\" |")
        #expect(table.csv == "n,name\n1,\"a,b\"\n100,\"say \"\"hi\"\"\"")
        #expect(TextTable(headers: ["a|b"], rows: [["x"]]).markdown.hasPrefix("| a\\|b |"))
    }

    @Test func sweepTableHasWinnerAndAutoDistance() {
        let table = sweepTable(sampleCells())
        #expect(table.headers == ["n", "m", "primal", "forward", "x primal", "reverse", "x primal", "auto", "x primal",
                                  "picked", "predicted", "winner", "by", "auto vs best", "max error"])
        #expect(table.rows.count == 9)
        let first = table.rows[0]  // n = 1, m = 1: forward 2 µs, reverse 13 µs
        #expect(first[0] == "1" && first[1] == "1" && first[3] == "2.00 µs" && first[4] == "2.00x")
        #expect(first[9] == "forward" && first[10] == "-")  // picked; no cost model in made-up cells
        #expect(first[11] == "forward" && first[12] == "6.50x" && first[13] == "+0%")
        let last = table.rows[8]  // n = 64, m = 64: forward 128 µs, reverse 202 µs
        #expect(last[11] == "forward" && last[14] == "2.0e-16")
        var wrong = sampleCells()
        wrong[3].wrong = true
        #expect(sweepTable(wrong).rows[1].last?.hasSuffix("WRONG") == true)
    }

    @Test func cellsCSVHasEveryField() {
        let lines = cellsCSV(sampleCells()).split(separator: "\n")
        #expect(lines.count == 28)
        #expect(lines[0] == "problem,n,m,derivative,mode,picked,seconds,minSeconds,primalSeconds,ratioToPrimal,ratioToHand,samples,"
            + "passes,sweeps,predictedSeconds,tapeEntries,tapeBytes,nsPerOperation,check,reference,maxAbsError,wrong")
        #expect(lines[2].hasPrefix("P2 chain n=1 m=1 h=64,1,1,reverse,reverse,,1.3e-05,"))
        #expect(lines[2].hasSuffix(",5,1,1,,100,2400,,0.5,,2e-16,false"))
    }

    @Test func costFitRecoversTheRule() throws {
        let fit = try #require(fitCosts(sampleCells()))
        #expect(abs(fit.forwardPass - 2) < 1e-9)
        #expect(abs(fit.recording - 10) < 1e-6)
        #expect(abs(fit.sweep - 3) < 1e-9)
        #expect(fitCosts([]) == nil)
    }

    @Test func verdictNamesCrossoverRuleAndAuto() {
        let text = verdict(sampleCells())
        #expect(text.contains("Verdict: forward wins 6 of 9 cells, reverse 3."))
        #expect(text.contains("holds in 6 of 6 off-diagonal cells"))
        #expect(text.contains("m=8: forward up to n=8, reverse from n=64"))
        #expect(text.contains("m=1: forward up to n=1, reverse from n=8"))
        #expect(text.contains("m=64: forward for every n"))
        #expect(text.contains("forward = n directions x 2.00; reverse = recording 10.0 + m adjoints x 3.00"))
        #expect(text.contains("Auto: within 10% of the faster mode in"))
        #expect(verdict([]).isEmpty)
    }

    @Test func formatting() {
        #expect(formatSeconds(8.12e-7) == "812 ns")
        #expect(formatSeconds(4.213e-6) == "4.21 µs")
        #expect(formatSeconds(0.013) == "13.0 ms")
        #expect(formatSeconds(1.52) == "1.52 s")
        #expect(formatRatio(37.24) == "37.2x")
        #expect(formatRatio(.infinity) == "-")
        #expect(formatError(0) == "0" && formatError(3.1e-16) == "3.1e-16")
        #expect(formatCheck(-0.0437011730147) == "-0.0437011730147")
        #expect(formatBytes(512) == "512 B" && formatBytes(3 * 1024 * 1024) == "3.00 MiB")
        #expect(formatPercent(0.034) == "+3%" && formatPercent(-0.01) == "-1%")
        #expect(agreesWithReference(-6998.23080374 + 1e-9, -6998.23080374))
        #expect(!agreesWithReference(-6998.2309, -6998.23080374))
    }
}
