// `adbench kernels` rendered: the peak line, the table of products, the machine-readable forms.
import AutoDiff

/// The table of `adbench kernels`: one row per product, form, thread count and variant.
/// - Complexity: O(rows).
public func kernelsTable(_ rows: [KernelRow]) -> TextTable {
    var table = TextTable(headers: [
        "product", "operands", "threads", "variant", "time", "GFLOP/s", "% of peak",
        "vs A·B", "vs 1 thread", "check"
    ])
    for row in rows {
        table.rows.append([
            row.shape.description, row.operands.rawValue, "\(row.threads)", row.variant, formatSeconds(row.seconds),
            formatFixed(row.gflops, digits: 1), formatFixed(100 * row.fractionOfPeak, digits: 0) + "%",
            formatRatio(row.ratioToPlain), row.threads == 1 ? "-" : formatRatio(row.speedup),
            formatError(row.checkError) + (row.wrong ? " WRONG" : "")
        ])
    }
    return table
}

/// The lines above the table: what is measured, the peak of each variant, the chosen variant.
func kernelsHeading(_ result: KernelsResult, sampling: SamplingOptions) -> [String] {
    let peaks = result.peaks.map { "\($0.variant) \(formatFixed($0.gflops, digits: 1))" }.joined(separator: ", ")
    return [
        reportHeader("The matrix-product kernel: C = op(A)·op(B), Double, row-major; GFLOP/s = 2·m·k·n / median time", sampling: sampling),
        "FMA peak of one core (independent fused multiply-adds on each variant's widest registers), GFLOP/s: \(peaks)",
        "% of peak = GFLOP/s / (threads × \(formatFixed(result.peak, digits: 1))); the fastest variant on this CPU: \(MatrixMultiplication.Variant.fastest)",
        "check: Freivalds' test |C·x − A·(B·x)| / magnitude for a random x (rounding: ~1e-16 to 1e-14)"
    ]
}

/// `adbench kernels`.
func runKernelsCommand(_ options: KernelsOptions, progress: Bool, into output: inout CommandOutput) throws {
    let bar = Progress(total: options.variants.count * options.shapes.count, enabled: progress)
    let result = try runKernels(options) { k, label in bar.step(k, label) }
    bar.finish()
    let table = kernelsTable(result.rows)
    switch options.output.format {
    case .json:
        output.deliver(
            try jsonDocument(
                command: "kernels", options: options, rows: result.rows,
                notes: kernelsHeading(result, sampling: options.sampling).dropFirst().map { $0 }),
            to: options.output.path)
    case .csv: output.deliver(table.csv, to: options.output.path)
    case .table, .markdown:
        let lines = kernelsHeading(result, sampling: options.sampling) + ["", table.rendered(options.output.format)]
        output.deliver(lines.joined(separator: "\n"), to: options.output.path)
    }
    output.flagWrong(result.rows.filter(\.wrong).count, "products")
}
