// Plain row-major Double kernels for the hand-coded derivatives and the chain
// experiment: unchecked pointer loops, i-k-j order so the inner loop streams rows.

/// `W·v` for W row-major `rows × columns`.
/// - Complexity: rows · columns multiply-adds.
public func matVec(_ w: [Double], rows: Int, columns: Int, _ v: [Double]) -> [Double] {
    precondition(w.count == rows * columns && v.count == columns, "matVec shapes")
    var out = [Double](repeating: 0, count: rows)
    w.withUnsafeBufferPointer { w in
        v.withUnsafeBufferPointer { v in
            for i in 0..<rows {
                var s = 0.0
                let base = i * columns
                for j in 0..<columns { s += w[base + j] * v[j] }
                out[i] = s
            }
        }
    }
    return out
}

/// `A·B` for A `p × q` and B `q × r`, row-major.
/// - Complexity: p · q · r multiply-adds.
public func matMul(_ a: [Double], _ b: [Double], _ p: Int, _ q: Int, _ r: Int) -> [Double] {
    precondition(a.count == p * q && b.count == q * r, "matMul shapes")
    var c = [Double](repeating: 0, count: p * r)
    a.withUnsafeBufferPointer { a in
        b.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
                for i in 0..<p {
                    for k in 0..<q {
                        let aik = a[i * q + k]
                        let bRow = k * r, cRow = i * r
                        for j in 0..<r { c[cRow + j] += aik * b[bRow + j] }
                    }
                }
            }
        }
    }
    return c
}
