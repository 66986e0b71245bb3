// Narrow products on AVX-512: C 9 or 10 columns wide (a gradient with respect to a layer's
// weights into ten classes, a product with a thin matrix), where the 16-column tiles would
// waste 6 or 7 of 16 lanes. The micro-tiles run across C's rows instead: sixteen rows of C
// in two registers per column, op(A)'s columns loaded as vectors and op(B)'s entries
// broadcast, so no lane computes a padding column. op(A) is read in place where its columns are
// contiguous (a transposed A) and otherwise copied sixteen rows at a time by 8x8 register
// transposes. Each element is the fused sum over p in order from zero, then alpha * sum
// (+ beta * C by one fused multiply-add): the blocked loops' sequence exactly.
#if defined(__x86_64__)
#include "AVX512Common.h"

/// Rows of C per strip (two registers).
#define STRIP 16

/// One strip: C[0..rows, 0..n] from op(A)'s columns (column p at a + p*csa, `rows` values)
/// and op(B)(p, j) = b[p*rsb + j*csb].
static inline __attribute__((always_inline)) ADK_AVX512 void
strip(const int n, ptrdiff_t rows, ptrdiff_t k, const double *a, ptrdiff_t csa, const double *b, ptrdiff_t rsb,
      ptrdiff_t csb, double alpha, double beta, double *c, ptrdiff_t ldc) {
    __m512d low[ADK_AVX512_NARROW_MAX], high[ADK_AVX512_NARROW_MAX];
    for (int j = 0; j < n; ++j) low[j] = high[j] = _mm512_setzero_pd();
    const __mmask8 first = lanes(rows), second = lanes(rows - 8);
    for (ptrdiff_t p = 0; p < k; ++p, a += csa, b += rsb) {
        const __m512d x = _mm512_maskz_loadu_pd(first, a), y = _mm512_maskz_loadu_pd(second, a + 8);
        for (int j = 0; j < n; ++j) {
            const __m512d s = _mm512_set1_pd(b[j * csb]);
            low[j] = _mm512_fmadd_pd(x, s, low[j]);
            high[j] = _mm512_fmadd_pd(y, s, high[j]);
        }
    }
    double sums[STRIP];
    for (int j = 0; j < n; ++j) {
        _mm512_storeu_pd(sums, low[j]);
        _mm512_storeu_pd(sums + 8, high[j]);
        for (ptrdiff_t i = 0; i < rows; ++i) {
            double *e = c + i * ldc + j;
            *e = beta != 0 ? __builtin_fma(alpha, sums[i], beta * *e) : alpha * sums[i];
        }
    }
}

ADK_AVX512 void adk_avx512_narrow_product(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha, const double *a, ptrdiff_t lda,
                               bool transposed_a, const double *b, ptrdiff_t ldb, bool transposed_b, double beta,
                               double *c, ptrdiff_t ldc) {
    const ptrdiff_t rsb = transposed_b ? 1 : ldb, csb = transposed_b ? ldb : 1;
    double *copied = transposed_a ? NULL : adk_scratch((size_t)(k * STRIP));
    for (ptrdiff_t i0 = 0; i0 < m; i0 += STRIP) {
        const ptrdiff_t rows = m - i0 < STRIP ? m - i0 : STRIP;
        const double *columns = transposed_a ? a + i0 : copied;
        const ptrdiff_t csa = transposed_a ? lda : STRIP;
        if (!transposed_a) pack_transposed(k, (int)rows, STRIP, a + i0 * lda, lda, copied);  // copied[p*16 + i] = A(i, p)
        double *row = c + i0 * ldc;
        switch (n) {
#define CASE(w) \
    case w: strip(w, rows, k, columns, csa, b, rsb, csb, alpha, beta, row, ldc); break;
            CASE(9) CASE(10)  // the widths adk_dgemm sends here (ADK_AVX512_NARROW_MAX)
#undef CASE
        default: break;
        }
    }
}
#endif
