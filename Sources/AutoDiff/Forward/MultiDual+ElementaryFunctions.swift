// Chunked forward rules: the same derivative as `Dual`'s, computed once and applied to
// every lane. `unary` is the one place that forms value and tangents.

extension MultiDual {
    /// `f(x)` with derivative `partial`, applied to all lanes.
    @inlinable @inline(__always)
    static func unary(_ value: Double, _ x: MultiDual, _ partial: Double) -> MultiDual {
        MultiDual(value, tangents: scaled(x.tangents, partial))
    }

    @inlinable @inline(__always) public static func exp(_ x: MultiDual) -> MultiDual {
        let e = Double.exp(x.value)
        return unary(e, x, e)
    }
    @inlinable @inline(__always) public static func expMinusOne(_ x: MultiDual) -> MultiDual {
        let e = Double.expMinusOne(x.value)
        return unary(e, x, e + 1)
    }
    @inlinable @inline(__always) public static func log(_ x: MultiDual) -> MultiDual {
        unary(Double.log(x.value), x, 1 / x.value)
    }
    @inlinable @inline(__always) public static func log(onePlus x: MultiDual) -> MultiDual {
        unary(Double.log(onePlus: x.value), x, 1 / (1 + x.value))
    }
    @inlinable @inline(__always) public static func sqrt(_ x: MultiDual) -> MultiDual {
        let s = x.value.squareRoot()
        return unary(s, x, 1 / (2 * s))
    }
    /// ∂x^y/∂x = y·x^(y−1); ∂x^y/∂y = x^y·log x, taken as 0 where x <= 0.
    @inlinable @inline(__always) public static func pow(_ x: MultiDual, _ y: MultiDual) -> MultiDual {
        let z = Double.pow(x.value, y.value)
        let dx = y.value * Double.pow(x.value, y.value - 1)
        let dy = x.value <= 0 ? 0 : z * Double.log(x.value)
        return MultiDual(z, tangents: scaled(x.tangents, dx) + scaled(y.tangents, dy))
    }
    @inlinable @inline(__always) public static func pow(_ x: MultiDual, _ n: Int) -> MultiDual {
        if n == 0 { return MultiDual(1) }
        return unary(Double.pow(x.value, n), x, Double(n) * Double.pow(x.value, n - 1))
    }
    @inlinable @inline(__always) public static func sin(_ x: MultiDual) -> MultiDual {
        unary(Double.sin(x.value), x, Double.cos(x.value))
    }
    @inlinable @inline(__always) public static func cos(_ x: MultiDual) -> MultiDual {
        unary(Double.cos(x.value), x, -Double.sin(x.value))
    }
    @inlinable @inline(__always) public static func tan(_ x: MultiDual) -> MultiDual {
        let t = Double.tan(x.value)
        return unary(t, x, 1 + t * t)
    }
    @inlinable @inline(__always) public static func asin(_ x: MultiDual) -> MultiDual {
        unary(Double.asin(x.value), x, 1 / (1 - x.value * x.value).squareRoot())
    }
    @inlinable @inline(__always) public static func acos(_ x: MultiDual) -> MultiDual {
        unary(Double.acos(x.value), x, -1 / (1 - x.value * x.value).squareRoot())
    }
    @inlinable @inline(__always) public static func atan(_ x: MultiDual) -> MultiDual {
        unary(Double.atan(x.value), x, 1 / (1 + x.value * x.value))
    }
    @inlinable @inline(__always) public static func sinh(_ x: MultiDual) -> MultiDual {
        unary(Double.sinh(x.value), x, Double.cosh(x.value))
    }
    @inlinable @inline(__always) public static func cosh(_ x: MultiDual) -> MultiDual {
        unary(Double.cosh(x.value), x, Double.sinh(x.value))
    }
    @inlinable @inline(__always) public static func tanh(_ x: MultiDual) -> MultiDual {
        let t = Double.tanh(x.value)
        return unary(t, x, 1 - t * t)
    }
    @inlinable @inline(__always) public static func atan2(y: MultiDual, x: MultiDual) -> MultiDual {
        let r2 = x.value * x.value + y.value * y.value
        return MultiDual(
            Double.atan2(y: y.value, x: x.value),
            tangents: scaled(y.tangents, x.value / r2) + scaled(x.tangents, -y.value / r2))
    }
    @inlinable @inline(__always) public static func hypot(_ x: MultiDual, _ y: MultiDual) -> MultiDual {
        let h = Double.hypot(x.value, y.value)
        return MultiDual(h, tangents: scaled(x.tangents, x.value / h) + scaled(y.tangents, y.value / h))
    }
    @inlinable @inline(__always) public static func sigmoid(_ x: MultiDual) -> MultiDual {
        let s = Double.sigmoid(x.value)
        return unary(s, x, s * (1 - s))
    }
    @inlinable @inline(__always) public static func softplus(_ x: MultiDual) -> MultiDual {
        unary(Double.softplus(x.value), x, Double.sigmoid(x.value))
    }
    @inlinable @inline(__always) public static func square(_ x: MultiDual) -> MultiDual {
        unary(x.value * x.value, x, 2 * x.value)
    }
}
