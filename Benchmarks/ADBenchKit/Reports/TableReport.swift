// Tables: a small text-table type rendered as aligned text, markdown or CSV, and the
// sweep's table (one row per size, a column pair per mode, the winner and auto's distance).

/// The output formats of `--format`.
public enum ReportFormat: String, CaseIterable, Sendable, Codable {
    /// Aligned columns for a terminal.
    case table
    /// A GitHub-flavoured markdown table.
    case markdown
    /// Comma-separated values, one record per line.
    case csv
    /// The JSON report (machine, options, cells).
    case json
}

/// A table of strings with a header row; numbers are right-aligned in text and markdown.
public struct TextTable: Sendable, Equatable {
    /// Column titles.
    public var headers: [String]
    /// Rows, each with `headers.count` entries.
    public var rows: [[String]]

    /// A table with the given titles and rows.
    public init(headers: [String], rows: [[String]] = []) {
        self.headers = headers
        self.rows = rows
    }

    /// Aligned columns separated by two spaces, a dashed line under the header.
    /// - Complexity: O(total characters).
    public var text: String {
        let widths = headers.indices.map { c in ([headers[c]] + rows.map { $0[c] }).map(\.count).max() ?? 0 }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { c, cell in
                let pad = String(repeating: " ", count: widths[c] - cell.count)
                return c == 0 ? pad + cell : pad + cell
            }.joined(separator: "  ")
        }
        let rule = widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ")
        return ([line(headers), rule] + rows.map(line)).joined(separator: "\n")
    }

    /// A markdown table (columns right-aligned).
    /// - Complexity: O(total characters).
    public var markdown: String {
        let escape = { (s: String) in s.replacingAll("|", with: "\\|") }
        let head = "| " + headers.map(escape).joined(separator: " | ") + " |"
        let rule = "|" + headers.map { _ in "---:|" }.joined()
        return ([head, rule] + rows.map { "| " + $0.map(escape).joined(separator: " | ") + " |" }).joined(separator: "\n")
    }

    /// RFC 4180 CSV: fields with a comma, quote or newline are quoted, quotes doubled.
    /// - Complexity: O(total characters).
    public var csv: String {
        ([headers] + rows).map { $0.map(csvField).joined(separator: ",") }.joined(separator: "\n")
    }

    /// The table in `format` (JSON is not a table format; it falls back to text).
    public func rendered(_ format: ReportFormat) -> String {
        switch format {
        case .markdown: markdown
        case .csv: csv
        case .table, .json: text
        }
    }
}

/// One CSV field, quoted when needed.
func csvField(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) else { return field }
    return "\"" + field.replacingAll("\"", with: "\"\"") + "\""
}

extension String {
    /// Every occurrence of `target` replaced (no Foundation needed).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        for c in self { if c == target { out += replacement } else { out.append(c) } }
        return out
    }
}

/// The sweep's table: one row per (n, m); for each mode its median time and ratio to
/// the primal; `auto`'s pick; the faster of forward and reverse, by what factor, and how
/// far auto is from it; the largest error, marked `WRONG` when over tolerance.
/// - Complexity: O(cells · sizes).
public func sweepTable(_ cells: [MeasuredRow]) -> TextTable {
    let modes = (["forward", "reverse", "auto", "hand"] as [String]).filter { mode in cells.contains { $0.mode == mode } }
    var headers = ["n", "m", "primal"]
    for mode in modes {
        headers += [mode, "x primal"]
        if mode == "auto" { headers += ["picked", "predicted"] }
    }
    let compares = modes.contains("forward") && modes.contains("reverse")
    if compares { headers += ["winner", "by"] }
    if compares && modes.contains("auto") { headers.append("auto vs best") }
    headers.append("max error")
    var table = TextTable(headers: headers)
    for size in cells.sizes {
        let row = cells.filter { $0.n == size.n && $0.m == size.m }
        guard let first = row.first else { continue }
        var line = ["\(size.n)", "\(size.m)", formatSeconds(first.primalSeconds)]
        for mode in modes {
            let cell = row.first { $0.mode == mode }
            line += [cell.map { formatSeconds($0.seconds) } ?? "-", cell.map { formatRatio($0.ratioToPrimal) } ?? "-"]
            if mode == "auto" { line += [cell?.picked ?? "-", cell?.predictedSeconds.map(formatSeconds) ?? "-"] }
        }
        if compares {
            let f = row.first { $0.mode == "forward" }, r = row.first { $0.mode == "reverse" }
            if let f, let r {
                let best = min(f.seconds, r.seconds)
                line += [f.seconds <= r.seconds ? "forward" : "reverse", formatRatio(max(f.seconds, r.seconds) / best)]
                if modes.contains("auto") {
                    line.append(row.first { $0.mode == "auto" }.map { formatPercent($0.seconds / best - 1) } ?? "-")
                }
            } else {
                line += ["-", "-"] + (modes.contains("auto") ? ["-"] : [])
            }
        }
        let worst = row.compactMap(\.maxAbsError).max() ?? 0
        line.append(formatError(worst) + (row.hasWrongResult ? " WRONG" : ""))
        table.rows.append(line)
    }
    return table
}

/// A signed percentage: "+3%", "-1%", "+120%".
public func formatPercent(_ fraction: Double) -> String {
    guard fraction.isFinite else { return "-" }
    let percent = Int((fraction * 100).rounded())
    return (percent >= 0 ? "+" : "") + "\(percent)%"
}

/// One CSV line per cell with every field of ``MeasuredRow`` (the machine-readable table).
/// - Complexity: O(cells).
public func cellsCSV(_ cells: [MeasuredRow]) -> String {
    let headers = [
        "problem", "n", "m", "derivative", "mode", "picked", "seconds", "minSeconds", "primalSeconds",
        "ratioToPrimal", "ratioToHand", "samples", "passes", "sweeps", "predictedSeconds", "tapeEntries",
        "tapeBytes", "nsPerOperation", "check", "reference", "maxAbsError", "wrong"
    ]
    func field<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "" }
    let rows = cells.map { c in
        [
            c.problem, "\(c.n)", "\(c.m)", c.derivative, field(c.mode), field(c.picked), "\(c.seconds)", "\(c.minSeconds)",
            "\(c.primalSeconds)", "\(c.ratioToPrimal)", field(c.ratioToHand), "\(c.samples)", field(c.passes), field(c.sweeps),
            field(c.predictedSeconds), field(c.tapeEntries), field(c.tapeBytes), field(c.nsPerOperation), field(c.check),
            field(c.reference), field(c.maxAbsError), "\(c.wrong)"
        ]
    }
    return TextTable(headers: headers, rows: rows).csv
}
