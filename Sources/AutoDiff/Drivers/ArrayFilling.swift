// Filling the drivers' seed and result arrays: `append` in a loop calls the runtime's
// uniqueness check once per element (a call the optimiser cannot remove), which made
// seeding 10^4 duals cost more than the forward pass on them (P1 jvp: 5.0x the primal
// with `append`, 2.8x filled in place).

/// An array of `count` elements, element `i` being `element(i)`, written in place: one
/// allocation and no per-element uniqueness check.
/// - Complexity: O(count) calls of `element`.
@inlinable
func filledArray<T>(count: Int, _ element: (Int) -> T) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        for i in 0..<count { (buffer.baseAddress! + i).initialize(to: element(i)) }
        initialized = count
    }
}
