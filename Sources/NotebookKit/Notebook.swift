/// A parsed notebook: a markdown document cut into prose, Swift code cells, and the
/// output blocks the runner owns.
///
/// A code cell is a fenced block whose info string starts with `swift`:
///
/// ````markdown
/// ```swift                 executed; its output goes into the block below
/// ```swift no-run          shown, never executed
/// ```swift measured        executed; numbers in its output are masked by --check
/// ```swift mermaid         executed; its output is a mermaid diagram (fenced as such)
/// ````
///
/// Attributes combine (`swift measured mermaid`).
///
/// An output block is the marker line `<!-- output -->` (an HTML comment: invisible on
/// GitHub) followed by a fenced block, right after a cell (blank lines may separate
/// them). The runner writes it, replaces it, and removes it when the cell prints nothing.
///
/// Rendering a notebook with its own outputs gives back the text it was parsed from,
/// except that output blocks are normalised (one blank line before the marker).
public struct Notebook: Sendable, Equatable {
    /// The path the notebook was read from (used in messages and `#sourceLocation`).
    public var path: String
    /// The document in order.
    public var segments: [Segment]

    /// Creates a notebook from its parts.
    public init(path: String, segments: [Segment]) {
        self.path = path
        self.segments = segments
    }

    /// One piece of a notebook.
    public enum Segment: Sendable, Equatable {
        /// Text kept verbatim (prose, headings, other fenced blocks), newlines included.
        case text(String)
        /// A Swift code cell, with the output block that follows it, if any.
        case cell(Cell)
    }

    /// The code cells in document order.
    /// - Complexity: O(number of segments).
    public var cells: [Cell] {
        segments.compactMap { if case .cell(let c) = $0 { c } else { nil } }
    }

    /// The cells the runner executes (every cell but `no-run` ones), in order.
    public var executableCells: [Cell] { cells.filter { $0.kind != .noRun } }
}

/// A Swift code cell of a notebook.
public struct Cell: Sendable, Equatable {
    /// How the runner treats a cell.
    public enum Kind: String, Sendable, Equatable, CaseIterable {
        /// Executed, output compared exactly by `--check`.
        case run
        /// Shown only (`swift no-run`): never compiled, never given an output block.
        case noRun = "no-run"
        /// Executed (`swift measured`); `--check` compares its output with every
        /// number masked, because timings differ from run to run.
        case measured
    }

    /// How the runner treats this cell.
    public var kind: Kind
    /// The info string of the output block's fence: `text`, or `mermaid` for a cell
    /// marked `mermaid` (GitHub draws the diagram).
    public var outputFormat: String
    /// The verbatim fenced block: opening fence, code, closing fence, final newline.
    public var source: String
    /// The code between the fences, newline-terminated lines.
    public var code: String
    /// The 1-based line in the notebook of the first code line.
    public var firstCodeLine: Int
    /// The output block after the cell, if the notebook has one.
    public var output: OutputBlock?

    /// Creates a cell from its parts.
    public init(
        kind: Kind, outputFormat: String = "text", source: String, code: String, firstCodeLine: Int,
        output: OutputBlock? = nil
    ) {
        self.kind = kind
        self.outputFormat = outputFormat
        self.source = source
        self.code = code
        self.firstCodeLine = firstCodeLine
        self.output = output
    }
}

/// The output block under a cell: what the cell printed when the notebook was last run.
public struct OutputBlock: Sendable, Equatable {
    /// The printed text, newline-terminated lines (empty never occurs: empty output
    /// has no block).
    public var text: String
    /// The 1-based line of the `<!-- output -->` marker in the notebook.
    public var markerLine: Int

    /// Creates an output block.
    public init(text: String, markerLine: Int) {
        self.text = text
        self.markerLine = markerLine
    }

    /// The marker line that introduces an output block.
    public static let marker = "<!-- output -->"
}
