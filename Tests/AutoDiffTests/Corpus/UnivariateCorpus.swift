import AutoDiff
import Foundation

// R → R members: each with f' and f'' by hand (the second derivatives are checked
// through Dual<Dual<Double>> in SecondDerivativeTests).

let univariateFunctions: [any CorpusUnivariateFunction] = [
    ExpOfSin(), FifthPower(), LogOnePlusSquare(), TanhFunction(), SigmoidFunction(), ArcTangent(),
    NegativeAndZeroPowers(), ExpMinusOneOverX(), SqrtTimesLogOnePlus(), TrigProduct(),
    InverseTrig(), HyperbolicProduct(), PiecewiseCubic(), KinkedSoftplus(), HornerPolynomial()
]

/// exp(sin x).
struct ExpOfSin: CorpusUnivariateFunction {
    var name: String { "exp(sin x)" }
    var point: [Double] { [0.4] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.exp(T.sin(v[0])) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let e = exp(sin(x))
        return (cos(x) * e, (cos(x) * cos(x) - sin(x)) * e)
    }
}

/// x⁵ through pow(x, 5).
struct FifthPower: CorpusUnivariateFunction {
    var name: String { "pow(x, 5)" }
    var point: [Double] { [1.3] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.pow(v[0], 5) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) { (5 * x * x * x * x, 20 * x * x * x) }
}

/// log(1 + x²), written with a constant on the left and x used twice.
struct LogOnePlusSquare: CorpusUnivariateFunction {
    var name: String { "log(1 + x*x)" }
    var point: [Double] { [0.8] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.log(1 + v[0] * v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let d = 1 + x * x
        return (2 * x / d, (2 - 2 * x * x) / (d * d))
    }
}

/// tanh x.
struct TanhFunction: CorpusUnivariateFunction {
    var name: String { "tanh x" }
    var point: [Double] { [0.4] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.tanh(v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let t = tanh(x)
        return (1 - t * t, -2 * t * (1 - t * t))
    }
}

/// σ(x) = 1 / (1 + e^−x) at a negative point (the e^x / (1 + e^x) branch).
struct SigmoidFunction: CorpusUnivariateFunction {
    var name: String { "sigmoid x" }
    var point: [Double] { [-0.6] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.sigmoid(v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let s = 1 / (1 + exp(-x))
        return (s * (1 - s), s * (1 - s) * (1 - 2 * s))
    }
}

/// atan x.
struct ArcTangent: CorpusUnivariateFunction {
    var name: String { "atan x" }
    var point: [Double] { [0.9] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.atan(v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let d = 1 + x * x
        return (1 / d, -2 * x / (d * d))
    }
}

/// x⁻³ + 2·x⁰ + x¹: integer powers with negative, zero and unit exponents.
struct NegativeAndZeroPowers: CorpusUnivariateFunction {
    var name: String { "pow(x,-3) + 2 pow(x,0) + pow(x,1)" }
    var point: [Double] { [1.7] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        T.pow(v[0], -3) + 2 * T.pow(v[0], 0) + T.pow(v[0], 1)
    }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        (-3 / (x * x * x * x) + 1, 12 / (x * x * x * x * x))
    }
}

/// (e^x − 1) / x, a quotient of two recorded values.
struct ExpMinusOneOverX: CorpusUnivariateFunction {
    var name: String { "expMinusOne(x) / x" }
    var point: [Double] { [0.3] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.expMinusOne(v[0]) / v[0] }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let e = exp(x), m = expm1(x)
        return ((x * e - m) / (x * x), (x * x * e - 2 * x * e + 2 * m) / (x * x * x))
    }
}

/// √x · log(1 + x).
struct SqrtTimesLogOnePlus: CorpusUnivariateFunction {
    var name: String { "sqrt(x) * log(onePlus: x)" }
    var point: [Double] { [2.5] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.sqrt(v[0]) * T.log(onePlus: v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let r = x.squareRoot(), l = log1p(x)
        return (
            l / (2 * r) + r / (1 + x),
            -l / (4 * x * r) + 1 / (r * (1 + x)) - r / ((1 + x) * (1 + x))
        )
    }
}

/// sin x · cos x + tan x.
struct TrigProduct: CorpusUnivariateFunction {
    var name: String { "sin x * cos x + tan x" }
    var point: [Double] { [0.4] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.sin(v[0]) * T.cos(v[0]) + T.tan(v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let s = sin(x), c = cos(x), t = tan(x)
        return (c * c - s * s + 1 + t * t, -4 * s * c + 2 * t * (1 + t * t))
    }
}

/// asin x + acos(x / 2).
struct InverseTrig: CorpusUnivariateFunction {
    var name: String { "asin x + acos(x / 2)" }
    var point: [Double] { [0.3] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.asin(v[0]) + T.acos(v[0] / 2) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let a = 1 - x * x, b = 1 - x * x / 4
        return (
            1 / a.squareRoot() - 0.5 / b.squareRoot(),
            x / (a * a.squareRoot()) - (x / 8) / (b * b.squareRoot())
        )
    }
}

/// sinh x · cosh x.
struct HyperbolicProduct: CorpusUnivariateFunction {
    var name: String { "sinh x * cosh x" }
    var point: [Double] { [0.5] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.sinh(v[0]) * T.cosh(v[0]) }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let s = sinh(x), c = cosh(x)
        return (c * c + s * s, 4 * s * c)
    }
}

/// Three branches chosen by comparisons (literal on either side); the point takes the
/// middle one, 3x − 2 + (x − 1)².
struct PiecewiseCubic: CorpusUnivariateFunction {
    var name: String { "piecewise x³ | 3x-2+(x-1)² | log x" }
    var point: [Double] { [1.5] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        let x = v[0]
        if x < 1 {
            return x * x * x
        } else if 2.5 < x {
            return T.log(x)
        } else {
            return 3 * x - 2 + T.square(x - 1)
        }
    }
    func derivatives(_ x: Double) -> (first: Double, second: Double) { (3 + 2 * (x - 1), 2) }
}

/// softplus x + relu(x − 1) + |x − 2|: the relu is off and the abs on its negative side.
struct KinkedSoftplus: CorpusUnivariateFunction {
    var name: String { "softplus x + relu(x - 1) + abs(x - 2)" }
    var point: [Double] { [0.5] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        T.softplus(v[0]) + T.relu(v[0] - 1) + T.abs(v[0] - 2)
    }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        let s = 1 / (1 + exp(-x))
        return (s - 1, s * (1 - s))
    }
}

/// A polynomial by Horner's rule in a loop with compound assignments (`*=` by a
/// variable, `+=` by a constant).
struct HornerPolynomial: CorpusUnivariateFunction {
    static let coefficients: [Double] = [0.5, -1.25, 2, 0.75, -3] // highest degree first
    var name: String { "Horner 0.5x⁴ - 1.25x³ + 2x² + 0.75x - 3" }
    var point: [Double] { [0.9] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        var p = T(0)
        for c in Self.coefficients {
            p *= v[0]
            p += c
        }
        return p
    }
    func derivatives(_ x: Double) -> (first: Double, second: Double) {
        (2 * x * x * x - 3.75 * x * x + 4 * x + 0.75, 6 * x * x - 7.5 * x + 4)
    }
}
