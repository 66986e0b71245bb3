/// What a tape entry computed: one byte per entry, for printing and diagnostics.
///
/// Operations with a plain `Double` constant on one side have their own cases
/// (the constant itself is not recorded as an entry).
public enum Operation: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case input
    case add, subtract, multiply, divide, negate
    case addConstant, subtractConstant, subtractFromConstant
    case multiplyByConstant, divideByConstant, divideConstantBy
    case exp, expMinusOne, log, logOnePlus, sqrt, pow, powInt
    case sin, cos, tan, asin, acos, atan, sinh, cosh, tanh, atan2, hypot
    case sigmoid, softplus, square

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
        }
    }
}
