/// An N-dimensional array of `Double`: the plain value the array layer computes on.
///
/// A value type with copy-on-write storage: its ``scalars`` are one contiguous array in
/// row-major order (the last axis varies fastest), so copying a tensor costs a reference
/// and a tape can keep an operand without copying it. Rank 0 (a single number), 1 (a
/// vector) and 2 (a matrix) are the common cases; any rank works.
///
/// ```swift
/// let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// print(a)   // [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
/// ```
/// `Tensor` is the plain-evaluation conformance of ``ADTensor``: an array function runs
/// on it with no derivative and no overhead.
public struct Tensor: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The length of each axis; empty for a rank-0 tensor.
    @inlinable public var shape: [Int] { storedShape }
    /// The entries in row-major order; `scalars.count` is the product of ``shape``.
    @inlinable public var scalars: [Double] { storedScalars }

    @usableFromInline var storedShape: [Int]
    @usableFromInline var storedScalars: [Double]
    /// Set only on a Jacobian driver's seeds: seen as a matrix of its first axis by all the
    /// others, this tensor is rows `unitRows..<unitRows+shape[0]` of the identity, so a
    /// product by it copies rows instead of multiplying (it plays no part in equality).
    @usableFromInline var unitRows: Int? = nil

    /// A tensor of the given shape and row-major entries.
    /// - Precondition: every axis length is ≥ 0 and `scalars.count` is their product.
    @inlinable
    public init(shape: [Int], scalars: [Double]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative axis length in shape \(shape)")
        precondition(
            scalars.count == shape.scalarCount,
            "Tensor: shape \(shape) holds \(shape.scalarCount) scalars, got \(scalars.count)")
        self.storedShape = shape
        self.storedScalars = scalars
    }

    /// Internal: a tensor whose shape and entries are known to agree.
    @inlinable
    init(unchecked shape: [Int], _ scalars: [Double]) {
        self.storedShape = shape
        self.storedScalars = scalars
    }

    /// A rank-0 tensor holding `value`.
    @inlinable
    public init(_ value: Double) { self.init(unchecked: [], [value]) }

    /// A rank-1 tensor holding `values`.
    @inlinable
    public init(_ values: [Double]) { self.init(unchecked: [values.count], values) }

    /// A rank-2 tensor from its rows.
    /// - Precondition: every row has the same length.
    @inlinable
    public init(_ rows: [[Double]]) {
        let columns = rows.first?.count ?? 0
        precondition(rows.allSatisfy { $0.count == columns }, "Tensor: rows of different lengths")
        self.init(unchecked: [rows.count, columns], rows.flatMap { $0 })
    }

    /// A tensor of the given shape with every entry `value`.
    @inlinable
    public init(repeating value: Double, shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor: negative axis length in shape \(shape)")
        self.init(unchecked: shape, [Double](repeating: value, count: shape.scalarCount))
    }

    /// A tensor of the given shape filled with zeros.
    @inlinable
    public static func zeros(shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of the given shape filled with ones.
    @inlinable
    public static func ones(shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// The number of axes.
    @inlinable public var rank: Int { shape.count }

    /// The number of entries (1 for rank 0).
    @inlinable public var scalarCount: Int { scalars.count }

    /// The single entry of a tensor with one entry (rank 0, or any shape of ones).
    /// - Precondition: `scalarCount == 1`.
    @inlinable
    public var scalar: Double {
        precondition(scalars.count == 1, "Tensor.scalar: the tensor has shape \(shape), not one entry")
        return scalars[0]
    }

    /// The entry at a full index, one coordinate per axis.
    @inlinable
    public subscript(_ index: Int...) -> Double {
        get { scalars[offset(of: index)] }
        set { storedScalars[offset(of: index)] = newValue }
    }

    /// The row-major position of a full index.
    @inlinable
    func offset(of index: [Int]) -> Int {
        precondition(index.count == shape.count, "Tensor: index \(index) for a tensor of shape \(shape)")
        var offset = 0
        for (i, n) in zip(index, shape) {
            precondition(i >= 0 && i < n, "Tensor: index \(index) outside shape \(shape)")
            offset = offset * n + i
        }
        return offset
    }

    /// Calls `body` with the entries' storage, writable; the shape stays.
    @inlinable
    public mutating func withUnsafeMutableScalars<R>(_ body: (inout UnsafeMutableBufferPointer<Double>) throws -> R) rethrows -> R {
        try storedScalars.withUnsafeMutableBufferPointer(body)
    }

    /// Nested brackets, one level per axis: `[[1.0, 2.0], [3.0, 4.0]]`; a rank-0 tensor
    /// prints as its number.
    /// Entries and shapes compared exactly.
    @inlinable
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.storedShape == rhs.storedShape && lhs.storedScalars == rhs.storedScalars
    }

    /// Hashes shape and entries.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(storedShape)
        hasher.combine(storedScalars)
    }

    public var description: String {
        if shape.isEmpty { return "\(scalars[0])" }
        var out = ""
        func write(axis: Int, offset: Int) {
            out += "["
            let stride = shape[(axis + 1)...].reduce(1, *)
            for i in 0..<shape[axis] {
                if i > 0 { out += ", " }
                if axis == shape.count - 1 { out += "\(scalars[offset + i])" } else { write(axis: axis + 1, offset: offset + i * stride) }
            }
            out += "]"
        }
        write(axis: 0, offset: 0)
        return out
    }
}

extension Tensor {
    /// The tensor as a matrix: rank 2 as is, rank 1 as one row, rank 0 as 1 × 1.
    /// - Precondition: rank ≤ 2.
    @inlinable
    public var matrix: Matrix<Double> {
        switch rank {
        case 0: return Matrix(rows: 1, columns: 1, elements: scalars)
        case 1: return Matrix(rows: 1, columns: shape[0], elements: scalars)
        case 2: return Matrix(rows: shape[0], columns: shape[1], elements: scalars)
        default: preconditionFailure("Tensor.matrix: rank \(rank) tensor (shape \(shape)) is not a matrix")
        }
    }

    /// A rank-2 tensor holding a matrix's entries (a Jacobian, for instance).
    @inlinable
    public init(_ matrix: Matrix<Double>) {
        self.init(unchecked: [matrix.rows, matrix.columns], matrix.elements)
    }
}

extension Collection where Element == Int {
    /// The number of entries a tensor of this shape holds (1 for the empty shape); on a
    /// slice of a shape too (`shape.dropLast(2).scalarCount` copies nothing).
    @inlinable
    var scalarCount: Int { reduce(1, *) }
}
