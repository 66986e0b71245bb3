internal import AutoDiffKernels
import Foundation

/// How the memory of freed arrays is handled between evaluations.
///
/// Every array operation allocates its result, and a derivative of large arrays allocates
/// and frees the same sizes call after call. glibc's malloc (Linux) returns freed blocks
/// above 128 KiB to the kernel at once, so the next call faults fresh pages and has the
/// kernel zero them: on the benchmark problems that was the largest cost of the array
/// layer (P1 n = 10⁴ gradient 336 µs vs 59 µs with the memory kept; P2 (512, 512)
/// Jacobian 4.3 ms vs 1.7 ms; `adbench problems` measures the defaults).
///
/// So the first time the array layer allocates, it raises glibc's thresholds (mmap: 32 MiB,
/// the most glibc allows; trim: 1 GiB): freed memory stays in the process for the next
/// evaluation, as the scalar layer's tape keeps its blocks. The cost is that the process's
/// resident memory does not shrink back after a large computation. Call
/// ``keepFreedMemory(_:)`` with `false` (before or after) to restore glibc's defaults.
/// Other platforms' allocators keep freed memory already: nothing is changed there.
public enum TensorMemory {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var choice: Bool? = nil

    /// Keeps freed array memory in the process (true, the default once the array layer runs)
    /// or lets glibc return it to the kernel as soon as it is freed (false). Process-wide.
    public static func keepFreedMemory(_ keep: Bool) {
        lock.lock(); defer { lock.unlock() }
        choice = keep
        apply(keep)
    }

    /// Applies the default once (unless the user chose): the first array allocation calls it.
    @usableFromInline static let configured: Bool = {
        lock.lock(); defer { lock.unlock() }
        if choice == nil {
            choice = true
            apply(true)
        }
        return true
    }()

    private static func apply(_ keep: Bool) { _ = adk_keep_freed_memory(keep) }
}
