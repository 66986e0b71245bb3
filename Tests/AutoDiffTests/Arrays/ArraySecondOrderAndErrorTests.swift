import AutoDiff
import Testing

// Hessian-vector products at array level (forward over reverse) against the scalar
// layer's HVP of the same code and central differences of the array gradient; kinks and
// ties against the scalar layer's conventions; shape errors through every driver.

/// A scalar loss touching every rule family: matmul, broadcasting, elementwise
/// functions, a reduction and the elementwise map.
struct SecondOrderLoss: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let h = T.tanh(matmul(p[0], p[1]) + p[2]) // [3, 2] · [2, 4] + [4]
        let z = T.elementwise(RosenbrockTerm(), [h, T.sigmoid(h)])
        return z.logSumExp(alongAxes: 1).sum() + (T.sin(p[1]) * p[1]).mean() + T.pow(p[2], 3).sum()
    }
}

/// The first entry of a flattened array function, as a ScalarFunction (for the scalar
/// layer's HVP).
struct FirstEntry<Base: TensorFunction>: ScalarFunction {
    let base: TensorAsVectorFunction<Base>
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { base(x)[0] }
}

/// The array function `f(x) = x.max(alongAxes: 1).sum() + relu(x).sum() + abs(x).sum() + max(x, y).sum()`.
struct KinksAndTies: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        p[0].max(alongAxes: 1).sum() + T.relu(p[0]).sum() + T.abs(p[0]).sum() + T.max(p[0], p[1]).sum() + T.min(p[1], p[0]).sum()
    }
}

/// matmul of two operands whose inner dimensions differ.
struct BadProduct: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { matmul(p[0], p[1]).sum() }
}

/// Adds operands that do not broadcast, then reduces.
struct BadSum: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { (p[0] + p[1]).sum() }
}

@Suite("Array second order, kinks and errors")
struct ArraySecondOrderAndErrorTests {
    @Test func hessianVectorProductMatchesScalarLayerAndDifferences() throws {
        let x = randomTensors([[3, 2], [2, 4], [4]], seed: 37)
        let v = randomTensors([[3, 2], [2, 4], [4]], seed: 41)
        let f = SecondOrderLoss()
        let (value, gradient, product) = try valueGradientAndHVP(of: f, at: x, direction: v)
        #expect(value == f(x).scalars[0])
        let reference = try AutoDiff.gradient(of: f, at: x)
        expectClose(gradient.flatMap(\.scalars), reference.flatMap(\.scalars), .exact(), "HVP's gradient vs gradient")

        let twin = FirstEntry(base: TensorAsVectorFunction(f, inputShapes: x.map(\.shape)))
        let scalarHVP = try AutoDiff.hvp(of: twin, at: x.flatMap(\.scalars), direction: v.flatMap(\.scalars))
        expectClose(product.flatMap(\.scalars), scalarHVP, Tolerance(relative: 1e-11, absolute: 1e-11), "array vs scalar HVP")

        // Central differences of the array gradient along v.
        let h = 1e-5
        let plus = zip(x, v).map { Tensor(shape: $0.shape, scalars: zip($0.scalars, $1.scalars).map { $0 + h * $1 }) }
        let minus = zip(x, v).map { Tensor(shape: $0.shape, scalars: zip($0.scalars, $1.scalars).map { $0 - h * $1 }) }
        let gp = try AutoDiff.gradient(of: f, at: plus).flatMap(\.scalars), gm = try AutoDiff.gradient(of: f, at: minus).flatMap(\.scalars)
        expectClose(
            product.flatMap(\.scalars), zip(gp, gm).map { ($0 - $1) / (2 * h) }, .finiteDifference(scale: 10),
            "HVP vs differences of the gradient")
    }

    /// At exact kinks and ties the array layer takes the scalar layer's conventions:
    /// relu'(0) = 0, abs'(0) = 0, a tie goes to the first argument (and, in a reduction,
    /// to the first entry in row-major order).
    /// x / y where y = 0: both modes give the partials 1/y and −q/y (±∞), the forward rule
    /// keeping a zero tangent zero rather than forming 0·∞ = NaN; the scalar layer agrees.
    @Test func divisionByZeroGivesTheSamePartialsInBothModes() throws {
        struct Quotient: TensorFunction {
            func callAsFunction<T: ADTensor>(_ p: [T]) -> T { (p[0] / p[1]).sum() }
        }
        let x = [Tensor([1, 2]), Tensor([0, 4])]
        let expected: [Double] = [.infinity, 0.25, -.infinity, -0.125]
        let forward = try forwardJacobian(of: Quotient(), at: x).jacobian
        let reverse = try reverseJacobian(of: Quotient(), at: x).jacobian
        let scalar = try AutoDiff.forwardJacobian(
            of: TensorAsVectorFunction(Quotient(), inputShapes: [[2], [2]]),
            at: [1, 2, 0, 4]
        ).jacobian
        #expect((0..<4).map { forward[0, $0] } == expected)
        #expect((0..<4).map { reverse[0, $0] } == expected)
        #expect((0..<4).map { scalar[0, $0] } == expected)
    }

    @Test func kinksAndTiesFollowTheScalarConventions() throws {
        let x = Tensor([[0, 2, 2], [-1, 0, 0.5]])
        let y = Tensor([0, 2, -3])
        try checkArrayDerivatives(KinksAndTies(), at: [x, y], finiteDifferences: false)
        let g = try AutoDiff.gradient(of: KinksAndTies(), at: [x, y])
        // Row 0's max is a tie between entries 1 and 2: the first gets it.
        // d/dx[0,1] = 1 (max) + 1 (relu) + 1 (abs) + 1 (max tie: first argument) + 0 (min tie: y first)
        #expect(g[0][0, 1] == 4)
        #expect(g[0][0, 2] == 3) // relu, abs, max(x, y) with x > y
        #expect(g[0][0, 0] == 1) // relu'(0) = 0, abs'(0) = 0, max tie: x, min tie: y
        // y gets each column's row-0 min (ties and y < x go to y) and row-1 max (y > x) or
        // min: one unit per row in every column.
        #expect(g[1] == Tensor([2, 2, 2]))
    }

    @Test func shapeMismatchIsThrownByEveryDriver() throws {
        let a = Tensor.zeros(shape: [32, 64]), b = Tensor.zeros(shape: [10, 64])
        let expected = DifferentiationError.shapeMismatch(
            ShapeMismatch(
                operation: "matmul", shapes: [[32, 64], [10, 64]], reason: "inner dimensions 64 and 10 differ"))
        #expect("\(expected)" == "matmul: [32, 64] · [10, 64]: inner dimensions 64 and 10 differ")
        let f = BadProduct()
        #expect(throws: expected) { try gradient(of: f, at: [a, b]) }
        #expect(throws: expected) { try valueWithPullback(of: f, at: [a, b]) }
        #expect(throws: expected) { try jvp(of: f, at: [a, b], direction: [a, b]) }
        #expect(throws: expected) { try forwardJacobian(of: f, at: [a, b]) }
        #expect(throws: expected) { try reverseJacobian(of: f, at: [a, b]) }
        #expect(throws: expected) { try jacobian(of: f, at: [a, b]) }
        #expect(throws: expected) { try hvp(of: f, at: [a, b], direction: [a, b]) }

        let broadcast = DifferentiationError.shapeMismatch(
            ShapeMismatch(
                operation: "+", shapes: [[2, 3], [4]], reason: "shapes do not broadcast"))
        let s = [Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [4])]
        #expect(throws: broadcast) { try gradient(of: BadSum(), at: s) }
        #expect(throws: broadcast) { try jvp(of: BadSum(), at: s, direction: s) }
        #expect(throws: broadcast) { try jacobian(of: BadSum(), at: s, mode: .forward) }
    }

    @Test func badDirectionsAndOutputsAreTypedErrors() throws {
        let x = [Tensor.zeros(shape: [2, 3]), Tensor.zeros(shape: [3])]
        #expect(throws: DifferentiationError.directionCount(expected: 2, got: 1)) {
            try jvp(of: BadSum(), at: x, direction: [x[0]])
        }
        #expect(throws: DifferentiationError.self) { try jvp(of: BadSum(), at: x, direction: [x[1], x[0]]) }
        #expect(throws: DifferentiationError.self) { try gradient(of: ShapeOperation(kind: .reshape), at: [Tensor.zeros(shape: [2, 3, 4])]) }
        let (_, pullback) = try valueWithPullback(of: BadSum(), at: [x[0], Tensor.zeros(shape: [1])])
        #expect(throws: DifferentiationError.self) { try pullback(Tensor.zeros(shape: [2])) }
    }
}
