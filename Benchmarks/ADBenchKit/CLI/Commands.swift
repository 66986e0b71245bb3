// adbench's commands: their options and help, and the translation of a parsed command
// line into a typed invocation with every value checked.

/// The exit status of adbench.
public enum ExitStatus: Int32, Sendable {
    /// Everything ran and every derivative agreed with its reference.
    case success = 0
    /// A derivative disagreed with its reference (WRONG in the output).
    case wrongResult = 1
    /// The command line was bad (message and usage on stderr).
    case badInput = 2
}

/// What adbench was asked to do, every value checked.
public enum Invocation: Sendable, Equatable {
    /// Print this text and exit 0 (`--help`).
    case help(String)
    /// Print the version and exit 0.
    case version
    /// The default comparison or `adbench sweep`.
    case sweep(SweepCommand)
    /// `adbench chain`.
    case chain(ChainOptions)
    /// `adbench problems`.
    case problems(ProblemsOptions)
    /// `adbench compare`.
    case compare(ProblemsOptions)
    /// `adbench fuzz`: `count` random programs of `level` from campaign seed `seed`.
    case fuzz(count: Int, seed: UInt64, level: FuzzLevel = .scalar)
    /// `adbench kernels`.
    case kernels(KernelsOptions)
}

/// Output choices shared by the commands.
public struct OutputOptions: Sendable, Equatable {
    /// How results are rendered.
    public var format: ReportFormat = .table
    /// A file to write the results to instead of stdout.
    public var path: String?
    /// An SVG file to draw (sweep only).
    public var plotPath: String?
}

/// `adbench` / `adbench sweep`: what to measure and where the results go.
public struct SweepCommand: Sendable, Equatable {
    /// What to measure.
    public var options = SweepOptions()
    /// Where and how to report.
    public var output = OutputOptions()
    /// Whether this is the default comparison (no command word).
    public var isDefault = false
}

/// The problem names `--problem` accepts: P1...P5 by label or by name.
public func problemID(named name: String) -> ProblemID? {
    let lower = name.lowercased()
    return ProblemID.allCases.first { $0.rawValue == lower || $0.label.lowercased() == lower }
}

let problemNames = ProblemID.allCases.flatMap { [$0.label.lowercased(), $0.rawValue] }
let samplingOptions = [
    OptionSpec("min-time", value: "SECONDS", help: "time each body at least this long (default 0.2)"),
    OptionSpec("repetitions", value: "N", help: "...or stop after N samples, whichever comes first")
]
let formatOption = OptionSpec("format", value: "FORMAT", help: "table (default), markdown, csv or json")
let outputOption = OptionSpec("output", value: "FILE", help: "write the results to FILE instead of stdout")

/// The specs of adbench's commands, the default (empty name) first.
public let adbenchCommands: [CommandSpec] = {
    let sweepOptions =
        [
            OptionSpec("problem", value: "NAME", help: "p1|rosenbrock, p2|chain (default), p3|hvp, p4|mlp, p5|tridiag"),
            OptionSpec("inputs", value: "LIST", help: "input sizes n, e.g. 1,8,64 (default: the problem's sizes)"),
            OptionSpec("outputs", value: "LIST", help: "output sizes m (chain only; default 1,8,64,512)"),
            OptionSpec("hidden", value: "N", help: "hidden width h (chain only; default 64)"),
            OptionSpec("modes", value: "LIST", help: "any of forward,reverse,auto,hand (default forward,reverse,auto)"),
            OptionSpec(
                "level", value: "LEVEL",
                help: "scalar (ADScalar: a tape entry per scalar operation) or array (ADTensor: per array operation); default scalar")
        ] + samplingOptions + [
            formatOption, outputOption,
            OptionSpec("plot", value: "FILE.svg", help: "draw the heatmap and time-vs-n charts to an SVG file")
        ]
    let problemsOptions =
        [
            OptionSpec("problem", value: "LIST", help: "which problems, e.g. p1,p4 (default: all six)"),
            OptionSpec("max-size", value: "N", help: "skip sizes with more than N inputs (default: none)")
        ] + samplingOptions + [formatOption, outputOption]
    let cost = "Cost rule: forward mode makes n passes, reverse mode one recording plus m sweeps."
    return [
        CommandSpec(
            name: "", summary: "the default comparison (P2 over n, m in {1, 8, 64, 512})",
            details:
                "Times the primal, forward, reverse and auto Jacobians of P2 over the grid and says where each mode wins.\n\(cost)\nCommands: sweep, chain, problems, compare, fuzz, kernels (adbench COMMAND --help). --version prints the version.",
            options: sweepOptions),
        CommandSpec(
            name: "sweep", summary: "time the modes over a grid of sizes for any problem",
            details:
                "Each cell times the plain-Double primal and each mode interleaved, and checks each derivative against the hand-coded one.\n\(cost)",
            options: sweepOptions),
        CommandSpec(
            name: "chain", summary: "the A·B·C·d experiment: multiplication order vs cost, and compositions' Jacobians in the cheapest order",
            details:
                "Random matrices d0×d1, d1×d2, ...: multiply-adds and time left-to-right, right-to-left and in the optimal order; then P2's layer Jacobians (forward mode = one order, reverse = the other). Then real compositions of tanh layers (the hourglass, diamond, wide-to-narrow and narrow-to-wide patterns, P2's grid cut into layers, chosen widths) at scalar and array level: the bracketed plan of the library's programme, and the predicted and measured seconds of forward mode, reverse mode, the plan and the library's drivers on the whole chain as one function, each checked against the layer Jacobians multiplied by hand.",
            options: [
                OptionSpec("dims", value: "LIST", help: "d0,d1,...,dk: k matrices (default 512,64,64,64)"),
                OptionSpec("vector", help: "end the chain with a vector (append a last dimension 1)"),
                OptionSpec("inputs", value: "LIST", help: "P2 sizes n for the layer-Jacobian part (default 512,1)"),
                OptionSpec("outputs", value: "LIST", help: "P2 sizes m for the layer-Jacobian part (default 1,512)"),
                OptionSpec(
                    "compositions", value: "LIST", help: "patterns (default, with p2), hourglass, diamond, wide-to-narrow, narrow-to-wide, p2, none"),
                OptionSpec("widths", value: "LIST", help: "d0,...,dk: one more composition of tanh layers of these widths (inputs first)"),
                OptionSpec("levels", value: "LIST", help: "scalar,array (default both)"),
                OptionSpec("p2-sizes", value: "LIST", help: "n and m of the p2 compositions (default 1,8,64,512)"),
                OptionSpec("compositions-only", help: "skip the random matrices and P2's layer Jacobians")
            ] + samplingOptions + [formatOption, outputOption]),
        CommandSpec(
            name: "problems", summary: "P1-P6 at their sizes: every derivative vs primal and hand-coded",
            details:
                "For each derivative: seconds, ratio to the plain-Double primal of the same generic code, ratio to the hand-coded derivative, the check value against PROBLEMS.md, tape size and ns per recorded operation.",
            options: problemsOptions),
        CommandSpec(
            name: "compare", summary: "the same problems by Swift's built-in _Differentiation, side by side",
            details: "Where the toolchain has _Differentiation: gradients by gradient(at:of:) next to AutoDiff's.",
            options: problemsOptions),
        CommandSpec(
            name: "fuzz", summary: "random programs: forward = reverse = central differences",
            details:
                "Draws random programs over every ADScalar operation (shapes R^n -> R^m, inputs inside the domains), checks forward mode = reverse mode (every chunk size) = central differences on each, and prints programs, operations, mismatches (0 expected), skipped draws and seconds; each mismatch is shrunk and printed as Swift source. Exit status 1 on any mismatch. --level array draws array programs instead (broadcast shapes, matmul, reductions, shape operations, select, elementwise maps) and checks the array layer's forward = reverse = the scalar layer's Jacobian = central differences, and HVPs.",
            options: [
                OptionSpec("count", value: "N", help: "programs (default 2000)"),
                OptionSpec("seed", value: "S", help: "campaign seed (default 1)"),
                OptionSpec("level", value: "LEVEL", help: "scalar (default): ADScalar programs; array: ADTensor programs, also vs the scalar layer")
            ]),
        kernelsCommand
    ]
}()

/// Parses adbench's command line into an ``Invocation``.
/// - Parameter memoryLimit: bytes a run may need at most (default: 80% of physical memory);
///   sizes estimated to need more are refused.
/// - Throws: ``UsageError`` naming the first problem found.
/// - Complexity: O(arguments × options) plus the size checks.
public func parseInvocation(_ arguments: [String], memoryLimit: Double = defaultMemoryLimit) throws(UsageError) -> Invocation {
    let parsed = try parseArguments(arguments, commands: adbenchCommands)
    let spec = adbenchCommands.first { $0.name == parsed.command }!
    if parsed.wantsHelp { return .help(parsed.command.isEmpty ? spec.help + "\n\n" + commandList(adbenchCommands) : spec.help) }
    if parsed.wantsVersion { return .version }
    let usage = spec.usage
    switch parsed.command {
    case "", "sweep":
        var command = SweepCommand(isDefault: parsed.command.isEmpty)
        command.options = try sweepOptions(parsed, usage: usage, memoryLimit: memoryLimit)
        command.output = try outputOptions(parsed, usage: usage)
        return .sweep(command)
    case "chain":
        return .chain(try chainOptions(parsed, usage: usage, memoryLimit: memoryLimit))
    case "fuzz":
        return .fuzz(
            count: try parsed.integer("count", minimum: 0, usage: usage) ?? 2000,
            seed: try parsed.unsignedInteger("seed", usage: usage) ?? 1,
            level: try parsed.choice("level", in: FuzzLevel.allCases.map(\.rawValue), usage: usage)
                .flatMap(FuzzLevel.init(rawValue:)) ?? .scalar)
    case "kernels":
        return .kernels(try kernelsOptions(parsed, usage: usage, memoryLimit: memoryLimit))
    default:
        let options = try problemsOptions(parsed, usage: usage)
        return parsed.command == "problems" ? .problems(options) : .compare(options)
    }
}

/// The sampling options of a parsed command.
func sampling(_ parsed: ParsedCommand, usage: String) throws(UsageError) -> SamplingOptions {
    SamplingOptions(
        minTime: try parsed.seconds("min-time", usage: usage) ?? 0.2,
        repetitions: try parsed.integer("repetitions", usage: usage))
}

/// The output options of a parsed command.
func outputOptions(_ parsed: ParsedCommand, usage: String) throws(UsageError) -> OutputOptions {
    var output = OutputOptions()
    output.format =
        try parsed.choice("format", in: ReportFormat.allCases.map(\.rawValue), usage: usage)
        .flatMap(ReportFormat.init(rawValue:)) ?? .table
    output.path = parsed.string("output")
    output.plotPath = parsed.string("plot")
    for (name, path) in [("output", output.path), ("plot", output.plotPath)] where path?.isEmpty == true {
        throw UsageError("missing value for '--\(name)' (expected a file name)", usage: usage)
    }
    return output
}
