import Testing
@testable import NotebookKit

@Suite struct OutputReplacement {
    @Test func replacingIsIdempotent() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let fresh = ["6\n", "", "t = 2.25 ms\n"]
        let once = nb.replacingOutputs(fresh).rendered()
        let twice = try Notebook(parsing: once, path: "nb.md").replacingOutputs(fresh).rendered()
        #expect(once == twice)
        #expect(try Notebook(parsing: once, path: "nb.md").rendered() == once)
    }

    @Test func outputsAreWrittenRemovedAndNormalised() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let out = try Notebook(parsing: nb.replacingOutputs(["", "y  \n\n\n", "x\n```\n"]).rendered(), path: "nb.md")
        let cells = out.cells
        #expect(cells[0].output == nil) // printed nothing: block removed
        #expect(cells[2].output?.text == "y\n") // trailing spaces and blank lines dropped
        #expect(cells[3].output?.text == "x\n```\n") // a longer fence wraps a fence in the output
        #expect(out.rendered().contains("````text\nx\n```\n````\n"))
    }

    @Test func noRunCellsLoseStaleBlocks() throws {
        let text = "```swift no-run\nf()\n```\n\n<!-- output -->\n```text\nold\n```\n"
        let nb = try Notebook(parsing: text, path: "n.md")
        #expect(nb.cells[0].output?.text == "old\n")
        #expect(nb.replacingOutputs([]).rendered() == "```swift no-run\nf()\n```\n")
        #expect(OutputCheck.differences(in: nb, fresh: []).count == 1)
    }
}

@Suite struct Check {
    @Test func unchangedOutputPasses() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        #expect(OutputCheck.differences(in: nb, fresh: ["6\n", "", "t = 1.5 ms\n"]).isEmpty)
    }

    @Test func changedOutputIsDetectedWithADiff() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let d = OutputCheck.differences(in: nb, fresh: ["7\n", "", "t = 1.5 ms\n"])
        #expect(d.count == 1)
        #expect(d.first?.line == 11)
        let diff = d.first?.unifiedDiff() ?? ""
        #expect(diff.contains("--- nb.md:11 (committed output)\n+++ nb.md:11 (fresh run)\n"))
        #expect(diff.hasSuffix("-6\n+7\n"))
    }

    @Test func newOutputWhereThereWasNoneIsDetected() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let d = OutputCheck.differences(in: nb, fresh: ["6\n", "surprise\n", "t = 1.5 ms\n"])
        #expect(d.map(\.line) == [25])
    }

    @Test func measuredCellsCompareWithNumbersMasked() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        #expect(OutputCheck.differences(in: nb, fresh: ["6\n", "", "t = 97.125 ms\n"]).isEmpty)
        let d = OutputCheck.differences(in: nb, fresh: ["6\n", "", "t = 1.5 s\n"])
        #expect(d.count == 1 && d[0].measured)
        // A run cell is compared exactly: a changed number counts.
        #expect(OutputCheck.differences(in: nb, fresh: ["6.0\n", "", "t = 1.5 ms\n"]).count == 1)
    }

    @Test func masking() {
        #expect(OutputCheck.masked("t = 1.5e-3 s (x12), n=1000.") == "t = # s (x#), n=#.")
        #expect(OutputCheck.masked("ratio -0.25 vs 3") == "ratio -# vs #")
        #expect(OutputCheck.masked("e5 stays, 2E+10 goes") == "e# stays, # goes")
    }

    @Test func diffKeepsCommonLines() {
        let lines = OutputCheck.diffLines(["a", "b", "c", "d"], ["a", "x", "c", "d", "e"])
        #expect(lines == [" a", "-b", "+x", " c", " d", "+e"])
    }
}
