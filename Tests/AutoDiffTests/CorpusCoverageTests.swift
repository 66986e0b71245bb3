import Testing
import AutoDiff

// Checks on the test harness itself: the corpus covers what it claims, the generator
// is the documented one, and the tolerances reject errors just above their bounds.

/// The operations one evaluation of `f` at `x` records.
private func recordedOperations<F: VectorFunction>(_ f: F, at x: [Double]) -> Set<Operation> {
    withRecording { tape in
        _ = f(x.map(tape.variable))
        return Set((0..<tape.count).map(tape.operation(at:)))
    }
}

@Suite("Test harness") struct CorpusCoverageTests {
    @Test func corpusHasEveryShape() {
        #expect(Corpus.all.count >= 25)
        #expect(Corpus.univariate.count >= 5 && Corpus.multivariate.count >= 5 && Corpus.vector.count >= 5)
        let shapes = Set(Corpus.all.map { "\($0.point.count)→\($0(($0.point)).count)" })
        #expect(shapes.contains("1→1")) // R → R
        #expect(shapes.contains("1→3")) // a curve
        #expect(shapes.contains("20→1")) // a wide gradient
        #expect(shapes.contains("20→30")) // the largest Jacobian
        #expect(Set(Corpus.all.map(\.name)).count == Corpus.all.count, "names are unique")
    }

    @Test(arguments: Corpus.all)
    func pointIsInsideTheDomainAndDeclaredCountsHold(f: any CorpusVectorFunction) {
        let y = f(f.point)
        #expect(y.allSatisfy { $0.isFinite })
        if let n = f.inputCount { #expect(n == f.point.count) }
        if let m = f.outputCount { #expect(m == y.count) }
    }

    @Test func corpusRecordsEveryTapeOperation() {
        // relu, abs, min and max select an operand (no entry of their own); every
        // recorded operation must appear in at least one corpus function.
        var seen = Set<Operation>()
        for f in Corpus.all { seen.formUnion(recordedOperations(f, at: f.point)) }
        let missing = Operation.allCases.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "operations no corpus function records: \(missing)")
    }

    @Test func generatorIsTheDocumentedOne() {
        // PROBLEMS.md: uniform(1) starts -0.15358165825457348, 0.01881488576744128, 0.2967187879268611.
        #expect(TestLCG.uniform(seed: 1, count: 3) == [-0.15358165825457348, 0.01881488576744128, 0.2967187879268611])
        #expect(TestLCG.uniform(seed: 2, count: 3) != TestLCG.uniform(seed: 1, count: 3))
    }

    @Test func tolerancesRejectErrorsJustAboveTheirBounds() {
        let exact = Tolerance.exact()
        #expect(exact.accepts(1, 1 + 4e-16))
        #expect(!exact.accepts(1, 1 + 1e-11))
        #expect(!exact.accepts(1e6, 1e6 * (1 + 1e-11)))
        #expect(!exact.accepts(0, 1e-11))
        let fd = Tolerance.finiteDifference()
        #expect(fd.accepts(2, 2 + 1e-10))
        #expect(!fd.accepts(2, 2 * (1 + 1e-5)))
        #expect(!fd.accepts(0, 1e-7))
        #expect(!fd.accepts(.nan, .nan))
        #expect(!fd.accepts(1, .infinity))
    }

    @Test func finiteDifferencesCatchAWrongDerivative() {
        // The FD route is accurate enough to tell cos from a cos off by 1e-5.
        struct Sine: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.sin(x[0]) }
        }
        let fd = FiniteDifferences.gradient(of: Sine(), at: [0.4])[0]
        let right = Double.cos(0.4)
        #expect(Tolerance.finiteDifference().accepts(fd, right))
        #expect(!Tolerance.finiteDifference().accepts(fd, right * (1 + 1e-5)))
        #expect(Swift.abs(fd - right) < 1e-9)
    }
}
