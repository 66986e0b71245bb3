// Rendering of the chain, problems and compare commands into a CommandOutput.
import Foundation

/// The JSON document of `chain` and `problems`: tool, machine, options, rows, notes.
struct RowsDocument<Options: Encodable, Row: Encodable>: Encodable {
    var tool = "adbench", version = adbenchVersion
    let command: String, machine: MachineInfo, options: Options, rows: [Row], notes: [String], peakMemoryBytes: Int?
}

/// Renders Codable rows as pretty JSON with the machine and the options.
func jsonDocument<Options: Encodable, Row: Encodable>(command: String, options: Options, rows: [Row], notes: [String]) throws -> String {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
    encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
    let document = RowsDocument(
        command: command, machine: MachineInfo.current, options: options, rows: rows, notes: notes,
        peakMemoryBytes: peakMemoryBytes())
    return String(decoding: try encoder.encode(document), as: UTF8.self)
}

/// `adbench chain`.
func runChainCommand(_ options: ChainOptions, into output: inout CommandOutput) throws {
    let rows = options.compositionsOnly ? [] : try runChain(options)
    let compositions = try runCompositions(options)
    let table = chainTable(rows), compositionsTable = compositionTable(compositions)
    switch options.output.format {
    case .json:
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        let document = ChainDocument(
            command: "chain", machine: MachineInfo.current, options: options, rows: rows,
            compositions: compositions, notes: compositionVerdicts(compositions) + compositionTargets(compositions))
        output.deliver(String(decoding: try encoder.encode(document), as: UTF8.self), to: options.output.path)
    case .csv:
        output.deliver(
            rows.isEmpty ? compositionsTable.csv : table.csv + (compositions.isEmpty ? "" : "\n" + compositionsTable.csv),
            to: options.output.path)
    case .table, .markdown:
        let header = reportHeader("The A·B·C·d experiment: one product, several multiplication orders", sampling: options.sampling)
        var lines = [header, ""]
        if !rows.isEmpty { lines += [table.rendered(options.output.format), ""] }
        for chain in rows.map(\.chain).reduce(into: [String](), { if !$0.contains($1) { $0.append($1) } }) {
            let group = rows.filter { $0.chain == chain && !$0.order.hasPrefix("AutoDiff") }
            guard let cheap = group.min(by: { $0.multiplyAdds < $1.multiplyAdds }),
                let dear = group.max(by: { $0.multiplyAdds < $1.multiplyAdds }), cheap.multiplyAdds > 0
            else { continue }
            if dear.multiplyAdds == cheap.multiplyAdds {
                let spread = (group.map(\.seconds).max() ?? 0) / (group.map(\.seconds).min() ?? 1)
                lines.append(
                    "\(chain): every order needs the same \(cheap.multiplyAdds) multiply-adds; their times are within \(formatRatio(spread)).")
                continue
            }
            let follows = (dear.seconds >= cheap.seconds) || dear.multiplyAdds == cheap.multiplyAdds
            lines.append(
                "\(chain): \(dear.order) needs \(formatRatio(Double(dear.multiplyAdds) / Double(cheap.multiplyAdds))) the multiply-adds of \(cheap.order) "
                    + "and took \(formatRatio(dear.seconds / cheap.seconds)) the time: time \(follows ? "follows" : "does NOT follow") the count.")
        }
        if !rows.isEmpty {
            lines.append(
                "All orders give the same product (max diff column); forward mode builds J column by column (right to left), reverse row by row (left to right)."
            )
        }
        if !compositions.isEmpty {
            lines += [
                "",
                "Compositions of tanh layers: the Jacobian by forward mode, reverse mode and the cheapest bracketing (CompositionMode.bracketed), "
                    + "predicted by the calibrated CompositionCostModel and measured interleaved; multiply-adds counted at layer level.", "",
                compositionsTable.rendered(options.output.format), ""
            ]
            lines += compositionVerdicts(compositions) + [""] + compositionTargets(compositions)
        }
        output.deliver(lines.joined(separator: "\n"), to: options.output.path)
    }
    output.flagWrong(rows.filter(\.wrong).count + compositions.filter(\.wrong).count, "products")
}

/// `chain`'s JSON: the matrix products' rows as in every rows document, and the compositions'.
struct ChainDocument: Encodable {
    var tool = "adbench", version = adbenchVersion
    let command: String, machine: MachineInfo, options: ChainOptions, rows: [ChainRow], compositions: [CompositionRow], notes: [String]
}

/// `adbench problems`.
func runProblemsCommand(_ options: ProblemsOptions, progress: Bool, into output: inout CommandOutput) throws {
    let result = try withProgress(options, enabled: progress, sizes: problemSizes) { try runProblems(options, progress: $0) }
    try deliverProblemRows(
        "problems", result, options: options,
        heading: [
            "PROBLEMS.md P1-P6: each derivative against the plain-Double primal of the same generic code and the hand-coded derivative",
            "recording included in every reverse row; ns/op = time / (tape entries x sweeps); check = sum of the derivative's entries (primal rows: f)"
        ],
        peakMemory: true, into: &output)
}

/// `adbench compare`: Swift's built-in `_Differentiation` side by side with AutoDiff.
func runCompareCommand(_ options: ProblemsOptions, progress: Bool, into output: inout CommandOutput) throws {
    guard builtinDifferentiationAvailable else {
        output.text = "adbench compare: skipped: this toolchain has no _Differentiation module."
        return
    }
    let result = try withProgress(options, enabled: progress, sizes: compareSizes) { try runCompare(options, progress: $0) }
    try deliverProblemRows(
        "compare", result, options: options,
        heading: ["AutoDiff next to Swift's built-in _Differentiation (gradient(at:of:), row-wise pullbacks) and the hand-coded derivative"],
        peakMemory: false, into: &output)
}

/// Runs `run` with a progress bar over the cells `sizes` gives for the chosen problems.
/// - Throws: whatever `run` throws.
func withProgress(
    _ options: ProblemsOptions, enabled: Bool, sizes: (ProblemID, Int?) -> [(n: Int, m: Int?)],
    _ run: ((Int, String) -> Void) throws -> ProblemsResult
) rethrows -> ProblemsResult {
    let total = options.problems.compactMap(ProblemID.init(rawValue:)).map { sizes($0, options.maxSize).count }.reduce(0, +)
    let bar = Progress(total: total, enabled: enabled)
    let result = try run { k, label in bar.step(k, label) }
    bar.finish()
    return result
}

/// Renders the rows of `problems` or `compare` in the chosen format (the first heading
/// line is the title under the sampling header), with their notes, and flags wrong rows.
/// - Throws: JSON encoding errors.
func deliverProblemRows(
    _ command: String, _ result: ProblemsResult, options: ProblemsOptions, heading: [String],
    peakMemory: Bool, into output: inout CommandOutput
) throws {
    let table = problemsTable(result.rows)
    switch options.output.format {
    case .json: output.deliver(try jsonDocument(command: command, options: options, rows: result.rows, notes: result.notes), to: options.output.path)
    case .csv: output.deliver(table.csv, to: options.output.path)
    case .table:
        var lines = [reportHeader(heading[0], sampling: options.sampling)] + heading.dropFirst()
        lines += ["", table.text]
        if !result.notes.isEmpty { lines += [""] + result.notes.map { "note: " + $0 } }
        if peakMemory, let peak = peakMemoryBytes() { lines += ["", "peak memory \(formatBytes(peak))"] }
        output.deliver(lines.joined(separator: "\n"), to: options.output.path)
    case .markdown:
        var lines = [markdownReportHeader(heading[0], command: options.commandLine(command), sampling: options.sampling)]
        lines += heading.dropFirst().map { ["", $0.prefix(1).uppercased() + $0.dropFirst() + "."] }.joined()
        lines += ["", table.markdown]
        if !result.notes.isEmpty { lines += ["", "Notes:", ""] + result.notes.map { "- " + $0 } }
        if peakMemory, let peak = peakMemoryBytes() { lines += ["", "Peak memory \(formatBytes(peak))."] }
        output.deliver(lines.joined(separator: "\n"), to: options.output.path)
    }
    output.flagWrong(result.rows.filter(\.wrong).count, "rows")
}
