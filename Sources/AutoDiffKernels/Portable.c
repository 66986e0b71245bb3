// The portable variant: clang vector types (two doubles, a 128-bit register on every 64-bit
// target: SSE2 on x86-64, NEON on arm64, where `acc += x * b` contracts to a fused
// multiply-add), 4x4 tiles on x86-64's 16 registers and 6x8 tiles on arm64's 32. Correct on
// any target; the x86-64 variants replace it where the CPU allows.
#include "Variant.h"

typedef double pair __attribute__((ext_vector_type(2)));
typedef double pair_unaligned __attribute__((ext_vector_type(2), aligned(8)));

#if defined(__aarch64__)
#define ROWS 6
#define VECTORS 4
#else
#define ROWS 4
#define VECTORS 2
#endif

/// The micro-kernel for `vectors` pairs per row; see adk_micro_kernel.
static inline __attribute__((always_inline)) void
tile(const int vectors, ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,
     const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr, double alpha, double beta, bool read_c) {
    pair acc[ROWS][VECTORS];
    const double *row[ROWS];
    for (int i = 0; i < ROWS; ++i) {
        row[i] = a + (i < mr ? i : mr - 1) * rsa;
        for (int v = 0; v < vectors; ++v) acc[i][v] = (pair)0;
    }
    ptrdiff_t q = 0;
    for (ptrdiff_t p = 0; p < kc; ++p, q += csa, b += rsb) {
        pair bv[VECTORS];
        for (int v = 0; v < vectors; ++v) bv[v] = *(const pair_unaligned *)(b + 2 * v);
        for (int i = 0; i < ROWS; ++i) {
            const pair x = (pair)row[i][q];
            for (int v = 0; v < vectors; ++v) acc[i][v] += x * bv[v];
        }
    }
    const int columns = nr < 2 * vectors ? nr : 2 * vectors;
    for (int i = 0; i < ROWS && i < mr; ++i) {
        double *ci = c + i * ldc, sums[2 * VECTORS];
        __builtin_memcpy(sums, acc[i], (size_t)vectors * sizeof(pair));
        for (int j = 0; j < columns; ++j) ci[j] = read_c ? alpha * sums[j] + beta * ci[j] : alpha * sums[j];
    }
}

#define KERNEL(name, vectors)                                                                          \
    static void name(ptrdiff_t kc, const double *a, ptrdiff_t rsa, ptrdiff_t csa, int mr,              \
                     const double *b, ptrdiff_t rsb, double *c, ptrdiff_t ldc, int nr, double alpha, double beta,     \
                     bool read_c) {                                                                    \
        tile(vectors, kc, a, rsa, csa, mr, b, rsb, c, ldc, nr, alpha, beta, read_c);                      \
    }
KERNEL(kernel_narrow, VECTORS / 2)
KERNEL(kernel_wide, VECTORS)

/// See adk_pack_panel (element by element).
static void pack(ptrdiff_t kc, int nr, int width, const double *b, ptrdiff_t ldb, bool transposed, double *dst) {
    const ptrdiff_t rs = transposed ? 1 : ldb, cs = transposed ? ldb : 1;
    for (ptrdiff_t p = 0; p < kc; ++p) {
        double *d = dst + p * width;
        for (int j = 0; j < width; ++j) d[j] = j < nr ? b[p * rs + j * cs] : 0;
    }
}

#define ADK_VP_ATTR
#define ADK_VP_LANES 2
#define ADK_VP_NAME(x) portable_##x
#include "VectorProducts.h"

const adk_variant_description adk_portable_description = {
    .rows = ROWS, .kc_max = 256, .nc_max = 128, .kernel_count = 2,
    .widths = {VECTORS, 2 * VECTORS}, .kernels = {kernel_narrow, kernel_wide}, .pack = pack,
    .rows_dot = portable_rows_dot, .rows_dot2 = portable_rows_dot2, .columns_axpy = portable_columns_axpy,
};

double adk_portable_fma_loop(long iterations) {
    pair acc[8];
    const pair x = (pair)(1.0 + 0x1p-30), y = (pair)0x1p-40;
    for (int i = 0; i < 8; ++i) acc[i] = (pair)(double)i;
    for (long t = 0; t < iterations; ++t)
        for (int i = 0; i < 8; ++i) acc[i] = acc[i] * x + y;
    pair sum = acc[0];
    for (int i = 1; i < 8; ++i) sum += acc[i];
    return sum.x + sum.y;
}
