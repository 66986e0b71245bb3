// Packing space: one grow-only buffer per thread, freed when the thread ends, so a product
// allocates nothing after its thread's first call of that size.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "Variant.h"

static pthread_key_t scratch_key;
static pthread_once_t scratch_once = PTHREAD_ONCE_INIT;
static _Thread_local double *scratch_buffer;
static _Thread_local size_t scratch_capacity;

static void scratch_release(void *buffer) { free(buffer); }
static void scratch_make_key(void) { pthread_key_create(&scratch_key, scratch_release); }

/// At least `count` doubles, 64-byte aligned, owned by the calling thread.
double *adk_scratch(size_t count) {
    if (count <= scratch_capacity) return scratch_buffer;
    pthread_once(&scratch_once, scratch_make_key);
    free(scratch_buffer);
    const size_t bytes = (count * sizeof(double) + 63) & ~(size_t)63;
    scratch_buffer = aligned_alloc(64, bytes);
    if (!scratch_buffer) {
        fprintf(stderr, "AutoDiffKernels: cannot allocate %zu bytes of packing space\n", bytes);
        abort();
    }
    scratch_capacity = bytes / sizeof(double);
    pthread_setspecific(scratch_key, scratch_buffer);
    return scratch_buffer;
}
