import Testing
import AutoDiff

@Suite struct SparseJacobian {
    static let modes: [DifferentiationMode] = [.forward, .reverse]

    func expectEqual(_ s: SparseMatrix<Double>, _ d: Matrix<Double>) {
        #expect(s.rows == d.rows && s.columns == d.columns)
        let e = soRelativeError(s.dense.elements, d.elements)
        #expect(e <= 1e-12, "max relative difference \(e)")
    }

    @Test(arguments: modes) func sparseEqualsDenseOnTheCorpus(mode: DifferentiationMode) throws {
        var rng = SORandom(seed: 400)
        for n in [1, 3, 17, 60] {
            let x = rng.vector(n)
            expectEqual(try sparseJacobian(of: SpTridiagonal(), at: x, mode: mode),
                        try jacobian(of: SpTridiagonal(), at: x, mode: .forward))
            expectEqual(try sparseJacobian(of: SpArrow(), at: x, mode: mode),
                        try jacobian(of: SpArrow(), at: x, mode: .reverse))
            expectEqual(try sparseJacobian(of: SpBlockDiagonal(), at: x, mode: mode),
                        try jacobian(of: SpBlockDiagonal(), at: x, mode: .forward))
        }
    }

    // Plan once, evaluate at later points (the Newton case): values change, pattern not.
    @Test(arguments: modes) func planIsReusableAtLaterPoints(mode: DifferentiationMode) throws {
        var rng = SORandom(seed: 401)
        let n = 200
        let plan = try SparseJacobianPlan(of: SpTridiagonal(), at: rng.vector(n), mode: mode)
        #expect(plan.mode == mode && plan.colorCount == 3)
        for _ in 0..<3 {
            let x = rng.vector(n)
            let r = try valueWithSparseJacobian(of: SpTridiagonal(), at: x, plan: plan)
            #expect(r.value == SpTridiagonal()(x))
            expectEqual(r.jacobian, try jacobian(of: SpTridiagonal(), at: x, mode: .forward))
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
        let plan = SparseJacobianPlan(pattern: try SpTridiagonal.pattern(4))
        #expect(throws: DifferentiationError.inputCount(expected: 4, got: 5)) {
            try sparseJacobian(of: SpTridiagonal(), at: [Double](repeating: 0, count: 5), plan: plan)
        }
        let arrowPlan = SparseJacobianPlan(pattern: try SparsityPattern(rows: 3, columns: 4, rowColumns: [[0], [1], [2]]))
        #expect(throws: DifferentiationError.outputCount(expected: 3, got: 4)) {
            try sparseJacobian(of: SpTridiagonal(), at: [Double](repeating: 0, count: 4), plan: arrowPlan)
        }
    }
}
