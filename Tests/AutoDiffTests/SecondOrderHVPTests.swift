import Testing
import AutoDiff

@Suite struct SecondOrderHVP {
    static let modes = HVPMode.allCases

    // Rosenbrock at a seeded point: every mode = the analytic tridiagonal H times v.
    @Test(arguments: modes) func rosenbrockMatchesAnalyticHessian(mode: HVPMode) throws {
        var rng = SORandom(seed: 7)
        let x = rng.vector(60), v = rng.vector(60)
        let r = try valueGradientAndHVP(of: SORosenbrock(), at: x, direction: v, mode: mode)
        let expected = soTimes(SORosenbrock.hessian(x), v)
        #expect(soRelativeError(r.hvp, expected) < 1e-13)
        #expect(soRelativeError(r.gradient, SORosenbrock.gradient(x)) < 1e-13)
        #expect(r.value == SORosenbrock()(x))
        #expect(try hvp(of: SORosenbrock(), at: x, direction: v, mode: mode) == r.hvp)
    }

    // All modes agree with each other and with central differences of the gradient.
    @Test(arguments: modes) func mixedFunctionAgreesAcrossModesAndWithFiniteDifferences(mode: HVPMode) throws {
        var rng = SORandom(seed: 11)
        let x = rng.vector(12).map { 0.5 * $0 }, v = rng.vector(12)
        let f = SOMixed()
        let reference = try valueGradientAndHVP(of: f, at: x, direction: v, mode: .forwardOverReverse)
        let r = try valueGradientAndHVP(of: f, at: x, direction: v, mode: mode)
        #expect(soRelativeError(r.hvp, reference.hvp) < 1e-13)
        #expect(soRelativeError(r.gradient, try gradient(of: f, at: x)) < 1e-14)
        #expect(Swift.abs(r.value - f(x)) < 1e-13)
        let fd = try soFiniteDifferenceHVP(f, x, v)
        #expect(soRelativeError(r.hvp, fd) < 1e-7)
    }

    // Dual<Dual>: vᵀHv equals v · (Hv) of every mode, and ∇f·v equals the gradient's dot.
    @Test func directionalSecondDerivativeMatchesHVP() throws {
        var rng = SORandom(seed: 3)
        for f in [AnySOFunction(SORosenbrock()), AnySOFunction(SOMixed())] {
            let x = rng.vector(20).map { 0.5 * $0 }, v = rng.vector(20)
            let d = try directionalSecondDerivative(of: f, at: x, direction: v)
            let r = try valueGradientAndHVP(of: f, at: x, direction: v)
            let vHv = zip(v, r.hvp).reduce(0) { $0 + $1.0 * $1.1 }
            let gv = zip(v, r.gradient).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(Swift.abs(d.secondDerivative - vHv) <= 1e-12 * max(1, Swift.abs(vHv)))
            #expect(Swift.abs(d.derivative - gv) <= 1e-12 * max(1, Swift.abs(gv)))
            #expect(d.value == r.value)
        }
    }

    // Hand example: f = x²y + sin(y) at (1, 2), H = [[2y, 2x], [2x, −sin y]].
    @Test(arguments: modes) func handExample(mode: HVPMode) throws {
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
    @Test(arguments: modes) func linearFunctionHasZeroHVP(mode: HVPMode) throws {
        struct Linear: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ v: [T]) -> T { 3 * v[0] - v[1] + 2 }
        }
        let r = try valueGradientAndHVP(of: Linear(), at: [1.0, 2], direction: [1, 1], mode: mode)
        #expect(r.hvp == [0, 0])
        #expect(r.gradient == [3, -1])
    }

    // The reusable recording: many products from one second-order recording.
    @Test func gradientRecordingIsReusable() throws {
        var rng = SORandom(seed: 5)
        let x = rng.vector(30)
        let directions = (0..<4).map { _ in rng.vector(30) }
        let products = try withGradientRecording(of: SORosenbrock(), at: x) { g in
            try directions.map { try g.hessianTimes($0) }
        }
        let h = SORosenbrock.hessian(x)
        for (v, p) in zip(directions, products) { #expect(soRelativeError(p, soTimes(h, v)) < 1e-13) }
        let batch = try hessianVectorProducts(of: SORosenbrock(), at: x, directions: directions, mode: .forwardOverReverse)
        for (a, b) in zip(batch.products, products) { #expect(soRelativeError(a, b) < 1e-13) }
    }

    @Test func badInputThrows() throws {
        #expect(throws: DifferentiationError.directionCount(expected: 3, got: 2)) {
            try hvp(of: SORosenbrock(), at: [1.0, 2, 3], direction: [1, 0])
        }
        #expect(throws: DifferentiationError.directionCount(expected: 3, got: 1)) {
            try directionalSecondDerivative(of: SORosenbrock(), at: [1.0, 2, 3], direction: [1])
        }
        #expect(throws: DifferentiationError.directionCount(expected: 2, got: 3)) {
            try withGradientRecording(of: SORosenbrock(), at: [1.0, 2]) { try $0.hessianTimes([1, 2, 3]) }
        }
    }
}

/// A type-erased box so one loop can run over several test functions.
struct AnySOFunction: ScalarFunction {
    let rosenbrock: Bool
    init(_ f: SORosenbrock) { rosenbrock = true }
    init(_ f: SOMixed) { rosenbrock = false }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { rosenbrock ? SORosenbrock()(x) : SOMixed()(x) }
}
