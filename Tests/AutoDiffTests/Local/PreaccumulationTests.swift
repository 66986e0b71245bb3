import Testing
import AutoDiff

// Preaccumulation: a corpus function evaluated as ONE preaccumulated sub-function per
// output (its partials from forward mode) gives the plain recording's derivatives to
// ~1e-14, in both modes, in vector sweeps, in replay and in forward-over-reverse HVPs.

/// Output `output` of a corpus function as a sub-function of its (at most 8) inputs.
private struct CorpusOutput: LocalFunction {
    let f: any CorpusVectorFunction
    let output: Int
    func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T { f(Array(x))[output] }
}

/// A corpus function with each output preaccumulated as a whole.
private struct Preaccumulated: VectorFunction {
    let f: any CorpusVectorFunction
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let args = Arguments(contentsOf: x), m = f(f.point).count
        return (0..<m).map { T.preaccumulated(CorpusOutput(f: f, output: $0), args) }
    }
}

/// ~1e-14 relative: forward-mode partials multiplied in another order than the tape's.
private func nearlyExact(_ scale: Double) -> Tolerance { Tolerance(relative: 1e-14, absolute: 1e-14 * scale) }

private let smallCorpus = Corpus.all.filter { $0.point.count <= Arguments<Double>.capacity }

@Suite("Preaccumulation") struct PreaccumulationTests {
    @Test(arguments: smallCorpus)
    func preaccumulatedEqualsPlainInBothModes(f: any CorpusVectorFunction) throws {
        let plain = try jacobian(of: f, at: f.point, mode: .reverse)
        let scale = magnitudeScale(plain.elements)
        let g = Preaccumulated(f: f)
        for mode in [DifferentiationMode.forward, .reverse] {
            expectClose(try jacobian(of: g, at: f.point, mode: mode), plain, nearlyExact(scale), "\(f.name) \(mode)")
        }
        // Vector sweeps (two lanes) and the value.
        expectClose(try reverseJacobian(of: g, at: f.point, chunk: .two).jacobian, plain, nearlyExact(scale), "\(f.name) chunked")
        #expect(try reverseJacobian(of: g, at: f.point).value == f(f.point))
    }

    @Test(arguments: smallCorpus)
    func replayReevaluatesTheSubFunctions(f: any CorpusVectorFunction) throws {
        let recorded = try RecordedFunction(Preaccumulated(f: f), at: f.point, onBranchChange: .throwError)
        for k in 0..<3 {
            let x = zip(f.point, TestLCG.uniform(seed: UInt64(40 + k), count: f.point.count)).map { $0 + 1e-3 * $1 }
            let plain = try jacobian(of: f, at: x, mode: .reverse)
            expectClose(try recorded.jacobian(at: x), plain, nearlyExact(magnitudeScale(plain.elements)), "\(f.name) replay")
            #expect(try recorded.value(at: x) == f(x))
        }
        #expect(recorded.recordings == 1 && recorded.replays == 3)
    }

    @Test(arguments: Corpus.scalar.filter { $0.point.count <= Arguments<Double>.capacity })
    func hessianVectorProductsAgree(f: any CorpusScalarFunction) throws {
        let v = TestLCG.uniform(seed: 9, count: f.point.count)
        let plain = try hvp(of: f, at: f.point, direction: v)
        let g = Preaccumulated(f: f.asVector)
        let scalar = ScalarFromVector(g: g)
        let scale = magnitudeScale(plain)
        for mode in [HVPMode.forwardOverReverse, .reverseOverForward, .reverseOverReverse] {
            expectClose(
                try hvp(of: scalar, at: f.point, direction: v, mode: mode), plain,
                Tolerance(relative: 1e-13, absolute: 1e-13 * scale), "\(f.name) \(mode)")
        }
    }

    @Test func oneEntryPerTermAndItsBytes() {
        // Rosenbrock on 5 inputs: 4 terms of 2 arguments (24 bytes each), the sum's adds.
        withRecording { tape in
            let x = [-1.2, 1.0, 0.8, -0.5, 0.3].map(tape.variable)
            var s = Tracked<Double>(0)
            for i in 0..<4 { s += Tracked.preaccumulated(RosenbrockLocalTerm(), x[i], x[i + 1]) }
            let locals = (0..<tape.count).filter { tape.operation(at: $0) == .localPartials }
            #expect(locals.count == 4)
            #expect(tape.count == 5 + 4 + 4) // inputs, terms, adds (the first one to the constant 0)
            #expect(tape.byteCount == 5 * 16 + 4 * 24 + 3 * 24 + 24)
            let g = tape.adjoints(of: s)
            let hand = ExtendedRosenbrock().gradientFormula([-1.2, 1.0, 0.8, -0.5, 0.3])!
            expectClose(x.map { g[$0] }, hand, .exact(scale: 1e3), "gradient")
        }
    }

    @Test func aConstantArgumentIsSkippedAndAllConstantsRecordNothing() {
        withRecording { tape in
            let a = tape.variable(0.3)
            let before = tape.count
            let y = Tracked<Double>.preaccumulated(ThreeArgumentTerm(), Tracked(1.5), a, Tracked(2.0))
            #expect(tape.count == before + 1 && tape.operation(at: before) == .localPartial)
            #expect(tape.adjoints(of: y)[a] == 1.5 * Double.cos(0.3))
            let c = Tracked<Double>.preaccumulated(ThreeArgumentTerm(), Tracked(1.5), Tracked(0.3), Tracked(2.0))
            #expect(!c.isRecorded && c.value == ThreeArgumentTerm()(Arguments<Double>(1.5, 0.3, 2.0)))
        }
    }

    @Test func sparsityTracersSeeTheSubFunctionsStructure() throws {
        let f = SparseThree(), x = [0.3, 0.7, 1.1]
        let plain = try jacobianSparsity(of: f, at: x)
        #expect(try jacobianSparsity(of: PreaccumulatedOutputs(f: f), at: x) == plain)
        #expect(
            try hessianSparsity(of: ScalarFromVector(g: PreaccumulatedOutputs(f: SumOf(f: f))), at: x)
                == (try hessianSparsity(of: ScalarFromVector(g: SumOf(f: f)), at: x)))
    }
}

/// A one-output vector function as a scalar one.
private struct ScalarFromVector<G: VectorFunction>: ScalarFunction {
    let g: G
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { g(x)[0] }
}

/// (x0·x1, sin x2): a sparse Jacobian, a sparse Hessian of its sum.
private struct SparseThree: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [x[0] * x[1], T.sin(x[2])] }
}

/// The sum of a function's outputs, as one output.
private struct SumOf<G: VectorFunction>: VectorFunction {
    let f: G
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [f(x).reduce(T(0), +)] }
}

/// Each output of `f` preaccumulated over all inputs.
private struct PreaccumulatedOutputs<G: VectorFunction>: VectorFunction {
    let f: G
    struct Output: LocalFunction {
        let f: G, output: Int
        func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T { f(Array(x))[output] }
    }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let m = f(x).count
        return (0..<m).map { T.preaccumulated(Output(f: f, output: $0), Arguments(contentsOf: x)) }
    }
}
