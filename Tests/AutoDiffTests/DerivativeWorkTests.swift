import Foundation
import Testing
import AutoDiff

// DerivativeWork against what the drivers really do: the evaluations a Jacobian,
// a sparse Jacobian or a Hessian-vector product makes are counted by wrapping each
// corpus function (an independent route: the function sees every call), and the
// sweep counts are checked against hand-worked ⌈m/k⌉ values.

/// Counts the calls of a wrapped function, whatever the scalar type.
final class EvaluationCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var calls = 0
    func tick() { lock.lock(); calls += 1; lock.unlock() }
    /// The calls since the last read.
    func take() -> Int { lock.lock(); defer { calls = 0; lock.unlock() }; return calls }
}

/// `base`, counting each evaluation in `counter`.
struct Counted: VectorFunction {
    let base: any CorpusVectorFunction
    let counter: EvaluationCounter
    var inputCount: Int? { base.inputCount }
    var outputCount: Int? { base.outputCount }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        counter.tick()
        return base(x)
    }
}

/// A scalar `base`, counting each evaluation.
struct CountedScalar: ScalarFunction {
    let base: any CorpusScalarFunction
    let counter: EvaluationCounter
    var inputCount: Int? { base.inputCount }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        counter.tick()
        return base(x)
    }
}

@Suite struct DerivativeWorkTests {
    @Test(arguments: Corpus.all.indices) func jacobianPassesAreTheDriversEvaluations(index: Int) throws {
        let base = Corpus.all[index], counter = EvaluationCounter()
        let f = Counted(base: base, counter: counter), x = base.point
        let m = try jacobian(of: f, at: x, mode: .reverse).rows
        _ = counter.take()
        for chunk in [nil] + ChunkSize.allCases.map(Optional.some) {
            _ = try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: .serial)
            let forward = DerivativeWork.jacobian(.forward, inputs: x.count, outputs: m, chunk: chunk)
            #expect(counter.take() == forward.passes && forward.sweeps == 0, "\(base.name) chunk \(chunk.map(String.init) ?? "auto")")
            _ = try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: .serial)
            let reverse = DerivativeWork.jacobian(.reverse, inputs: x.count, outputs: m, chunk: chunk)
            #expect(counter.take() == reverse.passes && reverse.passes == 1)
        }
    }

    @Test(arguments: Corpus.all.indices) func sparsePassesAreTheDriversEvaluations(index: Int) throws {
        let base = Corpus.all[index], counter = EvaluationCounter()
        let f = Counted(base: base, counter: counter), x = base.point
        for mode in [DifferentiationMode.forward, .reverse] {
            let plan = try SparseJacobianPlan(of: base, at: x, mode: mode)
            _ = try sparseJacobian(of: f, at: x, plan: plan)
            let work = DerivativeWork.sparseJacobian(mode, colors: plan.colorCount)
            #expect(counter.take() == work.passes, "\(base.name) \(mode), \(plan.colorCount) colours")
            #expect(mode == .forward ? work.sweeps == 0 : work.passes == 1)
        }
    }

    @Test(arguments: Corpus.scalar.indices) func hvpIsOneRecordingInEveryMode(index: Int) throws {
        let base = Corpus.scalar[index], counter = EvaluationCounter()
        let f = CountedScalar(base: base, counter: counter), x = base.point
        for mode in HVPMode.allCases {
            _ = try hvp(of: f, at: x, direction: x.map { _ in 1 }, mode: mode)
            #expect(counter.take() == DerivativeWork.hessianVectorProduct(mode).passes, "\(base.name) \(mode)")
        }
    }

    @Test func sweepsAndPassesByHand() {
        // k = ChunkSize.automatic: 1 → 1, 2 → 2, 3...4 → 4, more → 8.
        #expect(DerivativeWork.jacobian(.reverse, inputs: 5, outputs: 9) == DerivativeWork(passes: 1, sweeps: 2))
        #expect(DerivativeWork.jacobian(.reverse, inputs: 5, outputs: 3) == DerivativeWork(passes: 1, sweeps: 1))
        #expect(DerivativeWork.jacobian(.reverse, inputs: 5, outputs: 9, chunk: .one) == DerivativeWork(passes: 1, sweeps: 9))
        #expect(DerivativeWork.jacobian(.reverse, inputs: 5, outputs: 0) == DerivativeWork(passes: 1, sweeps: 0))
        #expect(DerivativeWork.jacobian(.forward, inputs: 17, outputs: 2) == DerivativeWork(passes: 3, sweeps: 0))
        #expect(DerivativeWork.jacobian(.forward, inputs: 17, outputs: 2, chunk: .sixteen) == DerivativeWork(passes: 2, sweeps: 0))
        #expect(DerivativeWork.jacobian(.forward, inputs: 0, outputs: 2) == DerivativeWork(passes: 1, sweeps: 0))
        #expect(DerivativeWork.jacobian(.auto, inputs: 2, outputs: 5) == DerivativeWork(passes: 1, sweeps: 0)) // shape rule: forward
        #expect(DerivativeWork.jacobian(.auto, inputs: 5, outputs: 2) == DerivativeWork(passes: 1, sweeps: 1)) // reverse
        #expect(DerivativeWork.sparseJacobian(.reverse, colors: 3) == DerivativeWork(passes: 1, sweeps: 1))
        #expect(DerivativeWork.sparseJacobian(.forward, colors: 11) == DerivativeWork(passes: 2, sweeps: 0))
        #expect(DerivativeWork.sparseJacobian(.forward, colors: 0) == DerivativeWork(passes: 1, sweeps: 0))
        #expect(DerivativeWork.hessianVectorProduct(.reverseOverReverse) == DerivativeWork(passes: 1, sweeps: 2))
        #expect("\(DerivativeWork(passes: 13, sweeps: 0))" == "13 passes, 0 sweeps")
    }

    @Test func costModelWorkFollowsItsChoice() {
        // Forward cheap per pass: 20 inputs, 20 outputs, chunks of 8: 3 passes or 1 recording + 3 sweeps.
        var model = CostModel(
            inputs: 20, outputs: 20, primalSeconds: 1, forwardPassSeconds: 2,
            recordingSeconds: 50, sweepSeconds: 1)
        #expect(model.work(.forward) == DerivativeWork(passes: 3, sweeps: 0) && model.forwardPasses == 3)
        #expect(model.work(.reverse) == DerivativeWork(passes: 1, sweeps: 3) && model.reverseSweeps == 3)
        #expect(model.choice == .forward && model.work(.auto) == model.work(.forward))
        model.recordingSeconds = 1
        #expect(model.choice == .reverse && model.work(.auto) == model.work(.reverse))
        model.sparse = SparseEstimate(mode: .forward, colors: 3, detectionSeconds: 0) // far cheaper: colouring
        #expect(model.prefersSparse && model.work(.auto) == DerivativeWork(passes: 1, sweeps: 0))
    }
}
