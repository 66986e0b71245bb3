/// What can go wrong reading, building or running notebooks; each message is one line
/// that names the file and line where there is one.
public enum NotebookError: Error, Equatable, CustomStringConvertible {
    /// A fence opened at `line` is never closed.
    case unclosedFence(path: String, line: Int)
    /// A `swift` cell's info string has a word the runner does not know.
    case unknownAttribute(path: String, line: Int, attribute: String)
    /// An `<!-- output -->` marker that does not follow a code cell.
    case orphanOutput(path: String, line: Int)
    /// An `<!-- output -->` marker not followed by a fenced block.
    case outputWithoutFence(path: String, line: Int)
    /// A notebook named on the command line that does not exist.
    case noSuchNotebook(name: String, available: [String])
    /// The generated package failed to build; `log` holds the compiler output, whose
    /// locations point into the notebooks.
    case buildFailed(log: String)
    /// A notebook program stopped with a non-zero status.
    case runFailed(path: String, line: Int, status: Int32, stderr: String)
    /// A subprocess could not be started, or a file could not be read or written.
    case io(String)

    /// The one-line message.
    public var description: String {
        switch self {
        case .unclosedFence(let p, let l): "\(p):\(l): code fence is never closed"
        case .unknownAttribute(let p, let l, let a):
            "\(p):\(l): unknown cell attribute '\(a)' (expected \(Cell.Kind.attributes.joined(separator: " or ")))"
        case .orphanOutput(let p, let l): "\(p):\(l): '\(OutputBlock.marker)' does not follow a swift cell"
        case .outputWithoutFence(let p, let l): "\(p):\(l): '\(OutputBlock.marker)' must be followed by a fenced block"
        case .noSuchNotebook(let n, let a):
            "no notebook named '\(n)' (have: \(a.isEmpty ? "none" : a.joined(separator: ", ")))"
        case .buildFailed: "building the notebooks failed (compiler output above)"
        case .runFailed(let p, let l, let s, _): "\(p):\(l): the cell starting here stopped the program (exit status \(s))"
        case .io(let m): m
        }
    }
}

extension Cell.Kind {
    /// The words accepted after `swift` in a cell's info string.
    static var attributes: [String] { [Self.noRun.rawValue, Self.measured.rawValue, "mermaid"] }
}
