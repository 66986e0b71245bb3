/// One output block of a notebook that differs from a fresh run.
public struct OutputDifference: Sendable, Equatable {
    /// The notebook's path.
    public var path: String
    /// The 1-based line of the cell's first code line.
    public var line: Int
    /// The committed output (empty when the notebook has no block).
    public var committed: String
    /// What the fresh run printed (normalised; empty for a `no-run` cell).
    public var fresh: String
    /// Whether the cell is `measured` (compared with numbers masked).
    public var measured: Bool

    /// A unified-style diff: a `---`/`+++` header naming the notebook and line, then
    /// every line of both outputs prefixed with ` `, `-` (committed only) or `+` (fresh
    /// only), at most `limit` lines of body.
    /// - Complexity: O(a · b) for outputs of a and b lines (a longest common subsequence).
    public func unifiedDiff(limit: Int = 60) -> String {
        let old = OutputCheck.lines(committed), new = OutputCheck.lines(fresh)
        var out = "--- \(path):\(line) (committed output\(measured ? ", numbers masked" : ""))\n"
        out += "+++ \(path):\(line) (fresh run)\n"
        out += "@@ -1,\(old.count) +1,\(new.count) @@\n"
        let body = OutputCheck.diffLines(old, new)
        for l in body.prefix(limit) { out += l + "\n" }
        if body.count > limit { out += "... \(body.count - limit) more lines\n" }
        return out
    }
}

/// Compares committed output blocks with a fresh run.
public enum OutputCheck {
    /// The differences between `notebook`'s output blocks and `fresh` (one output per
    /// executable cell, as the program printed it). Measured cells compare with every
    /// number masked; a `no-run` cell with an output block is a difference.
    /// - Complexity: O(total output length).
    public static func differences(in notebook: Notebook, fresh: [String]) -> [OutputDifference] {
        var result: [OutputDifference] = []
        var k = 0
        for cell in notebook.cells {
            let committed = cell.output?.text ?? ""
            if cell.kind == .noRun {
                if !committed.isEmpty {
                    result.append(
                        OutputDifference(
                            path: notebook.path, line: cell.firstCodeLine,
                            committed: committed, fresh: "", measured: false))
                }
                continue
            }
            let now = Notebook.normalised(fresh[k])
            k += 1
            let measured = cell.kind == .measured
            let same = measured ? masked(committed) == masked(now) : committed == now
            if !same {
                result.append(
                    OutputDifference(
                        path: notebook.path, line: cell.firstCodeLine,
                        committed: measured ? masked(committed) : committed,
                        fresh: measured ? masked(now) : now, measured: measured))
            }
        }
        return result
    }

    /// `text` with every number (digits, optional fraction and exponent) replaced by `#`:
    /// `t = 1.5e-3 s (x12)` → `t = # s (x#)`. A sign stays, so `-#` and `#` differ.
    /// - Complexity: O(length of `text`).
    public static func masked(_ text: String) -> String {
        var out = ""
        let chars = Array(text)
        var i = 0
        func isDigit(_ c: Character) -> Bool { c.isASCII && c.isNumber }
        while i < chars.count {
            guard isDigit(chars[i]) else { out.append(chars[i]); i += 1; continue }
            while i < chars.count, isDigit(chars[i]) { i += 1 }
            if i + 1 < chars.count, chars[i] == ".", isDigit(chars[i + 1]) {
                i += 1
                while i < chars.count, isDigit(chars[i]) { i += 1 }
            }
            if i < chars.count, chars[i] == "e" || chars[i] == "E" {
                var j = i + 1
                if j < chars.count, chars[j] == "-" || chars[j] == "+" { j += 1 }
                if j < chars.count, isDigit(chars[j]) {
                    i = j
                    while i < chars.count, isDigit(chars[i]) { i += 1 }
                }
            }
            out.append("#")
        }
        return out
    }

    /// The lines of `text` without their newlines (none for empty text).
    static func lines(_ text: String) -> [Substring] {
        text.isEmpty ? [] : text.dropLast(text.hasSuffix("\n") ? 1 : 0).split(separator: "\n", omittingEmptySubsequences: false)
    }

    /// A line diff by longest common subsequence: ` ` kept, `-` removed, `+` added.
    static func diffLines(_ a: [Substring], _ b: [Substring]) -> [String] {
        let n = a.count, m = b.count
        // table[i][j] = LCS length of a[i...] and b[j...]
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                table[i][j] = a[i] == b[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
            }
        }
        var out: [String] = []
        var i = 0, j = 0
        while i < n || j < m {
            if i < n, j < m, a[i] == b[j] {
                out.append(" " + a[i]); i += 1; j += 1
            } else if i < n, j == m || table[i + 1][j] >= table[i][j + 1] {
                out.append("-" + a[i]); i += 1
            } else {
                out.append("+" + b[j]); j += 1
            }
        }
        return out
    }
}
