import Testing
import AutoDiff
@testable import ADBenchKit

/// Max |a − b| relative to the largest entry of b (at least 1).
func relativeError(_ a: DerivativeResult, _ b: DerivativeResult) -> Double {
    let scale = Swift.max(1, b.entries.map { Swift.abs($0) }.max() ?? 0)
    return a.maxAbsDifference(from: b) / scale
}

// AutoDiff's forward, reverse and auto derivatives of each generic problem against the
// hand-coded derivative (an independent route), and the generic primal against the hand one.

@Suite struct DerivativeAgreementTests {
    static let problems: [any BenchmarkProblem] = [
        P1Rosenbrock(n: 2), P1Rosenbrock(n: 37),
        P2Chain(n: 1, m: 1), P2Chain(n: 5, m: 3, h: 7), P2Chain(n: 3, m: 9, h: 4), P2Chain(n: 16, m: 16),
        P3HessianVector(n: 2), P3HessianVector(n: 50),
        P5Tridiagonal(n: 1), P5Tridiagonal(n: 2), P5Tridiagonal(n: 40)
    ]

    @Test(arguments: problems.indices) func everyModeMatchesHand(index: Int) throws {
        let p = Self.problems[index]
        let hand = p.handDerivative(at: p.point)
        #expect(hand.columns == p.inputCount)
        for mode in DifferentiationMode.allCases {
            let ad = try p.derivative(at: p.point, mode: mode)
            #expect(relativeError(ad, hand) < 1e-12, "\(p.name) \(mode)")
        }
        let scale = Swift.max(1, Swift.abs(p.handPrimal(p.point)))
        #expect(Swift.abs(p.primal(p.point) - p.handPrimal(p.point)) < 1e-12 * scale, "\(p.name)")
    }

    @Test func aHandDerivativeThatIsWrongIsCaught() throws {
        // The check can fail: perturb one entry of the hand gradient.
        let p = P1Rosenbrock(n: 10)
        var hand = p.handDerivative(at: p.point)
        hand.entries[3] += 1e-6
        #expect(relativeError(try p.derivative(at: p.point, mode: .reverse), hand) > 1e-9)
    }

    @Test func mlpReverseMatchesHand() throws {
        let p = P4MLP()
        let hand = p.handDerivative(at: p.point)
        #expect(hand.columns == 2688)
        #expect(relativeError(try p.derivative(at: p.point, mode: .reverse), hand) < 1e-12)
    }

    @Test func mlpForwardDirectionalDerivativesMatchHand() throws {
        // 2688 forward passes are slow in a debug build; three directions check the same rule.
        let p = P4MLP()
        let g = p.handDerivative(at: p.point).entries
        for seed in [11, 12, 13] as [UInt64] {
            let v = LCG.vector(seed: seed, count: 2688)
            let t = try jvp(of: p.function, at: p.point, direction: v).tangent
            let expected = zip(g, v).reduce(0) { $0 + $1.0 * $1.1 }
            #expect(Swift.abs(t - expected) < 1e-12 * Swift.max(1, Swift.abs(expected)))
        }
    }

    @Test func hvpMatchesFiniteDifferencesOfTheHandGradient() {
        let p = P3HessianVector(n: 30)
        let eps = 1e-5
        let plus = zip(p.point, p.direction).map { $0 + eps * $1 }
        let minus = zip(p.point, p.direction).map { $0 - eps * $1 }
        let gp = P1Rosenbrock.handGradient(plus), gm = P1Rosenbrock.handGradient(minus)
        let hv = p.handDerivative(at: p.point).entries
        for i in hv.indices {
            #expect(Swift.abs((gp[i] - gm[i]) / (2 * eps) - hv[i]) < 1e-5 * Swift.max(1, Swift.abs(hv[i])))
        }
    }

    @Test func tridiagonalBandsMatchDense() {
        let x = LCG.vector(seed: 1, count: 6)
        let (sub, d, sup) = P5Tridiagonal.handBands(x)
        let dense = P5Tridiagonal.handDenseJacobian(x)
        for i in 0..<6 {
            for j in 0..<6 {
                let expected = i == j ? d[i] : (j == i + 1 ? sup[i] : (i == j + 1 ? sub[j] : 0))
                #expect(dense[i * 6 + j] == expected)
            }
        }
    }

    @Test func tapeEntriesAndWorkCounts() throws {
        let p = P2Chain(n: 8, m: 2)
        #expect(p.tapeEntries(at: p.point) > 8)
        // As the drivers run them: 8 inputs in one pass of 8 tangents; one recording and
        // one sweep of 2 adjoints; unchunked, a pass per input and a sweep per output.
        #expect(p.work(.forward, model: nil) == DerivativeWork(passes: 1, sweeps: 0))
        #expect(p.work(.reverse, model: nil) == DerivativeWork(passes: 1, sweeps: 1))
        #expect(p.work(.forward, model: nil, chunk: .one) == DerivativeWork(passes: 8, sweeps: 0))
        #expect(p.work(.reverse, model: nil, chunk: .one) == DerivativeWork(passes: 1, sweeps: 2))
        let model = try #require(try p.costModel())
        for mode in DifferentiationMode.allCases { #expect(p.work(mode, model: model) == model.work(mode)) }
        #expect(P3HessianVector(n: 4).work(.reverse, model: nil) == DerivativeWork(passes: 1, sweeps: 1))
        #expect(P4MLP().tapeEntries(at: P4MLP().point) > 2688)
    }
}

@Suite struct ProblemFactoryTests {
    @Test(arguments: ProblemID.allCases) func makesEveryProblemAtItsFirstDefaultSize(id: ProblemID) throws {
        let n = id.defaultInputs[0]
        let p = try id.make(inputs: n, outputs: id.defaultOutputs?.first)
        #expect(p.id == id)
        let inputs = id == .oscillator ? 5 : n // P6's size is its steps N; its function has 5 inputs
        #expect(p.inputCount == inputs && p.point.count == inputs)
        #expect(p.name.hasPrefix(id.label))
    }

    @Test func chainTakesOutputsAndHidden() throws {
        let p = try ProblemID.chain.make(inputs: 3, outputs: 5, hidden: 7)
        #expect(p.inputCount == 3 && p.outputCount == 5)
        #expect(p.name == "P2 chain n=3 m=5 h=7")
        #expect(try p.derivative(at: p.point, mode: .reverse).rows == 5)
    }

    @Test func badSizesThrowOneLineErrors() {
        #expect(throws: ProblemError.tooSmall(problem: "chain", parameter: "inputs", minimum: 1, got: 0)) {
            try ProblemID.chain.make(inputs: 0, outputs: 1)
        }
        #expect(throws: ProblemError.tooSmall(problem: "chain", parameter: "hidden", minimum: 1, got: -1)) {
            try ProblemID.chain.make(inputs: 2, outputs: 1, hidden: -1)
        }
        #expect(throws: ProblemError.fixedSize(problem: "mlp", parameter: "inputs", expected: 2688, got: 10)) {
            try ProblemID.mlp.make(inputs: 10)
        }
        #expect(throws: ProblemError.fixedSize(problem: "rosenbrock", parameter: "outputs", expected: 1, got: 4)) {
            try ProblemID.rosenbrock.make(inputs: 10, outputs: 4)
        }
        #expect(
            ProblemError.tooSmall(problem: "chain", parameter: "inputs", minimum: 1, got: 0).description
                == "chain: inputs must be at least 1, got 0")
    }

    @Test func wrongLengthPointThrowsInsteadOfTrapping() {
        let p = P2Chain(n: 4, m: 2)
        #expect(throws: DifferentiationError.self) { try p.derivative(at: [1, 2], mode: .forward) }
    }
}

@Suite struct StandardSizeTests {
    @Test func standardSizesFollowProblemsMarkdown() throws {
        #expect(ProblemID.chain.standardSizes.count == 16)
        #expect(ProblemID.chain.standardSizes.first! == (1, 1))
        #expect(ProblemID.rosenbrock.standardSizes.map(\.inputs) == [100, 1000, 10000, 100000, 1000000])
        #expect(ProblemID.hvp.standardSizes.map(\.inputs) == [10000])
        #expect(ProblemID.mlp.standardSizes.map(\.inputs) == [2688])
        #expect(ProblemID.tridiag.standardSizes.map(\.inputs) == [100, 1000, 10000])
        for (n, m) in ProblemID.chain.standardSizes {
            let p = try ProblemID.chain.make(inputs: n, outputs: m)
            #expect(p.inputCount == n && p.outputCount == m)
        }
    }
}
