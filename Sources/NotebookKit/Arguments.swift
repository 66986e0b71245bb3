/// The `notebooks` command line, parsed.
public struct Arguments: Sendable, Equatable {
    /// Print the help text and stop.
    public var help = false
    /// Compare instead of writing: exit 1 if any output block differs from a fresh run.
    public var check = false
    /// Notebooks named on the command line (all when empty).
    public var notebooks: [String] = []
    /// The repository root (default: the current directory).
    public var root: String?
    /// The generated package's folder (default: `<root>/.build-notebooks`).
    public var scratchPath: String?

    /// Arguments with every default.
    public init() {}

    /// A usage error: one line, exit status 2.
    public struct UsageError: Error, Equatable, CustomStringConvertible {
        /// The message, without the program name.
        public var message: String
        /// The one-line message, ending with where to look for help.
        public var description: String { "notebooks: \(message) (see notebooks --help)" }
    }

    /// Parses the arguments after the program name.
    /// - Throws: ``UsageError`` for an unknown option or a missing option value.
    /// - Complexity: O(number of arguments).
    public init(parsing arguments: [String]) throws(UsageError) {
        self.init()
        var rest = arguments[...]
        func value(for option: String) throws(UsageError) -> String {
            guard let v = rest.popFirst(), !v.hasPrefix("-") else {
                throw UsageError(message: "option \(option) needs a value")
            }
            return v
        }
        var onlyNames = false
        while let a = rest.popFirst() {
            if onlyNames || !a.hasPrefix("-") {
                notebooks.append(a)
                continue
            }
            switch a {
            case "--": onlyNames = true
            case "-h", "--help": help = true
            case "--check": check = true
            case "--root": root = try value(for: a)
            case "--scratch-path": scratchPath = try value(for: a)
            default: throw UsageError(message: "unknown option '\(a)'")
            }
        }
    }

    /// The help text.
    public static let helpText = """
        USAGE: notebooks [--check] [--root <dir>] [--scratch-path <dir>] [<notebook> ...]

        Runs the Swift cells of the markdown notebooks in notebooks/ and writes what each
        cell printed into the output block under it (marked <!-- output -->).

        ARGUMENTS:
          <notebook>             A notebook to run: file name with or without .md, or a
                                 unique prefix (01). Default: every notebooks/*.md.

        OPTIONS:
          --check                Write nothing; exit 1 and print a diff if any output block
                                 or figure differs from a fresh run. Cells fenced as
                                 ```swift measured are compared with numbers masked.
                                 Figures (NOTEBOOK_FIGURES) are compared byte for byte.
          --root <dir>           The repository root (default: current directory).
          --scratch-path <dir>   Where the generated package is built
                                 (default: <root>/.build-notebooks).
          -h, --help             Show this help.

        CELLS:
          ```swift               compiled and run; cells of a notebook share one program
          ```swift no-run        shown only
          ```swift measured      run; output holds timings, checked with numbers masked
          ```swift mermaid       run; output is a mermaid diagram, fenced as ```mermaid

        EXIT STATUS: 0 success, 1 differences or a failed build/run, 2 usage error.
        """
}
