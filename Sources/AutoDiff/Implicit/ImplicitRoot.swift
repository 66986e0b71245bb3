// A root x*(θ) of F(x, θ) = 0, found by Newton's method on plain values and differentiated
// by the implicit function theorem: from F(x*(θ), θ) = 0, dx* = −(∂F/∂x)⁻¹·(∂F/∂θ)·dθ at
// x*, with ∂F/∂x formed by one forward pass (n directions) and ∂F/∂θ applied by a forward
// pass (jvp) or a recording and one sweep (vjp). The iterations are never differentiated:
// one tape entry for the whole solve, whatever the number of iterations.

/// When Newton's method stops.
public struct NewtonOptions: Sendable, Equatable {
    /// Converged once a step is at most `tolerance · max(1, max |x|)` in every entry (the
    /// iterate after that step is kept: Newton's error is then about the step squared).
    public var tolerance: Double
    /// The most Newton steps taken; past them the solve reports
    /// ``DifferentiationError/notConverged(_:)``.
    public var maximumIterations: Int

    /// Options with the given tolerance (default 1e-12) and step limit (default 50).
    public init(tolerance: Double = 1e-12, maximumIterations: Int = 50) {
        self.tolerance = tolerance
        self.maximumIterations = maximumIterations
    }
}

/// The root x* of `F(x, θ) = 0` near `guess` as a function of the parameters θ, as a
/// ``TensorRule``: its value by Newton's method, its forward and reverse rules by the
/// implicit function theorem. ``root(of:guess:parameters:options:)`` applies it.
///
/// `function` takes `[x] + θ` and returns as many entries as x has (any shape).
public struct ImplicitRoot<F: TensorFunction>: TensorRule {
    /// F(x, θ): inputs x then the parameters.
    public let function: F
    /// Where Newton's method starts; x* has its shape.
    public let guess: Tensor
    /// When Newton's method stops.
    public let options: NewtonOptions

    /// The root of `function` near `guess`.
    public init(_ function: F, guess: Tensor, options: NewtonOptions = NewtonOptions()) {
        self.function = function
        self.guess = guess
        self.options = options
    }

    /// `root`, on the tape and in messages.
    public var name: String { "root" }

    /// x* by Newton's method: each step one forward pass of F carrying the n unit
    /// directions of x (the residual and ∂F/∂x together) and one LU solve.
    public func callAsFunction(_ theta: [Tensor]) -> Tensor {
        var x = guess
        let n = x.scalarCount
        var size = Double.infinity
        for _ in 0..<options.maximumIterations {
            guard case let (residual, lu)? = linearization(at: x, theta) else {
                return Tensor(repeating: .nan, shape: guess.shape)
            }
            var step = residual.scalars
            lu.solve(&step, columns: 1)
            size = step.reduce(0) { Swift.max($0, Swift.abs($1)) }
            x = Tensor(unchecked: x.shape, (0..<n).map { x.scalars[$0] - step[$0] })
            let scale = Swift.max(1, x.scalars.reduce(0) { Swift.max($0, Swift.abs($1)) })
            if size <= options.tolerance * scale { return x }
        }
        return ShapeMismatchSink.report(
            DifferentiationError.notConverged(
                "root: Newton's method did not converge in \(options.maximumIterations) steps (last step \(size), tolerance \(options.tolerance))")
        ) { x }
    }

    /// dx* = −(∂F/∂x)⁻¹·(∂F/∂θ·dθ): one forward pass with the k parameter directions, one
    /// forming ∂F/∂x, one factorization for all k.
    public func jvp(at theta: [Tensor], value x: Tensor, tangents: [Tensor]) -> Tensor? {
        let k = tangents.first?.shape.first ?? 0
        guard let lu = linearization(at: x, theta)?.factors else { return nil }
        let y = function([DualTensor(x)] + zip(theta, tangents).map { DualTensor($0, tangents: $1) })
        guard let t = y.tangents else { return Tensor.zeros(shape: [k] + x.shape) }
        var rhs = transposed(t.scalars, rows: k, columns: lu.size) // n × k
        lu.solve(&rhs, columns: k)
        return Tensor(unchecked: [k] + x.shape, transposed(rhs, rows: lu.size, columns: k).map { -$0 })
    }

    /// λ = (∂F/∂x)⁻ᵀ·x̄ (one solve with the transpose for the k cotangents), then
    /// θ̄ = −λᵀ·∂F/∂θ by one recording of F at x* and one sweep carrying the k λ's.
    public func vjp(at theta: [Tensor], value x: Tensor, cotangents g: Tensor) -> [Tensor]? {
        let k = g.shape[0]
        guard case let (residual, lu)? = linearization(at: x, theta) else { return nil }
        var lambda = transposed(g.scalars, rows: k, columns: lu.size) // n × k
        lu.solve(&lambda, columns: k, transposed: true)
        let tape = TensorTape<Tensor>()
        let parameters = theta.map { tape.variable($0) }
        let y = function([TrackedTensor(x)] + parameters)
        guard y.isRecorded else { return theta.map { Tensor.zeros(shape: [k] + $0.shape) } }
        let seed = Tensor(unchecked: [k] + residual.shape, transposed(lambda, rows: lu.size, columns: k).map { -$0 })
        let adjoint = tape.cotangents(seeds: [(y.index, seed)], directions: k)
        return zip(parameters, theta).map { p, v in adjoint[p.index] ?? Tensor.zeros(shape: [k] + v.shape) }
    }

    /// F at (x, θ) and the factors of ∂F/∂x there (n × n: row i the residual's entry i),
    /// or nil once a failure is reported (an output of the wrong size, a singular ∂F/∂x).
    func linearization(at x: Tensor, _ theta: [Tensor]) -> (residual: Tensor, factors: LUFactorization<Double>)? {
        let n = x.scalarCount
        var seed = [Double](repeating: 0, count: n * n)
        for j in 0..<n { seed[j * n + j] = 1 }
        let y = function([DualTensor(x, tangents: Tensor(unchecked: [n] + x.shape, seed))] + theta.map { DualTensor($0) })
        guard y.value.scalarCount == n else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "root", shapes: [x.shape, y.shape],
                    reason: "F has \(y.value.scalarCount) entries for \(n) unknowns")
            ) { nil }
        }
        let columns = y.tangents?.scalars ?? [Double](repeating: 0, count: n * n) // row j: ∂F/∂x_j
        do {
            return (y.value, try LUFactorization(order: n, rowMajor: transposed(columns, rows: n, columns: n)))
        } catch {
            return ShapeMismatchSink.report(
                DifferentiationError.singularMatrix(
                    "root: ∂F/∂x is singular at the iterate (\(error))")
            ) { nil }
        }
    }

    /// The transpose of a `rows × columns` row-major block.
    func transposed(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var t = [Double](repeating: 0, count: a.count)
        for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = a[i * columns + j] } }
        return t
    }
}

/// The root x* of `F(x, θ) = 0` near `guess`, as a differentiable function of the
/// parameters θ: found by Newton's method on plain values, differentiated by the implicit
/// function theorem (dx*/dθ = −(∂F/∂x)⁻¹·∂F/∂θ at x*), never through the iterations.
///
/// ```swift
/// /// F(x, θ) = x³ + x − θ entry by entry.
/// struct Cubic: TensorFunction {
///     func callAsFunction<T: ADTensor>(_ v: [T]) -> T { v[0] * v[0] * v[0] + v[0] - v[1] }
/// }
/// // inside an array function of θ: let x = root(of: Cubic(), guess: Tensor([0, 0]), parameters: [theta])
/// ```
/// `f` takes `[x] + parameters` and returns as many entries as `guess` has.
///
/// - Returns: x*, of `guess`'s shape; one tape entry in reverse mode.
/// - Complexity: per Newton step, one forward pass of F carrying n directions and an
///   n × n factorization; forward mode adds one such pass and one pass carrying the k
///   parameter directions; each reverse sweep one such pass, a recording of F and one
///   sweep carrying the k cotangents.
/// - Throws (through the drivers): ``DifferentiationError/notConverged(_:)``,
///   ``DifferentiationError/singularMatrix(_:)`` (∂F/∂x singular),
///   ``DifferentiationError/shapeMismatch(_:)``; second derivatives through a root
///   (``valueGradientAndHVP(of:at:direction:)``) are
///   ``DifferentiationError/missingRule(_:)``.
@inlinable
public func root<T: ADTensor, F: TensorFunction>(
    of f: F, guess: Tensor, parameters: [T], options: NewtonOptions = NewtonOptions()
) -> T {
    T.applying(ImplicitRoot(f, guess: guess, options: options), to: parameters)
}
