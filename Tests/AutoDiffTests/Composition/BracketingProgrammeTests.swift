import AutoDiff
import Testing

// The bracketing programme against brute force: over every canonical plan of short chains,
// under random cost models, with and without a tape budget, the programme's optimum is the
// cheapest plan (predictedSeconds computes a plan's cost independently of the programme).

@Test(arguments: 1...5)
func theProgrammeFindsTheBruteForceOptimum(stages k: Int) {
    let steps = CompositionCostModel.allSteps(0, k - 1)
    #expect(Set(steps).count == steps.count, "no plan listed twice")
    #expect(steps.allSatisfy { $0.isValid(stageCount: k) && $0.stages == 0...(k - 1) && $0.canonical == $0 })
    for trial in 0..<(k <= 4 ? 40 : 8) {
        var g = TestLCG(seed: UInt64(1000 * k + trial))
        let dims = (0...k).map { _ in [1, 2, 4, 8, 16, 64, 256][g.below(7)] }
        let model = syntheticModel(dims, seed: UInt64(trial))
        let costs = steps.map { model.predictedSeconds($0, layout: .rows) }
        let best = model.optimalPlan()
        let bruteForce = costs.min()!
        #expect(abs(best.predictedSeconds - bruteForce) <= 1e-9 * bruteForce, "dims \(dims): \(best) vs \(bruteForce)")
        #expect(best.predictedSeconds <= model.forwardPlan.predictedSeconds && best.predictedSeconds <= model.reversePlan.predictedSeconds)
        // A budget between no tape and the most any plan holds.
        let peaks = steps.map(model.peakTapeBytes)
        let budget = peaks.max()! * (1 + g.below(4)) / 5
        let limited = model.optimalPlan(tapeBudget: budget)
        let fitting = zip(steps, costs).filter { model.peakTapeBytes($0.0) <= budget }.map(\.1).min()!
        #expect(limited.peakTapeBytes <= budget)
        #expect(abs(limited.predictedSeconds - fitting) <= 1e-9 * fitting, "dims \(dims), budget \(budget)")
    }
}

@Test func planCountsGrowAsTheSearchSpace() {
    // 2 whole-chain ways for one stage; for two: 2 + 4 products + 1 push + 1 pull.
    #expect(CompositionCostModel.allSteps(0, 0).count == 2)
    #expect(CompositionCostModel.allSteps(0, 1).count == 8)
}

/// A model where costs are the multiply-adds of layer-level products (the notebook's count;
/// a recording costs one product by a vector).
func countingModel(_ dims: [Int]) -> CompositionCostModel {
    let k = dims.count - 1
    let stages = (0..<k).map { i -> StageCost in
        let work = Double(dims[i] * dims[i + 1])
        var tangents: [Int: Double] = [:], sweeps: [Int: Double] = [:]
        for lanes in Set(dims) { tangents[lanes] = work * Double(lanes); sweeps[lanes] = work * Double(lanes) }
        return StageCost(
            recordingSeconds: work, tapeBytes: Int(work) * 8, identityTangentSeconds: work * Double(dims[i]),
            tangentSeconds: tangents, identitySweepSeconds: work * Double(dims[i + 1]), sweepSeconds: sweeps)
    }
    return CompositionCostModel(dimensions: dims, stages: stages, secondsPerMultiplyAdd: 1, secondsPerTransposedEntry: 0)
}

@Test func theHourglassIsBracketedAtItsWaist() {
    let model = countingModel([256, 64, 4, 64, 256])
    let plan = model.optimalPlan()
    #expect(plan.order == "(f4·f3 by tangents, 4 columns) · (f2·f1 by adjoints, 4 rows)")
    // Hand count: f3, f4 with 4 lanes; f1, f2 recorded and swept with 4 rows; one 256×4·4×256 product.
    let tangents: Double = 4 * (4 * 64) + 4 * (64 * 256)
    let recordings: Double = 256 * 64 + 64 * 4
    let sweeps: Double = 4 * (64 * 4) + 4 * (256 * 64)
    let hand = tangents + recordings + sweeps + 256 * 4 * 256
    #expect(plan.predictedSeconds == hand)
    #expect(model.forwardPlan.predictedSeconds > 10 * hand && model.reversePlan.predictedSeconds > 10 * hand)
    #expect(plan.description.hasPrefix(plan.order + ": predicted "))
}

@Test func pushesAndPullsPrintWhatTheyCarry() {
    let names = ["f1", "f2", "f3", "f4"], dims = [8, 64, 512, 64, 2]
    let push = CompositionPlan.Step.pushTangents(.adjoints(0...1), through: 2...3)
    #expect(push.rendered(names: names, dimensions: dims) == "(f4·f3 by tangents on the 8 columns of (f2·f1 by adjoints, 512 rows))")
    let pull = CompositionPlan.Step.pullAdjoints(.product(.tangents(3...3), .tangents(2...2)), through: 0...1)
    #expect(
        pull.rendered(names: names, dimensions: dims)
            == "(f2·f1 by adjoints on the 2 rows of ((f4 by tangents, 64 columns) · (f3 by tangents, 512 columns)))")
    #expect(CompositionPlan.Step.pushTangents(.tangents(0...1), through: 2...3).canonical == .tangents(0...3))
    #expect(CompositionPlan.Step.pullAdjoints(.adjoints(2...3), through: 0...1).canonical == .adjoints(0...3))
}

@Test func peakTapeCountsRecordingsHeldTogether() {
    let model = countingModel([4, 8, 8, 4])
    let t = model.stages.map(\.tapeBytes)
    #expect(model.peakTapeBytes(.adjoints(0...2)) == t[0] + t[1] + t[2])
    #expect(model.peakTapeBytes(.pullAdjoints(.adjoints(2...2), through: 0...1)) == t[0] + t[1] + t[2])
    #expect(model.peakTapeBytes(.product(.adjoints(2...2), .adjoints(0...1))) == max(t[2], t[0] + t[1]))
    #expect(model.peakTapeBytes(.pushTangents(.adjoints(0...1), through: 2...2)) == t[0] + t[1])
    #expect(model.peakTapeBytes(.tangents(0...2)) == 0)
}
