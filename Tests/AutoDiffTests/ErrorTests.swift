import Testing
import AutoDiff

// Bad input gives a typed DifferentiationError with a one-line message, through every
// driver, never a crash.

/// R^3 → R, declaring its input count.
private struct ThreeInputScalar: ScalarFunction {
    var inputCount: Int? { 3 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * x[1] + T.sin(x[2]) }
}

/// R^3 → R^2, declaring its input and output counts.
private struct ThreeInputVector: VectorFunction {
    var inputCount: Int? { 3 }
    var outputCount: Int? { 2 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [x[0] * x[1], T.exp(x[2])] }
}

/// Declares three outputs, returns two.
private struct BrokenOutputCount: VectorFunction {
    var outputCount: Int? { 3 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [x[0], x[0] * x[1]] }
}

/// Counts its calls (a class, so a struct holding it can count through `self`).
private final class CallCounter { var calls = 0 }

/// Returns 2 outputs on its first call, then one more on each later call.
private struct GrowingOutputs: VectorFunction {
    let counter = CallCounter()
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        defer { counter.calls += 1 }
        let y = x.reduce(T(0)) { $0 + $1 * $1 }
        return Array(repeating: y, count: 2 + counter.calls)
    }
}

/// Two outputs when evaluated plainly on Double, three when differentiated.
private struct OutputCountDependsOnType: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        T.self == Double.self ? [x[0], x[1]] : [x[0], x[1], x[0] * x[1]]
    }
}

/// Every driver that takes a point, run on a function that expects three inputs.
enum DriverUnderTest: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case gradientForward, gradientReverse, gradientAuto
    case valueWithGradientForward, valueWithGradientReverse, valueWithGradientAuto
    case jvpVector, jvpScalar, vjp, valueWithPullbackVector, valueWithPullbackScalar
    case jacobianForward, jacobianReverse, jacobianAuto, valueWithJacobianAuto
    case forwardJacobian, forwardJacobianOneColumnPerPass, reverseJacobian

    var testDescription: String { rawValue }

    func run(at x: [Double]) throws {
        let s = ThreeInputScalar(), v = ThreeInputVector()
        let direction = [Double](repeating: 1, count: x.count)
        switch self {
        case .gradientForward: _ = try AutoDiff.gradient(of: s, at: x, mode: .forward)
        case .gradientReverse: _ = try AutoDiff.gradient(of: s, at: x, mode: .reverse)
        case .gradientAuto: _ = try AutoDiff.gradient(of: s, at: x, mode: .auto)
        case .valueWithGradientForward: _ = try AutoDiff.valueWithGradient(of: s, at: x, mode: .forward)
        case .valueWithGradientReverse: _ = try AutoDiff.valueWithGradient(of: s, at: x, mode: .reverse)
        case .valueWithGradientAuto: _ = try AutoDiff.valueWithGradient(of: s, at: x, mode: .auto)
        case .jvpVector: _ = try AutoDiff.jvp(of: v, at: x, direction: direction)
        case .jvpScalar: _ = try AutoDiff.jvp(of: s, at: x, direction: direction)
        case .vjp: _ = try AutoDiff.vjp(of: v, at: x, cotangent: [1, 1])
        case .valueWithPullbackVector: _ = try AutoDiff.valueWithPullback(of: v, at: x)
        case .valueWithPullbackScalar: _ = try AutoDiff.valueWithPullback(of: s, at: x)
        case .jacobianForward: _ = try AutoDiff.jacobian(of: v, at: x, mode: .forward)
        case .jacobianReverse: _ = try AutoDiff.jacobian(of: v, at: x, mode: .reverse)
        case .jacobianAuto: _ = try AutoDiff.jacobian(of: v, at: x, mode: .auto)
        case .valueWithJacobianAuto: _ = try AutoDiff.valueWithJacobian(of: v, at: x)
        case .forwardJacobian: _ = try AutoDiff.forwardJacobian(of: v, at: x)
        case .forwardJacobianOneColumnPerPass: _ = try AutoDiff.forwardJacobian(of: v, at: x, chunk: .one)
        case .reverseJacobian: _ = try AutoDiff.reverseJacobian(of: v, at: x)
        }
    }
}

/// Expects `body` to throw exactly `expected`, whose description is `message`.
private func expectError(
    _ expected: DifferentiationError, _ message: String,
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected \(expected), nothing was thrown", sourceLocation: sourceLocation)
    } catch let error as DifferentiationError {
        #expect(error == expected, sourceLocation: sourceLocation)
        #expect(String(describing: error) == message, sourceLocation: sourceLocation)
    } catch {
        Issue.record("expected \(expected), got \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Errors") struct ErrorTests {
    @Test(arguments: DriverUnderTest.allCases, [0, 2, 4])
    func wrongInputLength(driver: DriverUnderTest, count: Int) {
        let x = [Double](repeating: 0.5, count: count)
        expectError(.inputCount(expected: 3, got: count), "expected 3 inputs, got \(count)") {
            try driver.run(at: x)
        }
    }

    @Test(arguments: DriverUnderTest.allCases)
    func rightInputLengthSucceeds(driver: DriverUnderTest) throws {
        try driver.run(at: [0.5, -1, 2])
    }

    @Test func wrongDirectionLength() {
        let message = "expected a direction of 3 entries (one per input), got 2"
        expectError(.directionCount(expected: 3, got: 2), message) {
            _ = try jvp(of: ThreeInputVector(), at: [1, 2, 3], direction: [1, 0])
        }
        expectError(.directionCount(expected: 3, got: 2), message) {
            _ = try jvp(of: ThreeInputScalar(), at: [1, 2, 3], direction: [1, 0])
        }
        expectError(.directionCount(expected: 3, got: 4), "expected a direction of 3 entries (one per input), got 4") {
            _ = try jvp(of: ThreeInputScalar(), at: [1, 2, 3], direction: [1, 0, 0, 0])
        }
    }

    @Test func wrongCotangentLength() throws {
        let message = "expected a cotangent of 2 entries (one per output), got 3"
        expectError(.cotangentCount(expected: 2, got: 3), message) {
            _ = try vjp(of: ThreeInputVector(), at: [1, 2, 3], cotangent: [1, 0, 0])
        }
        let (_, pullback) = try valueWithPullback(of: ThreeInputVector(), at: [1, 2, 3])
        expectError(.cotangentCount(expected: 2, got: 3), message) { _ = try pullback([1, 0, 0]) }
        expectError(.cotangentCount(expected: 2, got: 0), "expected a cotangent of 2 entries (one per output), got 0") {
            _ = try pullback([])
        }
        // The pullback is still usable after a rejected cotangent: ∂(x0·x1) = (x1, x0, 0).
        #expect(try pullback([1, 0]) == [2, 1, 0])
    }

    @Test func declaredOutputCountNotMet() {
        let f = BrokenOutputCount(), x = [1.0, 2.0]
        let error = DifferentiationError.outputCount(expected: 3, got: 2)
        let message = "expected 3 outputs (the function's outputCount), got 2"
        expectError(error, message) { _ = try jvp(of: f, at: x, direction: [1, 0]) }
        expectError(error, message) { _ = try vjp(of: f, at: x, cotangent: [1, 0, 0]) }
        expectError(error, message) { _ = try valueWithPullback(of: f, at: x) }
        for mode in DifferentiationMode.allCases {
            expectError(error, message) { _ = try jacobian(of: f, at: x, mode: mode) }
            expectError(error, message) { _ = try valueWithJacobian(of: f, at: x, mode: mode) }
        }
        expectError(error, message) { _ = try forwardJacobian(of: f, at: x) }
        expectError(error, message) { _ = try forwardJacobian(of: f, at: x, chunk: .one) }
        expectError(error, message) { _ = try reverseJacobian(of: f, at: x) }
    }

    @Test func outputCountChangingBetweenPasses() {
        // One column per pass: the second pass sees 3 outputs where the first saw 2.
        expectError(.outputCountChanged(first: 2, then: 3), "the function returned 2 outputs on one call and 3 on another") {
            _ = try forwardJacobian(of: GrowingOutputs(), at: [1.0, 2.0], chunk: .one)
        }
        expectError(.outputCountChanged(first: 2, then: 3), "the function returned 2 outputs on one call and 3 on another") {
            _ = try jacobian(of: GrowingOutputs(), at: [1.0, 2.0], mode: .forward, chunk: .one)
        }
        // Default chunks: 20 inputs take three passes (calls 0, 1, 2 give 2, 3, 4
        // outputs); either later count may be reported. Serial: the counter is not
        // thread-safe, and the user function is called from several threads otherwise.
        let x = TestLCG.uniform(seed: 3, count: 20)
        do {
            _ = try forwardJacobian(of: GrowingOutputs(), at: x, parallelism: .serial)
            Issue.record("expected outputCountChanged, nothing was thrown")
        } catch let DifferentiationError.outputCountChanged(first, then) {
            #expect(first == 2 && (then == 3 || then == 4))
            #expect(
                "\(DifferentiationError.outputCountChanged(first: first, then: then))"
                    == "the function returned 2 outputs on one call and \(then) on another")
        } catch {
            Issue.record("expected outputCountChanged, got \(error)")
        }
    }

    @Test func outputCountLearntByAutoMustMatchTheDifferentiatedCall() {
        // .auto learns m at its first call (the probe's first evaluation); a different
        // count on a differentiated evaluation at the same point is an error, not a
        // silently different shape.
        expectError(.outputCountChanged(first: 2, then: 3), "the function returned 2 outputs on one call and 3 on another") {
            _ = try jacobian(of: OutputCountDependsOnType(), at: [1.0, 2.0], mode: .auto)
        }
        expectError(.outputCountChanged(first: 2, then: 3), "the function returned 2 outputs on one call and 3 on another") {
            _ = try jacobian(of: GrowingOutputs(), at: [1.0, 2.0, 3.0], mode: .auto)
        }
    }

    @Test func zeroInputsGiveEmptyDerivatives() throws {
        struct Constant: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T(2.5) + T.pi }
        }
        struct Constants: VectorFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [T(1), T(2)] }
        }
        for mode in DifferentiationMode.allCases {
            let (value, g) = try valueWithGradient(of: Constant(), at: [Double](), mode: mode)
            #expect(value == 2.5 + Double.pi && g.isEmpty)
            let j = try valueWithJacobian(of: Constants(), at: [Double](), mode: mode)
            #expect(j.value == [1, 2] && j.jacobian.rows == 2 && j.jacobian.columns == 0)
        }
        #expect(try vjp(of: Constants(), at: [Double](), cotangent: [1, 1]).cotangent.isEmpty)
        #expect(try jvp(of: Constants(), at: [Double](), direction: []).tangent == [0, 0])
        #expect(try valueWithPullback(of: Constant(), at: [Double]()).pullback(1).isEmpty)
    }
}
