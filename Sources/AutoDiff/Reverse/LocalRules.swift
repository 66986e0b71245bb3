/// Every reverse-mode derivative rule, written once: an operation's value and its local
/// partial derivatives from its operands.
///
/// ``Tracked`` calls these with a literal operation (the switch folds away after
/// inlining) when it records; a replay (``RecordedFunction``) calls them with each
/// recorded operation, made a literal too by `Operation.visit(with:)`, to re-evaluate the
/// tape at a new point. One formula for both, so a replay reproduces a fresh recording
/// bit for bit. Which operands and constant a rule reads is its operation's row of the
/// table (`Operation.properties`).
@usableFromInline
enum LocalRules<V: ADScalar> {
    /// `op(x)` or `op(x, c)` with the constant `c` (unused where the operation has none):
    /// the value and `∂value/∂x`.
    @inlinable @inline(__always)
    static func unary(_ op: Operation, _ x: V, _ c: V) -> (value: V, partial: V) {
        switch op {
        case .negate: return (-x, -1)
        case .addConstant: return (x + c, 1)
        case .subtractConstant: return (x - c, 1)
        case .subtractFromConstant: return (c - x, -1)
        case .multiplyByConstant: return (x * c, c)
        case .divideByConstant: return (x / c, 1 / c)
        case .divideConstantBy: // c/x: same rounding as the binary rule's −q·(1/x)
            let q = c / x
            return (q, -(q * (1 / x)))
        case .exp:
            let e = V.exp(x)
            return (e, e)
        case .expMinusOne:
            let e = V.expMinusOne(x)
            return (e, e + 1)
        case .log: return (V.log(x), 1 / x)
        case .logOnePlus: return (V.log(onePlus: x), 1 / (1 + x))
        case .sqrt: // from the result: 1 / (2√x)
            let s = V.sqrt(x)
            return (s, 1 / (2 * s))
        case .powInt: // c holds the integer exponent n ≠ 0
            let n = Int(c.primal)
            return (V.pow(x, n), Double(n) * V.pow(x, n - 1))
        case .powConstantExponent:
            return (V.pow(x, c), c * V.pow(x, c - 1))
        case .powConstantBase: // ∂c^x/∂x = c^x · log c, taken as 0 where c <= 0
            let z = V.pow(c, x)
            return (z, c <= 0 ? V.zero : z * V.log(c))
        case .sin: return (V.sin(x), V.cos(x))
        case .cos: return (V.cos(x), -V.sin(x))
        case .tan: // from the result: 1 + tan²x
            let t = V.tan(x)
            return (t, 1 + t * t)
        case .asin: return (V.asin(x), 1 / V.sqrt(1 - x * x))
        case .acos: return (V.acos(x), -1 / V.sqrt(1 - x * x))
        case .atan: return (V.atan(x), 1 / (1 + x * x))
        case .sinh: return (V.sinh(x), V.cosh(x))
        case .cosh: return (V.cosh(x), V.sinh(x))
        case .tanh: // from the result: 1 − tanh²x
            let t = V.tanh(x)
            return (t, 1 - t * t)
        case .sigmoid: // from the result: σ(1 − σ)
            let s = V.sigmoid(x)
            return (s, s * (1 - s))
        case .softplus: return (V.softplus(x), V.sigmoid(x))
        case .square: return (x * x, 2 * x)
        case .atan2ConstantX: // atan2(y: x, x: c)
            let r2 = c * c + x * x
            return (V.atan2(y: x, x: c), c / r2)
        case .atan2ConstantY: // atan2(y: c, x: x)
            let r2 = x * x + c * c
            return (V.atan2(y: c, x: x), -c / r2)
        case .hypotConstant:
            let h = V.hypot(x, c)
            return (h, x / h)
        case .input, .add, .subtract, .multiply, .divide, .pow, .atan2, .hypot:
            preconditionFailure("\(op) is not a unary operation")
        case .localPartial, .localPartials:
            preconditionFailure("\(op): its partials come from its sub-function, not from a rule here")
        }
    }

    /// `op(x, y)`: the value and `(∂value/∂x, ∂value/∂y)`.
    @inlinable @inline(__always)
    static func binary(_ op: Operation, _ x: V, _ y: V) -> (value: V, dx: V, dy: V) {
        switch op {
        case .add: return (x + y, 1, 1)
        case .subtract: return (x - y, 1, -1)
        case .multiply: return (x * y, y, x) // the multiply gate swaps its inputs
        case .divide: // one entry, not x·(1/y): q = x/y, ∂ = (1/y, −q/y)
            let q = x / y
            let r = 1 / y
            return (q, r, -(q * r))
        case .pow: // ∂/∂x = y·x^(y−1); ∂/∂y = x^y·log x, taken as 0 where x <= 0
            let z = V.pow(x, y)
            return (z, y * V.pow(x, y - 1), x <= 0 ? V.zero : z * V.log(x))
        case .atan2: // x is the y argument: atan2(y: x, x: y)
            let r2 = y * y + x * x
            return (V.atan2(y: x, x: y), y / r2, -x / r2)
        case .hypot:
            let h = V.hypot(x, y)
            return (h, x / h, y / h)
        default:
            preconditionFailure("\(op) is not a binary operation")
        }
    }
}
