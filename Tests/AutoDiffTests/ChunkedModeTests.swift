import Testing
import AutoDiff

/// A dense R^n → R^m function mixing every kind of operation, for chunk tests.
struct MixingLayers: VectorFunction {
    let m: Int
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var s = T(0.25)
        for (j, v) in x.enumerated() { s += T.sin(v * Double(j + 1)) * v }
        return (0..<m).map { i -> T in
            let a = x[i % x.count], b = x[(3 * i + 1) % x.count]
            let even: T = T.exp(a) * b - s
            let odd: T = T.tanh(a / (1.5 + b * b)) + T.square(s)
            let c = i.isMultiple(of: 2) ? even : odd
            let tail: T = T.log(onePlus: T.sigmoid(b)) * Double(i)
            return T.max(c, a) + tail
        }
    }
}

@Suite struct ChunkedModes {
    static let shapes: [(n: Int, m: Int)] = [(1, 1), (3, 2), (5, 7), (11, 13), (17, 3), (2, 19)]
    let x17: [Double] = (0..<17).map { (j: Int) -> Double in
        let a = 0.37 * Double(j % 5)
        return a - 0.6 + 0.01 * Double(j)
    }

    @Test(arguments: shapes)
    func everyChunkAgrees(shape: (n: Int, m: Int)) throws {
        let f = MixingLayers(m: shape.m)
        let x = Array(x17.prefix(shape.n))
        let reference = try forwardJacobian(of: f, at: x, chunk: .one).jacobian
        let rows = try reverseJacobian(of: f, at: x, chunk: .one).jacobian
        #expect(maxRelativeDifference(reference, rows) < 1e-12)
        for chunk in ChunkSize.allCases {
            let forward = try forwardJacobian(of: f, at: x, chunk: chunk)
            let reverse = try reverseJacobian(of: f, at: x, chunk: chunk)
            #expect(maxRelativeDifference(reference, forward.jacobian) < 1e-12, "forward chunk \(chunk)")
            #expect(maxRelativeDifference(reference, reverse.jacobian) < 1e-12, "reverse chunk \(chunk)")
            #expect(forward.value == f(x) && reverse.value == f(x))
            // The scalar sweep (one row at a time) carries the contribution to the entry
            // just below in a register and adds it last, as the vector sweep's memory route
            // does: the rows agree bit for bit.
            #expect(reverse.jacobian.elements == rows.elements, "reverse chunk \(chunk) vs scalar sweeps")
        }
    }

    @Test func automaticChunkRule() {
        #expect(ChunkSize.automatic(for: 0) == .one)
        #expect(ChunkSize.automatic(for: 1) == .one)
        #expect(ChunkSize.automatic(for: 2) == .two)
        #expect(ChunkSize.automatic(for: 3) == .four)
        #expect(ChunkSize.automatic(for: 8) == .eight)
        #expect(ChunkSize.automatic(for: 1000) == .eight)
    }

    @Test func unseededLaneStaysZeroThroughInfinitePartial() throws {
        // sqrt at 0 has an infinite partial; lanes not seeded on that input must stay 0.
        struct SqrtPlus: VectorFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { [T.sqrt(x[0]) + x[1], x[1] * 2] }
        }
        for chunk in ChunkSize.allCases {
            let J = try forwardJacobian(of: SqrtPlus(), at: [0.0, 1.0], chunk: chunk).jacobian
            #expect(J[0, 1] == 1 && J[1, 1] == 2 && J[1, 0] == 0, "chunk \(chunk)")
            #expect(J[0, 0] == .infinity, "chunk \(chunk)")
        }
    }
}

func maxRelativeDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
    precondition(a.rows == b.rows && a.columns == b.columns)
    var worst = 0.0
    for (u, v) in zip(a.elements, b.elements) {
        worst = max(worst, abs(u - v) / max(1, abs(u), abs(v)))
    }
    return worst
}
