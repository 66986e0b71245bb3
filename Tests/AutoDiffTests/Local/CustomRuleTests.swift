import Testing
import AutoDiff

// Custom derivative rules: checked by `checkDerivativeRule` (a wrong rule is caught),
// equal to automatic differentiation of the same function in every mode, used for a
// routine that is not generic, and more accurate than the composed form where they are
// meant to be.

/// f(a, b) = a·sin(b) + b², its value as plain `Double` code.
private func plainRoutine(_ a: Double, _ b: Double) -> Double { a * Double.sin(b) + b * b }

/// The same f over ADScalar: the reference for the rules below.
private struct Composed: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * T.sin(x[1]) + x[1] * x[1] + T.exp(x[0] * x[1]) }
}

/// Which rules a `Routine` gives.
enum Given: CaseIterable, Sendable { case forward, reverse, both, differentiable }

/// plainRoutine as a custom rule giving some of its rules (∇f = (sin b, a cos b + 2b)).
struct Routine: CustomDerivativeRule {
    let given: Given
    var wrong = false
    func value(_ x: Arguments<Double>) -> Double { plainRoutine(x[0], x[1]) }
    func gradient(_ x: Arguments<Double>) -> Arguments<Double> {
        Arguments(Double.sin(x[1]) * (wrong ? 2 : 1), x[0] * Double.cos(x[1]) + 2 * x[1])
    }
    func jvp(at x: Arguments<Double>, direction v: Arguments<Double>) -> Double? {
        guard given == .forward || given == .both else { return nil }
        let g = gradient(x)
        return g[0] * v[0] + g[1] * v[1]
    }
    func vjp(at x: Arguments<Double>, cotangent u: Double) -> Arguments<Double>? {
        guard given == .reverse || given == .both else { return nil }
        return gradient(x).map { u * $0 }
    }
    func differentiableGradient<T: ADScalar>(at x: Arguments<T>) -> (value: T, gradient: Arguments<T>)? {
        guard given == .differentiable else { return nil }
        return (x[0] * T.sin(x[1]) + x[1] * x[1], Arguments(T.sin(x[1]), x[0] * T.cos(x[1]) + 2 * x[1]))
    }
}

/// Composed, with its first two terms through the rule.
struct WithRoutine: ScalarFunction {
    let rule: Routine
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.applying(rule, x[0], x[1]) + T.exp(x[0] * x[1]) }
}

/// log(1 + eˣ) composed from exp and log(onePlus:).
private struct ComposedSoftplus: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.log(onePlus: T.exp(x[0])) }
}

/// log(1 + eˣ) through the rule.
private struct RuleSoftplus: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.applying(StableSoftplusRule(), x[0]) }
}

@Suite("Custom derivative rules") struct CustomRuleTests {
    let x = [0.7, -1.3]

    @Test func aWrongRuleIsCaughtByTheCheck() {
        for given in Given.allCases {
            #expect(checkDerivativeRule(Routine(given: given), at: x).passed, "\(given)")
        }
        let wrongReverse = checkDerivativeRule(Routine(given: .reverse, wrong: true), at: x)
        #expect(!wrongReverse.passed && wrongReverse.problems.first?.hasPrefix("vjp[0]") == true)
        let wrongBoth = checkDerivativeRule(Routine(given: .both, wrong: true), at: x)
        #expect(wrongBoth.problems.count == 2) // jvp[0] and vjp[0] (wrong alike: the adjoint identity holds)
        #expect(checkDerivativeRule(StableSoftplusRule(), at: [800]).passed)
        #expect(checkDerivativeRule(ValueOnly(), at: [1]).hasNoRule)
    }

    @Test(arguments: Given.allCases)
    func rulesAgreeWithAutomaticDifferentiationInEveryMode(given: Given) throws {
        let f = WithRoutine(rule: Routine(given: given))
        let reference = try gradient(of: Composed(), at: x)
        let tolerance = Tolerance.exact(scale: magnitudeScale(reference))
        expectClose(try gradient(of: f, at: x, mode: .reverse), reference, tolerance, "reverse")
        expectClose(try gradient(of: f, at: x, mode: .forward), reference, tolerance, "chunked forward")
        let v = [0.4, -0.9]
        expectClose([try jvp(of: f, at: x, direction: v).tangent], [dot(reference, v)], tolerance, "jvp")
        let vf = ScalarAsVectorFunction(f)
        expectClose(try reverseJacobian(of: vf, at: x, chunk: .two).jacobian.elements, reference, tolerance, "vector sweep")
        let recorded = try RecordedFunction(f, at: x)
        let y = [0.2, 0.5]
        expectClose(try recorded.gradient(at: y), try gradient(of: Composed(), at: y), tolerance, "replay")
        #expect(try recorded.value(at: y)[0] == f(y))
        if given == .differentiable {
            let h = try hvp(of: Composed(), at: x, direction: v)
            for mode in [HVPMode.forwardOverReverse, .reverseOverForward, .reverseOverReverse] {
                expectClose(try hvp(of: f, at: x, direction: v, mode: mode), h, .exact(scale: magnitudeScale(h)), "\(mode)")
            }
        } else {
            #expect(throws: DifferentiationError.self) { try hvp(of: f, at: x, direction: v) }
        }
    }

    @Test func aMissingRuleNamesTheRuleAndTheMode() throws {
        struct UsesValueOnly: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.applying(ValueOnly(), x[0]) }
        }
        #expect(UsesValueOnly()([2.0]) as Double == 4) // plain evaluation needs no rule
        for mode in [DifferentiationMode.reverse, .forward] {
            let error = #expect(throws: DifferentiationError.self) { try gradient(of: UsesValueOnly(), at: [2.0], mode: mode) }
            #expect(error?.description.contains("ValueOnly") == true, "\(error.map(\.description) ?? "")")
        }
        let error = #expect(throws: DifferentiationError.self) {
            try hvp(of: WithRoutine(rule: Routine(given: .both)), at: x, direction: [1, 0])
        }
        #expect(
            error?.description
                == "the custom rule Routine has no derivative for reverse mode over Dual<Double> (second order): give differentiableGradient(at:)")
    }

    @Test func aRuleMoreAccurateThanTheComposedFunction() throws {
        // At x = 800, e^x overflows: the composed form's value is inf and its derivative
        // 1/(1 + inf) · inf comes out 0; the rule gives 800 and σ(800) = 1.
        let composed = try valueWithGradient(of: ComposedSoftplus(), at: [800])
        #expect(composed.value == .infinity && composed.gradient == [0])
        let (value, g) = try valueWithGradient(of: RuleSoftplus(), at: [800])
        #expect(value == 800 && g == [1])
        #expect(try gradient(of: RuleSoftplus(), at: [800], mode: .forward) == [1])
        // Where both are accurate they agree.
        for x0 in [-3.0, 0.2, 5.0] {
            expectClose(try gradient(of: RuleSoftplus(), at: [x0]), try gradient(of: ComposedSoftplus(), at: [x0]), .exact(), "x = \(x0)")
        }
        // And the second derivative through the differentiable gradient: σ(1 − σ).
        let s = 1 / (1 + Double.exp(-0.2))
        expectClose(try hvp(of: RuleSoftplus(), at: [0.2], direction: [1]), [s * (1 - s)], .exact(), "σ'")
    }
}

/// x², with no derivative rule at all.
private struct ValueOnly: CustomDerivativeRule {
    func value(_ x: Arguments<Double>) -> Double { x[0] * x[0] }
}
