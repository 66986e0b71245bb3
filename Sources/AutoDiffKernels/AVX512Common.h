// What the AVX-512 files share: the target attribute, lane masks and the 8x8 register
// transpose.
#ifndef AUTODIFF_KERNELS_AVX512_COMMON_H
#define AUTODIFF_KERNELS_AVX512_COMMON_H
#if defined(__x86_64__)
#include <immintrin.h>
#include "Variant.h"

#define ADK_AVX512 __attribute__((target("avx512f,avx512dq,fma")))

/// Columns up to which a product runs adk_avx512_narrow_product (from 9: eight or fewer fill
/// the 8-column tile; 11 and 12 measured 2x slower than 16-column tiles, the 22-24
/// accumulators spilling).
#define ADK_AVX512_NARROW_MAX 10

/// Transposes the 8x8 block r[0..8] (rows) in place (afterwards r[t] holds column t).
static inline __attribute__((always_inline)) ADK_AVX512 void transpose8(__m512d r[8]) {
    __m512d t[8], u[8];
    for (int i = 0; i < 8; i += 2) {
        t[i] = _mm512_unpacklo_pd(r[i], r[i + 1]);
        t[i + 1] = _mm512_unpackhi_pd(r[i], r[i + 1]);
    }
    // u0: columns 0,4 of rows 0-3; u1: columns 2,6; u2: 1,5; u3: 3,7; u4-u7 the same for rows 4-7.
    for (int h = 0; h < 8; h += 4) {
        u[h + 0] = _mm512_shuffle_f64x2(t[h + 0], t[h + 2], 0x88);
        u[h + 1] = _mm512_shuffle_f64x2(t[h + 0], t[h + 2], 0xDD);
        u[h + 2] = _mm512_shuffle_f64x2(t[h + 1], t[h + 3], 0x88);
        u[h + 3] = _mm512_shuffle_f64x2(t[h + 1], t[h + 3], 0xDD);
    }
    r[0] = _mm512_shuffle_f64x2(u[0], u[4], 0x88);
    r[4] = _mm512_shuffle_f64x2(u[0], u[4], 0xDD);
    r[2] = _mm512_shuffle_f64x2(u[1], u[5], 0x88);
    r[6] = _mm512_shuffle_f64x2(u[1], u[5], 0xDD);
    r[1] = _mm512_shuffle_f64x2(u[2], u[6], 0x88);
    r[5] = _mm512_shuffle_f64x2(u[2], u[6], 0xDD);
    r[3] = _mm512_shuffle_f64x2(u[3], u[7], 0x88);
    r[7] = _mm512_shuffle_f64x2(u[3], u[7], 0xDD);
}

static inline __attribute__((always_inline)) ADK_AVX512 __mmask8 lanes(ptrdiff_t count) {
    return count >= 8 ? (__mmask8)0xFF : count <= 0 ? (__mmask8)0 : (__mmask8)((1u << count) - 1);
}

/// dst[p*width + j] = b[j*ldb + p] for p < kc, j < nr, zero for nr <= j < width (width a
/// multiple of 8): the transpose of nr stored rows, 8x8 blocks through registers.
static inline __attribute__((always_inline)) ADK_AVX512 void pack_transposed(ptrdiff_t kc, int nr, int width,
                                                                             const double *b, ptrdiff_t ldb,
                                                                             double *dst) {
    for (ptrdiff_t p0 = 0; p0 < kc; p0 += 8) {
        const ptrdiff_t count = kc - p0 < 8 ? kc - p0 : 8;
        const __mmask8 mask = lanes(count);
        for (int j0 = 0; j0 < width; j0 += 8) {
            __m512d r[8];
            for (int t = 0; t < 8; ++t)
                r[t] = j0 + t < nr ? _mm512_maskz_loadu_pd(mask, b + (j0 + t) * ldb + p0) : _mm512_setzero_pd();
            transpose8(r);
            for (int t = 0; t < count; ++t) _mm512_storeu_pd(dst + (p0 + t) * width + j0, r[t]);
        }
    }
}

void adk_avx512_narrow_product(ptrdiff_t m, ptrdiff_t n, ptrdiff_t k, double alpha, const double *a, ptrdiff_t lda,
                               bool transposed_a, const double *b, ptrdiff_t ldb, bool transposed_b, double beta,
                               double *c, ptrdiff_t ldc);
#endif
#endif
