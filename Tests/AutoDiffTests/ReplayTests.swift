import Testing
import AutoDiff

/// Every operation, including each constant form (constant left and right, as a
/// `Double` and as a constant `T`), so a replay must re-evaluate every rule.
struct EveryOperation: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let (a, b, c, d) = (x[0], x[1], x[2], x[3])
        var y: [T] = [a + 2, 2 + a, a - 2, 2 - a, a * 3, 3 * a, a / 3, 3 / a]
        y += [T(2) + b, T(2) - b, b - T(2), T(3) * b, b / T(3), T(3) / b, -b, a + b, a - b, a * b, a / b]
        y += [T.pow(a, 3), T.pow(a, -2), T.pow(a, b), T.pow(a, T(2.5)), T.pow(T(2.5), b)]
        y += [T.atan2(y: a, x: b), T.atan2(y: a, x: T(0.5)), T.atan2(y: T(0.5), x: b)]
        y += [T.hypot(a, b), T.hypot(a, T(2)), T.hypot(T(2), b)]
        y += [T.exp(c), T.expMinusOne(c), T.log(c), T.log(onePlus: c), T.sqrt(c), T.sin(c), T.cos(c)]
        y += [T.tan(c), T.asin(c / 4), T.acos(c / 4), T.atan(c), T.sinh(c), T.cosh(c), T.tanh(c)]
        y += [T.sigmoid(d), T.softplus(d), T.square(d), T.max(a, b), T.min(a, b), T.relu(d - 1), T.abs(d - 1)]
        var s = T(0)
        for v in x { s += v * v }
        y.append(s)
        return y
    }
}

/// A piecewise function whose branch depends on the point.
struct Piecewise: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        if x[0] > x[1] { return x[0] * x[0] * x[1] }
        return T.sin(x[1]) + x[0]
    }
}

@Suite struct Replay {
    let start: [Double] = [1.3, 0.7, 1.1, 1.6]
    let points: [[Double]] = [[1.2, 0.8, 1.5, 1.9], [1.9, 0.6, 0.7, 1.4], [1.25, 0.65, 1.05, 1.7]]

    @Test(arguments: [RecordedFunction.Layout.recordingOrder, .levelOrder])
    func replayEqualsFreshRecordingBitForBit(layout: RecordedFunction.Layout) throws {
        let recorded = try RecordedFunction(EveryOperation(), at: start, layout: layout)
        for x in points {
            let fresh = try reverseJacobian(of: EveryOperation(), at: x)
            #expect(try recorded.value(at: x) == fresh.value)
            #expect(try recorded.jacobian(at: x) == fresh.jacobian)
            let forward = try forwardJacobian(of: EveryOperation(), at: x).jacobian
            #expect(maxRelativeDifference(forward, fresh.jacobian) < 1e-12)
        }
        #expect(recorded.recordings == 1 && recorded.replays == points.count)
        #expect(recorded.isInLevelOrder == (layout == .levelOrder))
    }

    // Every corpus member recorded at its point and replayed 1e-3 away (the corpus
    // points sit at least 1e-2 from every branch switch): value, Jacobian and VJP equal
    // a fresh recording's bit for bit, in both layouts, without recording again.
    @Test(arguments: Corpus.all) func replayOnTheCorpusEqualsAFreshRecording(f: any CorpusVectorFunction) throws {
        let nearby = zip(f.point, TestLCG.uniform(seed: 77, count: f.point.count)).map { $0 + 1e-3 * $1 }
        let fresh = try reverseJacobian(of: f, at: nearby)
        let u = TestLCG.uniform(seed: 78, count: fresh.value.count)
        for layout in [RecordedFunction.Layout.recordingOrder, .levelOrder] {
            let recorded = try RecordedFunction(f, at: f.point, layout: layout)
            #expect(try recorded.value(at: nearby) == fresh.value, "\(f.name) \(layout): value")
            #expect(try recorded.jacobian(at: nearby) == fresh.jacobian, "\(f.name) \(layout): Jacobian")
            #expect(try recorded.vjp(at: nearby, cotangent: u) == vjp(of: f, at: nearby, cotangent: u).cotangent)
            #expect(recorded.recordings == 1 && recorded.replays >= 1, "\(f.name) \(layout): replayed, not re-recorded")
        }
    }

    @Test(arguments: Corpus.scalar) func replayedGradientOnTheCorpus(f: any CorpusScalarFunction) throws {
        let nearby = zip(f.point, TestLCG.uniform(seed: 79, count: f.point.count)).map { $0 + 1e-3 * $1 }
        let recorded = try RecordedFunction(f, at: f.point)
        #expect(try recorded.gradient(at: nearby) == gradient(of: f, at: nearby), "\(f.name)")
        #expect(recorded.recordings == 1)
    }

    @Test(arguments: [RecordedFunction.Layout.recordingOrder, .levelOrder])
    func replayedVJPAndGradient(layout: RecordedFunction.Layout) throws {
        let recorded = try RecordedFunction(EveryOperation(), at: start, layout: layout)
        let u = (0..<recorded.outputCount).map { Double($0 % 5) - 1.5 }
        for x in points {
            let fresh = try vjp(of: EveryOperation(), at: x, cotangent: u).cotangent
            #expect(try recorded.vjp(at: x, cotangent: u) == fresh)
        }
        let scalar = try RecordedFunction(Piecewise(), at: [2.0, 1.0])
        #expect(try scalar.gradient(at: [3.0, 1.5]) == gradient(of: Piecewise(), at: [3.0, 1.5]))
    }

    @Test func branchChangeRecordsAfresh() throws {
        let recorded = try RecordedFunction(Piecewise(), at: [2.0, 1.0])
        let x = [0.5, 1.0] // now x0 < x1: the other branch
        #expect(try recorded.gradient(at: x) == gradient(of: Piecewise(), at: x))
        #expect(try recorded.value(at: x) == [Piecewise()(x)])
        #expect(recorded.recordings == 2)
    }

    @Test func branchChangeThrowsByPolicyAndKeepsTheOldPoint() throws {
        let recorded = try RecordedFunction(Piecewise(), at: [2.0, 1.0], onBranchChange: .throwError)
        #expect(throws: DifferentiationError.branchChanged(comparison: 0, of: 1)) {
            try recorded.gradient(at: [0.5, 1.0])
        }
        let error = DifferentiationError.branchChanged(comparison: 0, of: 1)
        #expect(error.description == "replay at the new point would branch differently (comparison 1 of 1 flips); record afresh")
        // Still correct at a point on the recorded branch.
        #expect(try recorded.gradient(at: [3.0, 2.0]) == gradient(of: Piecewise(), at: [3.0, 2.0]))
    }

    @Test func kinksAreBranchesToo() throws {
        // relu, abs and max flip their selection at 0 / at a tie: replay must notice.
        let recorded = try RecordedFunction(EveryOperation(), at: start, onBranchChange: .throwError)
        var x = start
        x[3] = 0.9 // relu(d - 1) and abs(d - 1) change sides
        #expect(throws: DifferentiationError.self) { try recorded.jacobian(at: x) }
        x = start
        x[1] = 1.4 // max(a, b) and min(a, b) change sides
        #expect(throws: DifferentiationError.self) { try recorded.jacobian(at: x) }
    }

    @Test func wrongLengthsThrow() throws {
        let recorded = try RecordedFunction(EveryOperation(), at: start)
        #expect(throws: DifferentiationError.inputCount(expected: 4, got: 3)) { try recorded.value(at: [1, 2, 3]) }
        #expect(throws: DifferentiationError.cotangentCount(expected: recorded.outputCount, got: 1)) {
            try recorded.vjp(at: start, cotangent: [1])
        }
        #expect(throws: DifferentiationError.outputCount(expected: 1, got: recorded.outputCount)) {
            try recorded.gradient(at: start)
        }
    }
}

@Suite struct Budget {
    struct LongChain: ScalarFunction {
        func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
            var s = x[0]
            for _ in 0..<100_000 { s = T.sin(s) + 0.5 }
            return s
        }
    }

    @Test func recordingPastTheBudgetThrows() throws {
        let limit = 1 << 20 // 1 MiB: ~40,000 entries, the chain needs 200,000
        #expect(
            throws: DifferentiationError.tapeBudgetExceeded(maximumBytes: limit / Tape<Double>.bytesPerBinaryEntry * Tape<Double>.bytesPerBinaryEntry)
        ) {
            try TapeBudget.$maximumBytes.withValue(limit) { try gradient(of: LongChain(), at: [0.3]) }
        }
        // The same computation within budget, and forward mode (no tape) regardless.
        let g = try gradient(of: LongChain(), at: [0.3])
        let f = try TapeBudget.$maximumBytes.withValue(limit) { try gradient(of: LongChain(), at: [0.3], mode: .forward) }
        #expect(abs(g[0] - f[0]) <= 1e-12 * max(1, abs(g[0])))
    }

    @Test(arguments: [HVPMode.forwardOverReverse, .reverseOverForward, .reverseOverReverse])
    func secondOrderPastTheBudgetThrows(mode: HVPMode) throws {
        let limit = 1 << 20
        #expect(throws: DifferentiationError.self) {
            try TapeBudget.$maximumBytes.withValue(limit) { try hvp(of: LongChain(), at: [0.3], direction: [1], mode: mode) }
        }
        #expect(throws: DifferentiationError.self) {
            try TapeBudget.$maximumBytes.withValue(limit) { try hessian(of: LongChain(), at: [0.3], mode: mode) }
        }
        // Within the budget every mode gives the same product.
        let reference = try hvp(of: LongChain(), at: [0.3], direction: [1], mode: .forwardOverReverse)
        let product = try hvp(of: LongChain(), at: [0.3], direction: [1], mode: mode)
        #expect(abs(product[0] - reference[0]) <= 1e-10 * max(1, abs(reference[0])))
    }
}
