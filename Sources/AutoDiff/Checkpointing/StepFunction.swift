/// One step of a time-stepping loop, written once and generic over ``ADScalar``: the
/// state after step `index` from the state before it and the loop's parameters.
///
/// ```swift
/// /// Explicit Euler for dq/dt = p, dp/dt = −k·q (parameters: k).
/// struct Spring: StepFunction {
///     let dt: Double
///     var stateCount: Int { 2 }
///     var parameterCount: Int { 1 }
///     func callAsFunction<T: ADScalar>(_ s: [T], parameters k: [T], step index: Int) -> [T] {
///         [s[0] + dt * s[1], s[1] - dt * k[0] * s[0]]
///     }
/// }
/// ```
/// The same code runs plainly (on `Double`) while a checkpointing schedule advances
/// between snapshots, and on ``Tracked`` values when a step is recorded for its sweep.
/// It must be a pure function of its arguments: a schedule evaluates a step several
/// times and expects the same result each time.
public protocol StepFunction {
    /// The state after step `index` (0-based) of the loop, from the state before it.
    /// - Parameters:
    ///   - state: ``stateCount`` entries.
    ///   - parameters: the loop's parameters (the same for every step).
    ///   - index: which step this is, for a step that depends on time (`t = index · dt`).
    /// - Returns: ``stateCount`` entries; drivers throw
    ///   ``DifferentiationError/outputCount(expected:got:)`` for another length.
    func callAsFunction<T: ADScalar>(_ state: [T], parameters: [T], step index: Int) -> [T]

    /// The number of state entries.
    var stateCount: Int { get }

    /// The number of parameters (0 for a loop without any).
    var parameterCount: Int { get }
}

/// A loss after a loop of steps, as a function of the initial state and the parameters:
/// `f(z) = loss(s_N, θ)` where `z = (s_0, θ)` and `s_{i+1} = step(s_i, θ, i)`.
///
/// It is a ``ScalarFunction`` of `z`, so every driver differentiates it with one tape of
/// the whole loop (`gradient(of: loop, at: z)`: memory grows with N).
/// ``valueWithGradient(of:at:schedule:)`` gives the same gradient with a
/// ``CheckpointSchedule`` that keeps a few states and re-records steps during the sweep
/// instead (memory grows with the number of snapshots, not N).
///
/// The loss is a ``ScalarFunction`` of the final state followed by the parameters
/// (`stateCount + parameterCount` entries).
public struct TimeSteppingLoss<Step: StepFunction, Loss: ScalarFunction>: ScalarFunction {
    /// One step of the loop.
    public let step: Step
    /// N, the number of steps (0: the loss of the initial state).
    public let steps: Int
    /// The loss of the final state and the parameters.
    public let loss: Loss

    /// The loop `s_{i+1} = step(s_i, θ, i)` for `i < steps`, then `loss(s_N, θ)`.
    public init(step: Step, steps: Int, loss: Loss) {
        self.step = step
        self.steps = steps
        self.loss = loss
    }

    /// `stateCount + parameterCount`: drivers throw
    /// ``DifferentiationError/inputCount(expected:got:)`` for another length.
    public var inputCount: Int? { step.stateCount + step.parameterCount }

    /// `loss(s_N, θ)` for `z = (s_0, θ)`: the whole loop, evaluated once.
    /// - Complexity: N steps and one loss.
    @inlinable
    public func callAsFunction<T: ADScalar>(_ z: [T]) -> T {
        let n = Swift.min(step.stateCount, z.count) // drivers check the count first
        let parameters = Array(z[n...])
        var state = Array(z[..<n])
        for i in 0..<Swift.max(steps, 0) { state = step(state, parameters: parameters, step: i) }
        return loss(state + parameters)
    }
}

/// A loop of sendable parts can be shared across threads.
extension TimeSteppingLoss: Sendable where Step: Sendable, Loss: Sendable {}
