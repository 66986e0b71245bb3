import AutoDiff
import Testing

/// Operand patterns that the scalar sweep routes through registers instead of the
/// adjoint array: the entry just before (the carry), the sum two back when the term is
/// just before (`s += term`), and the cases that must fall back to memory (the entry in
/// between also reads the sum; x·x on the entry just before).
struct RegisterPatterns: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var s = x[0]
        for j in 1..<x.count { s += T.sin(x[j]) } // the term just before, the sum two back
        var u = x[1]
        for _ in 0..<3 { u = u + u * 0.5 } // the entry between reads the sum: memory route
        let v = T.exp(x[2] * 0.3)
        let w = v * v + u // x·x on the entry just before, then a sum
        var r = w
        for j in 0..<x.count { r += T.preaccumulated(Term(), x[j], r) } // a group reads the sum too
        var q = T.zero
        for j in 0..<x.count { q += T.preaccumulated(Term(), x[j], x[(j + 1) % x.count]) } // P1's pattern
        return [s, w, r * s, q, q * u + s]
    }

    struct Term: LocalFunction {
        func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T { T.square(x[1] * 0.1 - x[0] * x[0]) + T.cos(x[0]) }
    }
}

@Suite struct SweepRegisters {
    let x: [Double] = [0.3, -0.7, 1.1, 0.45, -0.2, 0.9]

    @Test func scalarSweepsMatchTheVectorSweepBitForBit() throws {
        let f = RegisterPatterns()
        let rows = try reverseJacobian(of: f, at: x, chunk: .one).jacobian
        for chunk in ChunkSize.allCases where chunk != .one {
            #expect(try reverseJacobian(of: f, at: x, chunk: chunk).jacobian.elements == rows.elements, "chunk \(chunk)")
        }
        let reference = try forwardJacobian(of: f, at: x).jacobian
        #expect(maxRelativeDifference(reference, rows) < 1e-12)
    }

    @Test func gradientsOfEachOutputMatchForwardMode() throws {
        let f = RegisterPatterns()
        let reference = try forwardJacobian(of: f, at: x).jacobian
        for i in 0..<5 {
            let (_, pullback) = try valueWithPullback(of: f, at: x)
            var seed = [Double](repeating: 0, count: 5)
            seed[i] = 1
            let row = try pullback(seed)
            for j in 0..<x.count {
                #expect(abs(row[j] - reference[i, j]) <= 1e-12 * max(1, abs(reference[i, j])), "output \(i), input \(j)")
            }
        }
    }
}
