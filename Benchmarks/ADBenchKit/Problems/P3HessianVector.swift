import AutoDiff

/// `x ↦ ∇f(x)·v`, the directional derivative of `f` along a constant `v`, computed by one
/// forward pass (``Dual``) inside whatever scalar type it is evaluated on. Its gradient
/// (reverse mode on top: `Dual<Tracked<Double>>`) is the Hessian-vector product `H·v`.
public struct DirectionalDerivative<Base: ScalarFunction & Sendable>: ScalarFunction, Sendable {
    /// The function differentiated.
    public let base: Base
    /// The direction v, held constant (never differentiated through).
    public let direction: [Double]

    /// `∇base·direction`.
    public init(_ base: Base, direction: [Double]) { self.base = base; self.direction = direction }

    /// n.
    public var inputCount: Int? { direction.count }

    /// `∇f(x)·v`: one pass on `Dual<T>` seeded with v.
    /// - Complexity: one evaluation of `base` on `Dual<T>`.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var duals = [Dual<T>]()
        duals.reserveCapacity(x.count)
        for i in x.indices { duals.append(Dual(x[i], tangent: T(direction[i]))) }
        return base(duals).tangent
    }
}

/// `x ↦ ∇f(x)`, a reverse-mode gradient computed inside whatever scalar type it is
/// evaluated on. A forward pass on top (`Tracked<Dual<Double>>`) along v gives `H·v`.
public struct GradientFunction<Base: ScalarFunction & Sendable>: VectorFunction, Sendable {
    /// The function differentiated.
    public let base: Base
    /// n.
    public let n: Int

    /// `∇base` on n inputs.
    public init(_ base: Base, n: Int) { self.base = base; self.n = n }

    /// n.
    public var inputCount: Int? { n }
    /// n.
    public var outputCount: Int? { n }

    /// ∇f(x) by one recording and one sweep on `Tracked<T>`.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        (try? gradient(of: base, at: x)) ?? [T](repeating: .zero, count: x.count)
    }
}

/// P3 hvp: the Hessian-vector product of Rosenbrock (P1), x = uniform(1), v = uniform(5);
/// check: the sum of Hv's entries (n = 10000 in PROBLEMS.md).
///
/// Modes of ``derivative(at:mode:)``: `.reverse` and `.auto` = reverse over forward (the
/// gradient of `∇f·v`, on `Dual<Tracked<Double>>`); `.forward` = forward over reverse
/// (a jvp of the gradient, on `Tracked<Dual<Double>>`). Both cost a small constant times f.
public struct P3HessianVector: BenchmarkProblem {
    /// Rosenbrock.
    public let function: RosenbrockFunction
    /// v = uniform(5), n entries.
    public let direction: [Double]
    /// x = uniform(1), n entries.
    public let point: [Double]

    /// The problem with n inputs.
    public init(n: Int) {
        function = RosenbrockFunction(n: n)
        direction = LCG.vector(seed: 5, count: n)
        point = LCG.vector(seed: 1, count: n)
    }

    public var id: ProblemID { .hvp }
    public var name: String { "P3 hvp n=\(point.count)" }
    public var summary: String { "Hessian-vector product of Rosenbrock, R^\(point.count), v = uniform(5)" }
    public var inputCount: Int { point.count }
    public var outputCount: Int { point.count }
    public var derivativeKind: DerivativeKind { .hessianVector }

    public func primal(_ x: [Double]) -> Double { function(x) }
    public func outputs(_ x: [Double]) -> [Double] { [function(x)] }
    public func handPrimal(_ x: [Double]) -> Double { P1Rosenbrock.handValue(x) }

    public func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        switch mode {
        case .forward:
            let g = GradientFunction(function, n: x.count)
            return DerivativeResult(vector: try jvp(of: g, at: x, direction: direction).tangent)
        case .reverse, .auto:
            let d = DirectionalDerivative(function, direction: direction)
            return DerivativeResult(vector: try gradient(of: d, at: x))
        }
    }

    /// `H·v` by hand from Rosenbrock's tridiagonal Hessian:
    /// `H_ii = [i <= n−2](1200 x_i² − 400 x_{i+1} + 2) + [i >= 1] 200`,
    /// `H_{i,i+1} = H_{i+1,i} = −400 x_i`.
    /// - Complexity: one pass, n entries allocated.
    public static func handHessianVector(_ x: [Double], _ v: [Double]) -> [Double] {
        let n = x.count
        precondition(v.count == n, "direction length")
        var hv = [Double](repeating: 0, count: n)
        if n < 2 { return hv }
        x.withUnsafeBufferPointer { x in
            v.withUnsafeBufferPointer { v in
                hv.withUnsafeMutableBufferPointer { hv in
                    for i in 0..<(n - 1) {
                        let off = -400 * x[i]
                        hv[i] += (1200 * x[i] * x[i] - 400 * x[i + 1] + 2) * v[i] + off * v[i + 1]
                        hv[i + 1] += 200 * v[i + 1] + off * v[i]
                    }
                }
            }
        }
        return hv
    }

    public func handDerivative(at x: [Double]) -> DerivativeResult {
        DerivativeResult(vector: Self.handHessianVector(x, direction))
    }

    /// The size of one reverse-over-forward recording.
    public func tapeSize(at x: [Double]) -> TapeSize {
        TapeSize.recording(of: DirectionalDerivative(function, direction: direction), at: x)
    }

    public var reference: ReferenceCheck? {
        point.count == 10000 ? ReferenceCheck(value: nil, derivativeSum: -2978.09629431) : nil
    }
}
