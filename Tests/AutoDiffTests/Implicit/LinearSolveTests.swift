import AutoDiff
import Testing

// The differentiable linear solve: its implicit rules (forward dX = A⁻¹(dB − dA·X),
// reverse a solve with Aᵀ) against the scalar layer differentiating the elimination
// operation by operation, central differences and the adjoint identity; second order
// (forward over reverse) against the scalar layer's HVP; singular matrices.

/// A well-conditioned n × n matrix: random entries plus n on the diagonal.
func diagonallyDominant(_ n: Int, seed: UInt64) -> Tensor {
    var a = randomTensors([[n, n]], seed: seed)[0]
    for i in 0..<n { a[i, i] += Double(n) }
    return a
}

/// solve(A, B) with B of the given rank, optionally transposed, then a smooth map.
struct SolveThenMap: TensorFunction {
    var transposed = false
    var reduce = false
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = solve(T.tanh(p[0]) + T(diagonallyDominant(p[0].shape[0], seed: 3)), transposed: transposed, p[1])
        return reduce ? (T.sin(x) * x).sum() : x
    }
}

@Suite("Linear solve")
struct LinearSolveTests {
    @Test func primalSolvesTheSystem() throws {
        let a = Tensor([[0, 2, 1], [1, 1, 0], [3, 0, 1]]), b = Tensor([3, 2, 4]) // needs a pivot
        let x = solve(a, b)
        expectClose(matmul(a, x).scalars, b.scalars, .exact(), "A·x = b")
        let xt = solve(a, transposed: true, b)
        expectClose(matmul(a, transposed: true, xt, transposed: false).scalars, b.scalars, .exact(), "Aᵀ·x = b")
        let lu = try LUFactorization(a)
        #expect(lu.solve(b) == x)
        let many = randomTensors([[2, 3, 4]], seed: 2)[0] // a batch of two 3 × 4 blocks
        let xs = solve(a, many)
        expectClose(matmul(Tensor(shape: [1, 3, 3], scalars: a.scalars), xs).scalars, many.scalars, .exact(), "batched")
    }

    @Test(arguments: [(1, false), (2, false), (1, true), (3, true)])
    func derivativesPassTheCrossCheck(rank: Int, transposed: Bool) throws {
        let n = 4
        let bShape = rank == 1 ? [n] : rank == 2 ? [n, 2] : [2, n, 2]
        let x = randomTensors([[n, n], bShape], seed: 17)
        try checkArrayDerivatives(SolveThenMap(transposed: transposed), at: x)
        try checkArrayDerivatives(SolveThenMap(transposed: transposed, reduce: true), at: x)
    }

    /// Second order: the reverse rule is written with the protocol's operations, so a tape
    /// of DualTensor values differentiates it again.
    @Test func hessianVectorProductMatchesTheScalarLayer() throws {
        let x = randomTensors([[3, 3], [3, 2]], seed: 23), v = randomTensors([[3, 3], [3, 2]], seed: 29)
        let f = SolveThenMap(transposed: true, reduce: true)
        let product = try hvp(of: f, at: x, direction: v)
        let twin = FirstEntry(base: TensorAsVectorFunction(f, inputShapes: x.map(\.shape)))
        let reference = try AutoDiff.hvp(of: twin, at: x.flatMap(\.scalars), direction: v.flatMap(\.scalars))
        expectClose(product.flatMap(\.scalars), reference, Tolerance(relative: 1e-11, absolute: 1e-11), "array vs scalar HVP")
    }

    @Test func aSingularMatrixIsAnError() throws {
        struct Singular: TensorFunction {
            func callAsFunction<T: ADTensor>(_ p: [T]) -> T { solve(p[0], p[1]).sum() }
        }
        let a = Tensor([[1, 2], [2, 4]]), b = Tensor([1, 1])
        let message = "solve: the 2 × 2 matrix is singular to working precision (pivot 2 of 2 is 0.0 after partial pivoting, largest entry 4.0)"
        #expect(throws: DifferentiationError.singularMatrix(message)) { try gradient(of: Singular(), at: [a, b]) }
        #expect(throws: DifferentiationError.singularMatrix(message)) { try jvp(of: Singular(), at: [a, b], direction: [a, b]) }
        #expect(throws: DifferentiationError.singularMatrix(message)) { try LUFactorization(a) }
        #expect(
            throws: DifferentiationError.shapeMismatch(
                ShapeMismatch(
                    operation: "solve", shapes: [[2, 2], [3]], reason: "2 equations, 3 right-hand-side entries"))
        ) {
            try gradient(of: Singular(), at: [a, Tensor([1, 1, 1])])
        }
    }
}
