/// A sparse matrix in compressed rows (CSR): the sparse Jacobians' and Hessians'
/// result type.
///
/// Row `i` holds `values[k]` at column `columnIndex[k]` for `k` in
/// `rowStart[i] ..< rowStart[i + 1]`, columns ascending. Entries outside the
/// ``pattern`` are zero; entries inside it may be zero too (structural nonzeros).
public struct SparseMatrix<Element: ADScalar>: Equatable, CustomStringConvertible {
    /// Where the entries are: rows, columns, row offsets and column indices.
    public let pattern: SparsityPattern
    /// One value per structural nonzero, in the pattern's order.
    public var values: [Element]

    /// A matrix with the given pattern and values.
    /// - Throws: ``SparsityError/rowOffsets(rows:nonzeros:)`` unless there is exactly one
    ///   value per structural nonzero.
    public init(pattern: SparsityPattern, values: [Element]) throws {
        guard values.count == pattern.nonzeroCount else {
            throw SparsityError.rowOffsets(rows: pattern.rows, nonzeros: values.count)
        }
        self.pattern = pattern
        self.values = values
    }

    @usableFromInline
    init(unchecked pattern: SparsityPattern, _ values: [Element]) {
        self.pattern = pattern
        self.values = values
    }

    /// The entries of `dense` at the positions of `pattern` (other entries are dropped).
    /// - Throws: ``SparsityError/patternShape(expectedRows:expectedColumns:rows:columns:)``
    ///   if the shapes differ.
    public init(_ dense: Matrix<Element>, pattern: SparsityPattern) throws {
        guard dense.rows == pattern.rows, dense.columns == pattern.columns else {
            throw SparsityError.patternShape(
                expectedRows: dense.rows, expectedColumns: dense.columns,
                rows: pattern.rows, columns: pattern.columns)
        }
        var values: [Element] = []
        values.reserveCapacity(pattern.nonzeroCount)
        for i in 0..<pattern.rows {
            for j in pattern.columns(inRow: i) { values.append(dense[i, j]) }
        }
        self.init(unchecked: pattern, values)
    }

    /// Number of rows.
    public var rows: Int { pattern.rows }
    /// Number of columns.
    public var columns: Int { pattern.columns }
    /// Row offsets into ``columnIndex`` and ``values`` (`rows + 1` entries).
    public var rowStart: [Int] { pattern.rowStart }
    /// The column of each stored value.
    public var columnIndex: [Int] { pattern.columnIndex }

    /// Entry (row, column): the stored value, or zero outside the pattern.
    /// - Complexity: O(log(row length)).
    public subscript(row: Int, column: Int) -> Element {
        precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
        var lo = pattern.rowStart[row], hi = pattern.rowStart[row + 1]
        while lo < hi {
            let mid = (lo + hi) / 2
            if pattern.columnIndex[mid] < column { lo = mid + 1 } else { hi = mid }
        }
        return lo < pattern.rowStart[row + 1] && pattern.columnIndex[lo] == column ? values[lo] : .zero
    }

    /// The dense matrix with the same entries.
    /// - Complexity: O(rows × columns).
    public var dense: Matrix<Element> { Matrix(self) }

    /// Each row as `[column: value]` pairs, one row per line.
    public var description: String {
        (0..<rows).map { i in
            (pattern.rowStart[i]..<pattern.rowStart[i + 1])
                .map { "\(pattern.columnIndex[$0]): \(values[$0])" }
                .joined(separator: ", ")
        }.map { "[\($0)]" }.joined(separator: "\n")
    }
}

extension Matrix {
    /// The dense form of a sparse matrix (zeros outside its pattern).
    /// - Complexity: O(rows × columns).
    @inlinable
    public init(_ sparse: SparseMatrix<Element>) {
        self.init(rows: sparse.rows, columns: sparse.columns)
        let p = sparse.pattern, n = columns
        elements.withUnsafeMutableBufferPointer { elements in
            for i in 0..<p.rows {
                for k in p.rowStart[i]..<p.rowStart[i + 1] {
                    elements[i * n + p.columnIndex[k]] = sparse.values[k]
                }
            }
        }
    }
}
