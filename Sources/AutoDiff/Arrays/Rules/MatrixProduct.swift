// The matrix product: the primal (Tensor, through the matrix kernel), the forward rule
// (DualTensor: dC = dA·B + A·dB, all directions in one product where the shapes allow)
// and the reverse rule (TrackedTensor: dA = G·op(B)ᵀ, dB = op(A)ᵀ·G, all cotangents of a
// batch in one product where the shapes allow). Rank-1 operands are promoted to a row
// (left) or a column (right) first, as NumPy does, and the axis dropped afterwards.

/// The shapes of one matrix product, after promoting rank-1 operands.
@usableFromInline
struct MatrixProductShapes {
    /// The operands' shapes as matrices (a vector promoted to [1, p] or [p, 1]).
    @usableFromInline let a: [Int], b: [Int]
    /// The result's shape before (`promoted`) and after (`result`) dropping promoted axes.
    @usableFromInline let promoted: [Int], result: [Int]
    /// Whether each operand was a vector.
    @usableFromInline let aIsVector: Bool, bIsVector: Bool
    /// The transposition flags that apply (a vector is never transposed).
    @usableFromInline let transposeA: Bool, transposeB: Bool
    /// op(A) is m × p, op(B) is p × n.
    @usableFromInline let m: Int, n: Int, p: Int

    /// The shapes of `op(a) · op(b)`, or the mismatch.
    @inlinable
    init(_ a: [Int], transposed ta: Bool, _ b: [Int], transposed tb: Bool) throws(ShapeMismatch) {
        func fail(_ reason: String) -> ShapeMismatch {
            let flags = [ta ? "first" : nil, tb ? "second" : nil].compactMap { $0 }
            let note = flags.isEmpty ? "" : " (\(flags.joined(separator: " and ")) operand transposed)"
            return ShapeMismatch(operation: "matmul", shapes: [a, b], reason: reason + note)
        }
        guard !a.isEmpty, !b.isEmpty else { throw fail("a matrix product needs operands of rank 1 or more") }
        aIsVector = a.count == 1
        bIsVector = b.count == 1
        self.a = aIsVector ? [1, a[0]] : a
        self.b = bIsVector ? [b[0], 1] : b
        transposeA = aIsVector ? false : ta
        transposeB = bIsVector ? false : tb
        let ra = self.a.count, rb = self.b.count
        (m, p) = transposeA ? (self.a[ra - 1], self.a[ra - 2]) : (self.a[ra - 2], self.a[ra - 1])
        let (q, columns) = transposeB ? (self.b[rb - 1], self.b[rb - 2]) : (self.b[rb - 2], self.b[rb - 1])
        n = columns
        guard p == q else { throw fail("inner dimensions \(p) and \(q) differ") }
        if ra == 2 && rb == 2 { // no batch axes: the shapes without intermediate arrays
            promoted = [m, n]
            result = aIsVector ? (bIsVector ? [] : [n]) : (bIsVector ? [m] : promoted)
            return
        }
        guard let batch = broadcastShape(Array(self.a.dropLast(2)), Array(self.b.dropLast(2))) else {
            throw fail("batch axes \(Array(self.a.dropLast(2))) and \(Array(self.b.dropLast(2))) do not broadcast")
        }
        promoted = batch + [m, n]
        result = batch + (aIsVector ? [] : [m]) + (bIsVector ? [] : [n])
    }
}

// MARK: Primal

extension Tensor {
    @inlinable
    public static func matmul(_ a: Tensor, transposed ta: Bool, _ b: Tensor, transposed tb: Bool) -> Tensor {
        let s: MatrixProductShapes
        do { s = try MatrixProductShapes(a.shape, transposed: ta, b.shape, transposed: tb) } catch {
            return ShapeMismatchSink.report(error) { Tensor(repeating: .nan, shape: fallbackShape(a.shape, b.shape)) }
        }
        return Tensor(unchecked: s.result, product(a.scalars, b.scalars, s, unitRows: a.unitRows, unitRowsB: b.unitRows))
    }

    /// The entries of the product described by `s`: one kernel call where A's batch is
    /// contiguous and B has none (a batch of left operands is one tall matrix), else one
    /// call per batch entry. An operand that is rows of the identity (`unitRows` of A, or
    /// `unitRowsB` of a transposed B: a Jacobian's seeds) makes the product a copy.
    @inlinable
    static func product(
        _ a: [Double], _ b: [Double], _ s: MatrixProductShapes, unitRows: Int? = nil, unitRowsB: Int? = nil
    ) -> [Double] {
        let batch = Array(s.promoted.dropLast(2))
        let batchCount = batch.scalarCount
        let (m, n, p) = (s.m, s.n, s.p)
        let lda = s.a[s.a.count - 1], ldb = s.b[s.b.count - 1]
        return filled(batchCount * m * n) { out in
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    guard let c = out.baseAddress else { return }
                    let base = UnsafePointer<Double>(bitPattern: 8)!
                    let aBase = pa.baseAddress ?? base, bBase = pb.baseAddress ?? base
                    if s.a.count == 2 && s.b.count == 2 && !s.transposeA, let first = unitRows {
                        // A is rows first..<first+m of the identity (a Jacobian's seed):
                        // the product is those rows of op(B), copied (as if zeros times a
                        // non-finite entry gave 0: the library's convention for directions
                        // not being differentiated).
                        if s.transposeB {
                            transposeCopy(bBase + first, rows: n, columns: m, sourceStride: ldb, into: c, stride: n)
                        } else {
                            for i in 0..<m { (c + i * n).initialize(from: bBase + (first + i) * ldb, count: n) }
                        }
                        return
                    }
                    if s.a.count == 2 && s.b.count == 2 && !s.transposeA && s.transposeB, let first = unitRowsB {
                        // Bᵀ's columns are unit vectors first..<first+n: the product is those
                        // columns of A, copied (the same convention).
                        for i in 0..<m { (c + i * n).initialize(from: aBase + i * lda + first, count: n) }
                        return
                    }
                    if s.b.count == 2 && !s.transposeA && s.a.dropLast(2).scalarCount == batchCount {
                        MatrixMultiplication.multiply(
                            m: batchCount * m, n: n, k: p, aBase, lda: lda,
                            bBase, ldb: ldb, transposedB: s.transposeB, into: c, ldc: n)
                        return
                    }
                    let matrixA = s.a.suffix(2).scalarCount, matrixB = s.b.suffix(2).scalarCount
                    let stridesA = broadcastStrides(Array(s.a.dropLast(2)), to: batch)
                    let stridesB = broadcastStrides(Array(s.b.dropLast(2)), to: batch)
                    var index = [Int](repeating: 0, count: batch.count)
                    for t in 0..<batchCount {
                        var oa = 0, ob = 0, r = t
                        for k in stride(from: batch.count - 1, through: 0, by: -1) {
                            index[k] = r % batch[k]
                            r /= batch[k]
                            oa += index[k] * stridesA[k]
                            ob += index[k] * stridesB[k]
                        }
                        MatrixMultiplication.multiply(
                            m: m, n: n, k: p, aBase + oa * matrixA, lda: lda, transposedA: s.transposeA,
                            bBase + ob * matrixB, ldb: ldb, transposedB: s.transposeB, into: c + t * m * n, ldc: n)
                    }
                }
            }
        }
    }

    /// A plausible result shape for a product whose shapes do not fit (its placeholder).
    @inlinable
    static func fallbackShape(_ a: [Int], _ b: [Int]) -> [Int] {
        (a.count >= 2 ? [a[a.count - 2]] : []) + (b.count >= 2 ? [b[b.count - 1]] : [])
    }
}

// MARK: Forward

extension DualTensor {
    /// dC = op(dA)·op(B) + op(A)·op(dB); a batch of directions of a left operand is one
    /// tall product, and directions of a right vector one product with op(A)ᵀ (entry-major
    /// when A is a constant matrix: see `constantMatrixTimesVector`).
    @inlinable
    public static func matmul(_ a: DualTensor, transposed ta: Bool, _ b: DualTensor, transposed tb: Bool) -> DualTensor {
        if !ta, !tb, a.isConstant, let k = b.directionCount,
            a.value.shape.count == 2, b.value.shape.count == 1, a.value.shape[1] == b.value.shape[0]
        {
            if k > 1 { return constantMatrixTimesVector(a.value, b) }
            if let t = b.tangents, t.unitRows == nil, a.value.scalarCount > 0 {
                return matrixTimesVectorWithOneDirection(a.value, b.value, tangent: t)
            }
        }
        let value = Tensor.matmul(a.value, transposed: ta, b.value, transposed: tb)
        guard !a.isConstant || !b.isConstant,
            let s = try? MatrixProductShapes(a.value.shape, transposed: ta, b.value.shape, transposed: tb)
        else { return DualTensor(unchecked: value, nil) }
        let pa = a.value.reshaped(to: s.a), pb = b.value.reshaped(to: s.b)
        var left: Tensor? = nil, right: Tensor? = nil
        if let t = a.tangents {
            let k = t.shape[0]
            let ta2 = lifted(t.reshaped(to: prepending(k, to: s.a)), toRank: s.promoted.count)
            left = Tensor.matmul(ta2, transposed: s.transposeA, pb, transposed: s.transposeB)
        }
        if let t = b.tangents {
            let k = t.shape[0]
            if s.bIsVector && s.a.count == 2 {
                // Each direction v gives op(A)·v: all of them at once as V·op(A)ᵀ.
                right = Tensor.matmul(t, transposed: false, pa, transposed: !s.transposeA).reshaped(to: prepending(k, to: s.promoted))
            } else {
                let tb2 = lifted(t.reshaped(to: prepending(k, to: s.b)), toRank: s.promoted.count)
                right = Tensor.matmul(pa, transposed: s.transposeA, tb2, transposed: s.transposeB)
            }
        }
        let k = (a.tangents ?? b.tangents)!.shape[0]
        let tangents = adding(left, right, shape: s.promoted)!.reshaped(to: [k] + s.result)
        return DualTensor(unchecked: value, tangents)
    }
}

extension DualTensor {
    /// A·b and A·v for a constant matrix A and one direction v, as ONE product: v and b
    /// stacked as two rows times Aᵀ, which the kernel runs as two dot products per row of A
    /// (A read once, not once for the value and again for the tangent: half the memory
    /// traffic of a wide A). Each entry is the sum the one-row product gives, bit for bit,
    /// so the value equals `Tensor.matmul(a, b)`'s.
    /// - Precondition: A is not empty (the kernel is called directly on its storage).
    @inlinable
    static func matrixTimesVectorWithOneDirection(_ a: Tensor, _ b: Tensor, tangent t: Tensor) -> DualTensor {
        let m = a.shape[0], p = a.shape[1]
        let stacked = filled(2 * p) { s in
            t.scalars.withUnsafeBufferPointer { s.baseAddress!.initialize(from: $0.baseAddress!, count: p) }
            b.scalars.withUnsafeBufferPointer { (s.baseAddress! + p).initialize(from: $0.baseAddress!, count: p) }
        }
        var rows = filled(2 * m) { out in // tangent, then value
            stacked.withUnsafeBufferPointer { s in
                a.scalars.withUnsafeBufferPointer { w in
                    MatrixMultiplication.multiply(
                        m: 2, n: m, k: p, s.baseAddress!, lda: p, w.baseAddress!, ldb: p, transposedB: true,
                        into: out.baseAddress!, ldc: m)
                }
            }
        }
        let value = Array(rows[m...])
        rows.removeLast(m)
        return DualTensor(unchecked: Tensor(unchecked: [m], value), Tensor(unchecked: [1, m], rows))
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// dA = G·op(B)ᵀ (stored transposed when A was), dB = op(A)ᵀ·G, each summed over the
    /// batch axes along which its operand was broadcast.
    @inlinable
    public static func matmul(_ a: TrackedTensor, transposed ta: Bool, _ b: TrackedTensor, transposed tb: Bool) -> TrackedTensor {
        let value = V.matmul(a.value, transposed: ta, b.value, transposed: tb)
        guard let tape = tape(of: a, b),
            let s = try? MatrixProductShapes(a.value.shape, transposed: ta, b.value.shape, transposed: tb)
        else { return TrackedTensor(constant: value) }
        let (x, y, ra, rb) = (a.value, b.value, a.isRecorded, b.isRecorded)
        return tape.recordBinary(value, operation: "matmul", a.entry, b.entry) { g in
            let k = g.shape[0]
            if k == 1 && s.a.count == 2 && s.b.count == 2 {
                // One cotangent of a product without batch axes: two matrix products of
                // rank-2 operands (the shapes found without the batch-axis bookkeeping).
                let gm = g.reshaped(to: s.promoted), pa = x.reshaped(to: s.a), pb = y.reshaped(to: s.b)
                var da: V? = nil, db: V? = nil
                if ra {
                    da =
                        s.transposeA
                        ? V.matmul(pb, transposed: s.transposeB, gm, transposed: true)
                        : V.matmul(gm, transposed: false, pb, transposed: !s.transposeB)
                }
                if rb {
                    db =
                        s.transposeB
                        ? V.matmul(gm, transposed: true, pa, transposed: s.transposeA)
                        : V.matmul(pa, transposed: !s.transposeA, gm, transposed: false)
                }
                return (da?.reshaped(to: prepending(1, to: x.shape)), db?.reshaped(to: prepending(1, to: y.shape)))
            }
            let gp = g.reshaped(to: prepending(k, to: s.promoted))
            let pa = x.reshaped(to: s.a), pb = y.reshaped(to: s.b)
            var da: V? = nil, db: V? = nil
            if ra {
                let d =
                    s.transposeA
                    ? V.matmul(pb, transposed: s.transposeB, gp, transposed: true)
                    : V.matmul(gp, transposed: false, pb, transposed: !s.transposeB)
                da = unbroadcast(d, to: s.a).reshaped(to: prepending(k, to: x.shape))
            }
            if rb {
                if s.bIsVector && s.a.count == 2 {
                    // Each cotangent row u gives op(A)ᵀ·u: all of them at once as U·op(A).
                    db = V.matmul(g.reshaped(to: [k, s.m]), transposed: false, pa, transposed: s.transposeA)
                } else {
                    let d =
                        s.transposeB
                        ? V.matmul(gp, transposed: true, pa, transposed: s.transposeA)
                        : V.matmul(pa, transposed: !s.transposeA, gp, transposed: false)
                    db = unbroadcast(d, to: s.b).reshaped(to: prepending(k, to: y.shape))
                }
            }
            return (da, db)
        }
    }
}
