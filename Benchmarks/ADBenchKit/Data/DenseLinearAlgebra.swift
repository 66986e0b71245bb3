// Plain row-major Double kernels for the hand-coded derivatives and the chain
// experiment: raw-pointer loops (no bounds or overflow checks in the inner loop, so it
// vectorises), i-k-j order so the inner loop streams rows of B and C.

/// `W·v` for W row-major `rows × columns`.
/// - Complexity: rows · columns multiply-adds.
public func matVec(_ w: [Double], rows: Int, columns: Int, _ v: [Double]) -> [Double] {
    precondition(w.count == rows * columns && v.count == columns, "matVec shapes")
    if rows == 0 { return [] }
    return [Double](unsafeUninitializedCapacity: rows) { out, initialized in
        w.withUnsafeBufferPointer { w in
            v.withUnsafeBufferPointer { v in
                guard let vp = v.baseAddress, let wp = w.baseAddress else {
                    out.initialize(repeating: 0) // columns == 0: empty sums
                    return
                }
                for i in 0..<rows {
                    let row = wp + i * columns
                    var s = 0.0
                    for j in 0..<columns { s += row[j] * vp[j] }
                    (out.baseAddress! + i).initialize(to: s)
                }
            }
        }
        initialized = rows
    }
}

/// `A·B` for A `p × q` and B `q × r`, row-major.
/// - Complexity: p · q · r multiply-adds.
public func matMul(_ a: [Double], _ b: [Double], _ p: Int, _ q: Int, _ r: Int) -> [Double] {
    precondition(a.count == p * q && b.count == q * r, "matMul shapes")
    var c = [Double](repeating: 0, count: p * r)
    if p == 0 || q == 0 || r == 0 { return c }
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                let ap = a.baseAddress!, bp = b.baseAddress!, cp = c.baseAddress!
                for i in 0..<p {
                    let cRow = cp + i * r
                    for k in 0..<q {
                        let aik = ap[i * q + k]
                        let bRow = bp + k * r
                        for j in 0..<r { cRow[j] += aik * bRow[j] }
                    }
                }
            }
        }
    }
    return c
}

/// `Wᵀ·u` for W row-major `rows × columns` (u has `rows` entries), without forming Wᵀ:
/// the inner loop streams W's rows.
/// - Complexity: rows · columns multiply-adds.
public func matTransposeVec(_ w: [Double], rows: Int, columns: Int, _ u: [Double]) -> [Double] {
    precondition(w.count == rows * columns && u.count == rows, "matTransposeVec shapes")
    var out = [Double](repeating: 0, count: columns)
    if rows == 0 || columns == 0 { return out }
    w.withUnsafeBufferPointer { w in
        out.withUnsafeMutableBufferPointer { out in
            let wp = w.baseAddress!, op = out.baseAddress!
            for i in 0..<rows {
                let ui = u[i], row = wp + i * columns
                for j in 0..<columns { op[j] += row[j] * ui }
            }
        }
    }
    return out
}
