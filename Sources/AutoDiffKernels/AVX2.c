// The AVX2 variant: 6-row micro-tiles 8 or 4 columns wide on 256-bit registers (12
// accumulators, all 16 registers in use for the widest), a packer that transposes 4x4 blocks
// in registers, and the FMA loop. Only these functions carry the AVX2/FMA target attribute,
// and they run only where the CPU has both.
#if defined(__x86_64__)
#include <immintrin.h>
#include <stdint.h>
#include "Variant.h"

#define ADK_AVX2 __attribute__((target("avx2,fma")))
#define ROWS 6

/// A lane mask for maskload/maskstore: the first `count` (0...4) of 4 lanes.
static inline __attribute__((always_inline)) ADK_AVX2 __m256i lanes(ptrdiff_t count) {
    const __m256i index = _mm256_setr_epi64x(0, 1, 2, 3);
    return _mm256_cmpgt_epi64(_mm256_set1_epi64x((long long)(count < 0 ? 0 : count)), index);
}

/// The micro-kernel for `vectors` registers (4 columns each) per row; see adk_micro_kernel.
static inline __attribute__((always_inline)) ADK_AVX2 void
tile(const int vectors, ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,
     const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr, double alpha, double beta, bool read_c) {
    __m256d acc[ROWS][2];
    const double *row[ROWS];
    for (int i = 0; i < ROWS; ++i) {
        row[i] = a + (i < mr ? i : mr - 1) * rsa;
        _mm_prefetch((const char *)(c + (i < mr ? i : mr - 1) * ldc), _MM_HINT_T0);
        for (int v = 0; v < vectors; ++v) acc[i][v] = _mm256_setzero_pd();
    }
    ptrdiff_t q = 0;
    for (ptrdiff_t p = 0; p < kc; ++p, q += csa, b += rsb) {
        __m256d bv[2];
        for (int v = 0; v < vectors; ++v) bv[v] = _mm256_loadu_pd(b + 4 * v);
        for (int i = 0; i < ROWS; ++i) {
            __m256d x = _mm256_broadcast_sd(row[i] + q);
            for (int v = 0; v < vectors; ++v) acc[i][v] = _mm256_fmadd_pd(x, bv[v], acc[i][v]);
        }
    }
    const __m256d va = _mm256_set1_pd(alpha), vb = _mm256_set1_pd(beta);
    for (int i = 0; i < ROWS && i < mr; ++i) {
        double *ci = c + i * ldc;
        for (int v = 0; v < vectors; ++v) {
            const int left = nr - 4 * v;
            if (left <= 0) break;
            if (left >= 4) {
                __m256d r = read_c ? _mm256_fmadd_pd(va, acc[i][v], _mm256_mul_pd(vb, _mm256_loadu_pd(ci + 4 * v)))
                                   : _mm256_mul_pd(va, acc[i][v]);
                _mm256_storeu_pd(ci + 4 * v, r);
            } else {
                const __m256i mask = lanes(left);
                __m256d r = read_c ? _mm256_fmadd_pd(va, acc[i][v], _mm256_mul_pd(vb, _mm256_maskload_pd(ci + 4 * v, mask)))
                                   : _mm256_mul_pd(va, acc[i][v]);
                _mm256_maskstore_pd(ci + 4 * v, mask, r);
            }
        }
    }
}

#define KERNEL(name, vectors)                                                                          \
    static ADK_AVX2 void name(ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,     \
                              const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr, double alpha,         \
                              double beta, bool read_c) {                                              \
        tile(vectors, kc, a, rsa, csa, mr, b, rsb, c, ldc, nr, alpha, beta, read_c);                      \
    }
KERNEL(kernel4, 1)
KERNEL(kernel8, 2)

/// See adk_pack_panel. Row-major op(B): masked row copies; transposed: 4x4 register transposes.
static ADK_AVX2 void pack(ptrdiff_t kc, int nr, int width, const double *b, ptrdiff_t ldb, bool transposed,
                          double *dst) {
    if (!transposed) {
        for (ptrdiff_t p = 0; p < kc; ++p) {
            const double *src = b + p * ldb;
            double *d = dst + p * width;
            for (int j = 0; j < width; j += 4) _mm256_storeu_pd(d + j, _mm256_maskload_pd(src + j, lanes(nr - j)));
        }
        return;
    }
    for (ptrdiff_t p0 = 0; p0 < kc; p0 += 4) {
        const ptrdiff_t count = kc - p0 < 4 ? kc - p0 : 4;
        const __m256i mask = lanes(count);
        for (int j0 = 0; j0 < width; j0 += 4) {
            __m256d r[4];
            for (int t = 0; t < 4; ++t)
                r[t] = j0 + t < nr ? _mm256_maskload_pd(b + (j0 + t) * ldb + p0, mask) : _mm256_setzero_pd();
            const __m256d t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
            const __m256d t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
            r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
            r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
            r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
            r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
            for (int t = 0; t < count; ++t) _mm256_storeu_pd(dst + (p0 + t) * width + j0, r[t]);
        }
    }
}

#define ADK_VP_ATTR ADK_AVX2
#define ADK_VP_LANES 4
#define ADK_VP_NAME(x) avx2_##x
#include "VectorProducts.h"

const adk_variant_description adk_avx2_description = {
    .rows = ROWS, .kc_max = 256, .nc_max = 128, .kernel_count = 2,
    .widths = {4, 8}, .kernels = {kernel4, kernel8}, .pack = pack,
    .rows_dot = avx2_rows_dot, .rows_dot2 = avx2_rows_dot2, .columns_axpy = avx2_columns_axpy,
};

ADK_AVX2 double adk_avx2_fma_loop(long iterations) {
    __m256d acc[12];
    const __m256d x = _mm256_set1_pd(1.0 + 0x1p-30), y = _mm256_set1_pd(0x1p-40);
    for (int i = 0; i < 12; ++i) acc[i] = _mm256_set1_pd((double)i);
    for (long t = 0; t < iterations; ++t)
        for (int i = 0; i < 12; ++i) acc[i] = _mm256_fmadd_pd(acc[i], x, y);
    __m256d sum = acc[0];
    for (int i = 1; i < 12; ++i) sum = _mm256_add_pd(sum, acc[i]);
    double out[4];
    _mm256_storeu_pd(out, sum);
    return out[0] + out[1] + out[2] + out[3];
}
#endif
