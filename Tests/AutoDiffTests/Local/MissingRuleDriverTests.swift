import Testing
@testable import AutoDiff

// Every public driver collects a custom rule that cannot serve its mode and throws
// `DifferentiationError.missingRule` naming the rule (never stops the program).

/// x², with no derivative rule: every first-order mode lacks what it needs.
private struct SquareWithoutRules: CustomDerivativeRule {
    func value(_ x: Arguments<Double>) -> Double { x[0] * x[0] }
}

/// x², with first-order rules only: second order lacks `differentiableGradient`.
private struct SquareFirstOrderOnly: CustomDerivativeRule {
    func value(_ x: Arguments<Double>) -> Double { x[0] * x[0] }
    func jvp(at x: Arguments<Double>, direction v: Arguments<Double>) -> Double? { 2 * x[0] * v[0] }
    func vjp(at x: Arguments<Double>, cotangent u: Double) -> Arguments<Double>? { Arguments(2 * x[0] * u) }
}

/// y_i = rule(x_i) + x_{i+1}: n inputs, n outputs, the rule on every output.
private struct VectorUsing<Rule: CustomDerivativeRule>: VectorFunction {
    let rule: Rule
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        x.indices.map { i in T.applying(rule, x[i]) + x[(i + 1) % x.count] }
    }
}

/// Σ rule(x_i) · x_0.
private struct ScalarUsing<Rule: CustomDerivativeRule>: ScalarFunction {
    let rule: Rule
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        x.reduce(T.zero) { $0 + T.applying(rule, $1) } * x[0]
    }
}

/// s ← rule(s) + θ, one state and one parameter.
private struct StepUsing<Rule: CustomDerivativeRule>: StepFunction {
    let rule: Rule
    func callAsFunction<T: ADScalar>(_ state: [T], parameters: [T], step index: Int) -> [T] {
        [T.applying(rule, state[0]) * T(0.5) + parameters[0]]
    }
    var stateCount: Int { 1 }
    var parameterCount: Int { 1 }
}

private struct First: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] }
}

/// Expects `body` to throw `missingRule` naming `rule`.
private func expectMissing(
    _ rule: String, _ what: String, sourceLocation: SourceLocation = #_sourceLocation,
    _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("\(what): no error", sourceLocation: sourceLocation)
    } catch let error as DifferentiationError {
        guard case let .missingRule(message) = error else {
            Issue.record("\(what): \(error)", sourceLocation: sourceLocation)
            return
        }
        #expect(message.contains(rule), "\(what): \(message)", sourceLocation: sourceLocation)
    } catch {
        Issue.record("\(what): \(error)", sourceLocation: sourceLocation)
    }
}

@Suite("Missing rules in every driver") struct MissingRuleDriverTests {
    let x = [0.3, -0.7, 1.1]

    @Test func firstOrderJacobiansThrow() throws {
        let f = VectorUsing(rule: SquareWithoutRules())
        let name = "SquareWithoutRules"
        #expect(f(x) as [Double] == x.indices.map { x[$0] * x[$0] + x[($0 + 1) % 3] }) // plain evaluation needs no rule
        for mode in [DifferentiationMode.forward, .reverse, .auto] {
            expectMissing(name, "jacobian \(mode)") { _ = try jacobian(of: f, at: x, mode: mode) }
            expectMissing(name, "valueWithJacobian \(mode)") { _ = try valueWithJacobian(of: f, at: x, mode: mode) }
            expectMissing(name, "sparseJacobian \(mode)") { _ = try sparseJacobian(of: f, at: x, mode: mode) }
        }
        for chunk in [ChunkSize.one, nil] {
            expectMissing(name, "forwardJacobian \(String(describing: chunk))") { _ = try forwardJacobian(of: f, at: x, chunk: chunk) }
            expectMissing(name, "reverseJacobian \(String(describing: chunk))") { _ = try reverseJacobian(of: f, at: x, chunk: chunk) }
        }
        let plan = SparseJacobianPlan(pattern: try jacobianSparsity(of: f, at: x), mode: .reverse)
        expectMissing(name, "valueWithSparseJacobian") { _ = try valueWithSparseJacobian(of: f, at: x, plan: plan) }
        expectMissing(name, "CostModel.measure") { _ = try CostModel.measure(f, at: x) }
        expectMissing(name, "RecordedFunction") { _ = try RecordedFunction(f, at: x) }
    }

    @Test func parallelForwardPassesThrow() {
        // 24 inputs in chunks of 8: the later passes run on worker threads.
        let f = VectorUsing(rule: SquareWithoutRules())
        let x = (0..<24).map { Double($0) / 10 }
        expectMissing("SquareWithoutRules", "forwardJacobian in parallel") {
            _ = try forwardJacobian(of: f, at: x, chunk: .eight, parallelism: .threads(2))
        }
    }

    @Test func pullbacksThrow() {
        let name = "SquareWithoutRules"
        let f = VectorUsing(rule: SquareWithoutRules()), g = ScalarUsing(rule: SquareWithoutRules())
        expectMissing(name, "valueWithPullback vector") { _ = try valueWithPullback(of: f, at: x) }
        expectMissing(name, "valueWithPullback scalar") { _ = try valueWithPullback(of: g, at: x) }
        expectMissing(name, "vjp") { _ = try vjp(of: f, at: x, cotangent: [1, 0, 0]) }
        let loop = TimeSteppingLoss(step: StepUsing(rule: SquareWithoutRules()), steps: 3, loss: First())
        for schedule in [CheckpointSchedule.storeAll, .periodic(interval: 2), .binomial(snapshots: 1)] {
            expectMissing(name, "checkpointed gradient \(schedule)") { _ = try gradient(of: loop, at: [0.5, 0.1], schedule: schedule) }
        }
    }

    @Test func secondOrderDriversThrow() {
        let name = "SquareFirstOrderOnly"
        let f = ScalarUsing(rule: SquareFirstOrderOnly())
        for mode in HVPMode.allCases {
            expectMissing(name, "hessian \(mode)") { _ = try hessian(of: f, at: x, mode: mode) }
            expectMissing(name, "hessianVectorProducts \(mode)") {
                _ = try hessianVectorProducts(of: f, at: x, directions: [[1, 0, 0], [0, 1, 0]], mode: mode)
            }
            expectMissing(name, "sparseHessian \(mode)") { _ = try sparseHessian(of: f, at: x, mode: mode) }
        }
        expectMissing(name, "directionalSecondDerivative") { _ = try directionalSecondDerivative(of: f, at: x, direction: [1, 0, 0]) }
        expectMissing(name, "mixedSecondDerivative") { _ = try mixedSecondDerivative(of: f, at: x, directions: [1, 0, 0], [0, 1, 0]) }
        expectMissing(name, "withGradientRecording") { _ = try withGradientRecording(of: f, at: x) { $0.hessianRow(0) } }
    }
}
