// One reverse rule per elementary function: the primal and its local partial,
// evaluated at record time (from the result where that saves work).

extension Tracked {
    @inlinable public static func exp(_ x: Tracked) -> Tracked {
        let e = Value.exp(x.value)
        return record(.exp, e, x, e)
    }

    @inlinable public static func expMinusOne(_ x: Tracked) -> Tracked {
        let e = Value.expMinusOne(x.value)
        return record(.expMinusOne, e, x, e + 1)
    }

    @inlinable public static func log(_ x: Tracked) -> Tracked {
        record(.log, Value.log(x.value), x, 1 / x.value)
    }

    @inlinable public static func log(onePlus x: Tracked) -> Tracked {
        record(.logOnePlus, Value.log(onePlus: x.value), x, 1 / (1 + x.value))
    }

    @inlinable public static func sqrt(_ x: Tracked) -> Tracked {
        let s = Value.sqrt(x.value)
        return record(.sqrt, s, x, 1 / (2 * s))
    }

    /// ∂x^y/∂x = y·x^(y−1); ∂x^y/∂y = x^y·log x, taken as 0 where x <= 0.
    @inlinable public static func pow(_ x: Tracked, _ y: Tracked) -> Tracked {
        let z = Value.pow(x.value, y.value)
        let dx = y.value * Value.pow(x.value, y.value - 1)
        let dy = x.value <= 0 ? Value.zero : z * Value.log(x.value)
        return record(.pow, z, x, dx, y, dy)
    }

    @inlinable public static func pow(_ x: Tracked, _ n: Int) -> Tracked {
        if n == 0 { return Tracked(constant: 1) }
        return record(.powInt, Value.pow(x.value, n), x, Double(n) * Value.pow(x.value, n - 1))
    }

    @inlinable public static func sin(_ x: Tracked) -> Tracked {
        record(.sin, Value.sin(x.value), x, Value.cos(x.value))
    }

    @inlinable public static func cos(_ x: Tracked) -> Tracked {
        record(.cos, Value.cos(x.value), x, -Value.sin(x.value))
    }

    @inlinable public static func tan(_ x: Tracked) -> Tracked {
        let t = Value.tan(x.value)
        return record(.tan, t, x, 1 + t * t)
    }

    @inlinable public static func asin(_ x: Tracked) -> Tracked {
        record(.asin, Value.asin(x.value), x, 1 / Value.sqrt(1 - x.value * x.value))
    }

    @inlinable public static func acos(_ x: Tracked) -> Tracked {
        record(.acos, Value.acos(x.value), x, -1 / Value.sqrt(1 - x.value * x.value))
    }

    @inlinable public static func atan(_ x: Tracked) -> Tracked {
        record(.atan, Value.atan(x.value), x, 1 / (1 + x.value * x.value))
    }

    @inlinable public static func sinh(_ x: Tracked) -> Tracked {
        record(.sinh, Value.sinh(x.value), x, Value.cosh(x.value))
    }

    @inlinable public static func cosh(_ x: Tracked) -> Tracked {
        record(.cosh, Value.cosh(x.value), x, Value.sinh(x.value))
    }

    @inlinable public static func tanh(_ x: Tracked) -> Tracked {
        let t = Value.tanh(x.value)
        return record(.tanh, t, x, 1 - t * t)
    }

    /// ∂atan2(y, x) = (x, −y) / (x² + y²).
    @inlinable public static func atan2(y: Tracked, x: Tracked) -> Tracked {
        let r2 = x.value * x.value + y.value * y.value
        return record(.atan2, Value.atan2(y: y.value, x: x.value), y, x.value / r2, x, -y.value / r2)
    }

    /// ∂hypot(x, y) = (x, y) / hypot.
    @inlinable public static func hypot(_ x: Tracked, _ y: Tracked) -> Tracked {
        let h = Value.hypot(x.value, y.value)
        return record(.hypot, h, x, x.value / h, y, y.value / h)
    }

    @inlinable public static func sigmoid(_ x: Tracked) -> Tracked {
        let s = Value.sigmoid(x.value)
        return record(.sigmoid, s, x, s * (1 - s))
    }

    @inlinable public static func softplus(_ x: Tracked) -> Tracked {
        record(.softplus, Value.softplus(x.value), x, Value.sigmoid(x.value))
    }

    @inlinable public static func square(_ x: Tracked) -> Tracked {
        record(.square, x.value * x.value, x, 2 * x.value)
    }
}
