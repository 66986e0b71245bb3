#if canImport(_Differentiation)
    import _Differentiation
    import Testing
    import AutoDiff
    import Foundation

    // The same mathematics as corpus functions, written as @differentiable(reverse)
    // functions for Swift's built-in differentiation: an implementation that shares no
    // code with AutoDiff. AutoDiff's gradients must match `gradient(at:of:)` and
    // `valueWithPullback(at:of:)` to 1e-12 relative.

    @differentiable(reverse) private func builtinExpOfSin(_ x: Double) -> Double { exp(sin(x)) }

    @differentiable(reverse) private func builtinLogOnePlusSquare(_ x: Double) -> Double { log(1 + x * x) }

    @differentiable(reverse) private func builtinTanh(_ x: Double) -> Double { tanh(x) }

    @differentiable(reverse) private func builtinSqrtTimesLogOnePlus(_ x: Double) -> Double { sqrt(x) * log1p(x) }

    @differentiable(reverse) private func builtinHorner(_ x: Double) -> Double {
        var p = 0.0
        for c in withoutDerivative(at: HornerPolynomial.coefficients) { p = p * x + c }
        return p
    }

    @differentiable(reverse) private func builtinPiecewise(_ x: Double) -> Double {
        if x < 1 { return x * x * x }
        if 2.5 < x { return log(x) }
        return 3 * x - 2 + (x - 1) * (x - 1)
    }

    @differentiable(reverse) private func builtinRealPower(_ x: Double, _ y: Double) -> Double {
        pow(x, y) + pow(y, 2.5)
    }

    @differentiable(reverse) private func builtinRepeatedUse(_ x: Double, _ y: Double) -> Double {
        x * x * x + exp(x) * x - x / y + (x * y) * (x * y)
    }

    @differentiable(reverse) private func builtinRosenbrock(_ x: [Double]) -> Double {
        var s = 0.0
        for i in 0..<withoutDerivative(at: x.count - 1) {
            let r = x[i + 1] - x[i] * x[i]
            s += 100 * r * r + (1 - x[i]) * (1 - x[i])
        }
        return s
    }

    @differentiable(reverse) private func builtinMixedConstantForms(_ x: [Double]) -> Double {
        let a = x[0], b = x[1], c = x[2], d = x[3]
        var s = (2 + a) * (b + 3)
        s = s - (1.5 - c) / (d - 0.5)
        s = s + 4 / a + b / 4
        s = s + 2 * c + d * 3
        s = (s + 1.0 - 0.25) * 1.5 / 2.0
        s = s * a / b
        return s + -c - Double.pi * d
    }

    /// The reference from `_Differentiation`: value, gradient and the pullback of `seed`.
    typealias BuiltinReference = (value: Double, gradient: [Double], pulledBack: [Double])

    private func unary(_ x: [Double], _ seed: Double, _ g: @differentiable(reverse) (Double) -> Double) -> BuiltinReference {
        let (value, pullback) = valueWithPullback(at: x[0], of: g)
        return (value, [_Differentiation.gradient(at: x[0], of: g)], [pullback(seed)])
    }

    private func binary(_ x: [Double], _ seed: Double, _ g: @differentiable(reverse) (Double, Double) -> Double) -> BuiltinReference {
        let (value, pullback) = valueWithPullback(at: x[0], x[1], of: g)
        let grad = _Differentiation.gradient(at: x[0], x[1], of: g), pulled = pullback(seed)
        return (value, [grad.0, grad.1], [pulled.0, pulled.1])
    }

    private func array(_ x: [Double], _ seed: Double, _ g: @differentiable(reverse) ([Double]) -> Double) -> BuiltinReference {
        let (value, pullback) = valueWithPullback(at: x, of: g)
        return (value, _Differentiation.gradient(at: x, of: g).base, pullback(seed).base)
    }

    /// A corpus function with a built-in twin.
    enum BuiltinTwin: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case expOfSin, logOnePlusSquare, tanh, sqrtTimesLogOnePlus, horner, piecewise
        case realPower, repeatedUse, rosenbrock, mixedConstantForms

        var testDescription: String { rawValue }

        var function: any CorpusScalarFunction {
            switch self {
            case .expOfSin: ExpOfSin()
            case .logOnePlusSquare: LogOnePlusSquare()
            case .tanh: TanhFunction()
            case .sqrtTimesLogOnePlus: SqrtTimesLogOnePlus()
            case .horner: HornerPolynomial()
            case .piecewise: PiecewiseCubic()
            case .realPower: RealPower()
            case .repeatedUse: RepeatedUse()
            case .rosenbrock: ExtendedRosenbrock()
            case .mixedConstantForms: MixedConstantForms()
            }
        }

        func reference(at x: [Double], seed: Double) -> BuiltinReference {
            switch self {
            case .expOfSin: unary(x, seed, builtinExpOfSin)
            case .logOnePlusSquare: unary(x, seed, builtinLogOnePlusSquare)
            case .tanh: unary(x, seed, builtinTanh)
            case .sqrtTimesLogOnePlus: unary(x, seed, builtinSqrtTimesLogOnePlus)
            case .horner: unary(x, seed, builtinHorner)
            case .piecewise: unary(x, seed, builtinPiecewise)
            case .realPower: binary(x, seed, builtinRealPower)
            case .repeatedUse: binary(x, seed, builtinRepeatedUse)
            case .rosenbrock: array(x, seed, builtinRosenbrock)
            case .mixedConstantForms: array(x, seed, builtinMixedConstantForms)
            }
        }
    }

    @Suite("Against Swift's _Differentiation") struct BuiltinDifferentiationTests {
        @Test(arguments: BuiltinTwin.allCases)
        func gradientAndPullbackMatchBuiltin(twin: BuiltinTwin) throws {
            let f = twin.function, x = f.point, seed = -2.5
            let reference = twin.reference(at: x, seed: seed)
            let scale = magnitudeScale(reference.gradient)
            #expect(Tolerance.exact(scale: scale).accepts(f(x), reference.value), "value \(f(x)) vs \(reference.value)")
            for mode in DifferentiationMode.allCases {
                let g = try gradient(of: f, at: x, mode: mode)
                expectClose(g, reference.gradient, .exact(scale: scale), "\(f.name) \(mode) vs gradient(at:of:)")
            }
            // The pullback of another seed, from both libraries.
            let (_, pullback) = try AutoDiff.valueWithPullback(of: f, at: x)
            expectClose(
                pullback(seed), reference.pulledBack, .exact(scale: 2.5 * scale),
                "\(f.name) pullback(\(seed)) vs valueWithPullback(at:of:)")
        }
    }
#endif
