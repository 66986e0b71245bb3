import Testing
import AutoDiff

// Hessian-vector products over the scalar corpus, every mode, against central
// differences of the gradient, the hand Hessian where there is one, and each other;
// vᵀHv by Dual<Dual> against v·(Hv); and the drivers' edge cases.

/// The gradient of a corpus member by its hand formula, else by reverse mode.
func referenceGradient(_ f: any CorpusScalarFunction) -> ([Double]) throws -> [Double] {
    { x in try f.gradientFormula(x) ?? gradient(of: f, at: x) }
}

/// A direction for the member's point (seeded per member size).
private func direction(for f: any CorpusScalarFunction, seed: UInt64 = 81) -> [Double] {
    TestLCG.uniform(seed: seed, count: f.point.count)
}

@Suite("Hessian-vector products") struct SecondOrderHVPTests {
    @Test(arguments: Corpus.scalar)
    func everyModeMatchesDifferencesOfTheGradient(f: any CorpusScalarFunction) throws {
        let x = f.point, v = direction(for: f)
        let fd = try FiniteDifferences.hessianVectorProduct(gradient: referenceGradient(f), at: x, direction: v)
        let hand = f.hessianFormula(x).map { multiply(Matrix($0), v) }
        let reference = try valueGradientAndHVP(of: f, at: x, direction: v, mode: .forwardOverReverse)
        let scale = magnitudeScale(fd) * magnitudeScale(v)
        for mode in HVPMode.allCases {
            let r = try valueGradientAndHVP(of: f, at: x, direction: v, mode: mode)
            #expect(r.value == f(x), "\(f.name) \(mode): value")
            #expect(try hvp(of: f, at: x, direction: v, mode: mode) == r.hvp, "\(f.name) \(mode): hvp vs valueGradientAndHVP")
            expectClose(r.gradient, try gradient(of: f, at: x), .exact(scale: magnitudeScale(r.gradient)), "\(f.name) \(mode): gradient")
            expectClose(r.hvp, reference.hvp, .exact(scale: scale), "\(f.name) \(mode) vs forward over reverse")
            expectClose(r.hvp, fd, .finiteDifference(scale: scale * magnitudeScale(r.gradient, [r.value])), "\(f.name) \(mode) vs differences")
            if let hand { expectClose(r.hvp, hand, .exact(scale: scale), "\(f.name) \(mode) vs hand Hessian") }
        }
    }

    @Test(arguments: Corpus.scalar)
    func directionalSecondDerivativeIsVDotHV(f: any CorpusScalarFunction) throws {
        let x = f.point, v = direction(for: f, seed: 82)
        let d = try directionalSecondDerivative(of: f, at: x, direction: v)
        let r = try valueGradientAndHVP(of: f, at: x, direction: v)
        let scale = magnitudeScale(r.hvp, r.gradient) * magnitudeScale(v) * Double(x.count)
        #expect(Tolerance.exact(scale: scale).accepts(d.secondDerivative, dot(v, r.hvp)), "\(f.name): vᵀHv")
        #expect(Tolerance.exact(scale: scale).accepts(d.derivative, dot(v, r.gradient)), "\(f.name): ∇f·v")
        #expect(d.value == r.value)
    }

    // A larger n than the corpus point: Rosenbrock on 60 inputs, every mode = its
    // tridiagonal Hessian times v.
    @Test(arguments: HVPMode.allCases) func rosenbrockOnSixtyInputs(mode: HVPMode) throws {
        var rng = TestLCG(seed: 7)
        let f = ExtendedRosenbrock(), x = rng.vector(60), v = rng.vector(60)
        let r = try valueGradientAndHVP(of: f, at: x, direction: v, mode: mode)
        let expected = multiply(Matrix(try #require(f.hessianFormula(x))), v)
        expectClose(r.hvp, expected, .exact(scale: magnitudeScale(expected)), "Rosenbrock R^60 \(mode)")
        expectClose(r.gradient, try #require(f.gradientFormula(x)), .exact(scale: magnitudeScale(r.gradient)), "gradient")
    }

    // Hand example: f = x²y + sin(y) at (1, 2), H = [[2y, 2x], [2x, −sin y]].
    @Test(arguments: HVPMode.allCases) func handExample(mode: HVPMode) throws {
        struct F: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ v: [T]) -> T { v[0] * v[0] * v[1] + T.sin(v[1]) }
        }
        let r = try valueGradientAndHVP(of: F(), at: [1.0, 2], direction: [1, 0], mode: mode)
        #expect(r.hvp == [4, 2])
        let s = try hvp(of: F(), at: [1.0, 2], direction: [0, 1], mode: mode)
        #expect(s[0] == 2 && Swift.abs(s[1] + Double.sin(2.0)) < 1e-15)
    }

    // Linear and constant functions: Hv = 0 in every mode (constant gradient entries
    // of reverse-over-reverse are skipped, not swept).
    @Test(arguments: HVPMode.allCases) func linearFunctionHasZeroHVP(mode: HVPMode) throws {
        struct Linear: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ v: [T]) -> T { 3 * v[0] - v[1] + 2 }
        }
        let r = try valueGradientAndHVP(of: Linear(), at: [1.0, 2], direction: [1, 1], mode: mode)
        #expect(r.hvp == [0, 0])
        #expect(r.gradient == [3, -1])
    }

    // The reusable recording: many products from one second-order recording, and the
    // batch driver in every mode.
    @Test(arguments: Corpus.scalar) func gradientRecordingIsReusable(f: any CorpusScalarFunction) throws {
        let x = f.point
        let directions = (0..<3).map { direction(for: f, seed: 90 + UInt64($0)) }
        let products = try withGradientRecording(of: f, at: x) { g in try directions.map { try g.hessianTimes($0) } }
        for (v, p) in zip(directions, products) {
            let single = try hvp(of: f, at: x, direction: v)
            expectClose(p, single, .exact(scale: magnitudeScale(single) * magnitudeScale(v)), "\(f.name): recorded product")
        }
        for mode in HVPMode.allCases {
            let batch = try hessianVectorProducts(of: f, at: x, directions: directions, mode: mode)
            for (a, b) in zip(batch.products, products) {
                expectClose(a, b, .exact(scale: magnitudeScale(b) * magnitudeScale(directions.flatMap { $0 })), "\(f.name) \(mode): batch")
            }
        }
    }

    @Test func badInputThrows() throws {
        let f = ExtendedRosenbrock()
        #expect(throws: DifferentiationError.directionCount(expected: 3, got: 2)) {
            try hvp(of: f, at: [1.0, 2, 3], direction: [1, 0])
        }
        #expect(throws: DifferentiationError.directionCount(expected: 3, got: 1)) {
            try directionalSecondDerivative(of: f, at: [1.0, 2, 3], direction: [1])
        }
        #expect(throws: DifferentiationError.directionCount(expected: 2, got: 3)) {
            try withGradientRecording(of: f, at: [1.0, 2]) { try $0.hessianTimes([1, 2, 3]) }
        }
    }
}
