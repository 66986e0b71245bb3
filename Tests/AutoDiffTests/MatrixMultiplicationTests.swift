import Testing
@testable import AutoDiff

/// One product's operands as stored: row-major with strides wider than the rows; the padding
/// of A and B is NaN (a kernel that reads it poisons C) and C's padding a sentinel that must
/// survive.
private struct Operands {
    let m, n, k: Int
    let transposedA, transposedB: Bool
    let lda, ldb, ldc: Int
    var a, b, c: [Double]
    static let sentinel = 12345.0

    init(m: Int, n: Int, k: Int, transposedA: Bool, transposedB: Bool, padding: Int, cIsNaN: Bool, seed: UInt64) {
        (self.m, self.n, self.k, self.transposedA, self.transposedB) = (m, n, k, transposedA, transposedB)
        var g = TestLCG(seed: seed)
        let (aRows, aWidth) = transposedA ? (k, m) : (m, k)
        let (bRows, bWidth) = transposedB ? (n, k) : (k, n)
        (lda, ldb, ldc) = (aWidth + padding, bWidth + 2 * padding, n + padding)
        func fill(_ rows: Int, _ width: Int, _ stride: Int, pad: Double, _ value: () -> Double) -> [Double] {
            (0..<(rows * stride)).map { $0 % stride < width ? value() : pad }
        }
        a = fill(aRows, aWidth, lda, pad: .nan) { g.uniform() }
        b = fill(bRows, bWidth, ldb, pad: .nan) { g.uniform() }
        c = fill(m, n, ldc, pad: Self.sentinel) { cIsNaN ? .nan : g.uniform() }
    }

    func opA(_ i: Int, _ p: Int) -> Double { transposedA ? a[p * lda + i] : a[i * lda + p] }
    func opB(_ p: Int, _ j: Int) -> Double { transposedB ? b[j * ldb + p] : b[p * ldb + j] }

    /// The naive triple loop, and per element a bound on the rounding error of any order of
    /// summation: (k + 2)·ε·(|α|·Σ|a||b| + |β|·|c|), times 4 for margin.
    func naive(alpha: Double, beta: Double) -> (c: [Double], bound: [Double]) {
        var result = c, bound = [Double](repeating: 0, count: c.count)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0, magnitude = 0.0
                for p in 0..<k {
                    sum += opA(i, p) * opB(p, j)
                    magnitude += abs(opA(i, p) * opB(p, j))
                }
                let old = beta == 0 ? 0 : c[i * ldc + j]
                result[i * ldc + j] = alpha * sum + beta * old
                bound[i * ldc + j] = 4 * Double(k + 2) * Double.ulpOfOne * (abs(alpha) * magnitude + abs(beta * old))
            }
        }
        return (result, bound)
    }

    /// The kernel's C for these operands.
    func product(
        alpha: Double, beta: Double, parallelism: Parallelism = .serial,
        variant: MatrixMultiplication.Variant
    ) -> [Double] {
        var out = c
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                out.withUnsafeMutableBufferPointer { c in
                    MatrixMultiplication.multiply(
                        m: m, n: n, k: k, alpha: alpha, a.baseAddress!, lda: lda, transposedA: transposedA,
                        b.baseAddress!, ldb: ldb, transposedB: transposedB, beta: beta,
                        into: c.baseAddress!, ldc: ldc, parallelism: parallelism, variant: variant)
                }
            }
        }
        return out
    }
}

@Suite struct MatrixMultiplicationTests {
    static let variants = MatrixMultiplication.Variant.supported

    /// Shapes that hit every edge: empty, one, odd, below/above/not multiples of each tile
    /// (4x4, 6x8, 8x24 and the 8x16 / 8x8 edge kernels), several blocks of k (256 per block),
    /// one row or one column (the matrix-vector loops, with a tail of k or of columns), a
    /// strip of A at most one tile tall (op(B) read in place: several blocks of columns and
    /// of k, a packed remainder), two rows (against a transposed B: two dot products per
    /// row of B, in groups of four rows and a tail, with a tail of k), 9 or 10 columns with
    /// k in one block (rows of C across the lanes: AVX-512) and just past one block.
    static let shapes: [(m: Int, n: Int, k: Int)] = [
        (0, 5, 3), (4, 0, 3), (3, 5, 0), (1, 1, 1), (1, 7, 1), (7, 1, 9), (5, 3, 2), (6, 8, 4), (6, 32, 16),
        (7, 33, 17), (13, 10, 64), (12, 47, 31), (19, 65, 5), (25, 17, 300), (3, 9, 513), (31, 70, 40), (64, 64, 32),
        (1, 70, 300), (45, 1, 37), (1, 33, 8), (9, 1, 600), (1, 1, 77), (5, 800, 40), (8, 50, 300), (4, 24, 9),
        (2, 9, 13), (2, 37, 70), (2, 4, 8), (2, 3, 1), (64, 10, 64), (40, 9, 33), (37, 12, 100), (8, 2, 256), (23, 10, 257),
        (17, 11, 3)
    ]

    @Test(arguments: variants)
    func agreesWithNaiveProduct(variant: MatrixMultiplication.Variant) {
        var seed: UInt64 = 1
        for shape in Self.shapes {
            for (transposedA, transposedB) in [(false, false), (true, false), (false, true), (true, true)] {
                for (alpha, beta) in [(1.0, 0.0), (-0.75, 1.0), (2.0, -0.5), (0.0, 0.25)] {
                    seed += 1
                    let operands = Operands(
                        m: shape.m, n: shape.n, k: shape.k, transposedA: transposedA,
                        transposedB: transposedB, padding: Int(seed % 3), cIsNaN: beta == 0, seed: seed)
                    let (expected, bound) = operands.naive(alpha: alpha, beta: beta)
                    let got = operands.product(alpha: alpha, beta: beta, variant: variant)
                    let label = "\(variant) \(shape) tA \(transposedA) tB \(transposedB) α \(alpha) β \(beta)"
                    var wrong = 0
                    for index in got.indices
                    where !(abs(got[index] - expected[index]) <= bound[index])
                        && got[index].bitPattern != expected[index].bitPattern
                    {
                        wrong += 1
                    }
                    #expect(wrong == 0, "\(wrong) elements differ: \(label)")
                }
            }
        }
    }

    /// Two rows against a transposed B run as two dot products per row of B: each row of C
    /// must equal the one-row product of that row of A, bit for bit (the forward rule of a
    /// matrix times a vector computes the value this way and must equal the primal).
    @Test(arguments: variants)
    func twoRowsEqualTheirOneRowProductsBitForBit(variant: MatrixMultiplication.Variant) {
        for (index, shape) in [(n: 37, k: 70), (n: 512, k: 64), (n: 5, k: 3)].enumerated() {
            for (alpha, beta) in [(1.0, 0.0), (-0.75, 1.5)] {
                let both = Operands(
                    m: 2, n: shape.n, k: shape.k, transposedA: false, transposedB: true, padding: 1,
                    cIsNaN: beta == 0, seed: 90 + UInt64(index))
                let got = both.product(alpha: alpha, beta: beta, variant: variant)
                for row in 0..<2 {
                    var one = Operands( // the same strides as `both`, one row
                        m: 1, n: shape.n, k: shape.k, transposedA: false, transposedB: true, padding: 1,
                        cIsNaN: false, seed: 0)
                    one.a = Array(both.a[(row * both.lda)..<(row * both.lda + both.lda)])
                    one.b = both.b
                    one.c = Array(both.c[(row * both.ldc)..<(row * both.ldc + both.ldc)])
                    let single = one.product(alpha: alpha, beta: beta, variant: variant)
                    let same = (0..<shape.n).allSatisfy { single[$0].bitPattern == got[row * both.ldc + $0].bitPattern }
                    #expect(same, "\(variant) \(shape) row \(row) α \(alpha) β \(beta)")
                }
            }
        }
    }

    /// A transposed A with a long stride (≥ 512) is copied in strips of 768 rows before use:
    /// several chunks of rows, a last partial strip, two blocks of k.
    @Test(arguments: variants)
    func transposedAWithLongStride(variant: MatrixMultiplication.Variant) {
        for (index, shape) in [(m: 800, n: 40, k: 7), (m: 515, n: 33, k: 260)].enumerated() {
            for transposedB in [false, true] {
                let operands = Operands(
                    m: shape.m, n: shape.n, k: shape.k, transposedA: true, transposedB: transposedB,
                    padding: 1, cIsNaN: false, seed: 50 + UInt64(index))
                let (expected, bound) = operands.naive(alpha: -1.5, beta: 0.5)
                let got = operands.product(alpha: -1.5, beta: 0.5, variant: variant)
                let wrong = got.indices.filter { !(abs(got[$0] - expected[$0]) <= bound[$0]) && got[$0] != expected[$0] }
                #expect(wrong.count == 0, "elements differ: \(variant) \(shape) tB \(transposedB)")
            }
        }
    }

    /// Matrix-vector products past the loops' internal sizes: more than 2048 columns (several
    /// passes of sums), and a strided vector of more than 65536 entries (copied to a buffer of
    /// its own).
    @Test(arguments: variants)
    func longMatrixVectorProducts(variant: MatrixMultiplication.Variant) {
        let cases: [(m: Int, n: Int, k: Int, transposedA: Bool, transposedB: Bool)] = [
            (1, 5000, 3, false, false), (5000, 1, 3, true, false), (1, 4100, 2, true, false),
            (3, 1, 70000, false, false), (1, 2, 70000, true, true)
        ]
        for (index, item) in cases.enumerated() {
            let operands = Operands(
                m: item.m, n: item.n, k: item.k, transposedA: item.transposedA, transposedB: item.transposedB,
                padding: 2, cIsNaN: false, seed: 70 + UInt64(index))
            let (expected, bound) = operands.naive(alpha: 0.5, beta: -1)
            let got = operands.product(alpha: 0.5, beta: -1, variant: variant)
            let wrong = got.indices.filter { !(abs(got[$0] - expected[$0]) <= bound[$0]) && got[$0] != expected[$0] }
            #expect(wrong.count == 0, "elements differ: \(variant) \(item)")
        }
    }

    @Test(arguments: variants)
    func nanAndInfinityPropagateFromOperands(variant: MatrixMultiplication.Variant) {
        var operands = Operands(m: 9, n: 21, k: 11, transposedA: false, transposedB: false, padding: 1, cIsNaN: false, seed: 7)
        operands.a[4 * operands.lda + 3] = .nan // row 4 of C becomes NaN
        operands.b[5 * operands.ldb + 17] = .infinity // column 17 becomes ±inf or NaN
        for alpha in [1.0, 0.0] {
            let c = operands.product(alpha: alpha, beta: 0, variant: variant)
            for i in 0..<9 {
                for j in 0..<21 {
                    let x = c[i * operands.ldc + j]
                    if i == 4 {
                        #expect(x.isNaN, "row 4, column \(j), α \(alpha)")
                    } else if j == 17 {
                        #expect(!x.isFinite, "row \(i), column 17, α \(alpha)")
                    } else {
                        #expect(x.isFinite, "(\(i), \(j)) α \(alpha)")
                    }
                }
            }
        }
    }

    @Test(arguments: variants)
    func emptySumScalesC(variant: MatrixMultiplication.Variant) {
        let zeroed = Operands(m: 3, n: 4, k: 0, transposedA: false, transposedB: true, padding: 2, cIsNaN: true, seed: 3)
        let c = zeroed.product(alpha: 1, beta: 0, variant: variant)
        #expect(c.enumerated().allSatisfy { $0.offset % zeroed.ldc < 4 ? $0.element == 0 : $0.element == Operands.sentinel })
        let scaled = Operands(m: 3, n: 4, k: 0, transposedA: true, transposedB: false, padding: 0, cIsNaN: false, seed: 4)
        #expect(scaled.product(alpha: 1, beta: 0.5, variant: variant) == scaled.c.map { 0.5 * $0 })
    }

    /// Parallel products split C by columns (wide C) or rows (narrow C); every element is
    /// computed in the same order either way.
    @Test(arguments: variants)
    func parallelEqualsSerialBitForBit(variant: MatrixMultiplication.Variant) {
        // 7 rows split by 2 or 3 threads leaves a part of one row (the blocked loops, not the
        // matrix-vector one); likewise 33 columns.
        let shapes = [
            (m: 37, n: 150, k: 300), (m: 101, n: 10, k: 70), (m: 20, n: 20, k: 600), (m: 4, n: 300, k: 9),
            (m: 7, n: 3, k: 50), (m: 2, n: 33, k: 40)
        ]
        for (index, shape) in shapes.enumerated() {
            for transposes in [(false, false), (true, true), (true, false)] {
                let operands = Operands(
                    m: shape.m, n: shape.n, k: shape.k, transposedA: transposes.0, transposedB: transposes.1,
                    padding: 1, cIsNaN: false, seed: 100 + UInt64(index))
                let serial = operands.product(alpha: 1.5, beta: 0.5, parallelism: .serial, variant: variant)
                for parallelism in [Parallelism.threads(2), .threads(3), .automatic] {
                    let parallel = operands.product(alpha: 1.5, beta: 0.5, parallelism: parallelism, variant: variant)
                    let differing = zip(serial, parallel).filter { $0.bitPattern != $1.bitPattern }.count
                    #expect(differing == 0, "\(variant) \(shape) \(transposes) \(parallelism)")
                }
            }
        }
    }

    @Test func splitCoversTheDimensionAtTileBoundaries() {
        for variant in Self.variants {
            for (m, n, threads) in [(100, 1000, 2), (500, 10, 2), (7, 7, 3), (600, 70, 3), (1, 1, 2)] {
                let split = MatrixMultiplication.Split(m: m, n: n, k: 10, threads: threads, variant: variant)
                let ranges = (0..<split.parts).map(split.range)
                #expect(ranges.first?.start == 0 && ranges.last?.end == (split.byColumns ? n : m))
                #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.end == $1.start && $0.end % split.unit == 0 })
                #expect(ranges.allSatisfy { $0.start < $0.end } && split.parts <= threads)
            }
        }
    }

    @Test func variantsAndTheirPeakLoop() {
        #expect(MatrixMultiplication.Variant.portable.isSupported)
        #expect(MatrixMultiplication.Variant.fastest.isSupported)
        #expect(MatrixMultiplication.Variant.fastest == Self.variants.last)
        for variant in Self.variants {
            // x ← x·(1 + 2^-30) + 2^-40 from x = lane index, 3 times: finite and above the start.
            #expect(variant.fmaLoop(iterations: 3) > 0)
            #expect(variant.fmaLoopFlopsPerIteration >= 32 && variant.tile.rows >= 4 && variant.tile.columns >= 4)
        }
        #expect(MatrixMultiplication.threadCount(m: 64, n: 64, k: 64, .automatic) == 1)
        #expect(MatrixMultiplication.threadCount(m: 1024, n: 1024, k: 1024, .serial) == 1)
        #expect(MatrixMultiplication.threadCount(m: 2, n: 2, k: 1, .threads(2)) == 2)
        #expect(MatrixMultiplication.threadCount(m: 1, n: 4096, k: 4096, .threads(2)) == 1)
        #expect(MatrixMultiplication.threadCount(m: 4096, n: 1, k: 4096, .automatic) == 1)
    }
}
