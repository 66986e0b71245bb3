import Testing
import AutoDiff

// Sparse Jacobians by colouring against the dense Jacobian: over the whole corpus (each
// member at its point, detection and a reused plan, both modes), over the banded
// members at several sizes, and a plan reused at later points.

@Suite struct SparseJacobian {
    static let modes: [DifferentiationMode] = [.forward, .reverse]

    func expectEqual(_ s: SparseMatrix<Double>, _ d: Matrix<Double>, _ what: String) {
        #expect(s.rows == d.rows && s.columns == d.columns, "\(what): shape")
        expectClose(s.dense, d, .exact(scale: magnitudeScale(d.elements)), what)
    }

    @Test(arguments: Corpus.all) func sparseEqualsDenseOnTheCorpus(f: any CorpusVectorFunction) throws {
        let x = f.point
        let dense = try jacobian(of: f, at: x, mode: .forward)
        let pattern = try jacobianSparsity(of: f, at: x)
        expectPatternCovers(pattern, dense, "\(f.name): Jacobian sparsity")
        for mode in Self.modes {
            let detected = try sparseJacobian(of: f, at: x, mode: mode)
            #expect(detected.pattern == pattern)
            expectEqual(detected, dense, "\(f.name) \(mode)")
            let plan = try SparseJacobianPlan(of: f, at: x, mode: mode)
            let (value, reused) = try valueWithSparseJacobian(of: f, at: x, plan: plan)
            #expect(value == f(x) && reused == detected, "\(f.name) \(mode): plan")
        }
    }

    @Test(arguments: modes) func sparseEqualsDenseAtEverySize(mode: DifferentiationMode) throws {
        var rng = TestLCG(seed: 400)
        for n in [1, 3, 17, 60] {
            let x = rng.vector(n)
            for f in [Tridiagonal(), Arrow(), BlockDiagonal()] as [any CorpusVectorFunction] {
                expectEqual(try sparseJacobian(of: f, at: x, mode: mode), try jacobian(of: f, at: x, mode: .reverse), "\(f.name) n = \(n)")
            }
        }
    }

    // Plan once, evaluate at later points (the Newton case): values change, pattern not.
    @Test(arguments: modes) func planIsReusableAtLaterPoints(mode: DifferentiationMode) throws {
        var rng = TestLCG(seed: 401)
        let n = 200
        let plan = try SparseJacobianPlan(of: Tridiagonal(), at: rng.vector(n), mode: mode)
        #expect(plan.mode == mode && plan.colorCount == 3)
        for _ in 0..<3 {
            let x = rng.vector(n)
            let r = try valueWithSparseJacobian(of: Tridiagonal(), at: x, plan: plan)
            #expect(r.value == Tridiagonal()(x))
            expectEqual(r.jacobian, try jacobian(of: Tridiagonal(), at: x, mode: .forward), "reused plan")
            // Hand formula: diagonal −2 + h² cos x_i, off-diagonals 1.
            let h = 1.0 / Double(n + 1)
            for i in 0..<n {
                #expect(Swift.abs(r.jacobian[i, i] - (-2 + h * h * Double.cos(x[i]))) < 1e-15)
                if i > 0 { #expect(r.jacobian[i, i - 1] == 1) }
            }
        }
    }

    @Test func sparseMatrixConversions() throws {
        let p = try SparsityPattern(rows: 2, columns: 3, rowColumns: [[0, 2], [1]])
        let s = try SparseMatrix(pattern: p, values: [1.0, 2, 3])
        #expect(s.dense == Matrix([[1, 0, 2], [0, 3, 0]]))
        #expect(try SparseMatrix(Matrix([[1.0, 9, 2], [0, 3, 0]]), pattern: p) == s)
        #expect(s[0, 1] == 0 && s[0, 2] == 2 && s[1, 1] == 3)
        #expect(s.description == "[0: 1.0, 2: 2.0]\n[1: 3.0]")
        #expect(throws: SparsityError.rowOffsets(rows: 2, nonzeros: 2)) {
            try SparseMatrix(pattern: p, values: [1.0, 2])
        }
    }

    @Test func planShapeMismatchThrows() throws {
        let plan = SparseJacobianPlan(pattern: try Tridiagonal.pattern(4))
        #expect(throws: DifferentiationError.inputCount(expected: 4, got: 5)) {
            try sparseJacobian(of: Tridiagonal(), at: [Double](repeating: 0, count: 5), plan: plan)
        }
        let arrowPlan = SparseJacobianPlan(pattern: try SparsityPattern(rows: 3, columns: 4, rowColumns: [[0], [1], [2]]))
        #expect(throws: DifferentiationError.outputCount(expected: 3, got: 4)) {
            try sparseJacobian(of: Tridiagonal(), at: [Double](repeating: 0, count: 4), plan: arrowPlan)
        }
    }
}
