// The matrix product: products with one row or one column go to the variant's matrix-vector
// loops; any other runs the blocking loops (the BLIS arrangement with op(A) read in place):
// for each block of KC rows of op(B) and each block of NC of its columns, pack that block into
// panels one micro-tile wide (zero-padded), then sweep the rows of C a tile's rows at a time;
// each strip of op(A) (KC values per row, from L1) meets every packed panel (from L2).
// The variant supplies the micro-kernels, the packer and the matrix-vector loops.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "Variant.h"

static ptrdiff_t minimum(ptrdiff_t x, ptrdiff_t y) { return x < y ? x : y; }

/// The stride (in doubles) from which a transposed A is copied before use.
#ifndef ADK_COPY_STRIDE
#define ADK_COPY_STRIDE 512
#endif

/// Strips of A (a tile's rows each) up to which a row-major op(B) is read in place rather
/// than packed: each panel then meets so few strips that packing copies about as much as
/// the product reads (measured with k = 64, n = 512: 8 rows 31 -> 49 GFLOP/s, 16 rows
/// 37 -> 51, 32 rows 43 -> 51; equal at 64 rows).
#ifndef ADK_IN_PLACE_ROWS
#define ADK_IN_PLACE_ROWS 4
#endif

/// Rows of a transposed A copied at a time (kc x 768 doubles: 1.5 MiB at kc = 256).
#define ADK_COPIED_ROWS 768

/// Copies op(A)[0..mc, 0..kc] of a transposed A (op(A)(i, p) = a[p*lda + i]) into strips of
/// `rows` rows: strip s holds, for each p, op(A)(s*rows + i, p) for i < rows (the last strip's
/// missing rows repeat its last row). Reads each row of the stored A in order; `rows` is a
/// constant where inlined, so each strip's row is one or two vector moves.
static inline __attribute__((always_inline)) void copy_strips(ptrdiff_t kc, ptrdiff_t mc, const int rows,
                                                              const double *a, ptrdiff_t lda, double *dst) {
    const ptrdiff_t full = mc / rows, strips = (mc + rows - 1) / rows;
    // 16 rows of A at a time: 16 read streams, and 16 consecutive rows of each strip written.
    for (ptrdiff_t p0 = 0; p0 < kc; p0 += 16) {
        const ptrdiff_t p1 = minimum(p0 + 16, kc);
        for (ptrdiff_t s = 0; s < full; ++s)
            for (ptrdiff_t p = p0; p < p1; ++p)
                memcpy(dst + s * kc * rows + p * rows, a + p * lda + s * rows, (size_t)rows * sizeof(double));
    }
    for (ptrdiff_t s = full; s < strips; ++s)
        for (ptrdiff_t p = 0; p < kc; ++p)
            for (int i = 0; i < rows; ++i) dst[s * kc * rows + p * rows + i] = a[p * lda + minimum(s * rows + i, mc - 1)];
}

static void copy_transposed_strips(ptrdiff_t kc, ptrdiff_t mc, int rows, const double *a, ptrdiff_t lda, double *dst) {
    switch (rows) {
    case 8: copy_strips(kc, mc, 8, a, lda, dst); break;
    case 6: copy_strips(kc, mc, 6, a, lda, dst); break;
    case 4: copy_strips(kc, mc, 4, a, lda, dst); break;
    default: copy_strips(kc, mc, rows, a, lda, dst); break;
    }
}

/// Packs op(B)[0..kc, 0..nc] (`b` points at its first element) into panels of the widest
/// kernel's width, the last one `tail`'s width. A row-major op(B) is packed 16 of its rows at
/// a time across all panels, so that each row is read in order (a panel at a time, every row
/// would be a new page to the hardware prefetcher); a transposed one panel by panel, which
/// reads each stored row in order already.
static void pack_block(const adk_variant_description *d, ptrdiff_t kc, ptrdiff_t nc, int tail, const double *b,
                       ptrdiff_t ldb, bool transposed, double *packed) {
    const int widest = d->widths[d->kernel_count - 1], rest = (int)(nc % widest);
    const ptrdiff_t full = nc / widest, step = transposed ? widest * ldb : widest, rows = transposed ? kc : 16;
    for (ptrdiff_t p0 = 0; p0 < kc; p0 += rows) {
        const ptrdiff_t count = minimum(rows, kc - p0), offset = transposed ? 0 : p0 * ldb;
        for (ptrdiff_t t = 0; t < full; ++t)
            d->pack(count, widest, widest, b + t * step + offset, ldb, transposed, packed + t * widest * kc + p0 * widest);
        if (rest)
            d->pack(count, rest, d->widths[tail], b + full * step + offset, ldb, transposed,
                    packed + full * widest * kc + p0 * d->widths[tail]);
    }
}

/// C <- beta * C (k == 0: an empty sum); beta == 0 writes zeros without reading C.
static void scale(ptrdiff_t m, ptrdiff_t n, double beta, double *c, ptrdiff_t ldc) {
    for (ptrdiff_t i = 0; i < m; ++i)
        for (ptrdiff_t j = 0; j < n; ++j) c[i * ldc + j] = beta == 0 ? 0 : beta * c[i * ldc + j];
}

/// Columns of the stored matrix one pass of the matrix-vector loop covers (16 KiB of sums).
#define ADK_COLUMNS_AT_ONCE 2048

/// y[j*incy] = alpha * sum_p x[p*incx] * mat[p*ld + j] + beta * y[j*incy], j < columns, in
/// passes of ADK_COLUMNS_AT_ONCE columns (each column's sum is unaffected).
static void sum_of_rows(const adk_variant_description *d, ptrdiff_t columns, ptrdiff_t k, double alpha,
                        const double *mat, ptrdiff_t ld, const double *x, ptrdiff_t incx, double beta, double *y,
                        ptrdiff_t incy) {
    double *work = adk_scratch((size_t)minimum(columns, ADK_COLUMNS_AT_ONCE));
    for (ptrdiff_t j0 = 0; j0 < columns; j0 += ADK_COLUMNS_AT_ONCE)
        d->columns_axpy(minimum(ADK_COLUMNS_AT_ONCE, columns - j0), k, alpha, mat + j0, ld, x, incx, beta,
                        y + j0 * incy, incy, work);
}

/// y[i*incy] = alpha * sum_p mat[i*ld + p] * x[p*incx] + beta * y[i*incy], i < rows; a strided
/// x is first copied (into the packing space, or for a very long x a buffer of its own, so
/// that the packing space does not keep its size).
static void dots_with_rows(const adk_variant_description *d, ptrdiff_t rows, ptrdiff_t k, double alpha,
                           const double *mat, ptrdiff_t ld, const double *x, ptrdiff_t incx, double beta, double *y,
                           ptrdiff_t incy) {
    if (incx == 1) {
        d->rows_dot(rows, k, alpha, mat, ld, x, beta, y, incy);
        return;
    }
    const bool own = k > (1 << 16);
    double *copy = own ? malloc((size_t)k * sizeof(double)) : adk_scratch((size_t)k);
    if (!copy) {
        fprintf(stderr, "AutoDiffKernels: cannot allocate %zu bytes for a strided vector\n", (size_t)k * sizeof(double));
        abort();
    }
    for (ptrdiff_t p = 0; p < k; ++p) copy[p] = x[p * incx];
    d->rows_dot(rows, k, alpha, mat, ld, copy, beta, y, incy);
    if (own) free(copy);
}

void adk_dgemm(int variant, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha,
               const double *a, ptrdiff_t lda, bool transposed_a,
               const double *b, ptrdiff_t ldb, bool transposed_b,
               double beta, double *c, ptrdiff_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        scale(m, n, beta, c, ldc);
        return;
    }
    const adk_variant_description *d = adk_describe(variant);
    if (n == 1) {  // C = op(A)·x: dot products with A's rows, or a sum of A's stored rows
        const ptrdiff_t incx = transposed_b ? 1 : ldb;
        if (transposed_a) sum_of_rows(d, m, k, alpha, a, lda, b, incx, beta, c, ldc);
        else dots_with_rows(d, m, k, alpha, a, lda, b, incx, beta, c, ldc);
        return;
    }
    if (m == 1) {  // C = x·op(B): a sum of B's rows, or dot products with B's stored rows
        const ptrdiff_t incx = transposed_a ? lda : 1;
        if (transposed_b) dots_with_rows(d, n, k, alpha, b, ldb, a, incx, beta, c, 1);
        else sum_of_rows(d, n, k, alpha, b, ldb, a, incx, beta, c, 1);
        return;
    }
    if (m == 2 && transposed_b && !transposed_a) {  // two rows against B's stored rows: B read once
        d->rows_dot2(n, k, alpha, b, ldb, a, a + lda, beta, c, c + ldc, 1);
        return;
    }
    if (d->narrow && n > d->widths[0] && n <= d->narrow_max && k <= d->kc_max && m >= 8) {  // rows of C across the lanes
        d->narrow(m, n, k, alpha, a, lda, transposed_a, b, ldb, transposed_b, beta, c, ldc);
        return;
    }
    adk_dgemm_blocked(variant, m, n, k, alpha, a, lda, transposed_a, b, ldb, transposed_b, beta, c, ldc);
}

void adk_dgemm_blocked(int variant, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha,
                       const double *a, ptrdiff_t lda, bool transposed_a,
                       const double *b, ptrdiff_t ldb, bool transposed_b,
                       double beta, double *c, ptrdiff_t ldc) {
    if (m <= 0 || n <= 0) return;
    if (k <= 0) {
        scale(m, n, beta, c, ldc);
        return;
    }
    const adk_variant_description *d = adk_describe(variant);
    // A few rows of op(A) against a wide transposed op(B): packing op(B) (register
    // transposes) would cost about as much as the product. Computed transposed instead,
    // Cᵀ = op(B)ᵀ·op(A)ᵀ with op(B)ᵀ = B as stored (read in place) and the small op(A)ᵀ
    // packed, then copied into C. Each element is the same fused sum in the same order
    // (one block of k; alpha applied last, as the kernel applies it): bit for bit.
    if (transposed_b && beta == 0 && m <= ADK_IN_PLACE_ROWS * d->rows && k <= d->kc_max &&
        n >= 4 * d->widths[d->kernel_count - 1]) {
        double *t = adk_result_scratch((size_t)(m * n));
        adk_dgemm_blocked(variant, n, m, k, 1.0, b, ldb, false, a, lda, !transposed_a, 0.0, t, m);
        for (ptrdiff_t j = 0; j < n; ++j)
            for (ptrdiff_t i = 0; i < m; ++i) c[i * ldc + j] = alpha * t[j * m + i];
        return;
    }
    // Blocks of op(B)'s rows as equal as possible; they depend on k only, so every split of
    // C into blocks sums each element in the same order.
    const ptrdiff_t blocks = (k + d->kc_max - 1) / d->kc_max, kc_step = (k + blocks - 1) / blocks;
    const int widest = d->widths[d->kernel_count - 1];
    const ptrdiff_t nc_step = d->nc_max;
    // A transposed read in place is one short row per step of p; from a stride of 4 KiB each
    // is on its own page (no hardware prefetch, 10-25% slower): such A is first copied strip
    // by strip, reading its rows in order. Below that, reading in place is faster than copying.
    const bool copy_a = transposed_a && n > widest && lda >= ADK_COPY_STRIDE;
    const ptrdiff_t mc_step = copy_a ? ADK_COPIED_ROWS : m;
    const size_t panel_space = (size_t)(kc_step * ((minimum(n, nc_step) + widest - 1) / widest) * widest);
    const size_t strip_space = copy_a ? (size_t)(kc_step * (minimum(m, mc_step) + d->rows - 1) / d->rows * d->rows) : 0;
    double *packed = adk_scratch(panel_space + strip_space), *copied = packed + panel_space;

    for (ptrdiff_t ic = 0; ic < m; ic += mc_step) {
        const ptrdiff_t mc = minimum(mc_step, m - ic);
        for (ptrdiff_t p0 = 0; p0 < k; p0 += kc_step) {
            const ptrdiff_t kc = minimum(kc_step, k - p0);
            const double *a_block = transposed_a ? a + p0 * lda + ic : a + ic * lda + p0;
            ptrdiff_t rsa = transposed_a ? 1 : lda, csa = transposed_a ? lda : 1, strip_step = rsa * d->rows;
            if (copy_a) {
                copy_transposed_strips(kc, mc, d->rows, a_block, lda, copied);
                a_block = copied;
                rsa = 1;
                csa = d->rows;
                strip_step = kc * d->rows;
            }
            const bool read_c = p0 > 0 || beta != 0;
            const double block_beta = p0 > 0 ? 1 : beta;
            for (ptrdiff_t jc = 0; jc < n; jc += nc_step) {
                const ptrdiff_t nc = minimum(nc_step, n - jc), full = nc / widest;
                const int rest = (int)(nc % widest);
                int tail = d->kernel_count - 1;  // the narrowest kernel that covers the remainder
                while (tail > 0 && d->widths[tail - 1] >= rest) --tail;
                const double *b_block = transposed_b ? b + jc * ldb + p0 : b + p0 * ldb + jc;
                // A few strips of A meet each panel only a few times: a row-major op(B) is
                // then read in place (ADK_IN_PLACE_ROWS); only the remainder, whose rows
                // end mid-vector, is packed.
                const bool in_place = !transposed_b && mc <= ADK_IN_PLACE_ROWS * d->rows;
                if (!in_place) pack_block(d, kc, nc, tail, b_block, ldb, transposed_b, packed);
                else if (rest) d->pack(kc, rest, d->widths[tail], b_block + full * widest, ldb, false, packed);
                const double *panels = in_place ? b_block : packed, *rest_panel = in_place ? packed : packed + full * widest * kc;
                const ptrdiff_t panel_step = in_place ? widest : widest * kc, rsb = in_place ? ldb : widest;

                for (ptrdiff_t i0 = 0; i0 < mc; i0 += d->rows) {
                    const int mr = (int)minimum(d->rows, mc - i0);
                    const double *strip = a_block + i0 / d->rows * strip_step;
                    double *row = c + (ic + i0) * ldc + jc;
                    for (ptrdiff_t t = 0; t < full; ++t)
                        d->kernels[d->kernel_count - 1](kc, strip, rsa, csa, mr, panels + t * panel_step, rsb, row + t * widest,
                                                        ldc, widest, alpha, block_beta, read_c);
                    if (rest)
                        d->kernels[tail](kc, strip, rsa, csa, mr, rest_panel, d->widths[tail], row + full * widest, ldc, rest,
                                         alpha, block_beta, read_c);
                }
            }
        }
    }
}
