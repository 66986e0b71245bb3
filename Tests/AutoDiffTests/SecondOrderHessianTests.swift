import Testing
import AutoDiff

// Dense and sparse Hessians over the scalar corpus, every mode: symmetric, equal to the
// Dual<Dual> entries (forward over forward, an independent route), to central
// differences of the gradient and to the hand Hessian where there is one; sparsity
// patterns that cover every nonzero; and sizes beyond the corpus points.

@Suite("Hessians") struct SecondOrderHessianTests {
    /// ∂²f/∂x_i∂x_j by one Dual<Dual> pass seeded with e_i and e_j.
    static func dualDualEntry<F: ScalarFunction>(_ f: F, _ x: [Double], _ i: Int, _ j: Int) throws -> Double {
        var u = [Double](repeating: 0, count: x.count), w = u
        u[i] = 1
        w[j] = 1
        return try mixedSecondDerivative(of: f, at: x, directions: u, w).secondDerivative
    }

    @Test(arguments: Corpus.scalar)
    func denseHessianInEveryMode(f: any CorpusScalarFunction) throws {
        let x = f.point, n = x.count
        var dualDual = Matrix<Double>(rows: n, columns: n)
        for i in 0..<n { for j in 0..<n { dualDual[i, j] = try Self.dualDualEntry(f, x, i, j) } }
        let fd = try FiniteDifferences.hessian(gradient: referenceGradient(f), at: x)
        let hand = f.hessianFormula(x).map { Matrix($0) }
        let scale = magnitudeScale(dualDual.elements)
        for mode in HVPMode.allCases {
            let r = try valueGradientAndHessian(of: f, at: x, mode: mode)
            #expect(r.value == f(x))
            #expect(r.hessian == r.hessian.transposed, "\(f.name) \(mode): symmetric")
            expectClose(r.gradient, try gradient(of: f, at: x), .exact(scale: magnitudeScale(r.gradient)), "\(f.name) \(mode): gradient")
            expectClose(r.hessian, dualDual, .exact(scale: scale), "\(f.name) \(mode) vs Dual<Dual>")
            expectClose(r.hessian, fd, .finiteDifference(scale: scale * magnitudeScale(r.gradient, [r.value])), "\(f.name) \(mode) vs differences")
            if let hand { expectClose(r.hessian, hand, .exact(scale: scale), "\(f.name) \(mode) vs hand") }
            #expect(try hessian(of: f, at: x, mode: mode) == r.hessian)
        }
    }

    @Test(arguments: Corpus.scalar)
    func sparseHessianEqualsDenseAndItsPatternCoversIt(f: any CorpusScalarFunction) throws {
        let x = f.point
        let dense = try hessian(of: f, at: x)
        let pattern = try hessianSparsity(of: f, at: x)
        expectPatternCovers(pattern, dense, "\(f.name): Hessian sparsity")
        for mode in HVPMode.allCases {
            let detected = try sparseHessian(of: f, at: x, mode: mode)
            #expect(detected.pattern == pattern)
            expectClose(detected.dense, dense, .exact(scale: magnitudeScale(dense.elements)), "\(f.name) \(mode): sparse vs dense")
            let given = try sparseHessian(of: f, at: x, pattern: pattern, mode: mode)
            #expect(given == detected)
        }
    }

    // Rosenbrock at a size beyond its corpus point: the analytic tridiagonal Hessian,
    // its pattern, and three products by colouring whatever n.
    @Test(arguments: HVPMode.allCases) func rosenbrockOnFiftyInputs(mode: HVPMode) throws {
        var rng = TestLCG(seed: 25)
        let f = ExtendedRosenbrock(), x = rng.vector(50)
        let expected = Matrix(try #require(f.hessianFormula(x)))
        expectClose(try hessian(of: f, at: x, mode: mode), expected, .exact(scale: magnitudeScale(expected.elements)), "dense")
        let s = try sparseHessian(of: f, at: x, mode: mode)
        #expect(Coloring.columns(of: s.pattern).count == 3)
        #expect(s.pattern == (try Tridiagonal.pattern(50)))
        expectClose(s.dense, expected, .exact(scale: magnitudeScale(expected.elements)), "sparse")
    }

    // A dense Hessian of 100 inputs: the one-recording route equals 100 separate
    // forward-over-reverse products and Dual<Dual> entries on a sample; the long-range
    // coupling x_0 · x_99 is present, a non-neighbour pair is not, and the pattern says so.
    @Test func elementaryMixOnAHundredInputs() throws {
        var rng = TestLCG(seed: 23)
        let f = ElementaryMix(), x = rng.vector(100).map { 0.5 * $0 }
        let h = try hessian(of: f, at: x)
        let separate = try hessian(of: f, at: x, mode: .forwardOverReverse)
        expectClose(h, separate, .exact(scale: magnitudeScale(h.elements)), "one recording vs 100 products")
        #expect(h == h.transposed)
        for _ in 0..<20 {
            let i = rng.below(100), j = rng.below(100)
            let d = try Self.dualDualEntry(f, x, i, j)
            #expect(Tolerance.exact(scale: magnitudeScale([d])).accepts(h[i, j], d), "entry (\(i), \(j))")
        }
        #expect(h[0, 99] != 0 && h[3, 50] == 0)
        let p = try hessianSparsity(of: f, at: x)
        #expect(p.contains(row: 0, column: 99) && !p.contains(row: 3, column: 50))
        for i in 0..<100 {
            for j in 0..<100 {
                // Numerically nonzero ⇔ structurally present (no cancellation at this x).
                #expect(p.contains(row: i, column: j) == (h[i, j] != 0), "entry (\(i), \(j))")
            }
        }
    }

    @Test func sparseHessianRejectsAPatternOfTheWrongShape() throws {
        let p = try SparsityPattern(rows: 2, columns: 2, rowColumns: [[0], [1]])
        #expect(throws: SparsityError.patternShape(expectedRows: 3, expectedColumns: 3, rows: 2, columns: 2)) {
            try sparseHessian(of: ExtendedRosenbrock(), at: [1.0, 2, 3], pattern: p)
        }
    }
}
