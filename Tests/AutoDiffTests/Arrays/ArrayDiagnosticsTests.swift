import AutoDiff
import Testing

// Diagnostics of array functions: the first non-finite value is traced to the operation
// that produced it, infinite local derivatives and kinks are reported, through reverse and
// forward drivers alike.

/// log(x) · 2, summed: NaN starts at the log, spreads through the product and the sum.
struct LogThenScale: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { (T.log(p[0]) * 2).sum() }
}

/// sqrt(x) + relu(x) + max over the row, summed.
struct SqrtReluMax: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { (T.sqrt(p[0]) + T.relu(p[0])).sum() + p[0].max(alongAxes: 0).sum() }
}

@Suite("Array diagnostics")
struct ArrayDiagnosticsTests {
    @Test func aNaNIsTracedToTheOperationThatMadeIt() throws {
        let x = [Tensor([1, -1, 2])]
        let (_, report) = try withDiagnostics { try gradient(of: LogThenScale(), at: x) }
        #expect(report.items.count == 1)
        let item = try #require(report.items.first)
        #expect(item.kind == .nonFiniteValue && item.entry == 1)
        #expect(item.message.hasPrefix("array log gave") && item.message.contains("nan at entry 1 of its [3] result"))
        let (_, forward) = try withDiagnostics { try jvp(of: LogThenScale(), at: x, direction: x) }
        #expect(forward.items.map(\.kind) == [.nonFiniteValue])
    }

    @Test func infiniteDerivativesAndKinksAreReported() throws {
        let x = [Tensor([0, 4, 4])]
        let (_, report) = try withDiagnostics { try gradient(of: SqrtReluMax(), at: x) }
        #expect(report.items.map(\.kind) == [.nonFiniteDerivative, .nonDifferentiablePoint, .nonDifferentiablePoint])
        #expect(report.items[0].message == "the derivative of array sqrt at 0.0 (entry 0) is inf")
        #expect(report.items[2].message.contains("1 entry tied with a maximum"))
        #expect(throws: DifferentiationError.self) {
            try withDiagnostics(throwing: true) { try jacobian(of: SqrtReluMax(), at: x, mode: .forward) }
        }
        let (_, clean) = try withDiagnostics { try gradient(of: SqrtReluMax(), at: [Tensor([1, 4, 3])]) }
        #expect(clean.isEmpty)
    }
}
