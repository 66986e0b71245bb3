import AutoDiff
import Testing

// A Newton root differentiated by the implicit function theorem, against the same root
// differentiated through 50 unrolled Newton iterations (each a differentiable solve),
// central differences, and the other mode; the tapes' sizes compared.

/// F(x, θ) = A·x + θ₀ ⊙ x³ − θ₁: a coupled system, A diagonally dominant.
struct CubicSystem: TensorFunction {
    let a: Tensor
    func callAsFunction<T: ADTensor>(_ v: [T]) -> T {
        matmul(T(a), v[0]) + v[1] * v[0] * v[0] * v[0] - v[2]
    }
}

/// The loss of the root: Σ w ⊙ x* + Σ x*², with x* = root(θ₀, θ₁) by the implicit rule or
/// by `unrolled` Newton steps differentiated as written.
struct RootLoss: TensorFunction {
    let system: CubicSystem
    var unrolled: Int? = nil
    var reduce = true
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let n = system.a.shape[0]
        let x: T
        if let steps = unrolled {
            var identity = Tensor.zeros(shape: [n, n])
            for i in 0..<n { identity[i, i] = 1 }
            var iterate = T(Tensor.zeros(shape: [n]))
            for _ in 0..<steps {
                let residual = system([iterate, p[0], p[1]])
                let jacobian = T(system.a) + T(identity) * (3 * p[0] * iterate * iterate).reshaped(to: [1, n])
                iterate = iterate - solve(jacobian, residual)
            }
            x = iterate
        } else {
            x = root(of: system, guess: Tensor.zeros(shape: [n]), parameters: [p[0], p[1]])
        }
        return reduce ? (x * T(Tensor(Array([1, -1, 2, 0.5, 3].prefix(n))))).sum() + (x * x).sum() : x
    }
}

@Suite("Implicit root")
struct ImplicitRootTests {
    let system = CubicSystem(a: diagonallyDominant(5, seed: 31))
    var theta: [Tensor] {
        var t = randomTensors([[5], [5]], seed: 37)
        t[0] = t[0] + 1.5 // θ₀ in [0.5, 2.5]: ∂F/∂x = A + 3 diag(θ₀ x²) stays well conditioned
        return t
    }

    @Test func theRootSolvesTheSystem() throws {
        let x = root(of: system, guess: Tensor.zeros(shape: [5]), parameters: theta)
        let residual = system([x] + theta)
        #expect(residual.scalars.allSatisfy { Swift.abs($0) < 1e-13 })
    }

    /// The implicit derivative equals the derivative through 50 Newton iterations to
    /// ~1e-10, from a tape a fraction of the size; both modes; central differences.
    @Test func implicitDerivativeMatchesDifferentiatingThroughTheIterations() throws {
        let implicit = RootLoss(system: system), unrolled = RootLoss(system: system, unrolled: 50)
        let g = try gradient(of: implicit, at: theta)
        let through = try gradient(of: unrolled, at: theta)
        let scale = magnitudeScale(through.flatMap(\.scalars))
        expectClose(
            g.flatMap(\.scalars), through.flatMap(\.scalars), Tolerance(relative: 1e-10, absolute: 1e-10 * scale),
            "implicit vs through 50 Newton iterations")
        let differences = finiteDifferenceJacobian(implicit, at: theta).row(0)
        expectClose(g.flatMap(\.scalars), differences, .finiteDifference(scale: scale), "implicit vs central differences")

        // The tapes: one entry for the root against every step's operations.
        let (small, large) = (tapeSize(implicit), tapeSize(unrolled))
        print("root tape: \(small.entries) entries, \(small.bytes) bytes; 50 Newton iterations: \(large.entries) entries, \(large.bytes) bytes")
        #expect(small.entries * 20 < large.entries && small.bytes * 20 < large.bytes)
    }

    /// Forward and reverse agree on the root itself (the full Jacobian dx*/dθ), with the
    /// scalar layer, central differences and the adjoint identity.
    @Test func bothModesPassTheCrossCheck() throws {
        try checkArrayDerivatives(RootLoss(system: system, reduce: false), at: theta)
        try checkArrayDerivatives(RootLoss(system: system), at: theta)
        let through = try forwardJacobian(of: RootLoss(system: system, unrolled: 50, reduce: false), at: theta).jacobian
        let implicit = try forwardJacobian(of: RootLoss(system: system, reduce: false), at: theta).jacobian
        expectClose(implicit, through, Tolerance(relative: 1e-10, absolute: 1e-10), "forward: implicit vs through the iterations")
    }

    @Test func failuresAreNamedErrors() throws {
        struct Stubborn: TensorFunction { // x² + θ = 0 has no real root for θ > 0
            func callAsFunction<T: ADTensor>(_ v: [T]) -> T { v[0] * v[0] + v[1] }
        }
        struct Loss: TensorFunction {
            func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
                root(of: Stubborn(), guess: Tensor([0.5]), parameters: [p[0]], options: NewtonOptions(maximumIterations: 8)).sum()
            }
        }
        #expect {
            try gradient(of: Loss(), at: [Tensor([1])])
        } throws: { error in
            guard case let .notConverged(message) = error as? DifferentiationError else { return false }
            return message.hasPrefix("root: Newton's method did not converge in 8 steps")
        }
        struct Flat: TensorFunction { // F = θ whatever x: ∂F/∂x = 0
            func callAsFunction<T: ADTensor>(_ v: [T]) -> T { v[0] * 0 + v[1] }
        }
        struct FlatLoss: TensorFunction {
            func callAsFunction<T: ADTensor>(_ p: [T]) -> T { root(of: Flat(), guess: Tensor([0.5]), parameters: [p[0]]).sum() }
        }
        #expect(
            throws: DifferentiationError.singularMatrix(
                "root: ∂F/∂x is singular at the iterate (solve: the 1 × 1 matrix is singular to working precision (pivot 1 of 1 is 0.0 after partial pivoting, largest entry 0.0))"
            )
        ) {
            try jvp(of: FlatLoss(), at: [Tensor([1])], direction: [Tensor([1])])
        }
    }

    /// The recording's entries and bytes.
    func tapeSize<F: TensorFunction>(_ f: F) -> (entries: Int, bytes: Int) {
        let tape = TensorTape<Tensor>()
        _ = f(theta.map { tape.variable($0) })
        return (tape.count, tape.byteCount)
    }
}
