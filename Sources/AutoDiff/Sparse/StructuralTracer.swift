/// A number that tracks structure instead of derivatives: which inputs a value depends
/// on (``SparsityTracer``), and which pairs of inputs meet nonlinearly
/// (``HessianSparsityTracer``).
///
/// Every elementary function is classified once: a tape operation by its row of the
/// operation table (`Operation.properties`, whose structural class says whether it is
/// linear or nonlinear in its operands), and the functions with no operation of their
/// own (relu, abs, min, max: they select an operand) here, as piecewise linear: second
/// derivative zero wherever it exists, and the dependency kept on every operand so that
/// a pattern stays valid on both sides of a kink. A tracer says what each class does to
/// its structure; the functions' values are computed here.
public protocol StructuralTracer: ADScalarDefaultOperators {
    /// The value at the evaluation point.
    var value: Double { get }
    /// `value`, computed by a function nonlinear in `x`.
    static func nonlinear(_ value: Double, _ x: Self) -> Self
    /// `value`, computed by a function nonlinear in both `x` and `y`.
    static func nonlinear(_ value: Double, _ x: Self, _ y: Self) -> Self
    /// `value`, computed by a piecewise linear (or linear) function of `x`.
    static func piecewiseLinear(_ value: Double, _ x: Self) -> Self
    /// `value`, computed by a piecewise linear (or linear) function of `x` and `y`.
    static func piecewiseLinear(_ value: Double, _ x: Self, _ y: Self) -> Self
}

extension StructuralTracer {
    /// `value`, computed by the tape operation `op` from `x`, with the structure its row
    /// of the operation table gives it.
    @inlinable @inline(__always)
    static func traced(_ op: Operation, _ value: Double, _ x: Self) -> Self {
        op.properties.structure == .linear ? piecewiseLinear(value, x) : nonlinear(value, x)
    }

    /// `value`, computed by the tape operation `op` from `x` and `y`, with the structure
    /// its row gives it (a product or quotient counted as nonlinear: a superset of its
    /// pairs; the tracers' own `*` and `/` are exact).
    @inlinable @inline(__always)
    static func traced(_ op: Operation, _ value: Double, _ x: Self, _ y: Self) -> Self {
        op.properties.structure == .linear ? piecewiseLinear(value, x, y) : nonlinear(value, x, y)
    }
}

extension StructuralTracer {
    @inlinable public static func exp(_ x: Self) -> Self { traced(.exp, Double.exp(x.value), x) }
    @inlinable public static func expMinusOne(_ x: Self) -> Self { traced(.expMinusOne, Double.expMinusOne(x.value), x) }
    @inlinable public static func log(_ x: Self) -> Self { traced(.log, Double.log(x.value), x) }
    @inlinable public static func log(onePlus x: Self) -> Self { traced(.logOnePlus, Double.log(onePlus: x.value), x) }
    @inlinable public static func sqrt(_ x: Self) -> Self { traced(.sqrt, Double.sqrt(x.value), x) }
    @inlinable public static func pow(_ x: Self, _ y: Self) -> Self { traced(.pow, Double.pow(x.value, y.value), x, y) }
    /// x⁰ is the constant 1, x¹ is x, any other power nonlinear.
    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self {
        switch n {
        case 0: Self(1)
        case 1: x
        default: traced(.powInt, Double.pow(x.value, n), x)
        }
    }
    @inlinable public static func sin(_ x: Self) -> Self { traced(.sin, Double.sin(x.value), x) }
    @inlinable public static func cos(_ x: Self) -> Self { traced(.cos, Double.cos(x.value), x) }
    @inlinable public static func tan(_ x: Self) -> Self { traced(.tan, Double.tan(x.value), x) }
    @inlinable public static func asin(_ x: Self) -> Self { traced(.asin, Double.asin(x.value), x) }
    @inlinable public static func acos(_ x: Self) -> Self { traced(.acos, Double.acos(x.value), x) }
    @inlinable public static func atan(_ x: Self) -> Self { traced(.atan, Double.atan(x.value), x) }
    @inlinable public static func sinh(_ x: Self) -> Self { traced(.sinh, Double.sinh(x.value), x) }
    @inlinable public static func cosh(_ x: Self) -> Self { traced(.cosh, Double.cosh(x.value), x) }
    @inlinable public static func tanh(_ x: Self) -> Self { traced(.tanh, Double.tanh(x.value), x) }
    @inlinable public static func atan2(y: Self, x: Self) -> Self { traced(.atan2, Double.atan2(y: y.value, x: x.value), y, x) }
    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { traced(.hypot, Double.hypot(x.value, y.value), x, y) }
    @inlinable public static func sigmoid(_ x: Self) -> Self { traced(.sigmoid, Double.sigmoid(x.value), x) }
    @inlinable public static func softplus(_ x: Self) -> Self { traced(.softplus, Double.softplus(x.value), x) }
    @inlinable public static func square(_ x: Self) -> Self { traced(.square, Double.square(x.value), x) }
    /// Piecewise linear; keeps x's structure on both sides of the kink.
    @inlinable public static func relu(_ x: Self) -> Self { piecewiseLinear(Double.relu(x.value), x) }
    /// Piecewise linear; keeps x's structure on both sides of the kink.
    @inlinable public static func abs(_ x: Self) -> Self { piecewiseLinear(Double.abs(x.value), x) }
    /// Piecewise linear; depends on both operands (valid on both sides of a tie).
    @inlinable public static func min(_ x: Self, _ y: Self) -> Self { piecewiseLinear(Double.min(x.value, y.value), x, y) }
    /// Piecewise linear; depends on both operands (valid on both sides of a tie).
    @inlinable public static func max(_ x: Self, _ y: Self) -> Self { piecewiseLinear(Double.max(x.value, y.value), x, y) }
}
