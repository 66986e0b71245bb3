import Testing
import AutoDiff
@testable import ADBenchKit

@Suite struct MatrixChainTests {
    @Test func countsOfTheDocumentedExample() throws {
        let chain = try MatrixChain(dimensions: [10, 100, 5, 50])
        #expect(chain.count == 3)
        #expect(chain.leftToRightCost == 10 * 100 * 5 + 10 * 5 * 50)
        #expect(chain.rightToLeftCost == 100 * 5 * 50 + 10 * 100 * 50)
        #expect(chain.optimal.cost == 7500)
        #expect(chain.optimal.order.description == "(A·B)·C")
    }

    @Test func matrixTimesVectorChainIsCheapFromTheRight() throws {
        // A·B·C·d with 100 × 100 matrices: from the right three mat-vecs (3·10^4),
        // from the left two mat-mats (2·10^6) and one mat-vec (10^4).
        let chain = try MatrixChain(dimensions: [100, 100, 100, 100], vector: true)
        #expect(chain.dimensions == [100, 100, 100, 100, 1])
        #expect(chain.names == ["A", "B", "C", "d"])
        #expect(chain.rightToLeftCost == 30_000)
        #expect(chain.leftToRightCost == 2_010_000)
        #expect(chain.optimal.cost == 30_000)
        #expect(chain.optimal.order.rendered(names: chain.names) == "A·(B·(C·d))")
        #expect(chain.intermediateEntries(of: .rightToLeft(count: 4)) == 300)
        #expect(chain.intermediateEntries(of: .leftToRight(count: 4)) == 20_100)
    }

    @Test func rowVectorFirstIsCheapFromTheLeft() throws {
        // 1 × 50 · 50 × 50 · 50 × 50: from the left 2500 + 2500, from the right 125000 + 2500.
        let chain = try MatrixChain(dimensions: [1, 50, 50, 50])
        #expect(chain.leftToRightCost == 5000)
        #expect(chain.rightToLeftCost == 127_500)
    }

    @Test func singleFactorCostsNothing() throws {
        let chain = try MatrixChain(dimensions: [3, 4])
        #expect(chain.leftToRightCost == 0 && chain.rightToLeftCost == 0)
        #expect(chain.optimal.cost == 0 && chain.optimal.order == .operand(0))
        #expect(chain.optimal.order.description == "A")
    }

    @Test func ordersAreBuiltAndCounted() {
        #expect(ChainOrder.leftToRight(count: 3).description == "(A·B)·C")
        #expect(ChainOrder.rightToLeft(count: 3).description == "A·(B·C)")
        // Catalan numbers: 1, 1, 2, 5, 14, 42
        #expect((1...6).map { ChainOrder.all(0, $0 - 1).count } == [1, 1, 2, 5, 14, 42])
        #expect(ChainOrder.operand(27).description == "M27")
    }

    @Test(arguments: 1...6) func dynamicProgrammeEqualsBruteForce(length: Int) throws {
        var g = LCG(seed: 100 + UInt64(length))
        for _ in 0..<40 {
            let dims = (0...length).map { _ in 1 + Int(g.next() * 30) }
            let chain = try MatrixChain(dimensions: dims)
            let orders = ChainOrder.all(0, length - 1)
            let brute = orders.map(chain.cost(of:)).min()!
            let dp = chain.optimal
            #expect(dp.cost == brute, "\(dims)")
            #expect(chain.cost(of: dp.order) == dp.cost, "\(dims)")
            #expect(dp.cost <= chain.leftToRightCost && dp.cost <= chain.rightToLeftCost)
        }
    }

    @Test func everyOrderGivesTheSameProduct() throws {
        let chain = try MatrixChain(dimensions: [7, 3, 9, 2, 5], vector: true)
        let factors = chain.randomFactors()
        #expect(factors.map(\.rows) == [7, 3, 9, 2, 5])
        #expect(factors.last!.columns == 1)
        let orders = ChainOrder.all(0, chain.count - 1)
        #expect(orders.count == 14)
        #expect(largestDisagreement(factors, orders: orders) < 1e-13)
        // The check can fail: a different factor gives a different product.
        var other = factors
        other[2].elements[0] += 1
        #expect(maxAbsDifference(multiply(other, order: orders[0]), multiply(factors, order: orders[0])) > 1e-6)
    }

    @Test func productMatchesADirectTripleLoop() throws {
        let chain = try MatrixChain(dimensions: [3, 4, 2])
        let f = chain.randomFactors(seed: 5)
        let p = multiply(f, order: .leftToRight(count: 2))
        for i in 0..<3 {
            for j in 0..<2 {
                var s = 0.0
                for k in 0..<4 { s += f[0][i, k] * f[1][k, j] }
                #expect(Swift.abs(p[i, j] - s) < 1e-15)
            }
        }
    }

    @Test func badChainsThrow() {
        #expect(throws: MatrixChainError.tooFewDimensions(got: 1)) { try MatrixChain(dimensions: [4]) }
        #expect(throws: MatrixChainError.dimensionOutOfRange(index: 1, value: 0, maximum: MatrixChain.maximumDimension)) {
            try MatrixChain(dimensions: [4, 0, 3])
        }
        #expect(throws: MatrixChainError.self) { try MatrixChain(dimensions: [4, 1 << 30]) }
        #expect(MatrixChainError.tooFewDimensions(got: 1).description == "expected at least 2 dimensions, got 1")
    }

    @Test(arguments: [(3, 5), (6, 2), (8, 8)]) func layerJacobiansMultiplyToTheJacobian(n: Int, m: Int) throws {
        let p = P2Chain(n: n, m: m, h: 4)
        let layers = p.layerJacobians(at: p.point)
        let chain = try p.layerChain()
        #expect(chain.dimensions == [m, 4, 4, n])
        #expect(layers.map(\.rows) == [m, 4, 4])
        let hand = p.handDerivative(at: p.point)
        let ad = try p.derivative(at: p.point, mode: .forward)
        for order in [ChainOrder.leftToRight(count: 3), .rightToLeft(count: 3)] {
            let j = DerivativeResult(multiply(layers, order: order))
            #expect(j.maxAbsDifference(from: hand) < 1e-14)
            #expect(j.maxAbsDifference(from: ad) < 1e-14)
        }
    }
}

@Suite struct DenseKernelTests {
    @Test func kernelsAgreeWithTripleLoops() {
        let (p, q, r) = (4, 3, 5)
        let a = LCG.vector(seed: 1, count: p * q), b = LCG.vector(seed: 2, count: q * r)
        let c = matMul(a, b, p, q, r)
        let v = LCG.vector(seed: 3, count: q), u = LCG.vector(seed: 4, count: p)
        let av = matVec(a, rows: p, columns: q, v)
        let atu = matTransposeVec(a, rows: p, columns: q, u)
        for i in 0..<p {
            for j in 0..<r {
                let s = (0..<q).reduce(0.0) { $0 + a[i * q + $1] * b[$1 * r + j] }
                #expect(Swift.abs(c[i * r + j] - s) < 1e-15)
            }
            #expect(Swift.abs(av[i] - (0..<q).reduce(0.0) { $0 + a[i * q + $1] * v[$1] }) < 1e-15)
        }
        for j in 0..<q {
            #expect(Swift.abs(atu[j] - (0..<p).reduce(0.0) { $0 + a[$1 * q + j] * u[$1] }) < 1e-15)
        }
        #expect(matVec([], rows: 2, columns: 0, []) == [0, 0])
        #expect(matMul([], [], 0, 3, 0).isEmpty)
    }
}
