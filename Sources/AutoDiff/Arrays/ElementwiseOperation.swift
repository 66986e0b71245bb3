/// The elementwise functions of the array layer: every unary elementary function that
/// ``ADScalar`` has, applied entry by entry.
///
/// Each case is defined by the scalar layer's own function (``apply(to:)`` calls
/// `S.exp`, `S.relu`, ...), so the array layer keeps the scalar layer's values and its
/// conventions at kinks (`relu'(0) = 0`, `abs'(0) = 0`); its derivatives come from
/// evaluating that same function on ``Dual`` numbers.
public enum ElementwiseOperation: Hashable, Sendable, CustomStringConvertible {
    case exp, expMinusOne, log, logOnePlus, sqrt
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh
    case sigmoid, relu, softplus, abs, square
    /// x^n for an integer n.
    case power(Int)

    /// Whether reverse mode on plain arrays recomputes this function's derivative from its
    /// operand in the pullback instead of storing it when recording (relu: a comparison;
    /// square: 2x): no derivative array is written or kept, and the pullback reads the
    /// operand the tape shares anyway (``TensorTapeValue/recomputesDerivatives``).
    @inlinable
    public var recomputesDerivative: Bool {
        switch self {
        case .relu, .square: true
        default: false
        }
    }

    /// The function on any ``ADScalar``: the scalar layer's definition.
    @inlinable
    public func apply<S: ADScalar>(to x: S) -> S {
        switch self {
        case .exp: S.exp(x)
        case .expMinusOne: S.expMinusOne(x)
        case .log: S.log(x)
        case .logOnePlus: S.log(onePlus: x)
        case .sqrt: S.sqrt(x)
        case .sin: S.sin(x)
        case .cos: S.cos(x)
        case .tan: S.tan(x)
        case .asin: S.asin(x)
        case .acos: S.acos(x)
        case .atan: S.atan(x)
        case .sinh: S.sinh(x)
        case .cosh: S.cosh(x)
        case .tanh: S.tanh(x)
        case .sigmoid: S.sigmoid(x)
        case .relu: S.relu(x)
        case .softplus: S.softplus(x)
        case .abs: S.abs(x)
        case .square: S.square(x)
        case .power(let n): S.pow(x, n)
        }
    }

    /// Calls `body` once with this operation as a function on `S`: a loop inside `body`
    /// is compiled for each operation with the function inlined (one switch per array,
    /// not one per entry).
    @inlinable @inline(__always)
    public func withFunction<S: ADScalar, R>(on type: S.Type, _ body: ((S) -> S) -> R) -> R {
        switch self {
        case .exp: body { S.exp($0) }
        case .expMinusOne: body { S.expMinusOne($0) }
        case .log: body { S.log($0) }
        case .logOnePlus: body { S.log(onePlus: $0) }
        case .sqrt: body { S.sqrt($0) }
        case .sin: body { S.sin($0) }
        case .cos: body { S.cos($0) }
        case .tan: body { S.tan($0) }
        case .asin: body { S.asin($0) }
        case .acos: body { S.acos($0) }
        case .atan: body { S.atan($0) }
        case .sinh: body { S.sinh($0) }
        case .cosh: body { S.cosh($0) }
        case .tanh: body { S.tanh($0) }
        case .sigmoid: body { S.sigmoid($0) }
        case .relu: body { S.relu($0) }
        case .softplus: body { S.softplus($0) }
        case .abs: body { S.abs($0) }
        case .square: body { S.square($0) }
        case .power(let n): body { S.pow($0, n) }
        }
    }

    /// The Swift spelling (`exp`, `log(onePlus:)`, `pow(_:3)`).
    public var description: String {
        switch self {
        case .exp: "exp"
        case .expMinusOne: "expMinusOne"
        case .log: "log"
        case .logOnePlus: "log(onePlus:)"
        case .sqrt: "sqrt"
        case .sin: "sin"
        case .cos: "cos"
        case .tan: "tan"
        case .asin: "asin"
        case .acos: "acos"
        case .atan: "atan"
        case .sinh: "sinh"
        case .cosh: "cosh"
        case .tanh: "tanh"
        case .sigmoid: "sigmoid"
        case .relu: "relu"
        case .softplus: "softplus"
        case .abs: "abs"
        case .square: "square"
        case .power(let n): "pow(_:\(n))"
        }
    }

    /// Every case (with `power(2)` standing for the integer powers), for tests.
    public static let all: [ElementwiseOperation] = [
        .exp, .expMinusOne, .log, .logOnePlus, .sqrt, .sin, .cos, .tan, .asin, .acos, .atan,
        .sinh, .cosh, .tanh, .sigmoid, .relu, .softplus, .abs, .square, .power(2)
    ]
}

/// The elementwise functions of two arguments other than arithmetic: ``ADScalar``'s
/// `pow(x, y)`, `atan2(y:x:)`, `hypot`, `min` and `max`, entry by entry with
/// broadcasting, with the scalar layer's conventions (a tie in `min`/`max` goes to the
/// first argument; `∂pow/∂y = 0` where x ≤ 0).
public enum ElementwiseBinaryOperation: Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case pow, atan2, hypot, min, max

    /// The function on any ``ADScalar`` (for `atan2`, `x` is the `y` argument).
    @inlinable
    public func apply<S: ADScalar>(to x: S, _ y: S) -> S {
        switch self {
        case .pow: S.pow(x, y)
        case .atan2: S.atan2(y: x, x: y)
        case .hypot: S.hypot(x, y)
        case .min: S.min(x, y)
        case .max: S.max(x, y)
        }
    }

    /// The Swift spelling.
    public var description: String {
        switch self {
        case .pow: "pow"
        case .atan2: "atan2(y:x:)"
        case .hypot: "hypot"
        case .min: "min"
        case .max: "max"
        }
    }
}
