import Testing
import AutoDiff

// The tape a checkpointed gradient holds, read from its tape, against recordings made
// here by hand; the tape budget; bad input.

/// The bytes and entries of recording `steps` steps of the pendulum from its point (the
/// loss too when `withLoss`), made by hand on a tape of its own.
private func handRecording(steps: Int, firstStep: Int = 0, withLoss: Bool) -> (entries: Int, bytes: Int) {
    withRecording { tape in
        let z = pendulumPoint.map(tape.variable)
        var s = Array(z[..<3])
        let theta = Array(z[3...])
        for i in firstStep..<(firstStep + steps) { s = ForcedPendulumStep()(s, parameters: theta, step: i) }
        if withLoss { _ = SquaresLoss(stateCount: 3)(s + theta) }
        return (tape.count, tape.byteCount)
    }
}

@Suite struct CheckpointMemory {
    // Store all holds the whole loop's tape; binomial one step's (the last one with the
    // loss is the largest); periodic one segment's. Binomial's does not grow with N.
    @Test func peakTapeIsTheLargestRecordingActuallyHeld() throws {
        for steps in [10, 120] {
            let loop = pendulumLoop(steps: steps)
            let all = try valueWithGradient(of: loop, at: pendulumPoint, schedule: .storeAll).statistics
            let whole = handRecording(steps: steps, withLoss: true)
            #expect(all.peakTapeBytes == whole.bytes && all.peakTapeEntries == whole.entries)

            let binomial = try valueWithGradient(of: loop, at: pendulumPoint, schedule: .binomial(snapshots: 3)).statistics
            let lastStep = handRecording(steps: 1, firstStep: steps - 1, withLoss: true)
            #expect(binomial.peakTapeBytes == lastStep.bytes && binomial.peakTapeEntries == lastStep.entries)
            #expect(binomial.peakTapeBytes * steps / 2 < whole.bytes)

            let periodic = try valueWithGradient(of: loop, at: pendulumPoint, schedule: .periodic(interval: 7)).statistics
            // 7 steps are the largest segment; the last (steps mod 7 of them, with the loss) may be larger.
            let segment = Swift.max(
                handRecording(steps: 7, withLoss: false).bytes,
                handRecording(steps: steps % 7 == 0 ? 7 : steps % 7, withLoss: true).bytes)
            #expect(periodic.peakTapeBytes == segment)
            #expect(periodic.peakSnapshotBytes == periodic.peakSnapshots * 3 * MemoryLayout<Double>.stride)
        }
    }

    // A budget below the whole loop's tape: the plain gradient (and store all) throw,
    // binomial and short periodic segments succeed with the unbudgeted gradient.
    @Test func checkpointingSucceedsWhereTheTapeBudgetStopsTheFullTape() throws {
        let loop = pendulumLoop(steps: 2000)
        let reference = try gradient(of: loop, at: pendulumPoint)
        let fullBytes = handRecording(steps: 2000, withLoss: true).bytes
        try TapeBudget.$maximumBytes.withValue(fullBytes / 8) {
            #expect(throws: DifferentiationError.self) { try gradient(of: loop, at: pendulumPoint) }
            #expect {
                try gradient(of: loop, at: pendulumPoint, schedule: .storeAll)
            } throws: { error in
                if case DifferentiationError.tapeBudgetExceeded = error { true } else { false }
            }
            for schedule in [CheckpointSchedule.binomial(snapshots: 10), .periodic(interval: 45)] {
                let r = try valueWithGradient(of: loop, at: pendulumPoint, schedule: schedule)
                #expect(r.statistics.peakTapeBytes <= fullBytes / 8)
                expectClose(r.gradient, reference, CheckpointedGradient.agreement(reference), "\(schedule) under a budget")
            }
        }
    }

    // Bad input: one-line typed errors, never a crash.
    @Test func badInputThrows() throws {
        let loop = pendulumLoop(steps: 5)
        #expect(throws: DifferentiationError.invalidSchedule("binomial checkpointing needs at least 1 snapshot, got 0")) {
            try gradient(of: loop, at: pendulumPoint, schedule: .binomial(snapshots: 0))
        }
        #expect(throws: DifferentiationError.invalidSchedule("periodic checkpointing needs an interval of at least 1 step, got -2")) {
            try gradient(of: loop, at: pendulumPoint, schedule: .periodic(interval: -2))
        }
        #expect(throws: DifferentiationError.invalidSchedule("a loop needs a step count of at least 0, got -1")) {
            try gradient(of: pendulumLoop(steps: -1), at: pendulumPoint, schedule: .storeAll)
        }
        #expect(throws: DifferentiationError.inputCount(expected: 5, got: 4)) {
            try gradient(of: loop, at: [1.0, 2, 3, 4], schedule: .binomial(snapshots: 2))
        }
        struct Shrinking: StepFunction {
            var stateCount: Int { 2 }
            var parameterCount: Int { 0 }
            func callAsFunction<T: ADScalar>(_ s: [T], parameters: [T], step index: Int) -> [T] {
                index < 3 ? [s[0] * s[1], s[1]] : [s[0]]
            }
        }
        let shrinking = TimeSteppingLoss(step: Shrinking(), steps: 6, loss: SquaresLoss(stateCount: 1))
        for schedule in [CheckpointSchedule.storeAll, .binomial(snapshots: 2), .periodic(interval: 2)] {
            #expect(throws: DifferentiationError.outputCount(expected: 2, got: 1)) {
                try gradient(of: shrinking, at: [1.0, 2], schedule: schedule)
            }
        }
    }
}
