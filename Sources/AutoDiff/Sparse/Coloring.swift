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
    /// - Complexity: O(Σ over rows of (row length)²) time: two walks over each column's
    ///   distance-2 neighbourhood (degree, then colour) and a counting sort by degree.
    static func greedy(_ pattern: SparsityPattern, byColumn: SparsityPattern) -> Coloring {
        let n = pattern.columns
        if n == 0 { return Coloring(colors: []) }
        // Scratch: mark, degree, order and forbidden, n (+1) each.
        let scratch = UnsafeMutablePointer<Int>.allocate(capacity: 4 * n + 1)
        defer { scratch.deallocate() }
        let mark = scratch, degree = scratch + n, order = scratch + 2 * n, forbidden = scratch + 3 * n
        let colors = [Int](unsafeUninitializedCapacity: n) { colors, initialized in
            pattern.rowStart.withUnsafeBufferPointer { rowStart in
                pattern.columnIndex.withUnsafeBufferPointer { columnIndex in
                    byColumn.rowStart.withUnsafeBufferPointer { columnStart in
                        byColumn.columnIndex.withUnsafeBufferPointer { rowIndex in
                            // Distance-2 degree of each column: the distinct other columns sharing a row.
                            mark.initialize(repeating: -1, count: n)
                            var maxDegree = 0
                            for j in 0..<n {
                                mark[j] = j
                                var d = 0
                                for p in columnStart[j]..<columnStart[j + 1] {
                                    let i = rowIndex[p]
                                    for q in rowStart[i]..<rowStart[i + 1] where mark[columnIndex[q]] != j {
                                        mark[columnIndex[q]] = j
                                        d += 1
                                    }
                                }
                                degree[j] = d
                                maxDegree = Swift.max(maxDegree, d)
                            }
                            // Largest first, ties by ascending index: a counting sort by degree.
                            var bucketStart = [Int](repeating: 0, count: maxDegree + 2)
                            for j in 0..<n { bucketStart[maxDegree - degree[j] + 1] += 1 }
                            for b in 0...maxDegree { bucketStart[b + 1] += bucketStart[b] }
                            for j in 0..<n {
                                let b = maxDegree - degree[j]
                                order[bucketStart[b]] = j
                                bucketStart[b] += 1
                            }
                            // Each column takes the smallest colour none of its neighbours has.
                            colors.initialize(repeating: -1)
                            forbidden.initialize(repeating: -1, count: n + 1) // forbidden[c] == j: c taken near j
                            for t in 0..<n {
                                let j = order[t]
                                for p in columnStart[j]..<columnStart[j + 1] {
                                    let i = rowIndex[p]
                                    for q in rowStart[i]..<rowStart[i + 1] {
                                        let c = colors[columnIndex[q]]
                                        if c >= 0 { forbidden[c] = j } // j itself is uncoloured: -1
                                    }
                                }
                                var c = 0
                                while forbidden[c] == j { c += 1 }
                                colors[j] = c
                            }
                        }
                    }
                }
            }
            initialized = n
        }
        return Coloring(colors: colors)
    }
}
