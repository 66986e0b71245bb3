// The named forms of the array layer's operations, built on the protocol's requirements:
// every elementwise function under its ADScalar name, the reductions' variants, and
// matmul as a free function.

extension ADTensor {
    /// A rank-0 constant.
    @inlinable public init(_ constant: Double) { self.init(Tensor(constant)) }

    /// The number of axes.
    @inlinable public var rank: Int { shape.count }

    /// e^x entry by entry.
    @inlinable public static func exp(_ x: Self) -> Self { applying(.exp, to: x) }
    /// e^x − 1, accurate near 0.
    @inlinable public static func expMinusOne(_ x: Self) -> Self { applying(.expMinusOne, to: x) }
    /// Natural logarithm; NaN for x < 0, −inf at 0.
    @inlinable public static func log(_ x: Self) -> Self { applying(.log, to: x) }
    /// log(1 + x), accurate near 0.
    @inlinable public static func log(onePlus x: Self) -> Self { applying(.logOnePlus, to: x) }
    /// Square root; the derivative is infinite at 0.
    @inlinable public static func sqrt(_ x: Self) -> Self { applying(.sqrt, to: x) }
    /// Sine.
    @inlinable public static func sin(_ x: Self) -> Self { applying(.sin, to: x) }
    /// Cosine.
    @inlinable public static func cos(_ x: Self) -> Self { applying(.cos, to: x) }
    /// Tangent.
    @inlinable public static func tan(_ x: Self) -> Self { applying(.tan, to: x) }
    /// Arcsine on [−1, 1].
    @inlinable public static func asin(_ x: Self) -> Self { applying(.asin, to: x) }
    /// Arccosine on [−1, 1].
    @inlinable public static func acos(_ x: Self) -> Self { applying(.acos, to: x) }
    /// Arctangent.
    @inlinable public static func atan(_ x: Self) -> Self { applying(.atan, to: x) }
    /// Hyperbolic sine.
    @inlinable public static func sinh(_ x: Self) -> Self { applying(.sinh, to: x) }
    /// Hyperbolic cosine.
    @inlinable public static func cosh(_ x: Self) -> Self { applying(.cosh, to: x) }
    /// Hyperbolic tangent.
    @inlinable public static func tanh(_ x: Self) -> Self { applying(.tanh, to: x) }
    /// 1 / (1 + e^−x), without overflow.
    @inlinable public static func sigmoid(_ x: Self) -> Self { applying(.sigmoid, to: x) }
    /// max(x, 0); derivative 1 where x > 0, 0 where x ≤ 0.
    @inlinable public static func relu(_ x: Self) -> Self { applying(.relu, to: x) }
    /// log(1 + e^x), without overflow.
    @inlinable public static func softplus(_ x: Self) -> Self { applying(.softplus, to: x) }
    /// |x|; derivative sign(x), 0 at 0.
    @inlinable public static func abs(_ x: Self) -> Self { applying(.abs, to: x) }
    /// x · x.
    @inlinable public static func square(_ x: Self) -> Self { applying(.square, to: x) }
    /// x^n for an integer n; n = 0 gives ones.
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self { applying(.power(n), to: x) }

    /// x^y entry by entry; `∂/∂y` taken as 0 where x ≤ 0.
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self { applying(.pow, to: x, y) }
    /// The angle of (x, y) entry by entry, in (−π, π].
    @inlinable public static func atan2(y: Self, x: Self) -> Self { applying(.atan2, to: y, x) }
    /// sqrt(x² + y²) entry by entry.
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { applying(.hypot, to: x, y) }
    /// The smaller entry; on a tie the first argument's (and its derivative).
    @inlinable public static func min(_ x: Self, _ y: Self) -> Self { applying(.min, to: x, y) }
    /// The larger entry; on a tie the first argument's (and its derivative).
    @inlinable public static func max(_ x: Self, _ y: Self) -> Self { applying(.max, to: x, y) }

    /// `x + c` with a constant.
    @inlinable public static func + (lhs: Self, rhs: Double) -> Self { lhs.adding(rhs) }
    /// `c + x` with a constant.
    @inlinable public static func + (lhs: Double, rhs: Self) -> Self { rhs.adding(lhs) }
    /// `x − c` with a constant.
    @inlinable public static func - (lhs: Self, rhs: Double) -> Self { lhs.adding(-rhs) }
    /// `c − x` with a constant.
    @inlinable public static func - (lhs: Double, rhs: Self) -> Self { rhs.subtracted(from: lhs) }
    /// `x · c` with a constant.
    @inlinable public static func * (lhs: Self, rhs: Double) -> Self { lhs.multiplied(by: rhs) }
    /// `c · x` with a constant.
    @inlinable public static func * (lhs: Double, rhs: Self) -> Self { rhs.multiplied(by: lhs) }
    /// `x / c` with a constant.
    @inlinable public static func / (lhs: Self, rhs: Double) -> Self { lhs.divided(by: rhs) }
    /// `c / x` with a constant.
    @inlinable public static func / (lhs: Double, rhs: Self) -> Self { rhs.divided(into: lhs) }

    /// `lhs = lhs + rhs`.
    @inlinable public static func += (lhs: inout Self, rhs: Self) { lhs = lhs + rhs }
    /// `lhs = lhs − rhs`.
    @inlinable public static func -= (lhs: inout Self, rhs: Self) { lhs = lhs - rhs }
    /// `lhs = lhs · rhs`.
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
}

// MARK: Reductions and shape helpers

extension ADTensor {
    /// The sum of every entry, as a rank-0 tensor.
    @inlinable public func sum() -> Self { sum(alongAxes: Array(0..<rank)).reshaped(to: []) }
    /// Sums over `axes`, keeping each with length 1.
    @inlinable public func sum(alongAxes axes: Int...) -> Self { sum(alongAxes: axes) }
    /// Sums over `axes` and drops them.
    @inlinable public func sum(squeezingAxes axes: Int...) -> Self { squeezing(axes, sum(alongAxes: axes)) }

    /// The mean of every entry, as a rank-0 tensor.
    @inlinable public func mean() -> Self { sum() * (1 / Double(Swift.max(1, shape.scalarCount))) }
    /// The mean over `axes`, keeping each with length 1.
    @inlinable public func mean(alongAxes axes: [Int]) -> Self {
        let kept = sum(alongAxes: axes)
        return kept * (1 / Double(Swift.max(1, shape.scalarCount / Swift.max(1, kept.shape.scalarCount))))
    }
    /// The mean over `axes`, keeping each with length 1.
    @inlinable public func mean(alongAxes axes: Int...) -> Self { mean(alongAxes: axes) }
    /// The mean over `axes`, dropping them.
    @inlinable public func mean(squeezingAxes axes: Int...) -> Self { squeezing(axes, mean(alongAxes: axes)) }

    /// The largest entry, as a rank-0 tensor (first in row-major order on a tie).
    @inlinable public func max() -> Self { max(alongAxes: Array(0..<rank)).reshaped(to: []) }
    /// The largest entry over `axes`, keeping each with length 1.
    @inlinable public func max(alongAxes axes: Int...) -> Self { max(alongAxes: axes) }
    /// The largest entry over `axes`, dropping them.
    @inlinable public func max(squeezingAxes axes: Int...) -> Self { squeezing(axes, max(alongAxes: axes)) }

    /// log Σ exp of every entry, as a rank-0 tensor.
    @inlinable public func logSumExp() -> Self { logSumExp(alongAxes: Array(0..<rank)).reshaped(to: []) }
    /// log Σ exp over `axes`, keeping each with length 1.
    @inlinable public func logSumExp(alongAxes axes: Int...) -> Self { logSumExp(alongAxes: axes) }
    /// log Σ exp over `axes`, dropping them.
    @inlinable public func logSumExp(squeezingAxes axes: Int...) -> Self {
        squeezing(axes, logSumExp(alongAxes: axes))
    }

    /// The axes reversed (for a matrix, the transpose).
    @inlinable public func transposed() -> Self { transposed(permutation: Array((0..<rank).reversed())) }

    /// `reduced` (this tensor reduced along `axes` with the axes kept) with those axes
    /// dropped.
    @inlinable
    func squeezing(_ axes: [Int], _ reduced: Self) -> Self {
        var shape: [Int] = [] // one allocation (a set and two arrays showed in a gradient's profile)
        shape.reserveCapacity(reduced.rank)
        for (i, length) in reduced.shape.enumerated() where !axes.contains(where: { ($0 < 0 ? $0 + rank : $0) == i }) {
            shape.append(length)
        }
        return reduced.reshaped(to: shape)
    }

    /// The entries with index `i` along `axis`, that axis dropped.
    @inlinable
    public func slice(_ index: Int, alongAxis axis: Int) -> Self {
        let a = axis < 0 ? axis + rank : axis
        var shape = self.shape
        if a >= 0 && a < rank { shape.remove(at: a) }
        return slice(index..<(index + 1), alongAxis: axis).reshaped(to: shape)
    }
}

/// The matrix product `op(a)·op(b)` (``ADTensor/matmul(_:transposed:_:transposed:)``):
/// matrix · matrix, matrix · vector, vector · matrix, and batches of those.
/// - Complexity: 2·m·n·k floating-point operations per product, in the matrix kernel.
@inlinable
public func matmul<T: ADTensor>(_ a: T, transposed transposeA: Bool = false, _ b: T, transposed transposeB: Bool = false) -> T {
    T.matmul(a, transposed: transposeA, b, transposed: transposeB)
}
