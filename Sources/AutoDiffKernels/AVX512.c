// The AVX-512 variant: 8-row micro-tiles 24, 16 or 8 columns wide on 512-bit registers
// (24 accumulators for the widest; 8 rows divide the usual power-of-two sizes, and measured
// 2-10% faster than 6x32 tiles on products of 32-128 rows, equal on larger ones), a packer
// that transposes 8x8 blocks in registers, and
// the FMA loop that measures the core's peak. Compiled for baseline x86-64; only these
// functions carry the AVX-512 target attribute, and they run only where the CPU has it.
#if defined(__x86_64__)
#include "AVX512Common.h"
#define ROWS 8

/// The micro-kernel for `vectors` registers (8 columns each) per row; see adk_micro_kernel.
static inline __attribute__((always_inline)) ADK_AVX512 void
tile(const int vectors, ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,
     const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr, double alpha, double beta, bool read_c) {
    __m512d acc[ROWS][3];
    const double *row[ROWS];
    for (int i = 0; i < ROWS; ++i) {
        row[i] = a + (i < mr ? i : mr - 1) * rsa;
        _mm_prefetch((const char *)(c + (i < mr ? i : mr - 1) * ldc), _MM_HINT_T0);
        for (int v = 0; v < vectors; ++v) acc[i][v] = _mm512_setzero_pd();
    }
    ptrdiff_t q = 0;
    for (ptrdiff_t p = 0; p < kc; ++p, q += csa, b += rsb) {
        __m512d bv[3];
        for (int v = 0; v < vectors; ++v) bv[v] = _mm512_loadu_pd(b + 8 * v);
        for (int i = 0; i < ROWS; ++i) {
            __m512d x = _mm512_set1_pd(row[i][q]);
            for (int v = 0; v < vectors; ++v) acc[i][v] = _mm512_fmadd_pd(x, bv[v], acc[i][v]);
        }
    }
    const __m512d va = _mm512_set1_pd(alpha), vb = _mm512_set1_pd(beta);
    for (int i = 0; i < ROWS && i < mr; ++i) {
        double *ci = c + i * ldc;
        for (int v = 0; v < vectors; ++v) {
            const int left = nr - 8 * v;
            if (left <= 0) break;
            if (left >= 8) {
                __m512d r = read_c ? _mm512_fmadd_pd(va, acc[i][v], _mm512_mul_pd(vb, _mm512_loadu_pd(ci + 8 * v)))
                                   : _mm512_mul_pd(va, acc[i][v]);
                _mm512_storeu_pd(ci + 8 * v, r);
            } else {
                const __mmask8 mask = (__mmask8)((1u << left) - 1);
                __m512d r = read_c ? _mm512_fmadd_pd(va, acc[i][v], _mm512_mul_pd(vb, _mm512_maskz_loadu_pd(mask, ci + 8 * v)))
                                   : _mm512_mul_pd(va, acc[i][v]);
                _mm512_mask_storeu_pd(ci + 8 * v, mask, r);
            }
        }
    }
}

#define KERNEL(name, vectors)                                                                          \
    static ADK_AVX512 void name(ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,   \
                                const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr, double alpha,       \
                                double beta, bool read_c) {                                            \
        tile(vectors, kc, a, rsa, csa, mr, b, rsb, c, ldc, nr, alpha, beta, read_c);                      \
    }
KERNEL(kernel8, 1)
KERNEL(kernel16, 2)
KERNEL(kernel24, 3)

/// See adk_pack_panel. Row-major op(B): masked row copies; transposed: 8x8 register transposes.
static ADK_AVX512 void pack(ptrdiff_t kc, int nr, int width, const double *b, ptrdiff_t ldb, bool transposed,
                            double *dst) {
    if (!transposed) {
        for (ptrdiff_t p = 0; p < kc; ++p) {
            const double *src = b + p * ldb;
            double *d = dst + p * width;
            for (int j = 0; j < width; j += 8) _mm512_storeu_pd(d + j, _mm512_maskz_loadu_pd(lanes(nr - j), src + j));
        }
        return;
    }
    pack_transposed(kc, nr, width, b, ldb, dst);
}

#define ADK_VP_ATTR ADK_AVX512
#define ADK_VP_LANES 8
#define ADK_VP_NAME(x) avx512_##x
#include "VectorProducts.h"

const adk_variant_description adk_avx512_description = {
    .rows = ROWS, .kc_max = 256, .nc_max = 384, .kernel_count = 3,
    .widths = {8, 16, 24}, .kernels = {kernel8, kernel16, kernel24}, .pack = pack,
    .rows_dot = avx512_rows_dot, .rows_dot2 = avx512_rows_dot2, .columns_axpy = avx512_columns_axpy,
    .narrow = adk_avx512_narrow_product, .narrow_max = ADK_AVX512_NARROW_MAX,
};

ADK_AVX512 double adk_avx512_fma_loop(long iterations) {
    __m512d acc[12];
    const __m512d x = _mm512_set1_pd(1.0 + 0x1p-30), y = _mm512_set1_pd(0x1p-40);
    for (int i = 0; i < 12; ++i) acc[i] = _mm512_set1_pd((double)i);
    for (long t = 0; t < iterations; ++t)
        for (int i = 0; i < 12; ++i) acc[i] = _mm512_fmadd_pd(acc[i], x, y);
    __m512d sum = acc[0];
    for (int i = 1; i < 12; ++i) sum = _mm512_add_pd(sum, acc[i]);
    return _mm512_reduce_add_pd(sum);
}
#endif
