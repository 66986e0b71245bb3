// The value and gradient of a `LocalFunction` at k arguments, by forward mode in one pass
// where the value type allows (the partials a tape entry of local partials holds).

/// Forward-mode evaluation of a sub-function's value and k partials.
@usableFromInline
enum LocalGradient {
    /// f(x) and ∇f(x) over values of any ``ADScalar`` type:
    /// - `Double`: one pass of ``MultiDual`` with 2, 4 or 8 lanes (one per argument);
    /// - `Dual<Double>` (a forward-over-reverse tape): one pass of `Dual<MultiDual>`, so
    ///   each partial carries its derivative along the tape's direction (the Hessian
    ///   times the direction, never formed);
    /// - any other type: k passes of `Dual<V>`.
    @inlinable @inline(__always)
    static func of<F: LocalFunction, V: ADScalar>(_ f: F, at x: Arguments<V>) -> (value: V, gradient: Arguments<V>) {
        if V.self == Double.self {
            let r = of(f, at: unsafeBitCast(x, to: Arguments<Double>.self))
            return (unsafeBitCast(r.value, to: V.self), unsafeBitCast(r.gradient, to: Arguments<V>.self))
        }
        if V.self == Dual<Double>.self {
            let r = of(f, at: unsafeBitCast(x, to: Arguments<Dual<Double>>.self))
            return (unsafeBitCast(r.value, to: V.self), unsafeBitCast(r.gradient, to: Arguments<V>.self))
        }
        var seeded = x.map { Dual<V>(constant: $0) }
        var value = V.zero
        var gradient = x
        for j in 0..<x.count {
            seeded[j] = Dual(x[j], tangent: 1)
            let y = f(seeded)
            value = y.value
            gradient[j] = y.tangent
            seeded[j] = Dual(constant: x[j])
        }
        return (value, gradient)
    }

    /// f(a, b) and its two partials: ``of(_:at:)`` for two arguments, with the seeded
    /// arguments formed directly (no ``Arguments`` of `V` in between).
    @inlinable @inline(__always)
    static func pair<F: LocalFunction, V: ADScalar>(_ f: F, _ a: V, _ b: V) -> (value: V, da: V, db: V) {
        if V.self == Double.self {
            let y = f(
                Arguments(
                    MultiDual(unsafeBitCast(a, to: Double.self), tangents: SIMD2<Double>(1, 0)),
                    MultiDual(unsafeBitCast(b, to: Double.self), tangents: SIMD2<Double>(0, 1))))
            return (unsafeBitCast(y.value, to: V.self), unsafeBitCast(y.tangents[0], to: V.self), unsafeBitCast(y.tangents[1], to: V.self))
        }
        if V.self == Dual<Double>.self {
            typealias Lanes = MultiDual<SIMD2<Double>>
            let a = unsafeBitCast(a, to: Dual<Double>.self), b = unsafeBitCast(b, to: Dual<Double>.self)
            let y = f(
                Arguments(
                    Dual(Lanes(a.value, tangents: SIMD2(1, 0)), tangent: Lanes(a.tangent, tangents: .zero)),
                    Dual(Lanes(b.value, tangents: SIMD2(0, 1)), tangent: Lanes(b.tangent, tangents: .zero))))
            return (
                unsafeBitCast(Dual(y.value.value, tangent: y.tangent.value), to: V.self),
                unsafeBitCast(Dual(y.value.tangents[0], tangent: y.tangent.tangents[0]), to: V.self),
                unsafeBitCast(Dual(y.value.tangents[1], tangent: y.tangent.tangents[1]), to: V.self)
            )
        }
        let r = of(f, at: Arguments(a, b))
        return (r.value, r.gradient[0], r.gradient[1])
    }

    /// On plain numbers: one ``MultiDual`` pass with as few lanes as cover k.
    @inlinable @inline(__always)
    static func of<F: LocalFunction>(_ f: F, at x: Arguments<Double>) -> (value: Double, gradient: Arguments<Double>) {
        switch x.count {
        case ...2: pair(f, at: x)
        case ...4: lanes(f, at: x, SIMD4<Double>.self)
        default: lanes(f, at: x, SIMD8<Double>.self)
        }
    }

    /// One or two arguments: two lanes, every index a constant (no loop).
    @inlinable @inline(__always)
    static func pair<F: LocalFunction>(_ f: F, at x: Arguments<Double>) -> (value: Double, gradient: Arguments<Double>) {
        var seeded = Arguments(repeating: MultiDual(x[0], tangents: SIMD2<Double>(1, 0)), count: x.count)
        if x.count == 2 { seeded[1] = MultiDual(x[1], tangents: SIMD2<Double>(0, 1)) }
        let y = f(seeded)
        var gradient = Arguments(repeating: y.tangents[0], count: x.count)
        if x.count == 2 { gradient[1] = y.tangents[1] }
        return (y.value, gradient)
    }

    @inlinable @inline(__always)
    static func lanes<F: LocalFunction, L: SIMD>(_ f: F, at x: Arguments<Double>, _: L.Type)
        -> (value: Double, gradient: Arguments<Double>) where L.Scalar == Double
    {
        var seeded = Arguments(repeating: MultiDual<L>(0), count: x.count)
        for j in 0..<x.count {
            var unit = L.zero
            unit[j] = 1
            seeded[j] = MultiDual(x[j], tangents: unit)
        }
        let y = f(seeded)
        var gradient = x
        for j in 0..<x.count { gradient[j] = y.tangents[j] }
        return (y.value, gradient)
    }

    /// On a forward-over-reverse tape's values: one `Dual<MultiDual>` pass; lane j of the
    /// inner tangents is ∂/∂x_j, the outer tangent the tape's direction.
    @inlinable @inline(__always)
    static func of<F: LocalFunction>(_ f: F, at x: Arguments<Dual<Double>>) -> (value: Dual<Double>, gradient: Arguments<Dual<Double>>) {
        switch x.count {
        case ...2: pair(f, at: x)
        case ...4: lanes(f, at: x, SIMD4<Double>.self)
        default: lanes(f, at: x, SIMD8<Double>.self)
        }
    }

    /// One or two arguments on `Dual` values: two lanes, every index a constant.
    @inlinable @inline(__always)
    static func pair<F: LocalFunction>(_ f: F, at x: Arguments<Dual<Double>>)
        -> (value: Dual<Double>, gradient: Arguments<Dual<Double>>)
    {
        typealias Lanes = MultiDual<SIMD2<Double>>
        func seed(_ v: Dual<Double>, _ unit: SIMD2<Double>) -> Dual<Lanes> {
            Dual(Lanes(v.value, tangents: unit), tangent: Lanes(v.tangent, tangents: .zero))
        }
        var seeded = Arguments(repeating: seed(x[0], SIMD2(1, 0)), count: x.count)
        if x.count == 2 { seeded[1] = seed(x[1], SIMD2(0, 1)) }
        let y = f(seeded)
        var gradient = Arguments(repeating: Dual(y.value.tangents[0], tangent: y.tangent.tangents[0]), count: x.count)
        if x.count == 2 { gradient[1] = Dual(y.value.tangents[1], tangent: y.tangent.tangents[1]) }
        return (Dual(y.value.value, tangent: y.tangent.value), gradient)
    }

    @inlinable @inline(__always)
    static func lanes<F: LocalFunction, L: SIMD>(_ f: F, at x: Arguments<Dual<Double>>, _: L.Type)
        -> (value: Dual<Double>, gradient: Arguments<Dual<Double>>) where L.Scalar == Double
    {
        var seeded = Arguments(repeating: Dual<MultiDual<L>>(0), count: x.count)
        for j in 0..<x.count {
            var unit = L.zero
            unit[j] = 1
            seeded[j] = Dual(MultiDual(x[j].value, tangents: unit), tangent: MultiDual(x[j].tangent, tangents: .zero))
        }
        let y = f(seeded)
        var gradient = x
        for j in 0..<x.count { gradient[j] = Dual(y.value.tangents[j], tangent: y.tangent.tangents[j]) }
        return (Dual(y.value.value, tangent: y.tangent.value), gradient)
    }
}
