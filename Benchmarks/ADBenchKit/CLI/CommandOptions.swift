// Typed options of each command, read and checked from a parsed command line.
import Foundation

/// `adbench chain`: the chain's dimensions and the P2 sizes of its second part.
public struct ChainOptions: Sendable, Equatable, Codable {
    /// d0, d1, ..., dk: matrix i is d_i × d_{i+1}.
    public var dims: [Int] = [512, 64, 64, 64]
    /// Whether the chain ends with a vector (a last dimension 1 appended).
    public var vector = false
    /// P2 sizes n for the layer-Jacobian part.
    public var inputs: [Int] = [512, 1]
    /// P2 sizes m for the layer-Jacobian part (paired with `inputs` as a grid).
    public var outputs: [Int] = [1, 512]
    /// Compositions of tanh layers to differentiate: `patterns` (the four of notebook 03),
    /// one of them by name (`hourglass`, `diamond`, `wide-to-narrow`, `narrow-to-wide`),
    /// `p2` (P2's grid cut into its layers); empty for none.
    public var compositions: [String] = ["patterns", "p2"]
    /// Widths d_0,…,d_k of one more composition of tanh layers, if given.
    public var widths: [Int]?
    /// The levels the compositions run at.
    public var levels: [CompositionLevel] = CompositionLevel.allCases
    /// n and m of the P2 grid's compositions.
    public var p2Sizes: [Int] = [1, 8, 64, 512]
    /// Whether to skip the matrix part (random matrices and P2's layer Jacobians).
    public var compositionsOnly = false
    /// How long and how often to time each product.
    public var sampling = SamplingOptions()
    /// Where and how to report (not encoded).
    public var output = OutputOptions()

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey {
        case dims, vector, inputs, outputs, compositions, widths, levels, p2Sizes, compositionsOnly, sampling
    }
}

/// The names `--compositions` accepts.
let compositionNames = ["patterns", "hourglass", "diamond", "wide-to-narrow", "narrow-to-wide", "p2", "none"]

/// `adbench problems` / `adbench compare`: which problems, up to what size.
public struct ProblemsOptions: Sendable, Equatable, Codable {
    /// The problems, in order (default: all five).
    public var problems: [String] = ProblemID.allCases.map(\.rawValue)
    /// Sizes with more inputs than this are skipped (`nil`: PROBLEMS.md's sizes).
    public var maxSize: Int?
    /// How long and how often to time each body.
    public var sampling = SamplingOptions()
    /// Where and how to report (not encoded).
    public var output = OutputOptions()

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey { case problems, maxSize, sampling }
}

/// Reads and checks the sweep's options: names, lists, sizes that exist for the problem
/// and fit in memory.
func sweepOptions(_ parsed: ParsedCommand, usage: String, memoryLimit: Double) throws(UsageError) -> SweepOptions {
    var options = SweepOptions()
    if let name = parsed.string("problem") {
        guard let id = problemID(named: name) else {
            throw UsageError("unknown problem '\(name)' (expected one of: \(problemNames.joined(separator: ", ")))", usage: usage)
        }
        options.problem = id.rawValue
    }
    let id = options.problemID
    if id == .oscillator {
        throw UsageError(
            "oscillator has 5 inputs whatever its steps N: no grid of sizes to sweep (use 'adbench problems --problem p6')", usage: usage)
    }
    options.inputs = try parsed.integerList("inputs", usage: usage) ?? id.defaultInputs
    if id == .chain {
        options.outputs = try parsed.integerList("outputs", usage: usage) ?? [1, 8, 64, 512]
        options.hidden = try parsed.integer("hidden", usage: usage)
    } else {
        options.outputs = nil
        for name in ["outputs", "hidden"] where parsed.string(name) != nil {
            throw UsageError("'--\(name)' applies to --problem chain only (\(id.rawValue) has m fixed by n)", usage: usage)
        }
    }
    if id == .rosenbrock || id == .hvp, let small = options.inputs.first(where: { $0 < 2 }) {
        throw UsageError("\(id.rawValue) needs at least 2 inputs, got \(small)", usage: usage)
    }
    if id == .mlp, let other = options.inputs.first(where: { $0 != P4MLP.parameterCount }) {
        throw UsageError("mlp has exactly \(P4MLP.parameterCount) inputs (its weights), got \(other)", usage: usage)
    }
    options.modes = try parsed.choiceList("modes", in: ["forward", "reverse", "auto", "hand"], usage: usage) ?? options.modes
    if let level = try parsed.choice("level", in: ProblemLevel.allCases.map(\.rawValue), usage: usage) {
        options.level = ProblemLevel(rawValue: level)!
    }
    options.sampling = try sampling(parsed, usage: usage)
    for size in options.sizes {
        try checkMemory(
            estimatedBytes(id, n: size.n, m: size.m, hidden: options.hidden),
            what: "\(id.rawValue) at n=\(size.n)" + (size.m.map { ", m=\($0)" } ?? ""), limit: memoryLimit, usage: usage)
    }
    return options
}

/// Reads and checks `chain`'s options: at least two dimensions, affordable products.
func chainOptions(_ parsed: ParsedCommand, usage: String, memoryLimit: Double) throws(UsageError) -> ChainOptions {
    var options = ChainOptions()
    options.dims = try parsed.integerList("dims", usage: usage) ?? options.dims
    options.vector = parsed.flag("vector")
    guard options.dims.count + (options.vector ? 1 : 0) >= 2 else {
        throw UsageError("'--dims' needs at least 2 dimensions (one matrix), got \(options.dims.count)", usage: usage)
    }
    options.inputs = try parsed.integerList("inputs", usage: usage) ?? options.inputs
    options.outputs = try parsed.integerList("outputs", usage: usage) ?? options.outputs
    if let names = parsed.string("compositions") {
        var chosen: [String] = []
        for name in names.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces() }) {
            guard compositionNames.contains(name) else {
                throw UsageError(
                    "unknown composition '\(name)' in '--compositions \(names)' (expected any of: \(compositionNames.joined(separator: ", ")))",
                    usage: usage)
            }
            if name != "none" && !chosen.contains(name) { chosen.append(name) }
        }
        options.compositions = chosen
    }
    options.widths = try parsed.integerList("widths", usage: usage)
    if let widths = options.widths, widths.count < 2 {
        throw UsageError("'--widths' needs at least 2 widths (one layer), got \(widths.count)", usage: usage)
    }
    if let levels = parsed.string("levels") {
        var chosen: [CompositionLevel] = []
        for name in levels.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces() }) {
            guard let level = CompositionLevel(rawValue: name) else {
                throw UsageError("unknown level '\(name)' in '--levels \(levels)' (expected scalar, array)", usage: usage)
            }
            if !chosen.contains(level) { chosen.append(level) }
        }
        options.levels = chosen
    }
    options.p2Sizes = try parsed.integerList("p2-sizes", usage: usage) ?? options.p2Sizes
    options.compositionsOnly = parsed.flag("compositions-only")
    options.sampling = try sampling(parsed, usage: usage)
    options.output = try outputOptions(parsed, usage: usage)
    for widths in [options.widths ?? []] + (options.compositions.contains("p2") ? options.p2Sizes.map { [$0, 64, 64, $0] } : []) where !widths.isEmpty
    {
        let d = widths.map(Double.init)
        // Forward mode pushes d_0 columns through every layer; the tape holds a scalar-level entry per multiply-add.
        let work = zip(d, d.dropFirst()).map { $0 * $1 }.reduce(0, +) * max(d.first!, d.last!)
        // A scalar-level recording holds about two 24-byte entries per multiply-add of a layer.
        let layers = zip(d, d.dropFirst()).map { $0 * $1 }.reduce(0, +)
        try checkMemory(
            48 * layers + 8 * 4 * d.max()! * d.max()!, what: "the composition \(widths.map(String.init).joined(separator: ","))",
            limit: memoryLimit, usage: usage)
        if work > maximumMultiplyAdds {
            throw UsageError(
                "the composition \(widths.map(String.init).joined(separator: ",")) needs \(String(format: "%.3g", work)) multiply-adds per end-to-end Jacobian (limit \(String(format: "%.3g", maximumMultiplyAdds)))",
                usage: usage)
        }
    }
    let d = (options.dims + (options.vector ? [1] : [])).map(Double.init)
    let matrices = zip(d, d.dropFirst()).map { $0 * $1 }.reduce(0, +)
    let widest = d.max()! * d.max()!
    try checkMemory(
        8 * (matrices + 4 * widest), what: "the chain \(options.dims.map(String.init).joined(separator: ","))",
        limit: memoryLimit, usage: usage)
    let leftToRight = (1..<(d.count - 1)).map { d[0] * d[$0] * d[$0 + 1] }.reduce(0, +)
    let rightToLeft = (1..<(d.count - 1)).map { d[$0 - 1] * d[$0] * d[d.count - 1] }.reduce(0, +)
    let worst = max(leftToRight, rightToLeft)
    if worst > maximumMultiplyAdds {
        throw UsageError(
            "the chain needs \(String(format: "%.3g", worst)) multiply-adds in its worst order (limit \(String(format: "%.3g", maximumMultiplyAdds)), about a minute)",
            usage: usage)
    }
    for n in options.inputs {
        for m in options.outputs {
            try checkMemory(
                estimatedBytes(.chain, n: n, m: m, hidden: nil), what: "chain at n=\(n), m=\(m)",
                limit: memoryLimit, usage: usage)
        }
    }
    return options
}

/// Reads and checks the options of `problems` and `compare`.
func problemsOptions(_ parsed: ParsedCommand, usage: String) throws(UsageError) -> ProblemsOptions {
    var options = ProblemsOptions()
    if let names = parsed.string("problem") {
        var chosen: [String] = []
        for name in names.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces() }) {
            guard let id = problemID(named: name) else {
                throw UsageError(
                    "unknown problem '\(name)' in '--problem \(names)' (expected any of: \(problemNames.joined(separator: ", ")))", usage: usage)
            }
            if !chosen.contains(id.rawValue) { chosen.append(id.rawValue) }
        }
        options.problems = chosen
    }
    options.maxSize = try parsed.integer("max-size", usage: usage)
    options.sampling = try sampling(parsed, usage: usage)
    options.output = try outputOptions(parsed, usage: usage)
    return options
}
