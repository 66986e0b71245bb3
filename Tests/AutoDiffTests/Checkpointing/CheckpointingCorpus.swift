import AutoDiff
import Foundation

// Loops for the checkpointing tests: nonlinear steps with and without parameters, one
// that depends on the step index, and losses that read the parameters.

/// A damped pendulum with a forced third state, explicit Euler, time-dependent forcing:
/// 3 states, 2 parameters (stiffness, damping).
struct ForcedPendulumStep: StepFunction {
    var h = 0.05
    var stateCount: Int { 3 }
    var parameterCount: Int { 2 }
    func callAsFunction<T: ADScalar>(_ s: [T], parameters theta: [T], step index: Int) -> [T] {
        let forcing = 0.1 * Foundation.cos(Double(index) * h)
        return [
            s[0] + h * s[1],
            s[1] + h * (forcing - theta[0] * T.sin(s[0]) - theta[1] * s[1]),
            s[2] + h * s[0] * T.tanh(s[1])
        ]
    }
}

/// A logistic-like map of two coupled states without parameters.
struct CoupledMapStep: StepFunction {
    var stateCount: Int { 2 }
    var parameterCount: Int { 0 }
    func callAsFunction<T: ADScalar>(_ s: [T], parameters: [T], step index: Int) -> [T] {
        [s[0] + 0.01 * T.exp(-s[1] * s[1]), s[1] + 0.02 * s[0] * (1 - s[1])]
    }
}

/// Σ state² + θ₀·state₀ (the parameters read by the loss too, when there are any).
struct SquaresLoss: ScalarFunction {
    let stateCount: Int
    func callAsFunction<T: ADScalar>(_ z: [T]) -> T {
        var s = T(0)
        for k in 0..<stateCount { s += z[k] * z[k] }
        if z.count > stateCount { s += z[stateCount] * z[0] }
        return s
    }
}

/// The forced pendulum for `steps` steps.
func pendulumLoop(steps: Int) -> TimeSteppingLoss<ForcedPendulumStep, SquaresLoss> {
    TimeSteppingLoss(step: ForcedPendulumStep(), steps: steps, loss: SquaresLoss(stateCount: 3))
}

/// The pendulum's point: state (0.4, −0.2, 0.1), parameters (1.3, 0.15).
let pendulumPoint = [0.4, -0.2, 0.1, 1.3, 0.15]

/// Every schedule worth trying for a loop of `steps` steps: store all; binomial with
/// 1, 2, 3, a few, N − 1, N and more than N snapshots; periodic with 1, 2, a few, N and
/// more than N steps per segment.
func schedules(steps n: Int) -> [CheckpointSchedule] {
    let counts = Set([1, 2, 3, 5, Swift.max(1, n - 1), Swift.max(1, n), n + 4]).sorted()
    let intervals = Set([1, 2, 7, Swift.max(1, n), n + 3]).sorted()
    return [.storeAll] + counts.map { .binomial(snapshots: $0) } + intervals.map { .periodic(interval: $0) }
}

/// The fewest plain step evaluations that reverse `l` steps with `c` snapshots when one
/// step is recorded at a time, by dynamic programming over every first advance j
/// (independent of Griewank's closed form): T(1, c) = 0, T(l, 1) = l(l−1)/2,
/// T(l, c) = min_j [ j + T(l − j, c − 1) + T(j, c) ].
func fewestRecomputations(steps: Int, snapshots: Int) -> [[Int]] {
    var t = [[Int]](repeating: [Int](repeating: 0, count: snapshots + 1), count: steps + 1)
    for l in 1...steps {
        for c in 1...snapshots {
            if l == 1 { t[l][c] = 0; continue }
            if c == 1 { t[l][c] = l * (l - 1) / 2; continue }
            t[l][c] = (1..<l).map { j in j + t[l - j][c - 1] + t[j][c] }.min()!
        }
    }
    return t
}
