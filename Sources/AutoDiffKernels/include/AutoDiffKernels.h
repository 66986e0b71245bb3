// AutoDiffKernels: the dense matrix-product kernel behind AutoDiff's array layer, in C so that
// each instruction-set variant can carry clang's function-level target attribute and be picked
// at run time inside one target (no per-target build flags, so the package builds unchanged on
// any x86-64 and on arm64). Swift reaches it through AutoDiff's MatrixMultiplication.
#ifndef AUTODIFF_KERNELS_H
#define AUTODIFF_KERNELS_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The instruction-set variants of the kernel, slowest first.
typedef enum {
    /// Plain C with clang vector types: correct on every target (SSE2 on x86-64, NEON on arm64).
    ADK_VARIANT_PORTABLE = 0,
    /// x86-64 with AVX2 and FMA: 6x8 micro-tiles on 256-bit registers.
    ADK_VARIANT_AVX2 = 1,
    /// x86-64 with AVX-512F/DQ and FMA: 8x24 micro-tiles on 512-bit registers.
    ADK_VARIANT_AVX512 = 2,
} adk_variant;

/// Number of variants (valid values are 0 ..< ADK_VARIANT_COUNT).
#define ADK_VARIANT_COUNT 3

/// Whether this CPU can run `variant` (read once from the CPU's feature bits).
bool adk_variant_is_supported(int variant);

/// The fastest variant this CPU supports.
int adk_variant_fastest(void);

/// Columns of the widest micro-tile of `variant` (a thread split at multiples of it costs no
/// extra padding).
int adk_variant_tile_columns(int variant);

/// Rows of the micro-tile of `variant`.
int adk_variant_tile_rows(int variant);

/// C <- alpha * op(A) * op(B) + beta * C on row-major storage, on the calling thread, with
/// `variant` (which must be supported). op(A) is m x k, op(B) is k x n; strides are in
/// elements. With beta == 0, C is never read. A product with one row or one column (m == 1
/// or n == 1) runs as a matrix-vector product, two rows against a transposed B (m == 2) as
/// two at once reading B once (each row as the one-row product gives it, bit for bit), 9 or
/// 10 columns with k in one block (AVX-512) across C's rows (bit for bit what
/// `adk_dgemm_blocked` gives); any other runs `adk_dgemm_blocked`.
void adk_dgemm(int variant, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha,
               const double *a, ptrdiff_t lda, bool transposed_a,
               const double *b, ptrdiff_t ldb, bool transposed_b,
               double beta, double *c, ptrdiff_t ldc);

/// `adk_dgemm` by the blocked loops whatever the shape. Each element of C is computed by the
/// same sequence of operations whatever its position, so a product split into blocks of rows
/// or columns, each computed by this function, equals the whole product bit for bit.
void adk_dgemm_blocked(int variant, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha,
                       const double *a, ptrdiff_t lda, bool transposed_a,
                       const double *b, ptrdiff_t ldb, bool transposed_b,
                       double beta, double *c, ptrdiff_t ldc);

/// Floating-point operations per iteration of `adk_fma_loop(variant, ...)`.
long adk_fma_loop_flops_per_iteration(int variant);

/// A loop of independent fused multiply-adds on the widest registers of `variant` (the
/// core's arithmetic peak when timed); returns a checksum so the work is not optimised away.
double adk_fma_loop(int variant, long iterations);

/// Keeps freed memory in the process (`keep` true: glibc's mmap threshold raised to its
/// maximum, 32 MiB, and the trim threshold to 1 GiB) or restores glibc's defaults (false).
/// Does nothing where the C library is not glibc. Returns whether anything was changed.
bool adk_keep_freed_memory(bool keep);

#ifdef __cplusplus
}
#endif

#endif
