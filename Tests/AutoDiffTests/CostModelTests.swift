import Testing
import AutoDiff

// The cost model's decision follows its own measurements: inject costs, no timing.

@Suite struct CostModelDecisions {
    func model(n: Int, m: Int, pass: Double, recording: Double, sweep: Double) -> CostModel {
        CostModel(
            inputs: n, outputs: m, primalSeconds: 1, forwardPassSeconds: pass,
            recordingSeconds: recording, sweepSeconds: sweep)
    }

    @Test func picksTheSmallerPrediction() {
        // n = 8, m = 1: one 8-lane pass (3 units) beats recording (20) + one sweep (4).
        let wide = model(n: 8, m: 1, pass: 3, recording: 20, sweep: 4)
        #expect(wide.forwardPasses == 1 && wide.reverseSweeps == 1)
        #expect(wide.predictedSeconds(.forward) == 3 && wide.predictedSeconds(.reverse) == 24)
        #expect(wide.choice == .forward)
        // n = 512, m = 1: 64 passes (192) lose to 24.
        #expect(model(n: 512, m: 1, pass: 3, recording: 20, sweep: 4).choice == .reverse)
        // A fixed n <= m rule would take forward at n = m = 64; with a cheap sweep the
        // recording pays for itself: 8 passes × 6 = 48 vs 10 + 8 × 4 = 42.
        let square = model(n: 64, m: 64, pass: 6, recording: 10, sweep: 4)
        #expect(square.choice == .reverse)
        #expect(square.predictedSeconds(.auto) == 42)
    }

    @Test func chunksFollowTheDriverRule() {
        let m = model(n: 17, m: 3, pass: 1, recording: 1, sweep: 1)
        #expect(m.forwardChunk == ChunkSize.automatic(for: 17) && m.forwardPasses == 3)
        #expect(m.reverseChunk == ChunkSize.automatic(for: 3) && m.reverseSweeps == 1)
    }

    @Test func calibrationMeasuresAndCaches() throws {
        let f = MixingLayers(m: 5)
        let x: [Double] = [0.1, -0.2, 0.3]
        let a = try CostModel.calibrated(for: f, at: x)
        let b = try CostModel.calibrated(for: f, at: x)
        #expect(a == b, "second call served from the cache")
        #expect(a.inputs == 3 && a.outputs == 5)
        #expect(a.primalSeconds > 0 && a.forwardPassSeconds > 0 && a.recordingSeconds > 0 && a.sweepSeconds > 0)
        // Whatever it picks, .auto agrees with both modes.
        let auto = try jacobian(of: f, at: x, mode: .auto)
        let reverse = try jacobian(of: f, at: x, mode: .reverse)
        #expect(maxRelativeDifference(auto, reverse) < 1e-12)
    }
}

@Suite struct CostModelSparse {
    func model(n: Int, pass: Double, colors: Int?, detection: Double) -> CostModel {
        var model = CostModel(
            inputs: n, outputs: n, primalSeconds: 1, forwardPassSeconds: pass,
            recordingSeconds: 4 * pass, sweepSeconds: pass)
        model.sparse = colors.map { SparseEstimate(mode: .forward, colors: $0, detectionSeconds: detection) }
        return model
    }

    @Test func colouringIsTakenOnlyWithAMargin() {
        // n = m = 400: dense forward 50 passes × 3 = 150; reverse 12 + 50 × 3 = 162.
        // Sparse: detection 10 + ⌈3/8⌉ = 1 pass × 3 = 13, far below 150 / 1.5.
        let sparse = model(n: 400, pass: 3, colors: 3, detection: 10)
        #expect(sparse.predictedSeconds(.forward) == 150 && sparse.choice == .forward)
        #expect(sparse.predictedSparseSeconds == 13)
        #expect(sparse.prefersSparse && sparse.predictedSeconds(.auto) == 13)
        // 30 colours = 4 passes (12) + detection 90 = 102: not 1.5× under 150.
        let crowded = model(n: 400, pass: 3, colors: 30, detection: 90)
        #expect(crowded.predictedSparseSeconds == 102 && !crowded.prefersSparse)
        #expect(crowded.predictedSeconds(.auto) == 150)
        // No estimate (n or m of 8 or less): dense.
        #expect(!model(n: 400, pass: 3, colors: nil, detection: 0).prefersSparse)
    }

    @Test func probeColoursTheTridiagonal() throws {
        let small = try CostModel.calibrated(for: Tridiagonal(), at: [Double](repeating: 0.5, count: 8))
        #expect(small.sparse == nil, "8 inputs: one chunked pass covers them")
        let large = try CostModel.calibrated(for: Tridiagonal(), at: (0..<64).map { Double($0) / 64 })
        #expect(large.sparse?.colors == 3 && large.sparse?.mode == .forward)
        #expect(
            try jacobian(of: Tridiagonal(), at: (0..<64).map { Double($0) / 64 }, mode: .auto)
                == jacobian(of: Tridiagonal(), at: (0..<64).map { Double($0) / 64 }, mode: .forward))
    }
}
