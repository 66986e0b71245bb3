/// A dense matrix stored row by row: the Jacobians' result type.
///
/// Its operations are `@inlinable`, so they run specialised for the element type.
///
/// `J[i, j]` is `∂f_i/∂x_j`: one row per output, one column per input.
public struct Matrix<Element: ADScalar>: Equatable, CustomStringConvertible {
    /// Number of rows.
    public let rows: Int
    /// Number of columns.
    public let columns: Int
    /// The entries, row-major: entry (i, j) is at `i * columns + j`.
    public var elements: [Element]

    /// A `rows × columns` matrix with every entry `value`.
    @inlinable
    public init(rows: Int, columns: Int, repeating value: Element = .zero) {
        precondition(rows >= 0 && columns >= 0, "matrix dimensions must be non-negative")
        self.rows = rows
        self.columns = columns
        self.elements = Array(repeating: value, count: rows * columns)
    }

    /// A matrix from row-major entries; traps unless `elements.count == rows * columns`.
    @inlinable
    public init(rows: Int, columns: Int, elements: [Element]) {
        precondition(
            elements.count == rows * columns,
            "expected \(rows * columns) entries for a \(rows)×\(columns) matrix, got \(elements.count)")
        self.rows = rows
        self.columns = columns
        self.elements = elements
    }

    /// A matrix from its rows; traps if they differ in length.
    @inlinable
    public init(_ rowArrays: [[Element]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows of different lengths")
        self.init(rows: rowArrays.count, columns: columns, elements: rowArrays.flatMap { $0 })
    }

    /// Entry (row, column).
    @inlinable
    public subscript(row: Int, column: Int) -> Element {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            return elements[row * columns + column]
        }
        set {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns, "index out of range")
            elements[row * columns + column] = newValue
        }
    }

    /// Row `i` as an array.
    @inlinable
    public func row(_ i: Int) -> [Element] { Array(elements[(i * columns)..<((i + 1) * columns)]) }

    /// Column `j` as an array.
    @inlinable
    public func column(_ j: Int) -> [Element] { (0..<rows).map { self[$0, j] } }

    /// The transpose.
    /// - Complexity: O(rows × columns).
    @inlinable
    public var transposed: Matrix {
        var t = Matrix(rows: columns, columns: rows)
        for i in 0..<rows { for j in 0..<columns { t[j, i] = self[i, j] } }
        return t
    }

    /// Entries compared exactly (for `Dual`/`Tracked` elements: by value).
    @inlinable
    public static func == (lhs: Matrix, rhs: Matrix) -> Bool {
        lhs.rows == rhs.rows && lhs.columns == rhs.columns && lhs.elements == rhs.elements
    }

    /// The rows, one per line, in brackets.
    public var description: String {
        (0..<rows).map { i in "[" + row(i).map { "\($0)" }.joined(separator: ", ") + "]" }
            .joined(separator: "\n")
    }
}
