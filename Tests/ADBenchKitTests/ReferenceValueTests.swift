import Testing
import AutoDiff
@testable import ADBenchKit

/// Relative closeness for check values printed with ~12 significant digits.
func close(_ a: Double, _ b: Double, relative: Double = 1e-10) -> Bool {
    Swift.abs(a - b) <= relative * Swift.max(Swift.abs(a), Swift.abs(b))
}

// Every reference value of shared/PROBLEMS.md, reproduced by the generic code (through
// AutoDiff) and by the hand-coded code, independently.

@Suite struct ReferenceValueTests {
    @Test(arguments: [100, 1000]) func rosenbrock(n: Int) throws {
        let p = P1Rosenbrock(n: n)
        let ref = try #require(p.reference)
        #expect(close(p.primal(p.point), ref.value!))
        #expect(close(p.handPrimal(p.point), ref.value!))
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .reverse).sum, ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .forward).sum, ref.derivativeSum))
    }

    static let chainCells: [(Int, Int)] = [(1, 1), (8, 8), (64, 64), (512, 1), (1, 512)]

    @Test(arguments: chainCells) func chain(n: Int, m: Int) throws {
        let p = P2Chain(n: n, m: m)
        let ref = try #require(p.reference)
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum))
        // The cheap mode for the shape (the other one is checked in the agreement tests).
        let mode: DifferentiationMode = n <= m ? .forward : .reverse
        #expect(close(try p.derivative(at: p.point, mode: mode).sum, ref.derivativeSum))
        #expect(close(p.primal(p.point), p.handPrimal(p.point), relative: 1e-12))
    }

    @Test func chainLargestCellByHand() throws {
        let p = P2Chain(n: 512, m: 512)
        let ref = try #require(p.reference)
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum))
    }

    @Test func hessianVector() throws {
        let p = P3HessianVector(n: 10000)
        let ref = try #require(p.reference)
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .reverse).sum, ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .forward).sum, ref.derivativeSum))
    }

    @Test func mlp() throws {
        let p = P4MLP()
        let ref = try #require(p.reference)
        #expect(p.point.count == 2688)
        #expect(close(p.primal(p.point), ref.value!))
        #expect(close(p.handPrimal(p.point), ref.value!))
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .reverse).sum, ref.derivativeSum))
    }

    @Test(arguments: [100, 1000]) func tridiagonal(n: Int) throws {
        let p = P5Tridiagonal(n: n)
        let ref = try #require(p.reference)
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum))
        let (sub, d, sup) = P5Tridiagonal.handBands(p.point)
        #expect(close(sub.reduce(0, +) + d.reduce(0, +) + sup.reduce(0, +), ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .forward).sum, ref.derivativeSum))
        #expect(close(try p.derivative(at: p.point, mode: .reverse).sum, ref.derivativeSum))
        #expect(close(p.primal(p.point), p.handPrimal(p.point), relative: 1e-12))
    }
}
