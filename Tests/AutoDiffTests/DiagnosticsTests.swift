import Testing
import AutoDiff

// Non-differentiable points and non-finite values are reported, naming the operation
// and the entry; nothing is reported for a clean function; outside a scope nothing changes.

private struct ReluSum: ScalarFunction { // relu(x0) + x1
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.relu(x[0]) + x[1] }
}
private struct MaxOf: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.max(x[0], x[1]) * 2 }
}
private struct AbsOf: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.abs(x[0]) + x[0] * x[1] }
}
private struct SqrtPlus: ScalarFunction { // sqrt(x0) + x1: infinite derivative at x0 = 0
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[1] * 3 + T.sqrt(x[0]) }
}
private struct LogThenExp: VectorFunction { // exp(log(x0)), x0 / x1
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [T.exp(T.log(x[0] * 2)), x[0] / x[1]] }
}
private struct Smooth: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [T.sin(x[0]) * x[1], T.exp(x[1]) - x[0]] }
}

@Suite struct DiagnosticsReports {
    @Test func reluAtZeroIsAKink() throws {
        let (g, report) = try withDiagnostics { try gradient(of: ReluSum(), at: [0.0, 1.0]) }
        #expect(g == [0, 1], "the convention relu'(0) = 0 still applies")
        #expect(report.items.count == 1)
        #expect(report.items.first?.kind == .nonDifferentiablePoint)
        #expect(report.items.first?.entry == 2, "after the two inputs")
    }

    @Test func tiesInMaxAndAbsAtZero() throws {
        let max = try withDiagnostics { try gradient(of: MaxOf(), at: [1.5, 1.5]) }
        #expect(max.result == [2, 0], "the tie goes to the first argument")
        #expect(max.diagnostics.items.map(\.kind) == [.nonDifferentiablePoint])
        let abs = try withDiagnostics { try gradient(of: AbsOf(), at: [0.0, 2.0]) }
        #expect(abs.result == [2, 0])
        #expect(abs.diagnostics.items.contains { $0.kind == .nonDifferentiablePoint })
        #expect(try withDiagnostics { try gradient(of: AbsOf(), at: [0.5, 2.0]) }.diagnostics.isEmpty)
    }

    @Test(arguments: DifferentiationMode.allCases)
    func infiniteDerivativeNamesItsOperation(mode: DifferentiationMode) throws {
        let (_, report) = try withDiagnostics { try gradient(of: SqrtPlus(), at: [0.0, 1.0], mode: mode) }
        let item = try #require(report.items.first)
        #expect(item.kind == .nonFiniteDerivative && item.operation == .sqrt && item.entry == 3)
        #expect(item.description == "nonFiniteDerivative at entry 3 (sqrt): the derivative of sqrt at 0.0 is inf")
    }

    @Test func firstNonFiniteValueIsNamedNotItsConsumers() throws {
        // log(2·x0) with x0 = -1 is NaN; exp of it is NaN too, but log produced it.
        let (_, report) = try withDiagnostics { try jacobian(of: LogThenExp(), at: [-1.0, 2.0], mode: .reverse) }
        let item = try #require(report.items.first { $0.kind == .nonFiniteValue })
        #expect(item.operation == .log && item.entry == 3)
        // Division by zero: forward mode reports it too (it records once to diagnose).
        let (_, zero) = try withDiagnostics { try jvp(of: LogThenExp(), at: [1.0, 0.0], direction: [1, 0]) }
        #expect(zero.items.first { $0.kind == .nonFiniteValue }?.operation == .divide)
    }

    @Test func throwingScopeStopsAtTheFirstFinding() {
        #expect(throws: DifferentiationError.self) {
            try withDiagnostics(throwing: true) { try gradient(of: SqrtPlus(), at: [0.0, 1.0]) }
        }
        let error = DifferentiationError.undefinedDerivative("x")
        #expect(error.description == "undefined derivative: x")
    }

    @Test func cleanFunctionsReportNothingAndScopesAreLocal() throws {
        for mode in DifferentiationMode.allCases {
            let (_, report) = try withDiagnostics { try jacobian(of: Smooth(), at: [0.3, 0.4], mode: mode) }
            #expect(report.isEmpty, "\(mode)")
        }
        // Outside a scope, a kink changes nothing and throws nothing.
        #expect(try gradient(of: ReluSum(), at: [0.0, 1.0]) == [0, 1])
        let recorded = try RecordedFunction(ReluSum(), at: [1.0, 1.0])
        let (_, replayReport) = try withDiagnostics { try recorded.gradient(at: [2.0, 1.0]) }
        #expect(replayReport.isEmpty)
    }
}
