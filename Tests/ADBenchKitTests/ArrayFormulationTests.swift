import ADBenchKit
import AutoDiff
import Testing

// The array-level formulations of P1-P4 against their scalar formulations and the
// reference check values of PROBLEMS.md.

@Suite("Array formulations of the problems")
struct ArrayFormulationTests {
    func relativeError(_ a: Double, _ b: Double) -> Double { Swift.abs(a - b) / Swift.max(1, Swift.abs(b)) }

    @Test(arguments: [(100, 5244.31009905, -6998.23080374), (1000, 53010.4960573, -57683.9903392)])
    func rosenbrock(_ reference: (Int, Double, Double)) throws {
        let x = Tensor(LCG.vector(seed: 1, count: reference.0))
        for f in [AnyTensorLoss(ArrayRosenbrock()), AnyTensorLoss(ArrayRosenbrockByOperations())] {
            let (value, gradient) = try f.valueWithGradient([x])
            #expect(relativeError(value, reference.1) < 1e-11)
            #expect(relativeError(gradient[0].scalars.reduce(0, +), reference.2) < 1e-11)
            let scalar = try AutoDiff.gradient(of: RosenbrockFunction(), at: x.scalars)
            #expect(zip(scalar, gradient[0].scalars).allSatisfy { relativeError($1, $0) < 1e-12 })
        }
    }

    @Test(arguments: [
        (1, 1, 0.133126456262), (8, 8, 0.56335000952), (64, 64, -0.353474056505),
        (512, 1, 0.00109085273409), (1, 512, -0.712138375808)
    ])
    func chain(_ reference: (Int, Int, Double)) throws {
        let problem = P2Chain(n: reference.0, m: reference.1)
        let f = ArrayChain(problem.function)
        let x = [Tensor(problem.point)]
        for mode in [DifferentiationMode.forward, .reverse, .auto] {
            let j = try jacobian(of: f, at: x, mode: mode)
            #expect(relativeError(j.elements.reduce(0, +), reference.2) < 1e-10, "\(mode)")
            let scalar = try AutoDiff.jacobian(of: problem.function, at: problem.point, mode: .forward)
            #expect(zip(scalar.elements, j.elements).allSatisfy { Swift.abs($0 - $1) < 1e-13 }, "\(mode)")
        }
    }

    @Test func hessianVectorProduct() throws {
        let x = Tensor(LCG.vector(seed: 1, count: 10_000)), v = Tensor(LCG.vector(seed: 5, count: 10_000))
        let hv = try hvp(of: ArrayRosenbrock(), at: [x], direction: [v])
        #expect(relativeError(hv[0].scalars.reduce(0, +), -2978.09629431) < 1e-10)
    }

    @Test func mlp() throws {
        let problem = P4MLP()
        let f = ArrayMLP(problem.function)
        let weights = ArrayMLP.weights(problem.point, problem.function)
        let (value, gradient) = try valueWithGradient(of: f, at: weights)
        #expect(relativeError(value, 2.3032421549) < 1e-10)
        #expect(relativeError(gradient.flatMap(\.scalars).reduce(0, +), -0.0577358424166) < 1e-10)
        let scalar = try AutoDiff.gradient(of: problem.function, at: problem.point)
        #expect(zip(scalar, gradient.flatMap(\.scalars)).allSatisfy { Swift.abs($0 - $1) < 1e-13 })
    }
}

/// A loss of one of the array formulations (so the two Rosenbrock forms share a test).
struct AnyTensorLoss {
    let valueWithGradient: ([Tensor]) throws -> (Double, [Tensor])
    init<F: TensorFunction>(_ f: F) { valueWithGradient = { try AutoDiff.valueWithGradient(of: f, at: $0) } }
}
