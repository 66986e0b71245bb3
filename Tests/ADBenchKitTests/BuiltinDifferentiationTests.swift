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

#if canImport(_Differentiation)
    @Suite struct BuiltinChainTests {
        @Test(arguments: [(1, 1), (8, 8), (5, 3), (3, 9)]) func chainJacobianMatchesHand(n: Int, m: Int) throws {
            let p = P2Chain(n: n, m: m)
            let builtin = p.builtinJacobian(p.point)
            #expect(builtin.rows == m && builtin.columns == n)
            #expect(relativeError(builtin, p.handDerivative(at: p.point)) < 1e-13)
            if let ref = p.reference { #expect(close(builtin.sum, ref.derivativeSum)) }
            let y = p.builtinOutputs(p.point), hand = p.handOutputs(p.point)
            for i in 0..<m { #expect(Swift.abs(y[i] - hand[i]) < 1e-14) }
        }

        @Test func dispatchByProblem() throws {
            #expect(builtinDifferentiationAvailable)
            let problems: [any BenchmarkProblem] = [P1Rosenbrock(n: 20), P2Chain(n: 4, m: 3), P4MLP()]
            for p in problems {
                let d = try #require(builtinDerivative(of: p))
                #expect(relativeError(d(p.point), p.handDerivative(at: p.point)) < 1e-13, "\(p.name)")
            }
            #expect(builtinDerivative(of: P3HessianVector(n: 5)) == nil)
            #expect(builtinDerivative(of: P5Tridiagonal(n: 5)) == nil)
        }
    }
#endif
