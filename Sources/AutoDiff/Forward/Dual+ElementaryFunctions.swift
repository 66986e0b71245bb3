// One forward rule per elementary function: the primal and its tangent together,
// shared work computed once. `scaled` guards partials that can be infinite.

extension Dual {
    @inlinable public static func exp(_ x: Dual) -> Dual {
        let e = Value.exp(x.value)
        return Dual(e, tangent: x.tangent * e)
    }

    /// (e^x − 1)' = e^x, recovered as the result + 1 (no second exp).
    @inlinable public static func expMinusOne(_ x: Dual) -> Dual {
        let e = Value.expMinusOne(x.value)
        return Dual(e, tangent: x.tangent * (e + 1))
    }

    @inlinable public static func log(_ x: Dual) -> Dual {
        Dual(Value.log(x.value), tangent: x.tangent.isZero ? .zero : x.tangent / x.value)
    }

    @inlinable public static func log(onePlus x: Dual) -> Dual {
        Dual(
            Value.log(onePlus: x.value),
            tangent: x.tangent.isZero ? .zero : x.tangent / (1 + x.value))
    }

    /// (√x)' = 1 / (2√x), from the result.
    @inlinable public static func sqrt(_ x: Dual) -> Dual {
        let s = Value.sqrt(x.value)
        return Dual(s, tangent: x.tangent.isZero ? .zero : x.tangent / (2 * s))
    }

    /// ∂x^y/∂x = y·x^(y−1); ∂x^y/∂y = x^y·log x, taken as 0 where x <= 0.
    @inlinable public static func pow(_ x: Dual, _ y: Dual) -> Dual {
        let z = Value.pow(x.value, y.value)
        let dx = scaled(x.tangent, y.value * Value.pow(x.value, y.value - 1))
        let dy = (y.tangent.isZero || x.value <= 0) ? Value.zero : y.tangent * (z * Value.log(x.value))
        return Dual(z, tangent: dx + dy)
    }

    /// (x^n)' = n·x^(n−1).
    @inlinable public static func pow(_ x: Dual, _ n: Int) -> Dual {
        if n == 0 { return Dual(constant: 1) }
        let dz = Double(n) * Value.pow(x.value, n - 1)
        return Dual(Value.pow(x.value, n), tangent: scaled(x.tangent, dz))
    }

    @inlinable public static func sin(_ x: Dual) -> Dual {
        Dual(Value.sin(x.value), tangent: x.tangent * Value.cos(x.value))
    }

    @inlinable public static func cos(_ x: Dual) -> Dual {
        Dual(Value.cos(x.value), tangent: -(x.tangent * Value.sin(x.value)))
    }

    /// (tan x)' = 1 + tan²x, from the result.
    @inlinable public static func tan(_ x: Dual) -> Dual {
        let t = Value.tan(x.value)
        return Dual(t, tangent: x.tangent * (1 + t * t))
    }

    @inlinable public static func asin(_ x: Dual) -> Dual {
        Dual(Value.asin(x.value), tangent: scaled(x.tangent, 1 / Value.sqrt(1 - x.value * x.value)))
    }

    @inlinable public static func acos(_ x: Dual) -> Dual {
        Dual(Value.acos(x.value), tangent: scaled(x.tangent, -1 / Value.sqrt(1 - x.value * x.value)))
    }

    @inlinable public static func atan(_ x: Dual) -> Dual {
        Dual(Value.atan(x.value), tangent: x.tangent / (1 + x.value * x.value))
    }

    @inlinable public static func sinh(_ x: Dual) -> Dual {
        Dual(Value.sinh(x.value), tangent: x.tangent * Value.cosh(x.value))
    }

    @inlinable public static func cosh(_ x: Dual) -> Dual {
        Dual(Value.cosh(x.value), tangent: x.tangent * Value.sinh(x.value))
    }

    /// (tanh x)' = 1 − tanh²x, from the result.
    @inlinable public static func tanh(_ x: Dual) -> Dual {
        let t = Value.tanh(x.value)
        return Dual(t, tangent: x.tangent * (1 - t * t))
    }

    /// ∂atan2(y, x) = (x·dy − y·dx) / (x² + y²); singular at the origin.
    @inlinable public static func atan2(y: Dual, x: Dual) -> Dual {
        let r2 = x.value * x.value + y.value * y.value
        let t = scaled(y.tangent, x.value / r2) - scaled(x.tangent, y.value / r2)
        return Dual(Value.atan2(y: y.value, x: x.value), tangent: t)
    }

    /// ∂hypot(x, y) = (x·dx + y·dy) / hypot; singular at the origin.
    @inlinable public static func hypot(_ x: Dual, _ y: Dual) -> Dual {
        let h = Value.hypot(x.value, y.value)
        return Dual(h, tangent: scaled(x.tangent, x.value / h) + scaled(y.tangent, y.value / h))
    }

    /// σ'(x) = σ(x)(1 − σ(x)), from the result.
    @inlinable public static func sigmoid(_ x: Dual) -> Dual {
        let s = Value.sigmoid(x.value)
        return Dual(s, tangent: x.tangent * (s * (1 - s)))
    }

    /// softplus'(x) = σ(x).
    @inlinable public static func softplus(_ x: Dual) -> Dual {
        Dual(Value.softplus(x.value), tangent: x.tangent * Value.sigmoid(x.value))
    }

    @inlinable @inline(__always) public static func square(_ x: Dual) -> Dual {
        Dual(x.value * x.value, tangent: 2 * (x.tangent * x.value))
    }
}
