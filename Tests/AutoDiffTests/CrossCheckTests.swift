import Testing
import AutoDiff

// Every corpus function through every driver, each result pinned to an independent
// route: the other mode, central finite differences, the hand formula, J·v / uᵀJ
// built from the other mode's Jacobian, and the adjoint identity.

/// The hand Jacobian as a matrix, if the function has one.
private func handJacobian(_ f: any CorpusVectorFunction) -> Matrix<Double>? {
    f.jacobianFormula(f.point).map { Matrix($0) }
}

/// Plain evaluation on Double: the reference value.
private func plainValue(_ f: any CorpusVectorFunction) -> [Double] { f(f.point) }

/// Deterministic directions for the function's shape (seeded per test and shape).
private func seededVector(seed: UInt64, count: Int) -> [Double] { TestLCG.uniform(seed: seed, count: count) }

@Suite("Cross-checks over the corpus") struct CrossCheckTests {
    @Test(arguments: Corpus.all)
    func forwardJacobianEqualsReverseJacobian(f: any CorpusVectorFunction) throws {
        let x = f.point
        let forward = try valueWithJacobian(of: f, at: x, mode: .forward)
        let reverse = try valueWithJacobian(of: f, at: x, mode: .reverse)
        let scale = magnitudeScale(forward.jacobian.elements)
        expectClose(forward.jacobian, reverse.jacobian, .exact(scale: scale), "\(f.name): forward vs reverse")
        // Values are computed by the same Double operations in every mode: bitwise equal.
        #expect(forward.value == plainValue(f))
        #expect(reverse.value == plainValue(f))
        // The other entry points give the same matrices exactly.
        #expect(try jacobian(of: f, at: x, mode: .forward) == forward.jacobian)
        #expect(try jacobian(of: f, at: x, mode: .reverse) == reverse.jacobian)
        #expect(try forwardJacobian(of: f, at: x).jacobian == forward.jacobian)
        #expect(try reverseJacobian(of: f, at: x).jacobian == reverse.jacobian)
        let auto = try valueWithJacobian(of: f, at: x, mode: .auto)
        let m = forward.value.count
        // .auto takes the mode the function's calibrated cost model predicts faster.
        let picked = try CostModel.calibrated(for: f, at: x).choice
        #expect(auto.jacobian == (picked == .forward ? forward.jacobian : reverse.jacobian))
        #expect(try jacobian(of: f, at: x) == auto.jacobian)
        #expect(forward.jacobian.rows == m && forward.jacobian.columns == x.count)
    }

    @Test(arguments: Corpus.all)
    func bothModesMatchCentralDifferences(f: any CorpusVectorFunction) throws {
        let fd = FiniteDifferences.jacobian(of: f, at: f.point)
        let scale = magnitudeScale(fd.elements, plainValue(f))
        for mode in [DifferentiationMode.forward, .reverse] {
            let j = try jacobian(of: f, at: f.point, mode: mode)
            expectClose(j, fd, .finiteDifference(scale: scale), "\(f.name): \(mode) vs central differences")
        }
    }

    @Test(arguments: Corpus.all.filter { $0.jacobianFormula($0.point) != nil })
    func bothModesMatchHandFormula(f: any CorpusVectorFunction) throws {
        let hand = try #require(handJacobian(f))
        let scale = magnitudeScale(hand.elements)
        for mode in [DifferentiationMode.forward, .reverse] {
            let j = try jacobian(of: f, at: f.point, mode: mode)
            expectClose(j, hand, .exact(scale: scale), "\(f.name): \(mode) vs hand formula")
        }
    }

    @Test(arguments: Corpus.scalar)
    func gradientInEveryMode(f: any CorpusScalarFunction) throws {
        let x = f.point
        let reference = try gradient(of: f, at: x, mode: .reverse)
        let fd = FiniteDifferences.gradient(of: f, at: x)
        let hand = f.gradientFormula(x)
        let scale = magnitudeScale(reference)
        for mode in DifferentiationMode.allCases {
            let (value, g) = try valueWithGradient(of: f, at: x, mode: mode)
            #expect(value == f(x), "\(mode): value")
            #expect(try gradient(of: f, at: x, mode: mode) == g, "\(mode): gradient vs valueWithGradient")
            expectClose(g, reference, .exact(scale: scale), "\(f.name): \(mode) vs reverse")
            expectClose(g, fd, .finiteDifference(scale: magnitudeScale(fd, [value])), "\(f.name): \(mode) vs FD")
            if let hand { expectClose(g, hand, .exact(scale: scale), "\(f.name): \(mode) vs hand") }
        }
        // The default mode is reverse.
        #expect(try gradient(of: f, at: x) == reference)
    }

    @Test(arguments: Corpus.all)
    func jvpIsJacobianTimesDirection(f: any CorpusVectorFunction) throws {
        let x = f.point
        let j = try jacobian(of: f, at: x, mode: .reverse) // the other mode as reference
        for seed: UInt64 in [31, 32] {
            let v = seededVector(seed: seed, count: x.count)
            let (value, tangent) = try jvp(of: f, at: x, direction: v)
            #expect(value == plainValue(f))
            let scale = magnitudeScale(j.elements) * v.reduce(0) { $0 + Swift.abs($1) }
            expectClose(tangent, multiply(j, v), .exact(scale: scale), "\(f.name): jvp vs J·v")
        }
    }

    @Test(arguments: Corpus.all)
    func vjpIsCotangentTimesJacobian(f: any CorpusVectorFunction) throws {
        let x = f.point
        let j = try jacobian(of: f, at: x, mode: .forward) // the other mode as reference
        let m = j.rows
        let u = seededVector(seed: 41, count: m)
        let (value, cotangent) = try vjp(of: f, at: x, cotangent: u)
        #expect(value == plainValue(f))
        let scale = magnitudeScale(j.elements) * u.reduce(0) { $0 + Swift.abs($1) }
        expectClose(cotangent, multiply(u, j), .exact(scale: scale), "\(f.name): vjp vs uᵀJ")
    }

    @Test(arguments: Corpus.all)
    func pullbackCalledTwiceWithDifferentCotangents(f: any CorpusVectorFunction) throws {
        let x = f.point
        let j = try jacobian(of: f, at: x, mode: .forward)
        let (value, pullback) = try valueWithPullback(of: f, at: x)
        #expect(value == plainValue(f))
        let u1 = seededVector(seed: 51, count: j.rows), u2 = seededVector(seed: 52, count: j.rows)
        let first = try pullback(u1)
        let second = try pullback(u2)
        let scale = magnitudeScale(j.elements) * Double(j.rows)
        expectClose(first, multiply(u1, j), .exact(scale: scale), "\(f.name): first pullback")
        expectClose(second, multiply(u2, j), .exact(scale: scale), "\(f.name): second pullback")
        // A sweep leaves no state behind: the first cotangent again gives the same row.
        #expect(try pullback(u1) == first)
        // Linearity: pullback(u1 + u2) = pullback(u1) + pullback(u2).
        let sum = try pullback(zip(u1, u2).map(+))
        expectClose(sum, zip(first, second).map(+), .exact(scale: scale), "\(f.name): linearity")
    }

    @Test(arguments: Corpus.all)
    func adjointIdentity(f: any CorpusVectorFunction) throws {
        // <J v, u> = <v, Jᵀ u>: jvp (forward) and vjp (reverse) are transposes.
        let x = f.point
        for seed: UInt64 in [61, 62, 63] {
            let v = seededVector(seed: seed, count: x.count)
            let jv = try jvp(of: f, at: x, direction: v).tangent
            let u = seededVector(seed: seed + 100, count: jv.count)
            let ju = try vjp(of: f, at: x, cotangent: u).cotangent
            let lhs = dot(jv, u), rhs = dot(v, ju)
            let scale = magnitudeScale(jv, ju) * Double(x.count + jv.count)
            #expect(Tolerance.exact(scale: scale).accepts(lhs, rhs), "\(f.name): <Jv,u> = \(lhs), <v,Jᵀu> = \(rhs)")
        }
    }

    @Test(arguments: Corpus.scalar)
    func scalarJVPAndPullback(f: any CorpusScalarFunction) throws {
        let x = f.point
        let g = try gradient(of: f, at: x, mode: .forward)
        let scale = magnitudeScale(g)
        let v = seededVector(seed: 71, count: x.count)
        let (value, tangent) = try jvp(of: f, at: x, direction: v)
        #expect(value == f(x))
        #expect(Tolerance.exact(scale: scale * Double(x.count)).accepts(tangent, dot(g, v)))
        let (value2, pullback) = try valueWithPullback(of: f, at: x)
        #expect(value2 == f(x))
        expectClose(pullback(1), g, .exact(scale: scale), "\(f.name): pullback(1)")
        expectClose(pullback(-2.5), g.map { -2.5 * $0 }, .exact(scale: 2.5 * scale), "\(f.name): pullback(-2.5)")
        #expect(pullback(0).allSatisfy { $0 == 0 })
    }
}
