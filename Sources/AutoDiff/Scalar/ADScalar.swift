/// The operator protocol shared by every evaluation mode.
///
/// Write a numeric function once, generic over `T: ADScalar`, and it runs as
/// - plain evaluation on `Double` or `Float` (no derivative, no overhead),
/// - forward mode on ``Dual`` (a value and a tangent per operation),
/// - reverse mode on ``Tracked`` (each operation appends one entry to a ``Tape``).
///
/// The vocabulary follows swift-numerics: elementary functions are static
/// (`T.exp(x)`, `T.log(onePlus: x)`, `T.atan2(y: y, x: x)`).
///
/// Arithmetic with a plain `Double` on either side (`2 * x`, `x / c`, `c - x`) is part
/// of the protocol: a constant costs no tape entry and no tangent work.
/// Comparisons (`<`, `==`, ...) look at primal values only, so code can branch on them;
/// the derivative is that of the branch taken. A literal compares on either side
/// (`x > 0.5`, `0.5 < x`); a `Double` variable `c` on the right (`x < c`).
///
/// `ADScalar` deliberately does not refine `FloatingPoint`: a tracked variable cannot
/// honour ulps, rounding modes or `init?(exactly:)`.
///
/// Composite functions (`square`, `sigmoid`, `softplus`, `relu`, `abs`, `min`, `max`,
/// `hypot`, `tan`, `pow(_:_: Int)`) have default implementations built from the others;
/// ``Dual`` and ``Tracked`` override them with one fused rule each (one tape entry,
/// shared work computed once).
///
/// Conventions at points where a derivative does not exist (see README):
/// `relu'(0) = 0`; `abs'(0) = 0`; `max`/`min` route the whole derivative to the
/// first argument on a tie; `∂pow(x, y)/∂y = 0` where `x <= 0`.
public protocol ADScalar: AdditiveArithmetic, Comparable,
    ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral, CustomStringConvertible
{
    /// A constant: no derivative flows through it.
    init(_ constant: Double)

    /// The plain value of this number, with every derivative part dropped.
    /// Comparisons, diagnostics and branch checks read it.
    var primal: Double { get }

    /// True when this number is exactly zero including every derivative part
    /// (a reverse sweep skips entries whose adjoint is zero, so that an unused
    /// infinite partial cannot turn `0 * inf` into NaN).
    var isZero: Bool { get }

    /// π as a constant.
    static var pi: Self { get }

    // MARK: Arithmetic

    /// The product; derivative (y, x).
    static func * (lhs: Self, rhs: Self) -> Self
    /// The quotient x / y as one operation; derivative (1/y, −x/y²).
    static func / (lhs: Self, rhs: Self) -> Self
    /// The negation.
    static prefix func - (operand: Self) -> Self

    // MARK: Arithmetic with a constant (no tape entry for the constant, no tangent work)

    /// `x + c` with a constant: no derivative flows into `c`.
    static func + (lhs: Self, rhs: Double) -> Self
    /// `c + x` with a constant.
    static func + (lhs: Double, rhs: Self) -> Self
    /// `x − c` with a constant.
    static func - (lhs: Self, rhs: Double) -> Self
    /// `c − x` with a constant.
    static func - (lhs: Double, rhs: Self) -> Self
    /// `x · c` with a constant.
    static func * (lhs: Self, rhs: Double) -> Self
    /// `c · x` with a constant.
    static func * (lhs: Double, rhs: Self) -> Self
    /// `x / c` with a constant.
    static func / (lhs: Self, rhs: Double) -> Self
    /// `c / x` with a constant; derivative −c/x².
    static func / (lhs: Double, rhs: Self) -> Self

    // MARK: Compound assignment

    /// `x = x · y`.
    static func *= (lhs: inout Self, rhs: Self)
    /// `x = x / y`.
    static func /= (lhs: inout Self, rhs: Self)
    /// `x = x + c`.
    static func += (lhs: inout Self, rhs: Double)
    /// `x = x − c`.
    static func -= (lhs: inout Self, rhs: Double)
    /// `x = x · c`.
    static func *= (lhs: inout Self, rhs: Double)
    /// `x = x / c`.
    static func /= (lhs: inout Self, rhs: Double)

    // MARK: Elementary functions (swift-numerics names)

    /// e^x.
    static func exp(_ x: Self) -> Self
    /// e^x − 1, accurate near 0.
    static func expMinusOne(_ x: Self) -> Self
    /// Natural logarithm; NaN for x < 0, −inf at 0.
    static func log(_ x: Self) -> Self
    /// log(1 + x), accurate near 0.
    static func log(onePlus x: Self) -> Self
    /// Square root; the derivative is infinite at 0.
    static func sqrt(_ x: Self) -> Self
    /// x^y for real y. `∂/∂y = x^y · log x`, taken as 0 where x <= 0.
    static func pow(_ x: Self, _ y: Self) -> Self
    /// x^n for integer n (an integer literal exponent picks this overload).
    static func pow(_ x: Self, _ n: Int) -> Self
    /// Sine; derivative cos x.
    static func sin(_ x: Self) -> Self
    /// Cosine; derivative −sin x.
    static func cos(_ x: Self) -> Self
    /// Tangent; derivative 1 + tan²x.
    static func tan(_ x: Self) -> Self
    /// Arcsine on [−1, 1]; derivative 1/√(1 − x²), infinite at ±1.
    static func asin(_ x: Self) -> Self
    /// Arccosine on [−1, 1]; derivative −1/√(1 − x²), infinite at ±1.
    static func acos(_ x: Self) -> Self
    /// Arctangent; derivative 1/(1 + x²).
    static func atan(_ x: Self) -> Self
    /// Hyperbolic sine; derivative cosh x.
    static func sinh(_ x: Self) -> Self
    /// Hyperbolic cosine; derivative sinh x.
    static func cosh(_ x: Self) -> Self
    /// Hyperbolic tangent; derivative 1 − tanh²x.
    static func tanh(_ x: Self) -> Self
    /// The angle of the point (x, y), in (−π, π].
    static func atan2(y: Self, x: Self) -> Self
    /// sqrt(x² + y²) without undue overflow.
    static func hypot(_ x: Self, _ y: Self) -> Self

    // MARK: Composites common in machine learning

    /// 1 / (1 + e^−x), computed without overflow for large |x|.
    static func sigmoid(_ x: Self) -> Self
    /// max(x, 0); derivative 1 where x > 0 and 0 where x <= 0.
    static func relu(_ x: Self) -> Self
    /// log(1 + e^x), computed without overflow.
    static func softplus(_ x: Self) -> Self
    /// |x|; derivative sign(x), 0 at 0.
    static func abs(_ x: Self) -> Self
    /// The smaller argument; on a tie, the first (and its derivative).
    static func min(_ x: Self, _ y: Self) -> Self
    /// The larger argument; on a tie, the first (and its derivative).
    static func max(_ x: Self, _ y: Self) -> Self
    /// x · x.
    static func square(_ x: Self) -> Self

    // MARK: Sub-functions differentiated as a whole

    /// `f(x)` for a small sub-function (k ≤ 8 arguments): reverse mode records it as one
    /// group of entries with partials from forward mode (``LocalFunction``); every other
    /// mode runs `f` (the default).
    static func preaccumulated<F: LocalFunction>(_ f: F, _ x: Arguments<Self>) -> Self
    /// `f(a, b)`, the common statement-level case of the k-argument form, with the
    /// same meaning; a type may record it without forming ``Arguments`` of itself (the
    /// default forms them).
    static func preaccumulated<F: LocalFunction>(_ f: F, _ a: Self, _ b: Self) -> Self
    /// The function of a ``CustomDerivativeRule`` at `x`, differentiated by the rule's
    /// own derivatives in every mode.
    static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Self>) -> Self
}
