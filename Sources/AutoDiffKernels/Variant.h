// What the blocking loops (Product.c) need from an instruction-set variant: its micro-kernels
// (one per tile width, narrowest first) and the routine that packs panels of op(B).
#ifndef AUTODIFF_KERNELS_VARIANT_H
#define AUTODIFF_KERNELS_VARIANT_H

#include "AutoDiffKernels.h"

/// Computes the mr x nr tile C[0..mr, 0..nr] from the panel `b` (kc rows `rsb` doubles apart,
/// each the kernel's tile width: a packed panel, rsb = width, or a row-major op(B) read in
/// place, rsb = ldb, when nr is the full width) and op(A) read in place: A(i, p) = a[i*rsa + p*csa].
/// Rows i >= mr of the tile read row mr - 1 (so no memory past A is touched) and are dropped.
/// Each element: acc = sum over p in order of fma(A(i,p), B(p,j), acc), then
/// C = read_c ? fma(alpha, acc, beta * C) : alpha * acc.
typedef void (*adk_micro_kernel)(ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,
                                 const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr,
                                 double alpha, double beta, bool read_c);

/// Packs op(B)[0..kc, 0..nr] into `dst` as kc rows of `width` doubles (columns nr..<width zero).
/// `b` points at op(B)[0, 0] of the panel: op(B)(p, j) = transposed ? b[j*ldb + p] : b[p*ldb + j].
typedef void (*adk_pack_panel)(ptrdiff_t kc, int nr, int width, const double *b, ptrdiff_t ldb,
                               bool transposed, double *dst);

/// y[i*incy] = alpha * sum_p mat[i*ld + p] * x[p] + beta * y[i*incy], i < rows (x contiguous).
typedef void (*adk_rows_dot)(ptrdiff_t rows, ptrdiff_t k, double alpha, const double *mat, ptrdiff_t ld,
                             const double *x, double beta, double *y, ptrdiff_t incy);

/// rows_dot for two contiguous vectors (y0 from x0, y1 from x1), the matrix read once.
typedef void (*adk_rows_dot2)(ptrdiff_t rows, ptrdiff_t k, double alpha, const double *mat, ptrdiff_t ld,
                              const double *x0, const double *x1, double beta, double *y0, double *y1,
                              ptrdiff_t incy);

/// y[j*incy] = alpha * sum_p x[p*incx] * mat[p*ld + j] + beta * y[j*incy], j < columns
/// (`work`: columns doubles of scratch).
typedef void (*adk_columns_axpy)(ptrdiff_t columns, ptrdiff_t k, double alpha, const double *mat, ptrdiff_t ld,
                                 const double *x, ptrdiff_t incx, double beta, double *y, ptrdiff_t incy,
                                 double *work);

/// C = alpha * op(A)·op(B) + beta * C for a product at most `narrow_max` columns wide (and
/// wider than the narrowest tile) and k
/// within one block (k <= kc_max), each element the same fused sum in the same order as the
/// blocked loops give it (so the two agree bit for bit).
typedef void (*adk_narrow_product)(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha, const double *a,
                                   ptrdiff_t lda, bool transposed_a, const double *b, ptrdiff_t ldb,
                                   bool transposed_b, double beta, double *c, ptrdiff_t ldc);

/// One variant: tile rows, cache blocking, kernels by tile width (ascending), the packer, and
/// the matrix-vector loops (VectorProducts.h).
typedef struct {
    int rows;
    int kc_max, nc_max;
    int kernel_count;
    int widths[3];
    adk_micro_kernel kernels[3];
    adk_pack_panel pack;
    adk_rows_dot rows_dot;
    adk_rows_dot2 rows_dot2;
    adk_columns_axpy columns_axpy;
    adk_narrow_product narrow;  // NULL: narrow products run the blocked loops
    int narrow_max;
} adk_variant_description;

/// The description of `variant` (the portable one for any code this build lacks).
const adk_variant_description *adk_describe(int variant);

/// At least `count` doubles, 64-byte aligned, owned by the calling thread and reused by its
/// next call (the previous contents are lost when it grows).
double *adk_scratch(size_t count);

/// Like adk_scratch, a second buffer per thread (a product computed transposed).
double *adk_result_scratch(size_t count);

extern const adk_variant_description adk_portable_description;
#if defined(__x86_64__)
extern const adk_variant_description adk_avx2_description;
extern const adk_variant_description adk_avx512_description;
double adk_avx2_fma_loop(long iterations);
double adk_avx512_fma_loop(long iterations);
#endif
double adk_portable_fma_loop(long iterations);

#endif
