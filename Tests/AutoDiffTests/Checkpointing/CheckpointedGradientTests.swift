import Testing
import AutoDiff

// Checkpointed gradients against the full tape (the library's plain gradient of the same
// loop), central differences, and forward over reverse; the work each schedule does
// against its formula.

@Suite struct CheckpointedGradient {
    /// Relative 1e-14 of the gradient's scale: rounding in the parameters' sums only.
    static func agreement(_ reference: [Double]) -> Tolerance {
        Tolerance(relative: 1e-14, absolute: 1e-14 * magnitudeScale(reference))
    }

    // Random N (0 and 1 included) and every schedule: same value bit for bit, same
    // gradient to ~1e-14, as one tape of the whole loop.
    @Test(arguments: [0, 1, 2, 3, 17, 64])
    func everyScheduleMatchesTheFullTape(seed: UInt64) throws {
        var rng = TestLCG(seed: seed)
        let steps = seed < 4 ? Int(seed) : 2 + Int(rng.unit() * 150)
        let z = pendulumPoint.map { $0 + 0.1 * rng.uniform() }
        let loop = pendulumLoop(steps: steps)
        let (value, reference) = try valueWithGradient(of: loop, at: z)
        for schedule in schedules(steps: steps) {
            let r = try valueWithGradient(of: loop, at: z, schedule: schedule)
            #expect(r.value == value, "\(schedule), N = \(steps)")
            expectClose(r.gradient, reference, Self.agreement(reference), "\(schedule), N = \(steps)")
            #expect(r.statistics.recordedSteps == steps, "\(schedule)")
            #expect(r.statistics.steps == steps)
        }
    }

    // Each stretch's tape holds a whole tape's entries in its order and the parameters'
    // adjoints are loaded into their inputs before each sweep: the sums run in the same
    // order, so the gradient is the full tape's bit for bit (summing per stretch and
    // adding afterwards would differ in the last bits).
    @Test func parameterAdjointsAddUpInTheFullTapesOrder() throws {
        let loop = pendulumLoop(steps: 300)
        let reference = try gradient(of: loop, at: pendulumPoint)
        for schedule in [CheckpointSchedule.binomial(snapshots: 6), .periodic(interval: 17), .storeAll] {
            #expect(try gradient(of: loop, at: pendulumPoint, schedule: schedule) == reference, "\(schedule)")
        }
    }

    // A loop without parameters: the gradient is the initial state's only.
    @Test func loopWithoutParameters() throws {
        let loop = TimeSteppingLoss(step: CoupledMapStep(), steps: 90, loss: SquaresLoss(stateCount: 2))
        let z = [0.3, -0.6]
        let reference = try gradient(of: loop, at: z)
        for schedule in schedules(steps: 90) {
            let g = try gradient(of: loop, at: z, schedule: schedule)
            expectClose(g, reference, Self.agreement(reference), "\(schedule)")
        }
    }

    // Against an independent route: central finite differences of the plain loop.
    @Test func matchesCentralDifferences() throws {
        let loop = pendulumLoop(steps: 200)
        let g = try gradient(of: loop, at: pendulumPoint, schedule: .binomial(snapshots: 4))
        let fd = FiniteDifferences.gradient(of: loop, at: pendulumPoint)
        expectClose(g, fd, .finiteDifference(scale: magnitudeScale(fd)), "binomial(4) vs central differences")
    }

    // Forward over checkpointed reverse: the gradient's tangent on Dual values is H·v,
    // as the library's Hessian-vector product of the plain loop gives it.
    @Test func forwardOverCheckpointedReverseIsTheHessianVectorProduct() throws {
        let loop = pendulumLoop(steps: 40)
        let v = [0.5, -1.0, 0.25, 2.0, -0.75]
        let hv = try hvp(of: loop, at: pendulumPoint, direction: v)
        for schedule in [CheckpointSchedule.binomial(snapshots: 3), .periodic(interval: 6)] {
            let dual = zip(pendulumPoint, v).map { Dual($0.0, tangent: $0.1) }
            let g = try gradient(of: loop, at: dual, schedule: schedule)
            expectClose(g.map(\.tangent), hv, .exact(scale: magnitudeScale(hv)), "\(schedule): H·v")
        }
    }

    // The binomial schedule's plain step evaluations equal Griewank's bound, which equals
    // the dynamic program's minimum over every schedule of its kind; at most c snapshots.
    @Test func binomialWorkIsGriewanksMinimum() throws {
        let table = fewestRecomputations(steps: 70, snapshots: 7)
        for steps in [1, 2, 3, 5, 8, 13, 21, 34, 55, 70] {
            for c in 1...7 {
                let r = try valueWithGradient(
                    of: pendulumLoop(steps: steps), at: pendulumPoint,
                    schedule: .binomial(snapshots: c))
                let bound = CheckpointSchedule.binomialRecomputations(steps: steps, snapshots: c)
                #expect(bound == table[steps][c], "Griewank's formula, N = \(steps), c = \(c)")
                #expect(r.statistics.recomputedSteps == table[steps][c], "N = \(steps), c = \(c)")
                #expect(r.statistics.peakSnapshots <= c)
                #expect(r.statistics.peakSnapshots == CheckpointSchedule.binomial(snapshots: c).snapshots(steps: steps))
                #expect(r.statistics.recordings == steps)
            }
        }
    }

    // Long loops: the count still meets the closed form, and stays within r·N.
    @Test(arguments: [(5000, 1000), (5000, 10), (3000, 2)])
    func binomialWorkOnLongLoops(steps: Int, snapshots: Int) throws {
        let r = try valueWithGradient(
            of: pendulumLoop(steps: steps), at: pendulumPoint,
            schedule: .binomial(snapshots: snapshots))
        let repetitions = CheckpointSchedule.binomialRepetitions(steps: steps, snapshots: snapshots)
        #expect(r.statistics.recomputedSteps == CheckpointSchedule.binomialRecomputations(steps: steps, snapshots: snapshots))
        #expect(r.statistics.recomputedSteps <= repetitions * steps)
        #expect(CheckpointSchedule.binomialReach(snapshots: snapshots, repetitions: repetitions - 1) < steps)
        #expect(steps <= CheckpointSchedule.binomialReach(snapshots: snapshots, repetitions: repetitions))
    }

    // Hand values of Griewank's formula: c = 1 recomputes from the start (N(N−1)/2);
    // c ≥ N − 1 is one forward pass (N − 1); β(2, 3) = C(5, 2) = 10.
    @Test func griewankFormulaHandValues() {
        #expect(CheckpointSchedule.binomialRecomputations(steps: 10, snapshots: 1) == 45)
        #expect(CheckpointSchedule.binomialRecomputations(steps: 10, snapshots: 9) == 9)
        #expect(CheckpointSchedule.binomialRecomputations(steps: 10, snapshots: 50) == 9)
        #expect(CheckpointSchedule.binomialReach(snapshots: 2, repetitions: 3) == 10)
        #expect(CheckpointSchedule.binomialReach(snapshots: 100, repetitions: 3) == 176_851)
        #expect(CheckpointSchedule.binomialRepetitions(steps: 100_000, snapshots: 100) == 3)
        #expect(CheckpointSchedule.binomialReach(snapshots: 1 << 40, repetitions: 1 << 40) == .max)
    }

    // Periodic: one plain pass up to the last segment's start, ⌈N/k⌉ snapshots, one
    // recording per segment; store all: nothing recomputed, one recording.
    @Test(arguments: [1, 2, 7, 30, 99, 100, 101, 250])
    func periodicAndStoreAllWork(interval: Int) throws {
        let steps = 100
        let r = try valueWithGradient(
            of: pendulumLoop(steps: steps), at: pendulumPoint,
            schedule: .periodic(interval: interval))
        #expect(r.statistics.recomputedSteps == interval * ((steps - 1) / interval))
        #expect(r.statistics.recomputedSteps == CheckpointSchedule.periodic(interval: interval).recomputations(steps: steps))
        #expect(r.statistics.peakSnapshots == (steps + interval - 1) / interval)
        #expect(r.statistics.recordings == (steps + interval - 1) / interval)
        let all = try valueWithGradient(of: pendulumLoop(steps: steps), at: pendulumPoint, schedule: .storeAll)
        #expect(all.statistics.recomputedSteps == 0 && all.statistics.recordings == 1 && all.statistics.peakSnapshots == 1)
    }
}
