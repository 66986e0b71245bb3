// Which variants this CPU runs (read from its feature bits), each variant's description and
// tile, and the FMA loop of each.
#include "Variant.h"

const adk_variant_description *adk_describe(int variant) {
    switch (variant) {
#if defined(__x86_64__)
    case ADK_VARIANT_AVX512: return &adk_avx512_description;
    case ADK_VARIANT_AVX2: return &adk_avx2_description;
#endif
    default: return &adk_portable_description;
    }
}

bool adk_variant_is_supported(int variant) {
    switch (variant) {
    case ADK_VARIANT_PORTABLE: return true;
#if defined(__x86_64__)
    case ADK_VARIANT_AVX2:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case ADK_VARIANT_AVX512:
        __builtin_cpu_init();
        return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512dq") && __builtin_cpu_supports("fma");
#endif
    default: return false;
    }
}

int adk_variant_fastest(void) {
    for (int variant = ADK_VARIANT_COUNT - 1; variant > 0; --variant)
        if (adk_variant_is_supported(variant)) return variant;
    return ADK_VARIANT_PORTABLE;
}

int adk_variant_tile_rows(int variant) { return adk_describe(variant)->rows; }

int adk_variant_tile_columns(int variant) {
    const adk_variant_description *d = adk_describe(variant);
    return d->widths[d->kernel_count - 1];
}

long adk_fma_loop_flops_per_iteration(int variant) {
    switch (variant) {
#if defined(__x86_64__)
    case ADK_VARIANT_AVX512: return 12 * 8 * 2;
    case ADK_VARIANT_AVX2: return 12 * 4 * 2;
#endif
    default: return 8 * 2 * 2;
    }
}

double adk_fma_loop(int variant, long iterations) {
    switch (variant) {
#if defined(__x86_64__)
    case ADK_VARIANT_AVX512: return adk_avx512_fma_loop(iterations);
    case ADK_VARIANT_AVX2: return adk_avx2_fma_loop(iterations);
#endif
    default: return adk_portable_fma_loop(iterations);
    }
}
