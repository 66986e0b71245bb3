/// The dense matrix product behind the array layer: `C ← α·op(A)·op(B) + β·C` on
/// row-major `Double` storage, where `op(X)` is `X` or its transpose.
///
/// `op(A)` is m × k and `op(B)` is k × n; `lda`, `ldb`, `ldc` are the row strides (the
/// distance in elements between the starts of two rows) of the matrices as stored, so a
/// transposed operand is read in place, never copied by the caller.
///
/// This is the reference implementation: a loop ordered for row-major access (i, p, j)
/// that the compiler can vectorise. It is correct on every platform.
///
/// - Complexity: 2·m·n·k floating-point operations; no allocation.
public enum MatrixMultiplication {
    /// `C ← α·op(A)·op(B) + β·C`. With `beta == 0` the old contents of C are never read
    /// (NaN in C does not leak), as in BLAS.
    @inlinable
    public static func multiply(
        m: Int, n: Int, k: Int,
        alpha: Double = 1,
        _ a: UnsafePointer<Double>, lda: Int, transposedA: Bool = false,
        _ b: UnsafePointer<Double>, ldb: Int, transposedB: Bool = false,
        beta: Double = 0,
        into c: UnsafeMutablePointer<Double>, ldc: Int
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "matrix product: negative dimension")
        for i in 0..<m {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: n)
            } else if beta != 1 {
                for j in 0..<n { row[j] *= beta }
            }
            for p in 0..<k {
                let aip = alpha * (transposedA ? a[p * lda + i] : a[i * lda + p])
                if transposedB {
                    for j in 0..<n { row[j] += aip * b[j * ldb + p] }
                } else {
                    let bRow = b + p * ldb
                    for j in 0..<n { row[j] += aip * bRow[j] }
                }
            }
        }
    }
}
