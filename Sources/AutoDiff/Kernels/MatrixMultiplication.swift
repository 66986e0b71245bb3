internal import AutoDiffKernels
import Dispatch

/// The dense matrix product behind the array layer: `C ← α·op(A)·op(B) + β·C` on
/// row-major `Double` storage, where `op(X)` is `X` or its transpose.
///
/// `op(A)` is m × k and `op(B)` is k × n; `lda`, `ldb`, `ldc` are the row strides (the
/// distance in elements between the starts of two rows) of the matrices as stored, so a
/// transposed operand is read in place, never copied by the caller.
///
/// The kernel is BLIS-style: blocks of op(B) packed into panels one micro-tile wide, op(A)
/// read in place, a register-tiled micro-kernel per instruction set (``Variant``), the
/// fastest one this CPU supports chosen at run time. Large products use all cores; every
/// element is computed by the same sequence of operations whatever the split, so the result
/// is identical bit for bit to one thread's.
///
/// - Complexity: 2·m·n·k floating-point operations; no allocation after the first call on a
///   thread (the packing space, at most 512 KiB, is kept per thread).
public enum MatrixMultiplication {
    /// `C ← α·op(A)·op(B) + β·C`. With `beta == 0` the old contents of C are never read
    /// (NaN in C does not leak), as in BLAS; NaN or infinity in A or B propagates (no zero
    /// skipping, even with `alpha == 0`). C must not overlap A or B.
    ///
    /// - Parameters:
    ///   - m: the rows of op(A) and of C.
    ///   - n: the columns of op(B) and of C.
    ///   - k: the columns of op(A), the rows of op(B).
    ///   - alpha: the factor α of the product.
    ///   - a: A's first element, row-major.
    ///   - lda: A's row stride as stored.
    ///   - transposedA: whether op(A) is Aᵀ (A stored k × m).
    ///   - b: B's first element, row-major.
    ///   - ldb: B's row stride as stored.
    ///   - transposedB: whether op(B) is Bᵀ (B stored n × k).
    ///   - beta: the factor β of C's old contents (0: never read).
    ///   - c: C's first element (m × n, row-major), overwritten.
    ///   - ldc: C's row stride.
    ///   - parallelism: `.automatic` (default) uses every core once the product has at least
    ///     ``parallelThreshold`` multiply-adds; `.serial` forces one thread; `.threads(t)`
    ///     at most t. Any choice gives the same bits.
    ///   - variant: the instruction-set variant (default: the fastest this CPU supports; it
    ///     must be supported, see ``Variant/isSupported``).
    /// - Precondition: dimensions are non-negative and each stride is at least its stored
    ///   row's width (`lda ≥ k`, or `m` when A is transposed; `ldb ≥ n`, or `k`; `ldc ≥ n`).
    public static func multiply(
        m: Int, n: Int, k: Int,
        alpha: Double = 1,
        _ a: UnsafePointer<Double>, lda: Int, transposedA: Bool = false,
        _ b: UnsafePointer<Double>, ldb: Int, transposedB: Bool = false,
        beta: Double = 0,
        into c: UnsafeMutablePointer<Double>, ldc: Int,
        parallelism: Parallelism = .automatic,
        variant: Variant = .fastest
    ) {
        precondition(m >= 0 && n >= 0 && k >= 0, "matrix product: negative dimension (m = \(m), n = \(n), k = \(k))")
        precondition(lda >= (transposedA ? m : k), "matrix product: lda = \(lda) is less than the width of A's rows (\(transposedA ? m : k))")
        precondition(ldb >= (transposedB ? k : n), "matrix product: ldb = \(ldb) is less than the width of B's rows (\(transposedB ? k : n))")
        precondition(ldc >= n, "matrix product: ldc = \(ldc) is less than n = \(n)")
        precondition(variant.isSupported, "matrix product: this CPU cannot run the \(variant) variant")
        guard m > 0, n > 0 else { return }

        let threads = threadCount(m: m, n: n, k: k, transposedA: transposedA, transposedB: transposedB, parallelism)
        let plan = threads > 1 ? Split(m: m, n: n, k: k, threads: threads, variant: variant) : nil
        guard let plan, plan.parts > 1 else {
            adk_dgemm(variant.code, m, n, k, alpha, a, lda, transposedA, b, ldb, transposedB, beta, c, ldc)
            return
        }
        let pointers = UnsafeSendable((a, b, c))
        DispatchQueue.concurrentPerform(iterations: plan.parts) { part in
            let (a, b, c) = pointers.value
            let (start, end) = plan.range(part)
            if plan.byColumns {
                adk_dgemm_blocked(
                    variant.code, m, end - start, k, alpha, a, lda, transposedA,
                    b + (transposedB ? start * ldb : start), ldb, transposedB, beta, c + start, ldc)
            } else {
                adk_dgemm_blocked(
                    variant.code, end - start, n, k, alpha, a + (transposedA ? start : start * lda), lda, transposedA,
                    b, ldb, transposedB, beta, c + start * ldc, ldc)
            }
        }
    }

    /// Multiply-adds (m·n·k) from which `.automatic` uses every core (2^22, about 160³).
    /// Waking a second thread and joining it costs ~15–20 µs (measured on 2 cores: two
    /// threads 0.8× one at 100³, 1.35× at 128³ alone, 1.56× at 256³, 1.8× from 512³); inside
    /// a derivative, between other operations, a product of 2^21 (64 × 64 × 512) measured
    /// faster on one thread (P2's Jacobians at (64, 512) and (512, 64)).
    public static let parallelThreshold = 1 << 22

    /// The threads a product of this size gets under `parallelism` (one for a single row or
    /// column: a matrix-vector product is bound by memory, and runs its own loop).
    static func threadCount(m: Int, n: Int, k: Int, transposedA: Bool = false, transposedB: Bool = false, _ parallelism: Parallelism) -> Int {
        // Matrix-vector products, and two rows against a transposed B (two at once), run their
        // own loops on one thread.
        if m == 1 || n == 1 || (m == 2 && transposedB && !transposedA) { return 1 }
        switch parallelism {
        case .serial: return 1
        case .threads(let t): return Swift.max(1, t)
        case .automatic:
            return Double(m) * Double(n) * Double(k) >= Double(parallelThreshold) ? Parallelism.cores : 1
        }
    }
}
