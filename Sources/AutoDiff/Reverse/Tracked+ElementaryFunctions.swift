// Elementary functions on tracked values: one entry each; the value and local partial
// come from LocalRules (from the result where that saves work: exp, sqrt, tanh, sigmoid).

extension Tracked {
    @inlinable public static func exp(_ x: Tracked) -> Tracked { apply(.exp, x) }
    @inlinable public static func expMinusOne(_ x: Tracked) -> Tracked { apply(.expMinusOne, x) }
    @inlinable public static func log(_ x: Tracked) -> Tracked { apply(.log, x) }
    @inlinable public static func log(onePlus x: Tracked) -> Tracked { apply(.logOnePlus, x) }
    @inlinable public static func sqrt(_ x: Tracked) -> Tracked { apply(.sqrt, x) }
    /// ∂x^y/∂x = y·x^(y−1); ∂x^y/∂y = x^y·log x, taken as 0 where x <= 0.
    @inlinable public static func pow(_ x: Tracked, _ y: Tracked) -> Tracked { apply(.pow, x, y) }
    /// x^n; n = 0 gives the constant 1 (no entry).
    @inlinable public static func pow(_ x: Tracked, _ n: Int) -> Tracked {
        n == 0 ? Tracked(constant: 1) : apply(.powInt, x, constant: Value(Double(n)))
    }
    @inlinable public static func sin(_ x: Tracked) -> Tracked { apply(.sin, x) }
    @inlinable public static func cos(_ x: Tracked) -> Tracked { apply(.cos, x) }
    @inlinable public static func tan(_ x: Tracked) -> Tracked { apply(.tan, x) }
    @inlinable public static func asin(_ x: Tracked) -> Tracked { apply(.asin, x) }
    @inlinable public static func acos(_ x: Tracked) -> Tracked { apply(.acos, x) }
    @inlinable public static func atan(_ x: Tracked) -> Tracked { apply(.atan, x) }
    @inlinable public static func sinh(_ x: Tracked) -> Tracked { apply(.sinh, x) }
    @inlinable public static func cosh(_ x: Tracked) -> Tracked { apply(.cosh, x) }
    @inlinable public static func tanh(_ x: Tracked) -> Tracked { apply(.tanh, x) }
    /// ∂atan2(y, x) = (x, −y) / (x² + y²).
    @inlinable public static func atan2(y: Tracked, x: Tracked) -> Tracked { apply(.atan2, y, x) }
    /// ∂hypot(x, y) = (x, y) / hypot.
    @inlinable public static func hypot(_ x: Tracked, _ y: Tracked) -> Tracked { apply(.hypot, x, y) }
    @inlinable public static func sigmoid(_ x: Tracked) -> Tracked { apply(.sigmoid, x) }
    @inlinable public static func softplus(_ x: Tracked) -> Tracked { apply(.softplus, x) }
    @inlinable public static func square(_ x: Tracked) -> Tracked { apply(.square, x) }
}
