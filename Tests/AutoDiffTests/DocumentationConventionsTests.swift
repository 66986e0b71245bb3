// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
// The DocC article Conventions at Kinks's example, verbatim between the markers: if this
// test fails, the article is wrong.
import Testing

// DOCC-CONVENTIONS-BEGIN
import AutoDiff

/// relu(x) + |y| + max(x, y): three kinks at the origin.
struct KinkedSum: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.relu(v[0]) + T.abs(v[1]) + T.max(v[0], v[1]) }
}

/// 3y + √x: an infinite derivative at x = 0 that must not spoil ∂/∂y.
struct RootPlusLine: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { 3 * v[1] + T.sqrt(v[0]) }
}

/// log x, outside its domain at x = −1.
struct LogarithmOfFirst: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.log(v[0]) }
}

@Test func conventionsAtKinksExample() throws {
    for mode in [DifferentiationMode.forward, .reverse] {
        #expect(try gradient(of: KinkedSum(), at: [0.0, 0.0], mode: mode) == [1, 0])
        #expect(try gradient(of: RootPlusLine(), at: [0.0, 1.0], mode: mode) == [Double.infinity, 3])
    }
    let alongY = try jvp(of: RootPlusLine(), at: [0.0, 1.0], direction: [0, 1])
    #expect(alongY.tangent == 3)                // not 0·∞ = NaN
    let (value, slope) = try valueWithGradient(of: LogarithmOfFirst(), at: [-1.0])
    #expect(value.isNaN && slope == [-1])

    let (_, report) = try withDiagnostics { try gradient(of: KinkedSum(), at: [0.0, 0.0]) }
    print(report.items.count)                   // 4: relu's x ≤ 0, abs's x < 0 and x == 0, max's tie
    #expect(report.items.allSatisfy { $0.kind == .nonDifferentiablePoint } && report.items.count == 4)
    #expect(throws: DifferentiationError.self) {
        try withDiagnostics(throwing: true) { try gradient(of: RootPlusLine(), at: [0.0, 1.0]) }
    }
}
// DOCC-CONVENTIONS-END
