/// A partition of a pattern's columns (or rows) into groups ("colours") of structurally
/// orthogonal ones: no two columns of one colour have a nonzero in the same row. One
/// forward pass seeded with all columns of a colour then reads each of their entries
/// directly from the outputs (the compressed Jacobian); for rows, one reverse sweep per
/// colour.
///
/// Built by greedy distance-2 colouring of the column intersection graph (columns j and k
/// are adjacent when they share a row). Ordering heuristic: **largest first**, columns
/// visited by decreasing number of adjacent columns (their distance-2 degree), ties by
/// ascending index; each takes the smallest colour none of its neighbours has. A
/// tridiagonal pattern needs 3 colours; an arrow pattern (one dense row and column) n.
public struct Coloring: Equatable, Hashable, Sendable {
    /// The colour of each column (or row), in `0..<count`.
    public let colors: [Int]
    /// The number of colours used.
    public let count: Int

    /// A colouring from explicit colours (e.g. a known one), not checked against a
    /// pattern: see ``isValidColumnColoring(of:)``.
    public init(colors: [Int]) {
        self.colors = colors
        self.count = (colors.max() ?? -1) + 1
    }

    /// The greedy largest-first colouring of `pattern`'s columns (forward mode).
    /// - Complexity: O(Σ over rows of (row length)²) time, O(rows + columns) memory.
    public static func columns(of pattern: SparsityPattern) -> Coloring {
        greedy(pattern, byColumn: pattern.transposed)
    }

    /// The greedy largest-first colouring of `pattern`'s rows (reverse mode): no two
    /// rows of one colour share a column.
    /// - Complexity: as ``columns(of:)`` on the transpose.
    public static func rows(of pattern: SparsityPattern) -> Coloring {
        greedy(pattern.transposed, byColumn: pattern)
    }

    /// Whether no two columns of one colour share a row of `pattern`.
    /// - Complexity: O(nonzeros).
    public func isValidColumnColoring(of pattern: SparsityPattern) -> Bool {
        guard colors.count == pattern.columns, colors.allSatisfy({ $0 >= 0 }) else { return false }
        var seen = [Int](repeating: -1, count: count)
        for i in 0..<pattern.rows {
            for j in pattern.columns(inRow: i) {
                let c = colors[j]
                if seen[c] == i { return false }
                seen[c] = i
            }
        }
        return true
    }

    /// Whether no two rows of one colour share a column of `pattern`.
    public func isValidRowColoring(of pattern: SparsityPattern) -> Bool {
        isValidColumnColoring(of: pattern.transposed)
    }

    /// The columns (or rows) of each colour, ascending: `groups[c]`.
    public var groups: [[Int]] {
        var groups = [[Int]](repeating: [], count: count)
        for (j, c) in colors.enumerated() { groups[c].append(j) }
        return groups
    }

    /// Greedy distance-2 colouring of the columns of `pattern`; `byColumn` is its
    /// transpose (row lists per column).
    static func greedy(_ pattern: SparsityPattern, byColumn: SparsityPattern) -> Coloring {
        let n = pattern.columns
        if n == 0 { return Coloring(colors: []) }
        // Distance-2 degree of each column: the distinct other columns sharing a row.
        var mark = [Int](repeating: -1, count: n)
        var degree = [Int](repeating: 0, count: n)
        for j in 0..<n {
            mark[j] = j
            for i in byColumn.columns(inRow: j) {
                for k in pattern.columns(inRow: i) where mark[k] != j {
                    mark[k] = j
                    degree[j] += 1
                }
            }
        }
        let order = (0..<n).sorted { degree[$0] != degree[$1] ? degree[$0] > degree[$1] : $0 < $1 }
        var colors = [Int](repeating: -1, count: n)
        var forbidden = [Int](repeating: -1, count: n + 1)  // forbidden[c] == j: c taken near j
        for j in order {
            for i in byColumn.columns(inRow: j) {
                for k in pattern.columns(inRow: i) where k != j && colors[k] >= 0 {
                    forbidden[colors[k]] = j
                }
            }
            var c = 0
            while forbidden[c] == j { c += 1 }
            colors[j] = c
        }
        return Coloring(colors: colors)
    }
}
