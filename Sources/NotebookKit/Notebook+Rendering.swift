extension Notebook {
    /// The notebook with each executed cell's output block replaced by `outputs[k]` (the
    /// k-th executable cell's fresh output): a block is written for non-empty output,
    /// removed for empty output; `no-run` cells lose any block they had.
    /// - Precondition: `outputs.count == executableCells.count`.
    /// - Complexity: O(number of segments).
    public func replacingOutputs(_ outputs: [String]) -> Notebook {
        precondition(
            outputs.count == executableCells.count,
            "\(outputs.count) outputs for \(executableCells.count) cells")
        var copy = self
        var k = 0
        for s in copy.segments.indices {
            guard case .cell(var cell) = copy.segments[s] else { continue }
            if cell.kind == .noRun {
                cell.output = nil
            } else {
                let text = Self.normalised(outputs[k])
                k += 1
                cell.output = text.isEmpty ? nil : OutputBlock(text: text, markerLine: cell.output?.markerLine ?? 0)
            }
            copy.segments[s] = .cell(cell)
        }
        return copy
    }

    /// The markdown text: prose and cells verbatim, each output block as one blank line,
    /// the marker, and a ```` ```text ```` (or ```` ```mermaid ````) fence long enough
    /// for its content.
    /// - Complexity: O(length of the result).
    public func rendered() -> String {
        var out = ""
        for segment in segments {
            switch segment {
            case .text(let t):
                out += t
            case .cell(let cell):
                out += cell.source
                guard let output = cell.output else { continue }
                if !cell.source.hasSuffix("\n") { out += "\n" }
                let fence = Fence.backticks(wrapping: output.text)
                out += "\n\(OutputBlock.marker)\n\(fence)\(cell.outputFormat)\n\(output.text)\(fence)\n"
            }
        }
        return out
    }

    /// Output text as stored: trailing whitespace trimmed from each line, blank lines at
    /// the end dropped, every line newline-terminated; empty when nothing was printed.
    static func normalised(_ text: String) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var l = line
            while let last = l.last, last == " " || last == "\t" || last == "\r" { l = l.dropLast() }
            return l
        }
        while let last = lines.last, last.isEmpty { lines.removeLast() }
        return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
    }
}
