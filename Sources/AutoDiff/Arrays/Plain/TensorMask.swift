/// An array of booleans from comparing primal values entry by entry (`x .> 0`), for
/// ``ADTensor/select(_:_:_:)``: piecewise array code.
///
/// A mask carries no derivative: comparisons look at primal values, and the derivative is
/// that of the branch each entry takes, as with ``ADScalar`` comparisons.
public struct TensorMask: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The length of each axis.
    public let shape: [Int]
    /// The entries in row-major order.
    public let values: [Bool]

    /// A mask of the given shape and row-major entries.
    public init(shape: [Int], values: [Bool]) {
        precondition(
            values.count == shape.scalarCount,
            "TensorMask: shape \(shape) holds \(shape.scalarCount) entries, got \(values.count)")
        self.shape = shape
        self.values = values
    }

    /// The mask as a tensor of ones (true) and zeros (false).
    public var tensor: Tensor { Tensor(unchecked: shape, values.map { $0 ? 1 : 0 }) }

    /// Entry by entry negation.
    public static prefix func ! (mask: TensorMask) -> TensorMask {
        TensorMask(shape: mask.shape, values: mask.values.map { !$0 })
    }

    /// Nested brackets of `true`/`false`.
    public var description: String { "\(Tensor(unchecked: shape, values.map { $0 ? 1 : 0 }))" }

    /// The entrywise comparison `test(a, b)` of two tensors broadcast together.
    @inlinable
    static func comparing(_ a: Tensor, _ b: Tensor, _ name: String, _ test: (Double, Double) -> Bool) -> TensorMask {
        let ones = Tensor.broadcasting(a, b, operation: name) { test($0, $1) ? 1 : 0 }
        return TensorMask(shape: ones.shape, values: ones.scalars.map { $0 != 0 })
    }
}

// `.<`, `.>`, ... are the standard library's pointwise comparison operators (as on SIMD).
extension ADTensor {
    /// Where `lhs < rhs`, on primal values, broadcast.
    @inlinable public static func .< (lhs: Self, rhs: Self) -> TensorMask { TensorMask.comparing(lhs.primal, rhs.primal, ".<", <) }
    /// Where `lhs <= rhs`.
    @inlinable public static func .<= (lhs: Self, rhs: Self) -> TensorMask { TensorMask.comparing(lhs.primal, rhs.primal, ".<=", <=) }
    /// Where `lhs > rhs`.
    @inlinable public static func .> (lhs: Self, rhs: Self) -> TensorMask { TensorMask.comparing(lhs.primal, rhs.primal, ".>", >) }
    /// Where `lhs >= rhs`.
    @inlinable public static func .>= (lhs: Self, rhs: Self) -> TensorMask { TensorMask.comparing(lhs.primal, rhs.primal, ".>=", >=) }
    /// Where `lhs == rhs`.
    @inlinable public static func .== (lhs: Self, rhs: Self) -> TensorMask { TensorMask.comparing(lhs.primal, rhs.primal, ".==", ==) }
    /// Where `lhs != rhs`.
    @inlinable public static func .!= (lhs: Self, rhs: Self) -> TensorMask { TensorMask.comparing(lhs.primal, rhs.primal, ".!=", !=) }

    /// Where `lhs < c`.
    @inlinable public static func .< (lhs: Self, rhs: Double) -> TensorMask { TensorMask.comparing(lhs.primal, Tensor(rhs), ".<", <) }
    /// Where `lhs <= c`.
    @inlinable public static func .<= (lhs: Self, rhs: Double) -> TensorMask { TensorMask.comparing(lhs.primal, Tensor(rhs), ".<=", <=) }
    /// Where `lhs > c`.
    @inlinable public static func .> (lhs: Self, rhs: Double) -> TensorMask { TensorMask.comparing(lhs.primal, Tensor(rhs), ".>", >) }
    /// Where `lhs >= c`.
    @inlinable public static func .>= (lhs: Self, rhs: Double) -> TensorMask { TensorMask.comparing(lhs.primal, Tensor(rhs), ".>=", >=) }
    /// Where `lhs == c`.
    @inlinable public static func .== (lhs: Self, rhs: Double) -> TensorMask { TensorMask.comparing(lhs.primal, Tensor(rhs), ".==", ==) }
    /// Where `lhs != c`.
    @inlinable public static func .!= (lhs: Self, rhs: Double) -> TensorMask { TensorMask.comparing(lhs.primal, Tensor(rhs), ".!=", !=) }
}
