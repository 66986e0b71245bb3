import AutoDiff

// Corpus members whose tapes hold local-partial entries (preaccumulated sub-functions and
// custom derivative rules), so that every corpus cross-check (both modes, finite
// differences, Hessians, sparsity, replay) runs over them too.

/// One term of Rosenbrock's sum, 100 (b − a²)² + (1 − a)², as a sub-function.
struct RosenbrockLocalTerm: LocalFunction {
    func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T {
        100 * T.square(x[1] - x[0] * x[0]) + T.square(1 - x[0])
    }
}

/// a·sin(b) + c·e^a: three arguments (a chain of two local entries), a constant allowed.
struct ThreeArgumentTerm: LocalFunction {
    func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T {
        x[0] * T.sin(x[1]) + x[2] * T.exp(x[0])
    }
}

/// log(1 + eˣ) with a rule that stays exact for large x (the composed form overflows to
/// inf at x > 709 and loses its derivative: e^x / (1 + e^x) = inf/inf = NaN): value
/// x + log1p(e^−x) for x > 0, derivative σ(x) = 1 / (1 + e^−x).
struct StableSoftplusRule: CustomDerivativeRule {
    func value(_ x: Arguments<Double>) -> Double {
        x[0] > 0 ? x[0] + Double.log(onePlus: Double.exp(-x[0])) : Double.log(onePlus: Double.exp(x[0]))
    }
    func vjp(at x: Arguments<Double>, cotangent u: Double) -> Arguments<Double>? {
        Arguments(u / (1 + Double.exp(-x[0])))
    }
    func differentiableGradient<T: ADScalar>(at x: Arguments<T>) -> (value: T, gradient: Arguments<T>)? {
        let e = T.exp(-T.abs(x[0]))
        let value = T.relu(x[0]) + T.log(onePlus: e)
        let sigmoid = x[0] > 0 ? 1 / (1 + e) : e / (1 + e)
        return (value, Arguments(sigmoid))
    }
}

/// Σ RosenbrockLocalTerm(x_i, x_{i+1}) preaccumulated, plus ThreeArgumentTerm(x_0, x_1,
/// x_2), plus a custom rule of one argument: every local entry shape (one argument,
/// two, a chain of three, a constant argument skipped).
struct PreaccumulatedMix: CorpusScalarFunction {
    var name: String { "preaccumulated mix" }
    var point: [Double] { [-1.2, 1.0, 0.8, -0.5] }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T(0)
        for i in 0..<(x.count - 1) { s += T.preaccumulated(RosenbrockLocalTerm(), x[i], x[i + 1]) }
        s += T.preaccumulated(ThreeArgumentTerm(), x[0], x[1], x[2])
        s += T.preaccumulated(ThreeArgumentTerm(), x[3], T(0.5), x[1]) // a constant argument
        return s + T.applying(StableSoftplusRule(), x[2] * x[3])
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        var g = [Double](repeating: 0, count: x.count)
        for i in 0..<(x.count - 1) {
            let r = x[i + 1] - x[i] * x[i]
            g[i] += -400 * x[i] * r - 2 * (1 - x[i])
            g[i + 1] += 200 * r
        }
        g[0] += Double.sin(x[1]) + x[2] * Double.exp(x[0])
        g[1] += x[0] * Double.cos(x[1])
        g[2] += Double.exp(x[0])
        g[3] += Double.sin(0.5) + x[1] * Double.exp(x[3])
        g[1] += Double.exp(x[3])
        let sigmoid = 1 / (1 + Double.exp(-x[2] * x[3]))
        g[2] += sigmoid * x[3]
        g[3] += sigmoid * x[2]
        return g
    }
}
