/// The raw struct-of-arrays storage of one recording.
///
/// Entry `i` computed `operations[i]` from at most two earlier entries `lhs[i]` and
/// `rhs[i]` (``TapeStorage/noParent`` where absent) whose local partial derivatives,
/// evaluated at record time, are `lhsPartials[i]` and `rhsPartials[i]`. A reverse sweep
/// is then multiply-adds only.
///
/// The arrays live behind raw pointers: appending pays one capacity check and no
/// exclusivity or uniqueness check, and a ``Tracked`` value reaches its tape through a
/// plain pointer (no reference counting per operation). The owning ``Tape`` frees it.
@usableFromInline
struct TapeStorage<Value: ADScalar> {
    /// Marks an absent parent (inputs have none, unary operations have one).
    @usableFromInline static var noParent: UInt32 { .max }

    @usableFromInline var count: Int
    @usableFromInline var capacity: Int
    @usableFromInline var operations: UnsafeMutablePointer<Operation>
    @usableFromInline var lhs: UnsafeMutablePointer<UInt32>
    @usableFromInline var rhs: UnsafeMutablePointer<UInt32>
    @usableFromInline var lhsPartials: UnsafeMutablePointer<Value>
    @usableFromInline var rhsPartials: UnsafeMutablePointer<Value>

    /// Bytes one entry occupies.
    @usableFromInline static var bytesPerEntry: Int {
        MemoryLayout<Operation>.stride + 2 * MemoryLayout<UInt32>.stride + 2 * MemoryLayout<Value>.stride
    }

    @usableFromInline
    init(capacity: Int) {
        precondition(_isPOD(Value.self), "Tape values must be trivially copyable")
        let capacity = Swift.max(capacity, 16)
        self.count = 0
        self.capacity = capacity
        operations = .allocate(capacity: capacity)
        lhs = .allocate(capacity: capacity)
        rhs = .allocate(capacity: capacity)
        lhsPartials = .allocate(capacity: capacity)
        rhsPartials = .allocate(capacity: capacity)
    }

    @usableFromInline
    func deallocate() {
        operations.deallocate()
        lhs.deallocate()
        rhs.deallocate()
        lhsPartials.deallocate()
        rhsPartials.deallocate()
    }

    /// Appends one entry and returns its index.
    /// - Complexity: O(1) amortised; one branch in the common case.
    @inlinable @inline(__always)
    mutating func append(
        _ operation: Operation, _ lhsIndex: UInt32, _ lhsPartial: Value,
        _ rhsIndex: UInt32, _ rhsPartial: Value
    ) -> UInt32 {
        if _slowPath(count == capacity) { grow() }
        let i = count
        operations[i] = operation
        lhs[i] = lhsIndex
        rhs[i] = rhsIndex
        lhsPartials[i] = lhsPartial
        rhsPartials[i] = rhsPartial
        count = i + 1
        return UInt32(truncatingIfNeeded: i)
    }

    /// Doubles the capacity. Out of line so that the append path stays small.
    @usableFromInline @inline(never)
    mutating func grow() {
        let limit = Int(UInt32.max)  // indices are 32-bit; noParent is reserved
        precondition(capacity < limit, "tape exceeds \(limit - 1) entries")
        let newCapacity = Swift.min(capacity * 2, limit)
        func moved<T>(_ old: UnsafeMutablePointer<T>) -> UnsafeMutablePointer<T> {
            let new = UnsafeMutablePointer<T>.allocate(capacity: newCapacity)
            new.moveInitialize(from: old, count: count)
            old.deallocate()
            return new
        }
        operations = moved(operations)
        lhs = moved(lhs)
        rhs = moved(rhs)
        lhsPartials = moved(lhsPartials)
        rhsPartials = moved(rhsPartials)
        capacity = newCapacity
    }

    /// The reverse sweep: walks entries `start, start−1, …, 0` and for each adds
    /// `adjoint · partial` into its parents' adjoints (+=: a variable used several
    /// times collects every contribution). Entries whose adjoint is exactly zero are
    /// skipped, so an infinite partial of an unused branch cannot produce `0 · inf`.
    /// - Complexity: O(start) multiply-adds over contiguous memory.
    @inlinable
    func sweep(_ adjoints: UnsafeMutablePointer<Value>, from start: Int) {
        let none = Self.noParent
        var i = start
        while i >= 0 {
            let a = adjoints[i]
            if !a.isZero {
                let l = lhs[i]
                if l != none {
                    adjoints[Int(l)] += a * lhsPartials[i]
                    let r = rhs[i]
                    if r != none { adjoints[Int(r)] += a * rhsPartials[i] }
                }
            }
            i -= 1
        }
    }
}
