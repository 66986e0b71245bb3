import AutoDiff
import Testing

// Every plan's Jacobian against the monolithic chain's forward and reverse Jacobians (the
// library's drivers on one scalar function), over random compositions of 2–6 stages with
// random widths, scalar, array and mixed levels.

/// A random composition: dims, layers, and which stages run at array level.
struct RandomComposition {
    let dims: [Int], layers: [ScalarLayer], arrayStages: [Bool], x: [Double]
    init(seed: UInt64, stages k: Int, level: String) {
        var g = TestLCG(seed: seed)
        dims = (0...k).map { _ in 1 + g.below(9) }
        layers = randomLayers(dims, seed: seed &+ 1000, activation: true)
        arrayStages = (0..<k).map { _ in level == "array" ? true : level == "scalar" ? false : g.below(2) == 1 }
        x = g.vector(dims[0])
    }
    var composition: Composition { Composition(zip(layers, arrayStages).map { stage($0, array: $1) }) }
}

@Test(arguments: ["scalar", "array", "mixed"], 2...6)
func everyPlanGivesTheJacobian(level: String, stages k: Int) throws {
    for trial in 0..<(k <= 3 ? 4 : 2) {
        let r = RandomComposition(seed: UInt64(100 * k + trial), stages: k, level: level)
        let f = r.composition
        let reference = try AutoDiff.reverseJacobian(of: LayerChain(layers: r.layers), at: r.x).jacobian
        let forwardReference = try AutoDiff.forwardJacobian(of: LayerChain(layers: r.layers), at: r.x).jacobian
        expectClose(reference, forwardReference, .exact(scale: 1), "library forward vs reverse")
        let value = try f(Tensor(r.x))
        #expect(value.scalars.count == r.dims.last!)
        for mode in CompositionMode.allCases {
            let (v, J) = try valueWithJacobian(of: f, at: Tensor(r.x), mode: mode)
            expectClose(J, reference, Tolerance(relative: 1e-12, absolute: 1e-12), "\(level) k=\(k) \(mode)")
            #expect(zip(v.scalars, value.scalars).allSatisfy { abs($0 - $1) <= 1e-13 })
        }
        // Every plan of short chains, else the optima of several synthetic models.
        let steps =
            k <= 4
            ? CompositionCostModel.allSteps(0, k - 1)
            : (0..<6).map { syntheticModel(r.dims, seed: UInt64(7 * trial + $0)).optimalPlan().root }
        let model = syntheticModel(r.dims, seed: 1)
        for step in steps {
            let J = try jacobian(of: f, at: Tensor(r.x), plan: model.plan(step))
            expectClose(J, reference, Tolerance(relative: 1e-12, absolute: 1e-12), "\(level) k=\(k) \(model.plan(step).order)")
        }
    }
}

@Test func aPlanIsReusableAtAnotherPoint() throws {
    let r = RandomComposition(seed: 5, stages: 4, level: "mixed")
    let plan = try jacobianPlan(of: r.composition, at: Tensor(r.x))
    var g = TestLCG(seed: 6)
    let y = g.vector(r.dims[0])
    let J = try jacobian(of: r.composition, at: Tensor(y), plan: plan)
    let reference = try AutoDiff.reverseJacobian(of: LayerChain(layers: r.layers), at: y).jacobian
    expectClose(J, reference, Tolerance(relative: 1e-12, absolute: 1e-12), "plan reused")
    #expect(plan.predictedSeconds > 0 && plan.root.isValid(stageCount: 4))
}

@Test func aPlanForOtherDimensionsIsRefused() throws {
    let a = RandomComposition(seed: 11, stages: 3, level: "scalar")
    let plan = syntheticModel(a.dims, seed: 2).forwardPlan
    let other = Composition(randomLayers([a.dims[0], a.dims[1] + 1, 2, 3], seed: 3).map { stage($0, array: false) })
    #expect(throws: DifferentiationError.self) { try jacobian(of: other, at: Tensor(a.x), plan: plan) }
    #expect(throws: DifferentiationError.inputCount(expected: a.dims[0], got: a.dims[0] + 1)) {
        try jacobian(of: a.composition, at: Tensor(a.x + [0]), plan: plan)
    }
}

@Test func neighboursThatDisagreeAreAnError() throws {
    let first = randomLayers([3, 4], seed: 9)[0], wrong = randomLayers([5, 2], seed: 1)[0]
    let declared = Composition([stage(first, array: false), stage(wrong, array: false)])
    for mode in CompositionMode.allCases {
        #expect(throws: DifferentiationError.inputCount(expected: 5, got: 4)) { try jacobian(of: declared, at: [0.1, 0.2, 0.3], mode: mode) }
    }
    // An array stage declares no input shape: its matrix product finds the mismatch.
    let array = Composition([stage(first, array: false), stage(wrong, array: true)])
    for mode in CompositionMode.allCases {
        #expect { try jacobian(of: array, at: [0.1, 0.2, 0.3], mode: mode) } throws: { error in
            "\(error)" == "matmul: [2, 5] · [4]: inner dimensions 5 and 4 differ"
        }
    }
}

@Test func recordingsPastTheTapeBudgetAreRefused() throws {
    let r = RandomComposition(seed: 21, stages: 4, level: "scalar")
    let f = r.composition
    let model = try CompositionCostModel.calibrated(for: f, at: Tensor(r.x))
    #expect(model.reversePlan.peakTapeBytes > 0)
    let budget = model.reversePlan.peakTapeBytes - 1
    try TapeBudget.$maximumBytes.withValue(budget) {
        #expect(throws: DifferentiationError.tapeBudgetExceeded(maximumBytes: budget)) { try jacobian(of: f, at: Tensor(r.x), mode: .reverse) }
        let plan = try jacobianPlan(of: f, at: Tensor(r.x))
        #expect(plan.peakTapeBytes <= budget)
        let J = try jacobian(of: f, at: Tensor(r.x), plan: plan)
        let reference = try AutoDiff.reverseJacobian(of: LayerChain(layers: r.layers), at: r.x).jacobian
        expectClose(J, reference, Tolerance(relative: 1e-12, absolute: 1e-12), "plan within budget")
    }
    // No tape fits: every stage by tangents (end to end, or split and multiplied, whichever
    // the measured costs favour), and nothing recorded.
    let tapeless = model.optimalPlan(tapeBudget: 0)
    #expect(tapeless.peakTapeBytes == 0 && !tapeless.order.contains("adjoints"), "\(tapeless)")
    #expect(tapeless.predictedSeconds <= model.forwardPlan.predictedSeconds)
}

@Test func aCompositionRemembersItsPlanUntilItsStagesChange() throws {
    let r = RandomComposition(seed: 31, stages: 3, level: "scalar")
    var f = r.composition
    let first = try jacobianPlan(of: f, at: Tensor(r.x))
    #expect(try jacobianPlan(of: f, at: Tensor(r.x)) == first)
    let layers = randomLayers([r.dims[0], 7, 2], seed: 4)
    f.stages = layers.map { stage($0, array: false) }
    let plan = try jacobianPlan(of: f, at: Tensor(r.x))
    #expect(plan.dimensions == [r.dims[0], 7, 2] && first.dimensions == r.dims)
    let reference = try AutoDiff.reverseJacobian(of: LayerChain(layers: layers), at: r.x).jacobian
    expectClose(
        try jacobian(of: f, at: Tensor(r.x), mode: .bracketed), reference, Tolerance(relative: 1e-12, absolute: 1e-12),
        "plan made again for the new stages")
}
