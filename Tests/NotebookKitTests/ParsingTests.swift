import Testing
@testable import NotebookKit

/// A notebook with every kind of segment: prose, a mermaid block holding a fake swift
/// fence, a run cell with output, a no-run cell, a cell without output, a measured cell.
let sample = """
    # Title

    Some prose.

    ```mermaid
    graph LR
    ```swift
    ```

    ```swift
    let x = 2
    print(x * 3)
    ```

    <!-- output -->
    ```text
    6
    ```

    ```swift no-run
    this is shown, not compiled
    ```

    ```swift
    let y = x + 1
    ```

    More prose.

    ```swift measured
    print("t =", 1.5, "ms")
    ```
    <!-- output -->
    ````text
    t = 1.5 ms
    ````
    End.

    """

@Suite struct Parsing {
    @Test func cellsKindsAndLines() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let cells = nb.cells
        #expect(cells.map(\.kind) == [.run, .noRun, .run, .measured])
        #expect(cells.map(\.firstCodeLine) == [11, 21, 25, 31])
        #expect(cells[0].code == "let x = 2\nprint(x * 3)\n")
        #expect(cells[0].output == OutputBlock(text: "6\n", markerLine: 15))
        #expect(cells[1].output == nil)
        #expect(cells[2].output == nil)
        #expect(cells[3].output?.text == "t = 1.5 ms\n")
        #expect(nb.executableCells.count == 3)
    }

    @Test func otherFencesStayProse() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        guard case .text(let first) = nb.segments[0] else { Issue.record("expected prose first"); return }
        #expect(first.contains("```mermaid\ngraph LR\n```swift\n```\n"))
    }

    @Test func renderingWithOwnOutputsKeepsProseAndCode() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let text = nb.rendered()
        // Only the output blocks are normalised: the blank line before the measured
        // cell's marker is added and its fence shortened.
        let expected =
            sample
            .replacingOccurrences(
                of: "```\n<!-- output -->\n````text\nt = 1.5 ms\n````",
                with: "```\n\n<!-- output -->\n```text\nt = 1.5 ms\n```")
        #expect(text == expected)
    }

    @Test(arguments: [
        ("```swift\nlet a = 1\n", NotebookError.unclosedFence(path: "p.md", line: 1)),
        ("x\n```swift norun\n```\n", NotebookError.unknownAttribute(path: "p.md", line: 2, attribute: "norun")),
        ("text\n<!-- output -->\n```text\n1\n```\n", NotebookError.orphanOutput(path: "p.md", line: 2)),
        ("```swift\n```\n<!-- output -->\nnot a fence\n", NotebookError.outputWithoutFence(path: "p.md", line: 3)),
        ("```swift\n```\n<!-- output -->\n```text\n1\n", NotebookError.unclosedFence(path: "p.md", line: 4))
    ])
    func malformedNotebooksNameFileAndLine(text: String, error: NotebookError) {
        #expect(throws: error) { try Notebook(parsing: text, path: "p.md") }
    }

    @Test func mermaidCellsGetAMermaidOutputFence() throws {
        let text = "```swift measured mermaid\nprint(\"graph LR\")\n```\n"
        let nb = try Notebook(parsing: text, path: "m.md")
        #expect(nb.cells[0].kind == .measured)
        #expect(nb.cells[0].outputFormat == "mermaid")
        let out = nb.replacingOutputs(["graph LR\n"]).rendered()
        #expect(out == text + "\n<!-- output -->\n```mermaid\ngraph LR\n```\n")
        #expect(try Notebook(parsing: out, path: "m.md").cells[0].output?.text == "graph LR\n")
    }

    @Test func fenceRules() {
        #expect(Fence.opening("```swift no-run\n") == Fence(character: "`", length: 3, info: "swift no-run"))
        #expect(Fence.opening("   ~~~~ text\n")?.length == 4)
        #expect(Fence.opening("    ```swift\n") == nil) // four spaces: indented code, not a fence
        #expect(Fence.opening("``swift\n") == nil)
        let f = Fence(character: "`", length: 4, info: "")
        #expect(f.isClosed(by: "````\n"))
        #expect(f.isClosed(by: "`````  \n"))
        #expect(!f.isClosed(by: "```\n"))
        #expect(!f.isClosed(by: "```` x\n"))
        #expect(Fence.backticks(wrapping: "a\n```\nb\n") == "````")
        #expect(Fence.backticks(wrapping: "plain\n") == "```")
    }
}
