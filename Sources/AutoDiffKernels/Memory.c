// The allocator setting behind TensorMemory: glibc returns freed blocks of 128 KiB and more
// to the kernel at once, so arrays allocated again by the next evaluation fault fresh, zeroed
// pages. Swift's Glibc module does not expose mallopt, hence this C function.
#include "AutoDiffKernels.h"
#include <stdlib.h>  // defines __GLIBC__ where the C library is glibc

#if defined(__GLIBC__)
#include <malloc.h>

bool adk_keep_freed_memory(bool keep) {
    int mmap_ok = mallopt(M_MMAP_THRESHOLD, keep ? 32 << 20 : 128 << 10);
    int trim_ok = mallopt(M_TRIM_THRESHOLD, keep ? 1 << 30 : 128 << 10);
    return mmap_ok && trim_ok;
}
#else
bool adk_keep_freed_memory(bool keep) {
    (void)keep;
    return false;
}
#endif
