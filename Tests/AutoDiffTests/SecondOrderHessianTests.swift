import Testing
import AutoDiff

@Suite struct SecondOrderHessian {
    /// ∂²f/∂x_i∂x_j by one Dual<Dual> pass seeded with e_i and e_j.
    static func dualDualEntry<F: ScalarFunction>(_ f: F, _ x: [Double], _ i: Int, _ j: Int) throws -> Double {
        var u = [Double](repeating: 0, count: x.count), w = u
        u[i] = 1
        w[j] = 1
        return try mixedSecondDerivative(of: f, at: x, directions: u, w).secondDerivative
    }

    @Test(arguments: HVPMode.allCases) func symmetricAndEqualToDualDualEntries(mode: HVPMode) throws {
        var rng = SORandom(seed: 21)
        let x = rng.vector(9).map { 0.5 * $0 }
        let f = SOMixed()
        let r = try valueGradientAndHessian(of: f, at: x, mode: mode)
        let h = r.hessian
        #expect(h.rows == 9 && h.columns == 9)
        #expect(h == h.transposed)
        var worst = 0.0
        for i in 0..<9 {
            for j in 0..<9 {
                let d = try Self.dualDualEntry(f, x, i, j)
                worst = max(worst, Swift.abs(h[i, j] - d) / max(1, Swift.abs(d)))
            }
        }
        #expect(worst < 1e-13)
        #expect(soRelativeError(r.gradient, try gradient(of: f, at: x)) < 1e-14)
    }

    @Test func rosenbrockHessianIsTheAnalyticOne() throws {
        var rng = SORandom(seed: 22)
        let x = rng.vector(40)
        let h = try hessian(of: SORosenbrock(), at: x)
        let expected = SORosenbrock.hessian(x)
        #expect(soRelativeError(h.elements, expected.flatMap { $0 }) < 1e-14)
    }

    // Dense full Hessian of a function of 100 inputs: the one-recording route equals
    // 100 separate forward-over-reverse products and Dual<Dual> entries on a sample.
    @Test func denseHessianOf100Inputs() throws {
        var rng = SORandom(seed: 23)
        let x = rng.vector(100).map { 0.5 * $0 }
        let f = SOMixed()
        let h = try hessian(of: f, at: x)
        let separate = try hessian(of: f, at: x, mode: .forwardOverReverse)
        #expect(soRelativeError(h.elements, separate.elements) < 1e-13)
        #expect(h == h.transposed)
        for _ in 0..<20 {
            let i = rng.below(100), j = rng.below(100)
            let d = try Self.dualDualEntry(f, x, i, j)
            #expect(Swift.abs(h[i, j] - d) <= 1e-13 * max(1, Swift.abs(d)))
        }
        // The long-range coupling x_0 · x_99 is there, a non-neighbour pair is not.
        #expect(h[0, 99] != 0)
        #expect(h[3, 50] == 0)
    }

    @Test func hessianSparsityOfRosenbrockIsTridiagonal() throws {
        let n = 12
        let p = try hessianSparsity(of: SORosenbrock(), at: [Double](repeating: 0.3, count: n))
        let expected = try SparsityPattern(rows: n, columns: n, rowColumns: (0..<n).map { i in
            [i - 1, i, i + 1].filter { $0 >= 0 && $0 < n }
        })
        #expect(p == expected)
    }

    @Test func hessianSparsityOfMixedMatchesTheNumericalHessian() throws {
        var rng = SORandom(seed: 24)
        let x = rng.vector(10).map { 0.5 * $0 }
        let p = try hessianSparsity(of: SOMixed(), at: x)
        let h = try hessian(of: SOMixed(), at: x)
        for i in 0..<10 {
            for j in 0..<10 {
                // Numerically nonzero ⇔ structurally present (no cancellation at this x).
                #expect(p.contains(row: i, column: j) == (h[i, j] != 0), "entry (\(i), \(j))")
            }
        }
    }

    // Sparse Hessian by colouring: 3 products for the tridiagonal rosenbrock at any n,
    // entries = the analytic ones, detected or given pattern, every mode.
    @Test(arguments: HVPMode.allCases) func sparseHessianEqualsDense(mode: HVPMode) throws {
        var rng = SORandom(seed: 25)
        let x = rng.vector(50)
        let s = try sparseHessian(of: SORosenbrock(), at: x, mode: mode)
        #expect(Coloring.columns(of: s.pattern).count == 3)
        #expect(s.pattern.nonzeroCount == 50 + 2 * 49)
        let expected = SORosenbrock.hessian(x).flatMap { $0 }
        #expect(soRelativeError(s.dense.elements, expected) < 1e-14)
        let y = rng.vector(12).map { 0.5 * $0 }
        let m = try sparseHessian(of: SOMixed(), at: y, pattern: hessianSparsity(of: SOMixed(), at: y), mode: mode)
        #expect(soRelativeError(m.dense.elements, try hessian(of: SOMixed(), at: y).elements) < 1e-13)
        #expect(m.dense == m.dense.transposed)
    }

    @Test func sparseHessianRejectsAPatternOfTheWrongShape() throws {
        let p = try SparsityPattern(rows: 2, columns: 2, rowColumns: [[0], [1]])
        #expect(throws: SparsityError.patternShape(expectedRows: 3, expectedColumns: 3, rows: 2, columns: 2)) {
            try sparseHessian(of: SORosenbrock(), at: [1.0, 2, 3], pattern: p)
        }
    }
}
