// The instruction set of fuzzed programs: one case per ADScalar operation (operators,
// mixed-constant forms on both sides, compound assignments, every elementary function),
// each with its arity, its domain at a point, and its Swift spelling.
import AutoDiff

/// One operation of a fuzzed program: every operation ``ADScalar`` offers.
///
/// `a` and `b` name the operands (earlier values), `c` the plain `Double` constant of
/// the mixed forms (`x + c`, `c / x`, ...), `k` the integer exponent of ``powInt``.
public enum FuzzOperation: UInt8, CaseIterable, Sendable {
    // Leaves: constants, no operand.
    case constant, pi
    // Self ∘ Self.
    case add, subtract, multiply, divide
    // Self ∘ Double and Double ∘ Self.
    case addConstant, constantAdd, subtractConstant, constantSubtract
    case multiplyConstant, constantMultiply, divideConstant, constantDivide
    // Compound assignment (`var v = a; v op= b`).
    case addAssign, subtractAssign, multiplyAssign, divideAssign
    case addAssignConstant, subtractAssignConstant, multiplyAssignConstant, divideAssignConstant
    // Unary.
    case negate, exp, expMinusOne, log, logOnePlus, sqrt, powInt
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh
    case sigmoid, relu, softplus, abs, square
    // Binary functions.
    case pow, atan2, hypot, min, max

    /// How many earlier values the operation reads (0, 1 or 2).
    public var arity: Int {
        switch self {
        case .constant, .pi: 0
        case .add, .subtract, .multiply, .divide, .addAssign, .subtractAssign, .multiplyAssign,
            .divideAssign, .pow, .atan2, .hypot, .min, .max:
            2
        default: 1
        }
    }

    /// Whether the operation uses the constant `c`.
    public var usesConstant: Bool {
        switch self {
        case .constant, .addConstant, .constantAdd, .subtractConstant, .constantSubtract,
            .multiplyConstant, .constantMultiply, .divideConstant, .constantDivide,
            .addAssignConstant, .subtractAssignConstant, .multiplyAssignConstant, .divideAssignConstant:
            true
        default: false
        }
    }

    /// Whether the derivative has a kink or branch the point must keep away from
    /// (relu, abs at 0; min, max at a tie).
    public var hasKink: Bool { self == .relu || self == .abs || self == .min || self == .max }

    /// Evaluates the operation on any ``ADScalar``.
    /// - Complexity: one operation of `T` (plus one copy for compound forms).
    @inlinable
    public func evaluate<T: ADScalar>(_ a: T, _ b: T, c: Double, k: Int) -> T {
        switch self {
        case .constant: return T(c)
        case .pi: return T.pi
        case .add: return a + b
        case .subtract: return a - b
        case .multiply: return a * b
        case .divide: return a / b
        case .addConstant: return a + c
        case .constantAdd: return c + a
        case .subtractConstant: return a - c
        case .constantSubtract: return c - a
        case .multiplyConstant: return a * c
        case .constantMultiply: return c * a
        case .divideConstant: return a / c
        case .constantDivide: return c / a
        case .addAssign: var v = a; v += b; return v
        case .subtractAssign: var v = a; v -= b; return v
        case .multiplyAssign: var v = a; v *= b; return v
        case .divideAssign: var v = a; v /= b; return v
        case .addAssignConstant: var v = a; v += c; return v
        case .subtractAssignConstant: var v = a; v -= c; return v
        case .multiplyAssignConstant: var v = a; v *= c; return v
        case .divideAssignConstant: var v = a; v /= c; return v
        case .negate: return -a
        case .exp: return T.exp(a)
        case .expMinusOne: return T.expMinusOne(a)
        case .log: return T.log(a)
        case .logOnePlus: return T.log(onePlus: a)
        case .sqrt: return T.sqrt(a)
        case .powInt: return T.pow(a, k)
        case .sin: return T.sin(a)
        case .cos: return T.cos(a)
        case .tan: return T.tan(a)
        case .asin: return T.asin(a)
        case .acos: return T.acos(a)
        case .atan: return T.atan(a)
        case .sinh: return T.sinh(a)
        case .cosh: return T.cosh(a)
        case .tanh: return T.tanh(a)
        case .sigmoid: return T.sigmoid(a)
        case .relu: return T.relu(a)
        case .softplus: return T.softplus(a)
        case .abs: return T.abs(a)
        case .square: return T.square(a)
        case .pow: return T.pow(a, b)
        case .atan2: return T.atan2(y: a, x: b)
        case .hypot: return T.hypot(a, b)
        case .min: return T.min(a, b)
        case .max: return T.max(a, b)
        }
    }

    /// Whether operands with values `a`, `b` are inside the operation's domain.
    ///
    /// With `margin` 1 the point keeps a distance from every edge and kink (0.01 from a
    /// relu/abs kink or a min/max tie, 0.05 from log/sqrt's 0 and asin's ±1, 0.1 from a
    /// pole), so derivatives are not steep and finite differences of much smaller width
    /// stay on one side; with `margin` 0 it is merely inside. Results must also be finite
    /// and at most `limit` in size; exp-like operands at most 6 (no overflow).
    /// - Complexity: O(1).
    public func isInDomain(_ a: Double, _ b: Double, c: Double, k: Int, margin: Double, limit: Double) -> Bool {
        let ok: Bool
        switch self {
        case .divide, .divideAssign: ok = Swift.abs(b) >= 0.1 * margin
        case .divideConstant, .divideAssignConstant: ok = Swift.abs(c) >= 0.1 * margin
        case .constantDivide: ok = Swift.abs(a) >= 0.1 * margin
        case .exp, .expMinusOne, .sinh, .cosh: ok = Swift.abs(a) <= 6
        case .log, .sqrt: ok = a >= 0.05 * margin
        case .logOnePlus: ok = a >= -1 + 0.05 * margin
        case .powInt: ok = k >= 0 || Swift.abs(a) >= 0.1 * margin
        case .tan: ok = Swift.abs(Double.cos(a)) >= 0.1 * margin
        case .asin, .acos: ok = Swift.abs(a) <= 1 - 0.05 * margin
        case .relu, .abs: ok = Swift.abs(a) >= 0.01 * margin
        case .min, .max: ok = Swift.abs(a - b) >= 0.01 * margin
        case .pow: ok = a >= 0.1 * margin && Swift.abs(b) <= 4
        case .atan2:
            // Away from the origin and from the branch cut (the negative x axis).
            ok = Double.hypot(a, b) >= 0.05 * margin && !(b < 0 && Swift.abs(a) < 0.05 * margin) && !(b < 0 && a == 0)
        case .hypot: ok = Double.hypot(a, b) >= 0.05 * margin
        default: ok = true
        }
        guard ok else { return false }
        let r = evaluate(a, b, c: c, k: k)
        return r.isFinite && Swift.abs(r) <= limit
    }

    /// Which side of its kink the operation is on at (a, b): the sign of `a` for relu and
    /// abs, of `b − a` for min and max, of `a` for atan2's cut; 0 for smooth operations.
    /// Finite differences are valid only where every kink keeps its side.
    public func branch(_ a: Double, _ b: Double) -> Int8 {
        switch self {
        case .relu, .abs: a > 0 ? 1 : (a < 0 ? -1 : 0)
        case .min, .max: b > a ? 1 : (b < a ? -1 : 0)
        case .atan2: b < 0 ? (a >= 0 ? 1 : -1) : 0
        default: 0
        }
    }
}

extension FuzzOperation {
    /// The case name, as Swift spells it.
    public var name: String { String(describing: self) }
}
