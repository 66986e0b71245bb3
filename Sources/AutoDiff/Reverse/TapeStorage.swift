/// The raw struct-of-arrays storage of one recording.
///
/// Entry `i` computed `operations[i]` from at most two earlier entries `lhs[i]` and
/// `rhs[i]` (``TapeStorage/noParent`` where absent) whose local partial derivatives,
/// evaluated at record time, are `lhsPartials[i]` and `rhsPartials[i]`. A reverse sweep
/// is then multiply-adds only. A unary entry has no second partial; its slot holds the
/// operation's constant where it has one (`c` of `x + c`, the exponent of `pow(x, n)`), so the
/// recording says what each operation was and can be replayed at another point.
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
    /// The one raw block (from ``TapeMemoryPool``) that the five arrays are carved from.
    @usableFromInline var block: UnsafeMutableRawPointer
    @usableFromInline var blockBytes: Int
    /// Every comparison taken on recorded values, in order (for replay checks and
    /// diagnostics at kinks).
    @usableFromInline var comparisons: [RecordedComparison<Value>] = []
    /// Entries this tape may hold at most; past it, recording stops growing and
    /// ``exceededBudget`` is set (drivers then throw).
    @usableFromInline var budget: Int = Int(UInt32.max)
    @usableFromInline var exceededBudget = false

    /// Bytes one entry occupies.
    @usableFromInline static var bytesPerEntry: Int {
        MemoryLayout<Operation>.stride + 2 * MemoryLayout<UInt32>.stride + 2 * MemoryLayout<Value>.stride
    }

    /// Bytes of a block holding `capacity` entries (partials first, for alignment).
    static func blockBytes(capacity: Int) -> Int { capacity * bytesPerEntry + 64 }

    @usableFromInline
    init(capacity: Int) {
        precondition(_isPOD(Value.self), "Tape values must be trivially copyable")
        precondition(MemoryLayout<Value>.alignment <= 16, "Tape values must be at most 16-byte aligned")
        let capacity = Swift.max(capacity, 16)
        let (block, bytes) = TapeMemoryPool.shared.take(bytes: Self.blockBytes(capacity: capacity))
        count = 0
        self.capacity = capacity
        self.block = block
        self.blockBytes = bytes
        (operations, lhs, rhs, lhsPartials, rhsPartials) = Self.carve(block, capacity: capacity)
    }

    /// Splits a block into the five arrays: two of Value, two of UInt32, one of bytes.
    static func carve(_ block: UnsafeMutableRawPointer, capacity: Int) -> (
        UnsafeMutablePointer<Operation>, UnsafeMutablePointer<UInt32>, UnsafeMutablePointer<UInt32>,
        UnsafeMutablePointer<Value>, UnsafeMutablePointer<Value>
    ) {
        let valueBytes = capacity * MemoryLayout<Value>.stride
        let indexBytes = capacity * MemoryLayout<UInt32>.stride
        let indexStart = (2 * valueBytes + 3) & ~3
        return (
            (block + indexStart + 2 * indexBytes).bindMemory(to: Operation.self, capacity: capacity),
            (block + indexStart).bindMemory(to: UInt32.self, capacity: capacity),
            (block + indexStart + indexBytes).bindMemory(to: UInt32.self, capacity: capacity),
            block.bindMemory(to: Value.self, capacity: capacity),
            (block + valueBytes).bindMemory(to: Value.self, capacity: capacity)
        )
    }

    /// Returns the memory to the pool.
    @usableFromInline
    func deallocate() {
        TapeMemoryPool.shared.give(block, bytes: blockBytes)
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
        // A binary entry's second partial, or a unary entry's constant; a plain unary
        // entry (exp, sin, …) leaves the slot unwritten: nothing reads it.
        if rhsIndex != Self.noParent || operation.hasConstant { rhsPartials[i] = rhsPartial }
        count = i &+ 1
        return UInt32(truncatingIfNeeded: i)
    }

    /// Doubles the capacity. Out of line so that the append path stays small.
    /// Past the budget it stops growing: it sets ``exceededBudget`` and from then on
    /// overwrites its last slot (memory-safe, meaningless), so the recording finishes
    /// and the driver can throw ``DifferentiationError/tapeBudgetExceeded(maximumBytes:)``.
    @usableFromInline @inline(never)
    mutating func grow() {
        let limit = Swift.min(Int(UInt32.max), budget)  // indices are 32-bit; noParent is reserved
        guard capacity < limit else {
            exceededBudget = true
            count = capacity - 1
            return
        }
        let newCapacity = Swift.min(capacity * 2, limit)
        let (newBlock, bytes) = TapeMemoryPool.shared.take(bytes: Self.blockBytes(capacity: newCapacity))
        let new = Self.carve(newBlock, capacity: newCapacity)
        new.0.update(from: operations, count: count)
        new.1.update(from: lhs, count: count)
        new.2.update(from: rhs, count: count)
        new.3.update(from: lhsPartials, count: count)
        new.4.update(from: rhsPartials, count: count)
        deallocate()
        (operations, lhs, rhs, lhsPartials, rhsPartials) = new
        block = newBlock
        blockBytes = bytes
        capacity = newCapacity
    }

    /// The reverse sweep: walks entries `start, start−1, …, 0` and for each adds
    /// `adjoint · partial` into its parents' adjoints (+=: a variable used several
    /// times collects every contribution). Entries whose adjoint is exactly zero are
    /// skipped, so an infinite partial of an unused branch cannot produce `0 · inf`.
    /// - Complexity: O(start) multiply-adds over contiguous memory.
    @inlinable
    func sweep(_ adjoints: UnsafeMutablePointer<Value>, from start: Int) {
        // Local copies: stores through `adjoints` could alias `self`, so fields would be
        // reloaded on every entry.
        let none = Self.noParent
        let lhs = self.lhs, rhs = self.rhs, lhsPartials = self.lhsPartials, rhsPartials = self.rhsPartials
        // What entry i adds to entry i − 1 (most operands are the entry just before) stays
        // in a register: going through `adjoints` would put a store-to-load round trip on
        // the sweep's dependency chain. It is added last, as the memory route would.
        var carry = Value.zero
        var i = start
        while i >= 0 {
            let a = adjoints[i] + carry
            carry = .zero
            if !a.isZero {
                let l = lhs[i]
                if l != none {
                    // At most one contribution rides in `carry`, the last one to entry
                    // i − 1 (x·x adds its first through memory), so every adjoint sums
                    // its terms in the same order as the vector sweep: bit for bit.
                    let previous = UInt32(truncatingIfNeeded: i &- 1)
                    let r = rhs[i]
                    if l == previous && r != previous {
                        carry = a * lhsPartials[i]
                    } else {
                        adjoints[Int(l)] += a * lhsPartials[i]
                    }
                    if r != none {
                        if r == previous { carry = a * rhsPartials[i] } else { adjoints[Int(r)] += a * rhsPartials[i] }
                    }
                }
            }
            adjoints[i] = a
            i -= 1
        }
    }
}
