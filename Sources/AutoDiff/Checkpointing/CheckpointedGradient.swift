/// The value and gradient of a loss after a loop of steps, with the tape memory bounded
/// by a checkpointing schedule: states are kept at a few steps only, and the steps are
/// recorded again, one stretch at a time, while the reverse sweep reaches them.
///
/// ```swift
/// let loop = TimeSteppingLoss(step: Spring(dt: 0.01), steps: 100_000, loss: Energy())
/// let z = [1.0, 0.0, 4.0]                     // initial state (q, p), then parameter k
/// let (value, g, stats) = try valueWithGradient(of: loop, at: z, schedule: .binomial(snapshots: 20))
/// // g == gradient(of: loop, at: z) to rounding; stats.peakTapeBytes: one step's tape
/// ```
///
/// - Parameters:
///   - loop: the step, N and the loss.
///   - z: the initial state (`stateCount` entries), then the parameters.
///   - schedule: what to keep and what to recompute (see ``CheckpointSchedule``).
/// - Returns: `value = loss(s_N, θ)`; `gradient[j] = ∂value/∂z_j` (the initial state's
///   entries, then the parameters'), as `gradient(of: loop, at: z)` gives it (to
///   rounding in the parameters' sums, usually bit for bit); `statistics`: the plain
///   step evaluations, recordings, snapshots and tape actually held.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `z`;
///   ``DifferentiationError/invalidSchedule(_:)`` for a schedule parameter below 1 or a
///   negative N; ``DifferentiationError/outputCount(expected:got:)`` if a step returns
///   another number of entries than the state has;
///   ``DifferentiationError/tapeBudgetExceeded(maximumBytes:)`` if one recorded stretch
///   needs more than ``TapeBudget/maximumBytes``; a loss that needs less than the whole
///   loop's tape then succeeds where `gradient(of:at:)` throws.
/// - Complexity: every step recorded once and swept once (as one full-tape gradient),
///   plus ``CheckpointSchedule/recomputations(steps:)`` plain step evaluations:
///   `.binomial(snapshots: c)` at most r·N (r, the repetition number, is the smallest
///   with N ≤ C(c+r, c): 3 for c = 100 and N = 10^5); `.periodic` about N. Memory:
///   ``CheckpointSchedule/snapshots(steps:)`` states plus the tape of the largest
///   stretch (`.binomial`: one step; `.periodic(interval: k)`: k steps; `.storeAll`: N).
@inlinable
public func valueWithGradient<Step: StepFunction, Loss: ScalarFunction, Value: ADScalar>(
    of loop: TimeSteppingLoss<Step, Loss>, at z: [Value], schedule: CheckpointSchedule
) throws -> (value: Value, gradient: [Value], statistics: CheckpointStatistics) {
    try MissingRuleSink.collecting {
        try schedule.validate()
        guard loop.steps >= 0 else {
            throw DifferentiationError.invalidSchedule("a loop needs a step count of at least 0, got \(loop.steps)")
        }
        try validateInputs(count: z.count, declared: loop.inputCount)
        let n = loop.step.stateCount
        let initial = Array(z[..<n])
        // One whole-loop recording reserves like the plain gradient's; a stretch starts small.
        let tape =
            schedule == .storeAll
            ? Tape<Value>(reservingFromPrevious: 4 * z.count + 256) : Tape<Value>(reservingCapacity: 1024)
        var reversal = StepReversal(loop: loop, parameters: Array(z[n...]), tape: tape)
        try withExtendedLifetime(tape) {
            switch schedule {
            case .storeAll:
                reversal.holding(snapshots: 1)
                try reversal.reverse(from: 0, steps: loop.steps, state: initial)
            case .periodic(let k):
                try reversePeriodically(&reversal, interval: k, from: initial)
            case .binomial(let c):
                try reverseBinomially(&reversal, snapshots: c, from: initial)
            }
        }
        return (reversal.value, reversal.stateAdjoint + reversal.parameterAdjoint, reversal.statistics)
    }
}

/// The gradient of a loss after a loop of steps under a checkpointing schedule: the
/// `gradient` of ``valueWithGradient(of:at:schedule:)``, which documents costs and errors.
@inlinable
public func gradient<Step: StepFunction, Loss: ScalarFunction, Value: ADScalar>(
    of loop: TimeSteppingLoss<Step, Loss>, at z: [Value], schedule: CheckpointSchedule
) throws -> [Value] {
    try valueWithGradient(of: loop, at: z, schedule: schedule).gradient
}

/// `.periodic(interval: k)`: one plain pass storing the state at every multiple of k
/// (up to the last segment's start), then each segment recorded and swept, last first.
@inlinable
func reversePeriodically<Step, Loss, Value>(
    _ reversal: inout StepReversal<Step, Loss, Value>, interval k: Int, from initial: [Value]
) throws {
    let steps = reversal.loop.steps
    let lastStart = steps == 0 ? 0 : k * ((steps - 1) / k)
    var snapshots = [initial]
    var state = initial
    for start in stride(from: 0, to: lastStart, by: k) {
        state = try reversal.advance(state, from: start, steps: k)
        snapshots.append(state)
    }
    reversal.holding(snapshots: snapshots.count)
    for start in stride(from: lastStart, through: 0, by: -k) {
        try reversal.reverse(from: start, steps: Swift.min(k, steps - start), state: snapshots.removeLast())
    }
}

/// `.binomial(snapshots: c)`: Griewank's schedule, run as a loop over a stack of
/// snapshots. While steps `end ..< N` are reversed and the nearest snapshot holds the
/// state before step s: if s is the last step left, record and sweep it (and drop the
/// snapshot); if no snapshot is free, advance to the last step left and reverse it; else
/// advance by ``CheckpointSchedule/binomialAdvance(steps:snapshots:)`` and store the
/// state there. This is the recursion "reverse the right part with one snapshot fewer,
/// then the left part" unrolled, so its depth is no limit (c ≥ N stores every state).
@inlinable
func reverseBinomially<Step, Loss, Value>(
    _ reversal: inout StepReversal<Step, Loss, Value>, snapshots c: Int, from initial: [Value]
) throws {
    var end = reversal.loop.steps
    var stack: [(step: Int, state: [Value])] = [(0, initial)]
    reversal.holding(snapshots: 1)
    if end == 0 { try reversal.reverse(from: 0, steps: 0, state: initial) }
    while end > 0 {
        let (s, state) = stack[stack.count - 1]
        if s == end - 1 {
            try reversal.reverse(from: s, steps: 1, state: state)
            end = s
            if s > 0 { stack.removeLast() }
        } else if stack.count >= c {
            let last = try reversal.advance(state, from: s, steps: end - 1 - s)
            try reversal.reverse(from: end - 1, steps: 1, state: last)
            end -= 1
        } else {
            let j = CheckpointSchedule.binomialAdvance(steps: end - s, snapshots: c - stack.count + 1)
            stack.append((s + j, try reversal.advance(state, from: s, steps: j)))
            reversal.holding(snapshots: stack.count)
        }
    }
}
