/// The array-level operator protocol shared by every evaluation mode.
///
/// Write an array function once, generic over `T: ADTensor`, and it runs as
/// - plain evaluation on ``Tensor``,
/// - forward mode on ``DualTensor`` (a value and k tangents carried as one batched array,
///   so a matrix product pushes k directions as one matrix-matrix product),
/// - reverse mode on ``TrackedTensor`` (each array operation appends one entry to a
///   ``TensorTape``; a sweep carries a batch of cotangents).
///
/// A matrix product is one operation with its own forward and reverse rule, so matrix-heavy
/// code runs at the speed of the matrix kernel, not one tape entry per multiply-add.
///
/// The vocabulary follows ``ADScalar`` and Swift for TensorFlow: `T(tensor)` is a constant;
/// elementwise functions are static (`T.tanh(x)`, `T.log(onePlus: x)`, `T.max(a, b)`);
/// `matmul(a, b)` is a free function; `x.transposed()`, `x.reshaped(to:)`;
/// `x.sum(alongAxes: 0)` keeps the reduced axes with length 1 and
/// `x.sum(squeezingAxes: 0)` drops them (likewise `mean`, `max`, `logSumExp`).
///
/// Elementwise operations broadcast as NumPy does (shapes aligned on the right, an axis of
/// length 1 stretches), and take a `Double` on either side at no derivative cost.
/// Comparisons (`x .> y`) look at primal values and give a ``TensorMask``;
/// ``select(_:_:_:)`` picks by it, so piecewise code works in every mode.
///
/// Shapes that do not fit are reported by ``ShapeMismatch``: thrown by the drivers, a
/// precondition on plain tensors.
///
/// Axes may be negative (counted from the end: -1 is the last axis).
public protocol ADTensor: CustomStringConvertible {
    /// A constant: no derivative flows through it.
    init(_ constant: Tensor)

    /// The plain value, with every derivative part dropped.
    var primal: Tensor { get }

    /// The length of each axis.
    var shape: [Int] { get }

    // MARK: Arithmetic, entry by entry with broadcasting

    /// The sum.
    static func + (lhs: Self, rhs: Self) -> Self
    /// The difference.
    static func - (lhs: Self, rhs: Self) -> Self
    /// The product (Hadamard); derivative (y, x).
    static func * (lhs: Self, rhs: Self) -> Self
    /// The quotient x / y as one operation; derivative (1/y, −x/y²).
    static func / (lhs: Self, rhs: Self) -> Self
    /// The negation.
    static prefix func - (operand: Self) -> Self

    /// `x + c` with a constant `c` (also `c + x`; `x − c` is `x + (−c)`, exactly).
    func adding(_ c: Double) -> Self
    /// `c − x` with a constant `c`.
    func subtracted(from c: Double) -> Self
    /// `x · c` with a constant `c` (also `c · x`).
    func multiplied(by c: Double) -> Self
    /// `x / c` with a constant `c`.
    func divided(by c: Double) -> Self
    /// `c / x` with a constant `c`.
    func divided(into c: Double) -> Self

    // MARK: Elementwise functions

    /// An elementary function entry by entry (``ElementwiseOperation``); the named forms
    /// (`T.exp(x)`, `T.relu(x)`, ...) call this.
    static func applying(_ operation: ElementwiseOperation, to x: Self) -> Self

    /// A function of two arguments entry by entry with broadcasting
    /// (``ElementwiseBinaryOperation``: `pow`, `atan2`, `hypot`, `min`, `max`).
    static func applying(_ operation: ElementwiseBinaryOperation, to x: Self, _ y: Self) -> Self

    /// A user's scalar function applied entry by entry to one or more arguments broadcast
    /// together, as ONE array operation: its local partial derivatives come from forward
    /// mode on each entry in the same pass, so a reverse recording holds one entry for
    /// the whole map, not one per scalar operation inside it (preaccumulation).
    ///
    /// `f` receives one scalar per argument, in order; at most 16 arguments. Cost: `f` runs
    /// once per group of eight entries on SIMD lanes (k times on `Dual` lanes for the
    /// partials); a group whose entries would take different branches of `f` (or read a
    /// `primal` that differs between them, as `Dual`'s division does) runs entry by entry.
    static func elementwise<F: ScalarFunction>(_ f: F, _ arguments: [Self]) -> Self

    /// A user's array sub-function with its own derivative rules (``TensorRule``) as ONE
    /// array operation: the primal runs its plain evaluation, forward mode its forward
    /// rule, reverse mode one tape entry whose pullback is its reverse rule (a missing
    /// rule is derived from the other where the Jacobian can be formed).
    static func applying<R: TensorRule>(_ rule: R, to arguments: [Self]) -> Self

    // MARK: Linear solve

    /// The solution X of op(A)·X = B, op(A) = A or Aᵀ, by LU factorization with partial
    /// pivoting: `a` is n × n; `b` is a vector `[n]` or `[..., n, r]` (r right-hand sides,
    /// leading batch axes), and X has b's shape. Differentiated implicitly, never through
    /// the elimination: dX = op(A)⁻¹(dB − op(dA)·X); reverse B̄ = op(A)⁻ᵀ·X̄, Ā = −B̄·Xᵀ
    /// (transposed for op(A) = Aᵀ). A singular matrix is
    /// ``DifferentiationError/singularMatrix(_:)`` in a driver, a precondition outside.
    static func solve(_ a: Self, transposed transposeA: Bool, _ b: Self) -> Self

    // MARK: Matrix product

    /// The matrix product of `a` and `b`, either transposed first (their last two axes
    /// swapped), with NumPy's `matmul` rules: rank 2 · rank 2 is the matrix product; a
    /// rank-1 left operand is a row and a rank-1 right operand a column (the axis is then
    /// dropped from the result); leading axes beyond two are batch axes and broadcast.
    static func matmul(_ a: Self, transposed transposeA: Bool, _ b: Self, transposed transposeB: Bool) -> Self

    // MARK: Reductions (the reduced axes kept with length 1)

    /// Sums over `axes`, keeping each with length 1.
    func sum(alongAxes axes: [Int]) -> Self
    /// The largest entry over `axes`, keeping each with length 1; on a tie the first in
    /// row-major order wins (and receives the whole derivative), as the scalar `max`.
    func max(alongAxes axes: [Int]) -> Self
    /// log Σ exp over `axes`, computed stably (shifted by the maximum), keeping each axis
    /// with length 1; its derivative is the softmax.
    func logSumExp(alongAxes axes: [Int]) -> Self

    // MARK: Shape

    /// The same entries in another shape with as many entries; one length may be -1
    /// (inferred).
    func reshaped(to shape: [Int]) -> Self
    /// The axes permuted: axis k of the result is axis `permutation[k]` of this tensor.
    func transposed(permutation: [Int]) -> Self
    /// This tensor broadcast to `shape` (NumPy rules), copied out.
    func broadcasted(to shape: [Int]) -> Self
    /// The entries with index in `range` along `axis`.
    func slice(_ range: Range<Int>, alongAxis axis: Int) -> Self
    /// `before` and `after` entries of `value` added at both ends of `axis`.
    func padded(alongAxis axis: Int, before: Int, after: Int, with value: Double) -> Self
    /// The parts joined along `axis`; every other axis must agree.
    static func concatenate(_ parts: [Self], alongAxis axis: Int) -> Self

    /// Entry by entry, `whereTrue` where `mask` holds and `whereFalse` elsewhere (all three
    /// broadcast together); the derivative flows to the chosen side only.
    static func select(_ mask: TensorMask, _ whereTrue: Self, _ whereFalse: Self) -> Self
}

/// An array type whose values a ``TensorTape`` can record: besides the operations of
/// ``ADTensor`` it gives the local derivatives of elementwise operations as arrays of its
/// own type. ``Tensor`` (plain reverse mode) and ``DualTensor`` (forward over reverse, for
/// Hessian-vector products) conform.
public protocol TensorTapeValue: ADTensor {
    /// The function's value and its derivative, entry by entry.
    static func applyingWithDerivative(_ operation: ElementwiseOperation, to x: Self) -> (value: Self, derivative: Self)

    /// The value and both partial derivatives, entry by entry, all of the broadcast shape.
    static func applyingWithPartials(
        _ operation: ElementwiseBinaryOperation, to x: Self, _ y: Self
    ) -> (value: Self, dx: Self, dy: Self)

    /// The value of `f` entry by entry over the broadcast arguments, and its partial
    /// derivative with respect to each argument (of the broadcast shape).
    static func elementwiseWithPartials<F: ScalarFunction>(
        _ f: F, _ arguments: [Self]
    ) -> (value: Self, partials: [Self])

    /// The value of a user's rule and its pullback from a batch of cotangents
    /// (`[k] + value.shape`) to each argument's (`[k] + shape`).
    static func applyingWithPullback<R: TensorRule>(_ rule: R, to arguments: [Self]) -> (value: Self, pullback: (Self) -> [Self])

    /// `g · factor` entry by entry with broadcasting, exactly 0 where `g` is 0: how a
    /// cotangent meets a local derivative that may be infinite (as the scalar sweep skips
    /// zero adjoints, so `0 · inf` never turns an unused direction into NaN).
    static func productKeepingZeros(_ g: Self, _ factor: Self) -> Self

    /// log Σ exp over `axes` (kept) and the softmax exp(x − lse) its reverse rule saves.
    static func logSumExpWithSoftmax(_ x: Self, alongAxes axes: [Int]) -> (value: Self, softmax: Self)

    /// `total + part` stored in `total`: how a reverse sweep adds a second cotangent to an
    /// entry's. One pass; in place (no allocation) where the implementation can.
    static func accumulate(_ part: Self, into total: inout Self)

    /// `g · f′(x)` entry by entry (`g`: a batch `[k] + x.shape`), exactly 0 where `g` is 0,
    /// with f′ recomputed from x: the reverse rule of an elementwise function whose
    /// derivative costs less to recompute than to store
    /// (``ElementwiseOperation/recomputesDerivative``). The same numbers as
    /// `productKeepingZeros(g, applyingWithDerivative(f, to: x).derivative)`.
    static func productWithDerivative(_ g: Self, of operation: ElementwiseOperation, at x: Self) -> Self

    /// Whether ``productWithDerivative(_:of:at:)`` recomputes without evaluating the
    /// function again: then reverse mode records relu and square without their derivative
    /// arrays (`Tensor`); otherwise it stores them (`DualTensor`, whose derivative carries
    /// second-order tangents that recording computes anyway).
    static var recomputesDerivatives: Bool { get }
}

extension TensorTapeValue {
    /// `total = total + part`: a new array.
    @inlinable
    public static func accumulate(_ part: Self, into total: inout Self) { total = total + part }

    /// False: the derivative is stored when recording.
    @inlinable public static var recomputesDerivatives: Bool { false }

    /// The derivative evaluated (value and derivative, as at record time), then the product.
    @inlinable
    public static func productWithDerivative(_ g: Self, of operation: ElementwiseOperation, at x: Self) -> Self {
        productKeepingZeros(g, applyingWithDerivative(operation, to: x).derivative)
    }

    /// The reduction, then the softmax from it: two passes, two exponentials per entry.
    @inlinable
    public static func logSumExpWithSoftmax(_ x: Self, alongAxes axes: [Int]) -> (value: Self, softmax: Self) {
        let lse = x.logSumExp(alongAxes: axes)
        return (lse, Self.exp(x - lse))
    }
}
