extension Notebook {
    /// Parses a notebook's markdown.
    ///
    /// Other fenced blocks (mermaid, text, unmarked) stay prose, and a fence inside them
    /// is not mistaken for a cell. Blank lines between a cell and its output marker are
    /// dropped (rendering puts back exactly one).
    /// - Throws: ``NotebookError`` for an unclosed fence, an unknown cell attribute, or
    ///   an output marker in the wrong place, naming `path` and the line.
    /// - Complexity: O(length of the text).
    public init(parsing text: String, path: String) throws {
        let lines = text.linesKeepingNewlines
        var segments: [Segment] = []
        var prose = ""
        func flush() {
            if !prose.isEmpty { segments.append(.text(prose)); prose = "" }
        }
        func closing(_ fence: Fence, after start: Int) throws -> Int {
            guard let end = lines[(start + 1)...].firstIndex(where: { fence.isClosed(by: $0) }) else {
                throw NotebookError.unclosedFence(path: path, line: start + 1)
            }
            return end
        }

        var i = 0
        while i < lines.count {
            let line = lines[i]
            if line.trimmingSpaces == OutputBlock.marker {
                throw NotebookError.orphanOutput(path: path, line: i + 1)
            }
            guard let fence = Fence.opening(line) else {
                prose += line
                i += 1
                continue
            }
            let end = try closing(fence, after: i)
            let words = fence.info.split(separator: " ")
            guard words.first == "swift" else {
                prose += lines[i...end].joined()
                i = end + 1
                continue
            }
            var kind = Cell.Kind.run
            var format = "text"
            for word in words.dropFirst() {
                if word == "mermaid" { format = "mermaid"; continue }
                guard let k = Cell.Kind(rawValue: String(word)), k != .run else {
                    throw NotebookError.unknownAttribute(path: path, line: i + 1, attribute: String(word))
                }
                kind = k
            }
            var cell = Cell(
                kind: kind, outputFormat: format, source: lines[i...end].joined(),
                code: lines[(i + 1)..<end].joined(), firstCodeLine: i + 2)
            i = end + 1

            var k = i
            while k < lines.count, lines[k].trimmingSpaces.isEmpty { k += 1 }
            if k < lines.count, lines[k].trimmingSpaces == OutputBlock.marker {
                guard k + 1 < lines.count, let outFence = Fence.opening(lines[k + 1]) else {
                    throw NotebookError.outputWithoutFence(path: path, line: k + 1)
                }
                let outEnd = try closing(outFence, after: k + 1)
                cell.output = OutputBlock(text: lines[(k + 2)..<outEnd].joined(), markerLine: k + 1)
                i = outEnd + 1
            }
            flush()
            segments.append(.cell(cell))
        }
        flush()
        self.init(path: path, segments: segments)
    }
}
