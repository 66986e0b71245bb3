/// What a tape entry computed: one byte per entry, for printing and diagnostics.
///
/// Operations with a constant on one side have their own cases: the constant is not an
/// entry of its own but is kept inside the entry (see ``TapeStorage``), so that a
/// recording can be replayed at another point.
public enum Operation: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case input
    case add, subtract, multiply, divide, negate
    case addConstant, subtractConstant, subtractFromConstant
    case multiplyByConstant, divideByConstant, divideConstantBy
    case exp, expMinusOne, log, logOnePlus, sqrt, pow, powInt
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, atan2, hypot
    case sigmoid, softplus, square
    case powConstantExponent, powConstantBase, atan2ConstantX, atan2ConstantY, hypotConstant

    /// The operation's name as written in Swift source (`x + c` for constants).
    public var description: String {
        switch self {
        case .input: "input"
        case .add: "x + y"
        case .subtract: "x - y"
        case .multiply: "x * y"
        case .divide: "x / y"
        case .negate: "-x"
        case .addConstant: "x + c"
        case .subtractConstant: "x - c"
        case .subtractFromConstant: "c - x"
        case .multiplyByConstant: "c * x"
        case .divideByConstant: "x / c"
        case .divideConstantBy: "c / x"
        case .exp: "exp"
        case .expMinusOne: "expMinusOne"
        case .log: "log"
        case .logOnePlus: "log(onePlus:)"
        case .sqrt: "sqrt"
        case .pow: "pow"
        case .powInt: "pow(_:Int)"
        case .sin: "sin"
        case .cos: "cos"
        case .tan: "tan"
        case .asin: "asin"
        case .acos: "acos"
        case .atan: "atan"
        case .sinh: "sinh"
        case .cosh: "cosh"
        case .tanh: "tanh"
        case .atan2: "atan2"
        case .hypot: "hypot"
        case .sigmoid: "sigmoid"
        case .softplus: "softplus"
        case .square: "square"
        case .powConstantExponent: "pow(x, c)"
        case .powConstantBase: "pow(c, x)"
        case .atan2ConstantX: "atan2(y: x, x: c)"
        case .atan2ConstantY: "atan2(y: c, x: x)"
        case .hypotConstant: "hypot(x, c)"
        }
    }

    /// The operation that stands for `self` when one operand of a binary operation is a
    /// constant: `onLeft` tells which side the constant was on.
    @inlinable
    func withConstant(onLeft: Bool) -> Operation {
        switch self {
        case .add: .addConstant
        case .subtract: onLeft ? .subtractFromConstant : .subtractConstant
        case .multiply: .multiplyByConstant
        case .divide: onLeft ? .divideConstantBy : .divideByConstant
        case .pow: onLeft ? .powConstantBase : .powConstantExponent
        case .atan2: onLeft ? .atan2ConstantY : .atan2ConstantX
        case .hypot: .hypotConstant
        default: self
        }
    }

    /// Whether a unary entry of this operation keeps a constant (in the tape's constants,
    /// for replay): `x + c`, `c / x`, `pow(x, n)`, … Not `c · x`: its partial is `c`.
    @inlinable
    var hasConstant: Bool { Self.keepingConstant >> UInt64(rawValue) & 1 != 0 }

    /// The operations of ``hasConstant`` as a bit set over raw values (one bit test where
    /// a replay asks, rather than a jump table).
    @inlinable
    static var keepingConstant: UInt64 {
        @inline(__always) func bit(_ op: Operation) -> UInt64 { 1 << UInt64(op.rawValue) }
        return bit(.addConstant) | bit(.subtractConstant) | bit(.subtractFromConstant) | bit(.divideByConstant)
            | bit(.divideConstantBy) | bit(.powInt) | bit(.powConstantExponent) | bit(.powConstantBase)
            | bit(.atan2ConstantX) | bit(.atan2ConstantY) | bit(.hypotConstant)
    }
}
