import Testing
import AutoDiff

// Nested differentiation and perturbation confusion.
//
// Perturbation confusion (Siskind & Pearlmutter, "Perturbation Confusion and Referential
// Transparency", IFL 2005) is the bug where an inner derivative mistakes the outer
// derivative's perturbation for its own. The classic case:
//
//     d/dx [ x · d/dy (x + y) |_{y=1} ] |_{x=1}  =  d/dx [ x · 1 ]  =  1,
//
// but an implementation with one untagged ε computes d/dy (x + y) with x also carrying ε,
// gets 2, and answers 2.
//
// Why it cannot happen here: every nesting level is a distinct *type*. The outer driver
// hands the function `Dual<Double>` (or `Tracked<Double>`) values; the inner driver is
// generic over its input scalar, so differentiating inside runs on `Dual<Dual<Double>>`
// (or `Tracked<Dual<Double>>`, `Dual<Tracked<Double>>`, `Tracked<Tracked<Double>>`). A
// captured outer variable `x: Dual<Double>` cannot be mixed with the inner `y` until it is
// converted to the inner type, and the only conversions are `Dual(constant: x)` /
// `Tracked(constant: x)`: x goes into the *value* of the inner number, its outer
// perturbation inside that value, and the inner tangent/adjoint slot starts at zero. The
// inner perturbation lives in the outer type's value, the outer one one level down; there
// is no place where the two could be added together. Confusion would take a deliberate
// `Dual(x, tangent: x.tangent-as-inner)`; `deliberateMisliftShowsTheConfusion` shows it.
//
// Every nested result below is checked against a hand formula or against central
// differences of the inner derivative evaluated on plain Doubles (an independent route).

/// How a level differentiates an R → R or R^n → R function.
enum NestingMode: String, CaseIterable, CustomTestStringConvertible {
    case jvp, forwardGradient, reverseGradient, pullback, forwardJacobian, reverseJacobian
    var testDescription: String { rawValue }

    /// ∇f(x) by this mode; NaNs (a visible wrong answer, not a crash) if a driver throws.
    func gradient<F: ScalarFunction, T: ADScalar>(of f: F, at x: [T]) -> [T] {
        let failed = [T](repeating: T(.nan), count: x.count)
        do {
            switch self {
            case .jvp:
                return try x.indices.map { j in
                    try AutoDiff.jvp(of: f, at: x, direction: x.indices.map { $0 == j ? T(1) : T(0) }).tangent
                }
            case .forwardGradient: return try AutoDiff.gradient(of: f, at: x, mode: .forward)
            case .reverseGradient: return try AutoDiff.gradient(of: f, at: x, mode: .reverse)
            case .pullback: return try valueWithPullback(of: f, at: x).pullback(T(1))
            case .forwardJacobian: return try AutoDiff.forwardJacobian(of: ScalarAsVectorFunction(f), at: x).jacobian.elements
            case .reverseJacobian: return try AutoDiff.reverseJacobian(of: ScalarAsVectorFunction(f), at: x).jacobian.elements
            }
        } catch {
            return failed
        }
    }

    /// f'(x) of an R → R function.
    func derivative<F: ScalarFunction, T: ADScalar>(of f: F, at x: T) -> T { gradient(of: f, at: [x])[0] }
}

/// A value of the outer level as a constant of the inner level's scalar type `U`
/// (`Dual<Outer>`, `Tracked<Outer>`, or, for plain Double, any type by `U(_:)`): the
/// outer perturbation rides inside the value, the inner one starts at zero.
func embed<Outer: ADScalar, U: ADScalar>(_ x: Outer, as _: U.Type = U.self) -> U {
    if let same = x as? U { return same }
    if let plain = x as? Double { return U(plain) }
    if U.self == Dual<Outer>.self { return Dual(constant: x) as! U }
    if U.self == Tracked<Outer>.self { return Tracked(constant: x) as! U }
    fatalError("cannot embed \(Outer.self) in \(U.self)")
}

/// y ↦ x + y with x captured from the outer level.
struct AddCaptured<Outer: ADScalar>: ScalarFunction {
    let x: Outer
    func callAsFunction<U: ADScalar>(_ y: [U]) -> U { embed(x, as: U.self) + y[0] }
}

/// y ↦ x · y with x captured.
struct MultiplyCaptured<Outer: ADScalar>: ScalarFunction {
    let x: Outer
    func callAsFunction<U: ADScalar>(_ y: [U]) -> U { embed(x, as: U.self) * y[0] }
}

/// y ↦ sin(x · y) with x captured.
struct SineOfProductCaptured<Outer: ADScalar>: ScalarFunction {
    let x: Outer
    func callAsFunction<U: ADScalar>(_ y: [U]) -> U { U.sin(embed(x, as: U.self) * y[0]) }
}

/// x ↦ x · d/dy (x + y) at y = 1: the Siskind–Pearlmutter case (answer 1 everywhere).
struct SiskindPearlmutter: ScalarFunction {
    let inner: NestingMode
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * inner.derivative(of: AddCaptured(x: x[0]), at: T(1)) }
}

/// x ↦ d/dy (x · y) at y = 2, which is x: its derivative is the mixed partial, 1.
struct MixedPartialOfProduct: ScalarFunction {
    let inner: NestingMode
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { inner.derivative(of: MultiplyCaptured(x: x[0]), at: T(2)) }
}

/// x ↦ x · d/dy sin(x · y) at y = 0.7 = x² cos(0.7x); derivative 2x cos(0.7x) − 0.7x² sin(0.7x).
struct TimesDerivativeOfSine: ScalarFunction {
    let inner: NestingMode
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * inner.derivative(of: SineOfProductCaptured(x: x[0]), at: T(0.7)) }
}

/// Three levels: x ↦ x · d/dy [ y · d/dz (x + y + z) ] = x · d/dy [y] = x (answer 1).
struct ThreeLevels: ScalarFunction {
    let modes: (middle: NestingMode, inner: NestingMode)
    struct Middle<X: ADScalar>: ScalarFunction {
        let x: X, inner: NestingMode
        func callAsFunction<Y: ADScalar>(_ y: [Y]) -> Y {
            y[0] * inner.derivative(of: Inner<X, Y>(x: x, y: y[0]), at: Y(0.25))
        }
    }
    struct Inner<X: ADScalar, Y: ADScalar>: ScalarFunction {
        let x: X, y: Y
        func callAsFunction<Z: ADScalar>(_ z: [Z]) -> Z {
            // x is two levels out: embed it into Y's level first, then into Z's.
            let xy: Y = embed(x)
            return embed(xy, as: Z.self) + embed(y, as: Z.self) + z[0]
        }
    }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        x[0] * modes.middle.derivative(of: Middle(x: x[0], inner: modes.inner), at: T(-0.5))
    }
}

/// The inner function of the vector case: h(x, y) = x0·y0² + x1·sin(y1) + x0·x1·y0·y1
/// with x ∈ R² captured, differentiated in y.
struct CoupledInner<Outer: ADScalar>: ScalarFunction {
    let x: [Outer]
    func callAsFunction<U: ADScalar>(_ y: [U]) -> U {
        let x0: U = embed(x[0]), x1: U = embed(x[1])
        return x0 * U.square(y[0]) + x1 * U.sin(y[1]) + x0 * x1 * y[0] * y[1]
    }
}

/// g(x) = Σ_i x_i · ∂h/∂y_i (x, y*) at y* = (0.3, −1.1): an outer gradient of a function
/// that itself takes a gradient, with x captured by the inner function.
struct GradientOfGradient: ScalarFunction {
    let inner: NestingMode
    static let y: [Double] = [0.3, -1.1]
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        let g = inner.gradient(of: CoupledInner(x: x), at: Self.y.map { T($0) })
        return x[0] * g[0] + x[1] * g[1]
    }
}

let nestingModes = NestingMode.allCases

/// The scalar type names a probe was called with.
final class TypeNames { var names: [String] = [] }

/// Identity that writes down the scalar type it runs on.
struct TypeProbe: ScalarFunction {
    let names: TypeNames
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        names.names.append(String(describing: T.self))
        return x[0]
    }
}

/// x ↦ x · probe'(x) + probe'(x), the inner derivatives by jvp and by reverse gradient.
struct ProbingOuter: ScalarFunction {
    let probe: TypeProbe
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        x[0] * NestingMode.jvp.derivative(of: probe, at: x[0]) + NestingMode.reverseGradient.derivative(of: probe, at: x[0])
    }
}

@Suite struct NestedDifferentiation {
    @Test(arguments: nestingModes, nestingModes)
    func siskindPearlmutterIsOne(outer: NestingMode, inner: NestingMode) {
        for x in [1.0, -2.5, 0.0] {
            let f = SiskindPearlmutter(inner: inner)
            #expect(f([x]) == x) // the plain value: x · 1
            #expect(outer.derivative(of: f, at: x) == 1, "x = \(x)")
        }
    }

    @Test(arguments: nestingModes, nestingModes)
    func mixedPartialOfProductIsOne(outer: NestingMode, inner: NestingMode) {
        #expect(outer.derivative(of: MixedPartialOfProduct(inner: inner), at: Double(3)) == 1)
    }

    @Test(arguments: nestingModes, nestingModes)
    func timesDerivativeOfSineMatchesHandFormula(outer: NestingMode, inner: NestingMode) {
        for x in [0.4, -1.3, 2.0] {
            let hand = 2 * x * Double.cos(0.7 * x) - 0.7 * x * x * Double.sin(0.7 * x)
            let got = outer.derivative(of: TimesDerivativeOfSine(inner: inner), at: x)
            #expect(Swift.abs(got - hand) <= 1e-14 * Swift.max(1, Swift.abs(hand)), "x = \(x): \(got) vs \(hand)")
        }
    }

    @Test(arguments: [
        (NestingMode.jvp, NestingMode.jvp, NestingMode.jvp),
        (.reverseGradient, .reverseGradient, .reverseGradient),
        (.jvp, .reverseGradient, .forwardGradient),
        (.reverseGradient, .jvp, .pullback),
        (.forwardJacobian, .reverseJacobian, .jvp)
    ])
    func threeLevelsAreOne(modes: (NestingMode, NestingMode, NestingMode)) {
        let f = ThreeLevels(modes: (modes.1, modes.2))
        #expect(f([Double(1.5)]) == 1.5)
        #expect(modes.0.derivative(of: f, at: Double(1.5)) == 1)
    }

    @Test(arguments: nestingModes, nestingModes)
    func gradientOfFunctionThatTakesAGradient(outer: NestingMode, inner: NestingMode) {
        // Hand: ∇_y h = (2 x0 y0 + x0 x1 y1, x1 cos y1 + x0 x1 y0), so
        // g = 2 x0² y0 + x0² x1 y1 + x1² cos y1 + x0 x1² y0 and
        // ∂g/∂x0 = 4 x0 y0 + 2 x0 x1 y1 + x1² y0, ∂g/∂x1 = x0² y1 + 2 x1 cos y1 + 2 x0 x1 y0.
        let (y0, y1) = (GradientOfGradient.y[0], GradientOfGradient.y[1])
        for x in [[0.8, -0.6], [-1.7, 2.2]] {
            let (x0, x1) = (x[0], x[1])
            let hand = [
                4 * x0 * y0 + 2 * x0 * x1 * y1 + x1 * x1 * y0,
                x0 * x0 * y1 + 2 * x1 * Double.cos(y1) + 2 * x0 * x1 * y0
            ]
            let got = outer.gradient(of: GradientOfGradient(inner: inner), at: x)
            for i in 0..<2 {
                #expect(Swift.abs(got[i] - hand[i]) <= 1e-13 * Swift.max(1, Swift.abs(hand[i])), "x = \(x): \(got) vs \(hand)")
            }
            // Independent of the hand algebra: central differences of g on plain Doubles.
            let f = GradientOfGradient(inner: inner)
            for i in 0..<2 {
                let h = 1e-5
                var plus = x, minus = x
                plus[i] += h
                minus[i] -= h
                let fd = (f(plus) - f(minus)) / (plus[i] - minus[i])
                #expect(Swift.abs(fd - got[i]) <= 1e-8 * Swift.max(1, Swift.abs(got[i])))
            }
        }
    }

    @Test func eachLevelIsItsOwnType() {
        // The inner function sees a different scalar type at each level and mode.
        let box = TypeNames()
        let outer = ProbingOuter(probe: TypeProbe(names: box))
        _ = NestingMode.jvp.derivative(of: outer, at: 1.0)
        _ = NestingMode.reverseGradient.derivative(of: outer, at: 1.0)
        #expect(
            box.names == [
                "Dual<Dual<Double>>", "Tracked<Dual<Double>>",
                "Dual<Tracked<Double>>", "Tracked<Tracked<Double>>"
            ])
    }

    @Test func innerPerturbationLivesInTheOuterValue() {
        // By hand, at x = 1: the outer ε1 on x, the inner ε2 on y.
        let x = Dual<Double>(1, tangent: 1)
        let y = Dual<Dual<Double>>(Dual(1, tangent: 0), tangent: Dual(1, tangent: 0))
        let sum = Dual(constant: x) + y // x embedded: ε1 inside the value
        #expect(sum.tangent == Dual(1, tangent: 0)) // d/dy (x + y) = 1, no ε1 part
        #expect(sum.value == Dual(2, tangent: 1)) // x + y carries ε1 in its value
        let outer = x * sum.tangent // x · d/dy(x + y)
        #expect(outer.tangent == 1)
    }

    @Test func deliberateMisliftShowsTheConfusion() {
        // Putting the outer perturbation into the inner slot (what an untagged
        // implementation does implicitly) gives the classic wrong answer 2. The type system
        // only allows this spelled out by hand, as here.
        let x = Dual<Double>(1, tangent: 1)
        let confused = Dual<Dual<Double>>(x, tangent: Dual(x.tangent, tangent: 0))
        let y = Dual<Dual<Double>>(Dual(1, tangent: 0), tangent: Dual(1, tangent: 0))
        #expect((confused + y).tangent.value == 2)
    }
}
