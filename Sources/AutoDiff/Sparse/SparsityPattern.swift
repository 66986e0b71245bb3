/// Which entries of a `rows × columns` matrix may be nonzero: for a Jacobian, which
/// output (row) depends on which input (column).
///
/// Stored in compressed rows (CSR): the column indices of row `i` are
/// `columnIndex[rowStart[i] ..< rowStart[i + 1]]`, sorted ascending without duplicates.
///
/// ```swift
/// let p = try SparsityPattern(rows: 2, columns: 3, rowColumns: [[0, 2], [1]])
/// p.columns(inRow: 0)   // [0, 2]
/// p.nonzeroCount        // 3
/// ```
public struct SparsityPattern: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// Number of rows (outputs of a Jacobian).
    public let rows: Int
    /// Number of columns (inputs of a Jacobian).
    public let columns: Int
    /// Row `i`'s entries are at `rowStart[i] ..< rowStart[i + 1]` of ``columnIndex``
    /// (`rows + 1` offsets, the last is ``nonzeroCount``).
    public let rowStart: [Int]
    /// The column of each structural nonzero, row by row, ascending within a row.
    public let columnIndex: [Int]

    /// A pattern from its compressed rows, validated.
    /// - Throws: ``SparsityError`` if the offsets do not describe `rows` rows, or a row's
    ///   columns are out of range, unsorted or repeated.
    /// - Complexity: O(rows + nonzeros).
    public init(rows: Int, columns: Int, rowStart: [Int], columnIndex: [Int]) throws {
        guard rows >= 0, columns >= 0 else { throw SparsityError.negativeShape(rows: rows, columns: columns) }
        guard rowStart.count == rows + 1, rowStart.first == 0, rowStart.last == columnIndex.count else {
            throw SparsityError.rowOffsets(rows: rows, nonzeros: columnIndex.count)
        }
        for i in 0..<rows {
            guard rowStart[i] <= rowStart[i + 1] else {
                throw SparsityError.rowOffsets(rows: rows, nonzeros: columnIndex.count)
            }
            var previous = -1
            for k in rowStart[i]..<rowStart[i + 1] {
                let j = columnIndex[k]
                guard j >= 0, j < columns else {
                    throw SparsityError.columnOutOfRange(row: i, column: j, columns: columns)
                }
                guard j > previous else { throw SparsityError.unsortedRow(row: i) }
                previous = j
            }
        }
        self.init(unchecked: rows, columns, rowStart, columnIndex)
    }

    /// A pattern from the column indices of each row (in any order, repeats allowed).
    /// - Throws: ``SparsityError/columnOutOfRange(row:column:columns:)`` for an index
    ///   outside `0..<columns`; ``SparsityError/rowOffsets(rows:nonzeros:)`` if
    ///   `rowColumns.count != rows`.
    /// - Complexity: O(nonzeros · log(row length)).
    public init(rows: Int, columns: Int, rowColumns: [[Int]]) throws {
        guard rowColumns.count == rows else {
            throw SparsityError.rowOffsets(rows: rows, nonzeros: rowColumns.count)
        }
        var start = [0]
        var index: [Int] = []
        for (i, row) in rowColumns.enumerated() {
            var previous = -1
            for j in row.sorted() where j != previous {
                guard j >= 0, j < columns else {
                    throw SparsityError.columnOutOfRange(row: i, column: j, columns: columns)
                }
                index.append(j)
                previous = j
            }
            start.append(index.count)
        }
        try self.init(rows: rows, columns: columns, rowStart: start, columnIndex: index)
    }

    @usableFromInline
    init(unchecked rows: Int, _ columns: Int, _ rowStart: [Int], _ columnIndex: [Int]) {
        self.rows = rows
        self.columns = columns
        self.rowStart = rowStart
        self.columnIndex = columnIndex
    }

    /// The number of structural nonzeros.
    public var nonzeroCount: Int { columnIndex.count }

    /// The most nonzeros in one column: a lower bound on the colours of any row
    /// colouring (the rows meeting in that column need distinct colours).
    /// - Complexity: O(columns + nonzeros).
    public var longestColumn: Int {
        var count = [Int](repeating: 0, count: columns)
        for j in columnIndex { count[j] += 1 }
        return count.max() ?? 0
    }

    /// The sorted column indices of row `i`.
    public func columns(inRow i: Int) -> ArraySlice<Int> { columnIndex[rowStart[i]..<rowStart[i + 1]] }

    /// Whether entry (row, column) is a structural nonzero.
    /// - Complexity: O(log(row length)).
    public func contains(row: Int, column: Int) -> Bool {
        guard row >= 0, row < rows else { return false }
        var lo = rowStart[row], hi = rowStart[row + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if columnIndex[mid] < column { lo = mid + 1 } else { hi = mid }
        }
        return lo < rowStart[row + 1] && columnIndex[lo] == column
    }

    /// The pattern of the transpose (columns become rows): the compressed-column form.
    /// - Complexity: O(rows + columns + nonzeros).
    public var transposed: SparsityPattern {
        var count = [Int](repeating: 0, count: columns + 1)
        let index = [Int](unsafeUninitializedCapacity: columnIndex.count) { index, initialized in
            count.withUnsafeMutableBufferPointer { count in
                rowStart.withUnsafeBufferPointer { rowStart in
                    columnIndex.withUnsafeBufferPointer { columnIndex in
                        for j in columnIndex { count[j + 1] += 1 }
                        for j in 0..<columns { count[j + 1] += count[j] }
                        // count[j] is now column j's next free slot; each ends at column j+1's start.
                        for i in 0..<rows {
                            for k in rowStart[i]..<rowStart[i + 1] {
                                let j = columnIndex[k]
                                index[count[j]] = i
                                count[j] += 1
                            }
                        }
                        // Shift back: count[j] held column j's end, which is column j+1's start.
                        for j in stride(from: columns, to: 0, by: -1) { count[j] = count[j - 1] }
                        count[0] = 0
                    }
                }
            }
            initialized = columnIndex.count
        }
        return SparsityPattern(unchecked: columns, rows, count, index)
    }

    /// The pattern as a dense 0/1 picture, one row per line (`x` nonzero, `.` zero).
    public var description: String {
        (0..<rows).map { i in
            var line = [Character](repeating: ".", count: columns)
            for j in columns(inRow: i) { line[j] = "x" }
            return String(line)
        }.joined(separator: "\n")
    }
}

/// Why a sparsity pattern or a sparse driver's input was refused; one line each.
public enum SparsityError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A negative number of rows or columns.
    case negativeShape(rows: Int, columns: Int)
    /// The row offsets do not describe `rows` rows over `nonzeros` entries.
    case rowOffsets(rows: Int, nonzeros: Int)
    /// A column index outside `0..<columns`.
    case columnOutOfRange(row: Int, column: Int, columns: Int)
    /// A row's column indices are not strictly ascending.
    case unsortedRow(row: Int)
    /// A pattern of the wrong shape for the function (`expected` rows × columns).
    case patternShape(expectedRows: Int, expectedColumns: Int, rows: Int, columns: Int)
    /// A colouring in which two columns (or, `ofRows`, two rows) of one colour share a
    /// row (column), or whose length is not the number of columns (rows).
    case invalidColoring(ofRows: Bool)

    /// One line: what was expected, what came.
    public var description: String {
        switch self {
        case let .negativeShape(rows, columns):
            "expected a non-negative shape, got \(rows)×\(columns)"
        case let .rowOffsets(rows, nonzeros):
            "expected \(rows + 1) ascending row offsets from 0 to \(nonzeros) (one row per output)"
        case let .columnOutOfRange(row, column, columns):
            "expected column indices in 0..<\(columns), got \(column) in row \(row)"
        case let .unsortedRow(row):
            "expected strictly ascending column indices, row \(row) is not"
        case let .patternShape(expectedRows, expectedColumns, rows, columns):
            "expected a \(expectedRows)×\(expectedColumns) pattern, got \(rows)×\(columns)"
        case let .invalidColoring(ofRows):
            ofRows
                ? "expected one colour per row with no two rows of one colour sharing a column"
                : "expected one colour per column with no two columns of one colour sharing a row"
        }
    }
}
