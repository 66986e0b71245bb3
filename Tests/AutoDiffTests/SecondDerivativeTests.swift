import Testing
import AutoDiff

// Second derivatives by nesting: Dual<Dual<Double>> (forward over forward), and the
// drivers run on Dual<Double> inputs (forward over reverse, forward over forward),
// each against the hand formula f'' of the R → R corpus.

/// Both derivative routes agree with the hand formula to ~1e-13 relative: a few dozen
/// ulps for the handful of operations these formulas take.
private let secondOrder = Tolerance(relative: 1e-13, absolute: 1e-15)

@Suite("Second derivatives") struct SecondDerivativeTests {
    @Test(arguments: Corpus.univariate)
    func dualOfDualGivesTheSecondDerivative(f: any CorpusUnivariateFunction) {
        let x = f.point[0]
        // x + ε₁ + ε₂ (+ 0·ε₁ε₂): value.tangent and tangent.value both carry f',
        // tangent.tangent carries f''.
        let seed = Dual(Dual(x, tangent: 1), tangent: Dual(1, tangent: 0))
        let y = f([seed])
        let (first, second) = f.derivatives(x)
        #expect(y.value.value == f([x]))
        #expect(y.value.tangent == y.tangent.value) // the two first-order parts agree exactly
        #expect(secondOrder.accepts(y.value.tangent, first), "\(f.name): f' = \(y.value.tangent), hand \(first)")
        #expect(secondOrder.accepts(y.tangent.tangent, second), "\(f.name): f'' = \(y.tangent.tangent), hand \(second)")
    }

    @Test(arguments: Corpus.univariate)
    func driversOnDualInputsGiveTheSecondDerivative(f: any CorpusUnivariateFunction) throws {
        let x = f.point[0]
        let (first, second) = f.derivatives(x)
        // gradient(at: [x + ε]) = [f'(x) + f''(x) ε], by reverse (Tracked<Dual>) and
        // forward (Dual<Dual>) mode.
        for mode in [DifferentiationMode.reverse, .forward] {
            let g = try gradient(of: f, at: [Dual(x, tangent: 1)], mode: mode)[0]
            #expect(secondOrder.accepts(g.value, first), "\(f.name) \(mode): f'")
            #expect(secondOrder.accepts(g.tangent, second), "\(f.name) \(mode): f'' = \(g.tangent), hand \(second)")
        }
    }

    @Test func secondDerivativeRoutesAgreeOnAMultivariateFunction() throws {
        // The Hessian column H·e_0 of Rosenbrock by forward over reverse, against the
        // hand Hessian: H[0][0] = 1200 x0² − 400 x1 + 2, H[1][0] = −400 x0.
        let f = ExtendedRosenbrock()
        let x = f.point
        let seeded = x.indices.map { Dual(x[$0], tangent: $0 == 0 ? 1.0 : 0) }
        let column = try gradient(of: f, at: seeded).map(\.tangent)
        let expected = [1200 * x[0] * x[0] - 400 * x[1] + 2, -400 * x[0]] + [Double](repeating: 0, count: x.count - 2)
        expectClose(column, expected, .exact(scale: magnitudeScale(expected)), "Rosenbrock H·e0")
    }
}
