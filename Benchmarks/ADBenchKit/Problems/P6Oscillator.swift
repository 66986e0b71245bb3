import AutoDiff

/// One classic RK4 step of the damped nonlinear oscillator `dq/dt = p`,
/// `dp/dt = −k q − c p − a q³`: state (q, p), parameters (k, c, a).
public struct OscillatorStep: StepFunction, Sendable {
    /// The time step: 10/N (final time 10).
    public let dt: Double

    /// A step of length `dt`.
    public init(dt: Double) { self.dt = dt }

    public var stateCount: Int { 2 }
    public var parameterCount: Int { 3 }

    /// The state after one step: `s + dt/6 (k1 + 2 k2 + 2 k3 + k4)`.
    /// - Complexity: 4 evaluations of the field, 58 operations (and tape entries).
    public func callAsFunction<T: ADScalar>(_ s: [T], parameters theta: [T], step index: Int) -> [T] {
        let k = theta[0], c = theta[1], a = theta[2]
        let half = 0.5 * dt, sixth = dt / 6
        /// dp/dt at (q, p) (dq/dt is p itself).
        func force(_ q: T, _ p: T) -> T { -(k * q + c * p + a * (q * q * q)) }
        let q = s[0], p = s[1]
        let (a1, b1) = (p, force(q, p))
        let (q2, p2) = (q + half * a1, p + half * b1)
        let (a2, b2) = (p2, force(q2, p2))
        let (q3, p3) = (q + half * a2, p + half * b2)
        let (a3, b3) = (p3, force(q3, p3))
        let (q4, p4) = (q + dt * a3, p + dt * b3)
        let (a4, b4) = (p4, force(q4, p4))
        return [q + sixth * (a1 + 2 * a2 + 2 * a3 + a4), p + sixth * (b1 + 2 * b2 + 2 * b3 + b4)]
    }
}

/// L = q_N² + p_N² (the loss reads the final state; the parameters follow it unused).
public struct OscillatorEnergy: ScalarFunction, Sendable {
    /// The loss is given the state and the three parameters.
    public var inputCount: Int? { 5 }
    public init() {}
    public func callAsFunction<T: ADScalar>(_ z: [T]) -> T { z[0] * z[0] + z[1] * z[1] }
}

/// P6 oscillator: z = (q0, p0, k, c, a) = (1, 0, 1, 0.1, 0.5) → L after N RK4 steps of
/// dt = 10/N. The function has 5 inputs; the size that grows is N, and with it the tape
/// (58 entries per step: ~1.3 GB at N = 10^6), which checkpointing bounds.
public struct P6Oscillator: BenchmarkProblem {
    /// The loop as a function of z, generic.
    public let function: TimeSteppingLoss<OscillatorStep, OscillatorEnergy>
    /// z = (1, 0, 1, 0.1, 0.5).
    public let point = [1.0, 0.0, 1.0, 0.1, 0.5]

    /// The problem with N steps.
    public init(steps: Int) {
        function = TimeSteppingLoss(step: OscillatorStep(dt: 10 / Double(steps)), steps: steps, loss: OscillatorEnergy())
    }

    /// N.
    public var steps: Int { function.steps }
    public var id: ProblemID { .oscillator }
    public var name: String { "P6 oscillator N=\(steps)" }
    public var summary: String { "damped oscillator, RK4 in \(steps) steps: R^5 -> R, gradient" }
    public var inputCount: Int { 5 }
    public var outputCount: Int { 1 }
    public var derivativeKind: DerivativeKind { .gradient }

    public func primal(_ x: [Double]) -> Double { function(x) }
    public func outputs(_ x: [Double]) -> [Double] { [function(x)] }
    public func handPrimal(_ x: [Double]) -> Double { Self.handValue(x, steps: steps) }

    /// The full-tape gradient (`.reverse`) or forward mode's 5 directions in one pass.
    public func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        DerivativeResult(vector: try gradient(of: function, at: x, mode: mode))
    }

    public func handDerivative(at x: [Double]) -> DerivativeResult {
        DerivativeResult(vector: Self.handGradient(x, steps: steps).gradient)
    }

    public func tapeSize(at x: [Double]) -> TapeSize { TapeSize.recording(of: function, at: x) }

    public func costModel() throws -> CostModel? {
        try CostModel.calibrated(for: ScalarAsVectorFunction(function), at: point)
    }

    /// The gradient under checkpointing schedules (``checkpointMeasurements(_:sink:)``).
    public func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] {
        try checkpointMeasurements(self, sink: sink)
    }

    /// PROBLEMS.md's L and sum of the gradient at N = 1000, 10^4, 10^5, 10^6.
    public var reference: ReferenceCheck? {
        switch steps {
        case 1000: ReferenceCheck(value: 0.432297281311, derivativeSum: -3.12129484384)
        case 10_000, 1_000_000: ReferenceCheck(value: 0.432297280966, derivativeSum: -3.1212948457)
        case 100_000: ReferenceCheck(value: 0.432297280965, derivativeSum: -3.1212948457)
        default: nil
        }
    }
}
