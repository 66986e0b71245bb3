/// A CommonMark code fence: up to three spaces, then three or more backticks or tildes,
/// then an info string (opening fences only).
struct Fence: Equatable {
    /// `` ` `` or `~`.
    var character: Character
    /// The number of fence characters (at least 3).
    var length: Int
    /// The info string after the fence, trimmed (`swift no-run`).
    var info: String

    /// The fence that `line` opens, or nil if it is not a fence line.
    /// - Complexity: O(line length).
    static func opening(_ line: Substring) -> Fence? {
        let body = line.trimmingNewline
        var rest = body[...]
        var indent = 0
        while rest.first == " ", indent < 4 { rest = rest.dropFirst(); indent += 1 }
        guard indent <= 3, let c = rest.first, c == "`" || c == "~" else { return nil }
        let run = rest.prefix { $0 == c }
        guard run.count >= 3 else { return nil }
        let info = rest.dropFirst(run.count).trimmingSpaces
        // A backtick fence's info string may not contain backticks (CommonMark 4.5).
        if c == "`", info.contains("`") { return nil }
        return Fence(character: c, length: run.count, info: String(info))
    }

    /// Whether `line` closes this fence: the same character, at least as many, nothing else.
    /// - Complexity: O(line length).
    func isClosed(by line: Substring) -> Bool {
        let body = line.trimmingNewline
        var rest = body[...]
        var indent = 0
        while rest.first == " ", indent < 4 { rest = rest.dropFirst(); indent += 1 }
        guard indent <= 3 else { return false }
        let run = rest.prefix { $0 == character }
        return run.count >= length && rest.dropFirst(run.count).trimmingSpaces.isEmpty
    }

    /// A backtick fence long enough to wrap `text` (longer than any backtick run that
    /// starts one of its lines), at least three.
    static func backticks(wrapping text: String) -> String {
        var longest = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let run = line.drop { $0 == " " }.prefix { $0 == "`" }.count
            longest = max(longest, run)
        }
        return String(repeating: "`", count: max(3, longest + 1))
    }
}

extension Substring {
    /// The line without its trailing `\n` (and `\r`).
    var trimmingNewline: Substring {
        var s = self
        while let last = s.last, last == "\n" || last == "\r" { s = s.dropLast() }
        return s
    }

    /// The text without leading and trailing spaces and tabs.
    var trimmingSpaces: Substring {
        var s = self
        while let f = s.first, f == " " || f == "\t" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\n" || l == "\r" { s = s.dropLast() }
        return s
    }
}

extension String {
    /// The lines of the text, each keeping its `\n` (the last may lack one).
    var linesKeepingNewlines: [Substring] {
        var lines: [Substring] = []
        var start = startIndex
        var i = startIndex
        while i < endIndex {
            let next = index(after: i)
            if self[i] == "\n" {
                lines.append(self[start..<next])
                start = next
            }
            i = next
        }
        if start < endIndex { lines.append(self[start..<endIndex]) }
        return lines
    }
}
