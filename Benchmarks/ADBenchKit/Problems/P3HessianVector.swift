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

/// P3 hvp: the Hessian-vector product of Rosenbrock (P1), x = uniform(1), v = uniform(5);
/// check: the sum of Hv's entries (n = 10000 in PROBLEMS.md).
///
/// ``derivative(at:mode:)`` is the library's `hvp(of:at:direction:mode:)`: `.forward` and
/// `.auto` forward over reverse (`hvp`'s default), `.reverse` reverse over forward. Each is
/// one recording and one sweep, a small constant times f.
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
        DerivativeResult(vector: try hvp(of: function, at: x, direction: direction, mode: HVPMode(sweepMode: mode)))
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

    /// The size of one reverse-over-forward recording (the `Dual` pass on tape variables).
    public func tapeSize(at x: [Double]) -> TapeSize {
        TapeSize.recording(of: DirectionalDerivative(function, direction: direction), at: x)
    }

    /// The recording of the HVP mode ``derivative(at:mode:)`` runs in `mode`.
    public func tapeSize(at x: [Double], mode: DifferentiationMode) throws -> TapeSize {
        try tapeSize(at: x, hvpMode: HVPMode(sweepMode: mode))
    }

    /// The recording one `hvp` call in `mode` makes: forward over reverse records f on
    /// `Dual` values (f's first-order entry count, twice the bytes); reverse over forward
    /// the `Dual` pass (``tapeSize(at:)``); reverse over reverse the inner tape (f's
    /// recording plus its recorded backward pass).
    /// - Throws: ``DifferentiationError`` from the second-order recording.
    /// - Complexity: one recording in that mode.
    public func tapeSize(at x: [Double], hvpMode mode: HVPMode) throws -> TapeSize {
        switch mode {
        case .forwardOverReverse:
            let tape = Tape<Dual<Double>>(reservingCapacity: 16 * x.count + 1024)
            return withExtendedLifetime(tape) {
                _ = function(x.indices.map { tape.variable(Dual(x[$0], tangent: direction[$0])) })
                return TapeSize(entries: tape.count, bytes: tape.byteCount)
            }
        case .reverseOverForward:
            return tapeSize(at: x)
        case .reverseOverReverse:
            return try withGradientRecording(of: function, at: x) { TapeSize(entries: $0.tapeCount, bytes: $0.tapeByteCount) }
        }
    }

    /// None: the Hessian-vector product has no `.auto` choice to model.
    public func costModel() throws -> CostModel? { nil }

    /// The library's `hvp` in every ``HVPMode`` and vᵀHv (``hvpMeasurements(_:sink:)``),
    /// the array level's, and forward over reverse with the term preaccumulated.
    public func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] {
        try hvpMeasurements(self, sink: sink) + arrayHVPMeasurements(self, sink: sink)
            + preaccumulatedHVPMeasurements(self, sink: sink)
    }

    public var reference: ReferenceCheck? {
        point.count == 10000 ? ReferenceCheck(value: nil, derivativeSum: -2978.09629431) : nil
    }
}
