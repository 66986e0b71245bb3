#if canImport(_Differentiation)
import Testing
@testable import ADBenchKit

// Swift's built-in `_Differentiation` as an independent route to P1's and P4's gradients.

@Suite struct BuiltinDifferentiationTests {
    @Test(arguments: [2, 3, 100]) func rosenbrockGradientMatchesHand(n: Int) {
        let p = P1Rosenbrock(n: n)
        #expect(Swift.abs(builtinRosenbrock(p.point) - p.handPrimal(p.point)) < 1e-12 * p.handPrimal(p.point))
        let builtin = DerivativeResult(vector: builtinRosenbrockGradient(p.point))
        #expect(relativeError(builtin, p.handDerivative(at: p.point)) < 1e-13)
    }

    @Test func rosenbrockReferenceSum() throws {
        let p = P1Rosenbrock(n: 1000)
        let ref = try #require(p.reference)
        #expect(close(builtinRosenbrockGradient(p.point).reduce(0, +), ref.derivativeSum))
    }

    @Test func mlpGradientMatchesHandAndReference() throws {
        let p = P4MLP()
        let ref = try #require(p.reference)
        let (value, gradient) = p.builtinValueAndGradient(p.point)
        #expect(close(value, ref.value!))
        #expect(close(gradient.reduce(0, +), ref.derivativeSum))
        let builtin = DerivativeResult(vector: gradient)
        #expect(relativeError(builtin, p.handDerivative(at: p.point)) < 1e-13)
    }
}
#endif
