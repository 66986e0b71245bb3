import Testing
@testable import AutoDiff

// The one cast behind the drivers' Double-only fast paths: the witness exists for Double
// only, the cast re-types without copying, and every driver with a fast path (Double)
// gives what its generic path gives (Float, which has none) up to Float's rounding.
// (Debug builds also check each cast's types wherever a test runs a fast path.)

/// R^3 → R^3 with a sparse Jacobian (x0·x1, sin x1 + x2, e^(x2 − x0)).
private struct Banded: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        [x[0] * x[1], T.sin(x[1]) + x[2], T.exp(x[2] - x[0])]
    }
}

/// x0² · x1 + cos x2.
private struct Cubic: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.square(x[0]) * x[1] + T.cos(x[2]) }
}

@Suite struct DoubleFastPathTests {
    @Test func theWitnessExistsForDoubleOnly() {
        #expect(DoubleFastPath<Double>() != nil)
        #expect(DoubleFastPath<Float>() == nil)
        #expect(DoubleFastPath<Dual<Double>>() == nil)
        #expect(DoubleFastPath<Tracked<Double>>() == nil)
    }

    @Test func theCastReTypesWithoutACopy() {
        let double = DoubleFastPath<Double>()!
        let x = [1.5, -2.0, 3.25]
        let y = double.cast(x, to: [Double].self)
        #expect(y == x)
        x.withUnsafeBufferPointer { a in
            y.withUnsafeBufferPointer { b in #expect(a.baseAddress == b.baseAddress, "same storage") }
        }
        let tape = Tape<Double>()
        #expect(double.cast(tape, to: Tape<Double>.self) === tape)
        let m = Matrix(rows: 1, columns: 2, elements: [4.0, 5.0])
        let pair = double.cast((value: x, jacobian: m), to: (value: [Double], jacobian: Matrix<Double>).self)
        #expect(pair.value == x && pair.jacobian == m)
    }

    #if DEBUG
        @Test func aCastToAnotherTypeTrapsInDebugBuilds() async {
            await #expect(processExitsWith: .failure) {
                _ = DoubleFastPath<Double>()!.cast([1.0, 2.0], to: [Int].self)
            }
        }
    #endif

    @Test func everyFastPathAgreesWithTheGenericPath() throws {
        let x = [0.7, -0.4, 1.1], xf = x.map(Float.init)
        func close(_ d: [Double], _ f: [Float]) -> Bool {
            d.count == f.count && zip(d, f).allSatisfy { Swift.abs($0 - Double($1)) <= 1e-5 * Swift.max(1, Swift.abs($0)) }
        }
        #expect(
            close(
                try forwardJacobian(of: Banded(), at: x).jacobian.elements,
                try forwardJacobian(of: Banded(), at: xf).jacobian.elements))
        #expect(
            close(
                try reverseJacobian(of: Banded(), at: x).jacobian.elements,
                try reverseJacobian(of: Banded(), at: xf).jacobian.elements))
        #expect(
            close(
                try jacobian(of: Banded(), at: x, mode: .auto).elements,
                try jacobian(of: Banded(), at: xf, mode: .auto).elements))
        #expect(close(try gradient(of: Cubic(), at: x, mode: .auto), try gradient(of: Cubic(), at: xf, mode: .auto)))
        for mode in [DifferentiationMode.forward, .reverse] {
            let plan = try SparseJacobianPlan(of: Banded(), at: x, mode: mode)
            #expect(plan.colorCount > 1, "the lanes path needs more than one colour")
            #expect(
                close(
                    try sparseJacobian(of: Banded(), at: x, plan: plan).values,
                    try sparseJacobian(of: Banded(), at: xf, plan: plan).values))
        }
        // Diagnostics scan Double recordings only: sqrt at 0 is reported for Double, not Float.
        struct SqrtSum: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.sqrt(x[0]) + x[1] }
        }
        #expect(try !withDiagnostics { try gradient(of: SqrtSum(), at: [0.0, 1.0]) }.diagnostics.isEmpty)
        #expect(try withDiagnostics { try gradient(of: SqrtSum(), at: [Float(0), 1]) }.diagnostics.isEmpty)
    }
}
