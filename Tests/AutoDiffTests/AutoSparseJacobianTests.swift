import Testing
@testable import AutoDiff

/// F_i = x_i · x_{i+1} where x_i > 0, else sin(x_i) + x_{i+2}: the pattern depends on
/// the signs at the point.
struct SignDependentBands: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let n = x.count
        return (0..<n).map { i in
            x[i] > 0 ? x[i] * x[(i + 1) % n] : T.sin(x[i]) + x[(i + 2) % n]
        }
    }
}

// `.auto` by colouring: the model is injected into the cache so the sparse path runs
// whatever this machine's timings; the result must equal the dense forward Jacobian
// at points whose patterns differ from the probe point's (the pattern is detected at
// each point, never reused).
@Suite(.serialized) struct AutoSparseJacobian {
    @Test func autoColoursAndFollowsEachPointsBranches() throws {
        let n = 40
        let probe = (0..<n).map { 0.5 + Double($0) / Double(n) } // all positive
        var model = CostModel(
            inputs: n, outputs: n, primalSeconds: 1, forwardPassSeconds: 100,
            recordingSeconds: 400, sweepSeconds: 100)
        model.sparse = SparseEstimate(mode: .forward, colors: 2, detectionSeconds: 1)
        #expect(model.prefersSparse)
        CostModelCache.shared.store(model, of: SignDependentBands.self)
        var rng = TestLCG(seed: 4242)
        for x in [probe, rng.vector(n), rng.vector(n).map { -abs($0) }] {
            let auto = try valueWithJacobian(of: SignDependentBands(), at: x, mode: .auto)
            let forward = try valueWithJacobian(of: SignDependentBands(), at: x, mode: .forward)
            #expect(auto.value == forward.value)
            #expect(auto.jacobian == forward.jacobian)
        }
        #expect(
            try jacobianSparsity(of: SignDependentBands(), at: probe)
                != jacobianSparsity(of: SignDependentBands(), at: rng.vector(n).map { -abs($0) }))
    }
}
