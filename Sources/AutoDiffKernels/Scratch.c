// Per-thread buffers, grow-only, freed when the thread ends, so that a product allocates
// nothing after its thread's first call of that size: the packing space, and room for a
// product computed transposed before it is copied into C (which itself packs).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include "Variant.h"

typedef struct {
    double *buffer;
    size_t capacity;
} scratch_space;

static pthread_key_t packing_key, result_key;
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;
static _Thread_local scratch_space packing_space, result_space;

static void scratch_release(void *buffer) { free(buffer); }
static void scratch_make_keys(void) {
    pthread_key_create(&packing_key, scratch_release);
    pthread_key_create(&result_key, scratch_release);
}

/// At least `count` doubles, 64-byte aligned, from `space` (grown when too small; the
/// previous contents are lost), registered under `key` to be freed with the thread.
static double *scratch(scratch_space *space, pthread_key_t *key, size_t count, const char *what) {
    if (count <= space->capacity) return space->buffer;
    pthread_once(&keys_once, scratch_make_keys);
    free(space->buffer);
    const size_t bytes = (count * sizeof(double) + 63) & ~(size_t)63;
    space->buffer = aligned_alloc(64, bytes);
    if (!space->buffer) {
        fprintf(stderr, "AutoDiffKernels: cannot allocate %zu bytes of %s\n", bytes, what);
        abort();
    }
    space->capacity = bytes / sizeof(double);
    pthread_setspecific(*key, space->buffer);
    return space->buffer;
}

double *adk_scratch(size_t count) { return scratch(&packing_space, &packing_key, count, "packing space"); }

double *adk_result_scratch(size_t count) {
    return scratch(&result_space, &result_key, count, "room for a transposed product");
}
