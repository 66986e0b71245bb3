// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
import AutoDiff
import Testing

// README-CHECKPOINT-EXAMPLE-BEGIN
import AutoDiff
/// One explicit Euler step of a spring, dq/dt = p, dp/dt = −k·q: state (q, p), parameter k.
struct SpringStep: StepFunction {
    let dt: Double
    var stateCount: Int { 2 }
    var parameterCount: Int { 1 }
    func callAsFunction<T: ADScalar>(_ s: [T], parameters k: [T], step index: Int) -> [T] {
        [s[0] + dt * s[1], s[1] - dt * k[0] * s[0]]
    }
}

/// q² + p² at the end (a loss is given the final state, then the parameters).
struct Energy: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ z: [T]) -> T { z[0] * z[0] + z[1] * z[1] }
}

@Test func readmeCheckpointExample() throws {
    let loop = TimeSteppingLoss(step: SpringStep(dt: 1e-4), steps: 100_000, loss: Energy())
    let z = [1.0, 0.0, 4.0]                                  // q0, p0, then k
    let full = try gradient(of: loop, at: z)                 // one tape of every step
    let (value, g, stats) = try valueWithGradient(of: loop, at: z, schedule: .binomial(snapshots: 20))
    print(stats.recomputedSteps, stats.peakTapeBytes)        // 534220 224: 5.3 plain steps per step, one step's tape
                                                             // (the full tape: 500006 entries, 10.4 MB)
    #expect(g == full && value == loop(z))
    #expect(stats.recomputedSteps == CheckpointSchedule.binomialRecomputations(steps: 100_000, snapshots: 20))
}
// README-CHECKPOINT-EXAMPLE-END
