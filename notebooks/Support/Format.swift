// Shared helpers for the notebooks (module NotebookSupport, imported by every notebook).
// Formatting: numbers as a reader wants to see them, and aligned text tables.
import Foundation

/// `x` with `significant` significant digits (`%g` style, trailing zeros dropped):
/// `fmt(0.731058578630) == "0.731059"`, `fmt(-4) == "-4"`. Minus zero prints as `0`.
public func fmt(_ x: Double, _ significant: Int = 6) -> String {
    if x == 0 { return "0" }
    return String(format: "%.\(significant)g", x)
}

/// `x` rounded to `digits` significant digits, written without an exponent for
/// 1e-4 <= |x| < 1e15: `sig(462.3, 2) == "460"`, `sig(1.234, 2) == "1.2"`.
public func sig(_ x: Double, _ digits: Int) -> String {
    guard x != 0, x.isFinite, abs(x) >= 1e-4, abs(x) < 1e15 else { return fmt(x, digits) }
    let rounded = Double(String(format: "%.\(digits)g", x))!
    let magnitude = Int(log10(abs(rounded)).rounded(.down))
    return String(format: "%.\(max(0, digits - 1 - magnitude))f", rounded)
}

/// `x` with `decimals` digits after the point: `fixed(0.19661, 4) == "0.1966"`.
public func fixed(_ x: Double, _ decimals: Int) -> String {
    let s = String(format: "%.\(decimals)f", x)
    return Double(s) == 0 ? String(format: "%.\(decimals)f", 0.0) : s
}

/// A plain-text table: a header row, a rule, then the rows, columns padded to line up.
/// Columns whose cells all look numeric are right-aligned.
public func table(_ header: [String], _ rows: [[String]]) -> String {
    let columns = header.count
    var width = header.map(\.count)
    for row in rows { for (j, cell) in row.enumerated() where j < columns { width[j] = max(width[j], cell.count) } }
    let numeric = (0..<columns).map { j in
        !rows.isEmpty && rows.allSatisfy { j < $0.count && Double($0[j]) != nil }
    }
    func line(_ cells: [String]) -> String {
        (0..<columns).map { j in
            let c = j < cells.count ? cells[j] : ""
            let pad = String(repeating: " ", count: width[j] - c.count)
            return numeric[j] ? pad + c : c + pad
        }.joined(separator: "  ")
    }
    var out = line(header) + "\n"
    out += width.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
    for row in rows { out += line(row) + "\n" }
    return out
}
