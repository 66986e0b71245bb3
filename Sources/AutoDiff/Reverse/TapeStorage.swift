/// The fixed part of one tape entry: its operation (top 6 bits of `word`) and first
/// parent (low 26 bits), its second parent (``TapeStorage/noParent`` unless binary) and
/// the local partial derivative with respect to its first parent: 16 bytes for `Double`,
/// one record so that appending and sweeping touch one line, not three arrays.
@frozen @usableFromInline
struct TapeRecord<Value> {
    @usableFromInline var word: UInt32
    @usableFromInline var secondParent: UInt32
    @usableFromInline var partial: Value

    @inlinable @inline(__always)
    init(word: UInt32, secondParent: UInt32, partial: Value) {
        self.word = word
        self.secondParent = secondParent
        self.partial = partial
    }
}

/// The raw storage of one recording: variable-length entries.
///
/// Every entry `i` has a ``TapeRecord``: a 32-bit word (its ``Operation`` in the top 6
/// bits, its first parent's index in the low 26), a second-parent index (``noParent``
/// unless the operation is binary) and the local partial derivative with respect to its
/// first parent, evaluated at record time: 16 bytes for `Double`. Only a binary entry
/// also has a second partial, appended to ``secondPartials`` in entry order (8 more
/// bytes: 24 in all), and only an entry whose operation keeps a constant (`x + c`,
/// `pow(x, n)`, …) appends it to ``constants``, so the recording says what each
/// operation was and can be replayed at another point. A reverse sweep walks the records
/// backwards with a cursor into the second partials and never reads the constants: it is
/// multiply-adds only.
///
/// The arrays live behind raw pointers: appending pays one capacity check and no
/// exclusivity or uniqueness check, and a ``Tracked`` value reaches its tape through
/// a plain pointer (no reference counting per operation). The owning ``Tape`` frees it.
/// A tape holds at most 2^26 − 1 entries (indices are 26 bits). An input has no parent:
/// its word holds its own index with partial 0 (operation `input` is 0), which lets the
/// sweep treat it like any entry (it adds `a · 0` to itself, then stores its adjoint
/// over that) without a test per entry.
@usableFromInline
struct TapeStorage<Value: ADScalar> {
    /// Marks an absent parent (inputs have none, unary operations have one).
    @usableFromInline static var noParent: UInt32 { .max }
    /// The low bits of an entry's word that hold its first parent.
    @usableFromInline static var parentMask: UInt32 { (1 << 26) - 1 }
    /// The most entries a tape can hold.
    @usableFromInline static var maximumEntries: Int { Int(parentMask) }

    @usableFromInline var count: Int
    @usableFromInline var capacity: Int
    /// Per entry: its fixed part.
    @usableFromInline var records: UnsafeMutablePointer<TapeRecord<Value>>
    /// The one raw block (from ``TapeMemoryPool``) that the three arrays are carved from.
    /// The second partials and constants get room for `capacity` each too (their worst
    /// case), so that appending to them needs no capacity check of its own; pages past
    /// what a recording uses are never touched.
    @usableFromInline var block: UnsafeMutableRawPointer
    @usableFromInline var blockBytes: Int
    /// Per binary entry, in entry order: ∂entry/∂(second parent).
    @usableFromInline var secondPartials: UnsafeMutablePointer<Value>
    @usableFromInline var secondPartialCount = 0
    /// Per entry whose operation keeps a constant, in entry order: the constant.
    @usableFromInline var constants: UnsafeMutablePointer<Value>
    @usableFromInline var constantCount = 0
    /// Every comparison taken on recorded values, in order (for replay checks and
    /// diagnostics at kinks).
    @usableFromInline var comparisons: [RecordedComparison<Value>] = []
    /// Entries this tape may hold at most; past it, recording stops growing and
    /// ``exceededBudget`` is set (drivers then throw).
    @usableFromInline var budget: Int
    @usableFromInline var exceededBudget = false
    /// Entries `0..<leadingInputCount` are all inputs (drivers record a function's
    /// inputs first): a sweep stops above them, as an input adds nothing to any entry.
    @usableFromInline var leadingInputCount = 0
    /// How many groups of local-partial entries (``Operation/localPartials``) were recorded.
    @usableFromInline var localGroupCount = 0
    /// Whether each group also keeps how to re-evaluate it (``localRules``): set by
    /// ``RecordedFunction``, the one driver that replays; the others skip the cost.
    @usableFromInline var keepsLocalRules = false
    /// Per group of local-partial entries, in entry order, when ``keepsLocalRules``.
    @usableFromInline var localRules: [LocalRuleRecord] = []

    /// Bytes every entry occupies: its word, second-parent index and first partial.
    @usableFromInline static var bytesPerUnaryEntry: Int { MemoryLayout<TapeRecord<Value>>.stride }

    /// Bytes a binary entry (or one with a constant) occupies: one more value.
    @usableFromInline static var bytesPerBinaryEntry: Int { bytesPerUnaryEntry + MemoryLayout<Value>.stride }

    /// Bytes of a block holding `capacity` entries (values first, for alignment).
    static func blockBytes(capacity: Int) -> Int { capacity * (bytesPerUnaryEntry + 2 * MemoryLayout<Value>.stride) + 64 }

    /// Room for `capacity` entries before the first growth; at most `budget` entries.
    @usableFromInline
    init(capacity: Int, budget: Int) {
        precondition(_isPOD(Value.self), "Tape values must be trivially copyable")
        precondition(MemoryLayout<Value>.alignment <= 16, "Tape values must be at most 16-byte aligned")
        let budget = Swift.max(16, Swift.min(budget, Self.maximumEntries))
        let capacity = Swift.max(Swift.min(capacity, budget), 16)
        let (block, bytes) = TapeMemoryPool.shared.take(bytes: Self.blockBytes(capacity: capacity))
        count = 0
        self.capacity = capacity
        self.block = block
        self.blockBytes = bytes
        self.budget = budget
        (records, secondPartials, constants) = Self.carve(block, capacity: capacity)
    }

    /// Splits a block into the three arrays: second partials, constants, records.
    static func carve(_ block: UnsafeMutableRawPointer, capacity: Int) -> (
        UnsafeMutablePointer<TapeRecord<Value>>, UnsafeMutablePointer<Value>, UnsafeMutablePointer<Value>
    ) {
        let valueBytes = capacity * MemoryLayout<Value>.stride
        return (
            (block + 2 * valueBytes).bindMemory(to: TapeRecord<Value>.self, capacity: capacity),
            block.bindMemory(to: Value.self, capacity: capacity),
            (block + valueBytes).bindMemory(to: Value.self, capacity: capacity)
        )
    }

    /// Returns the memory to the pool.
    @usableFromInline
    func deallocate() {
        TapeMemoryPool.shared.give(block, bytes: blockBytes)
    }

    /// The bytes the recorded entries take: the fixed part of every entry plus one value
    /// per second partial and per constant.
    @usableFromInline var byteCount: Int {
        count * Self.bytesPerUnaryEntry + (secondPartialCount + constantCount) * MemoryLayout<Value>.stride
    }

    /// Appends the fixed part of an entry and returns its index.
    /// - Complexity: O(1) amortised; one branch in the common case (the second partials
    ///   and constants have room for as many values as there are entries, so appending
    ///   to them needs no check of its own).
    @inlinable @inline(__always)
    mutating func appendSlot(_ operation: Operation, _ first: UInt32, _ partial: Value, _ second: UInt32) -> UInt32 {
        if _slowPath(count == capacity) { grow() }
        let i = count
        records[i] = TapeRecord(word: UInt32(operation.rawValue) << 26 | first, secondParent: second, partial: partial)
        count = i &+ 1
        return UInt32(truncatingIfNeeded: i)
    }

    /// Appends an input (no parents) and returns its index.
    @inlinable @inline(__always)
    mutating func appendInput() -> UInt32 {
        let i = appendSlot(.input, 0, .zero, Self.noParent)
        records[Int(i)].word = i // operation 0, "parent" itself (see the type's comment)
        if leadingInputCount == Int(i) { leadingInputCount = Int(i) &+ 1 }
        return i
    }

    /// Appends `n` inputs in one loop and returns the first one's index, or nil (nothing
    /// appended) when they would not fit within the budget.
    /// - Complexity: O(n); at most one growth.
    @inlinable
    mutating func appendInputs(_ n: Int) -> Int? {
        let first = count
        while capacity - first < n && capacity < budget { grow() }
        guard capacity - first >= n else { return nil }
        for i in first..<(first + n) {
            records[i] = TapeRecord(word: UInt32(truncatingIfNeeded: i), secondParent: Self.noParent, partial: .zero)
        }
        if leadingInputCount == first { leadingInputCount = first + n }
        count = first + n
        return first
    }

    /// Appends a unary entry and returns its index; `constant` is kept where the
    /// operation keeps one (`OperationProperties.keepsConstant`) and ignored otherwise.
    @inlinable @inline(__always)
    mutating func appendUnary(_ operation: Operation, _ parent: UInt32, _ partial: Value, constant: Value) -> UInt32 {
        let i = appendSlot(operation, parent, partial, Self.noParent)
        if operation.properties.keepsConstant {
            constants[constantCount] = constant
            constantCount &+= 1
        }
        return i
    }

    /// Appends a binary entry and returns its index.
    @inlinable @inline(__always)
    mutating func appendBinary(
        _ operation: Operation, _ lhs: UInt32, _ lhsPartial: Value, _ rhs: UInt32, _ rhsPartial: Value
    ) -> UInt32 {
        let i = appendSlot(operation, lhs, lhsPartial, rhs)
        secondPartials[secondPartialCount] = rhsPartial
        secondPartialCount &+= 1
        return i
    }

    /// Doubles the capacity. Out of line so that the append path stays small.
    /// Past the budget it stops growing: it sets ``exceededBudget`` and from then on
    /// overwrites its last slot (memory-safe, meaningless), so the recording finishes
    /// and the driver can throw ``DifferentiationError/tapeBudgetExceeded(maximumBytes:)``.
    @usableFromInline @inline(never)
    mutating func grow() {
        guard capacity < budget else {
            // Drop the last entry, with its second partial and constant if it has them.
            exceededBudget = true
            count = capacity - 1
            leadingInputCount = Swift.min(leadingInputCount, count)
            if records[count].secondParent != Self.noParent { secondPartialCount -= 1 }
            if operation(at: count).properties.keepsConstant { constantCount -= 1 }
            return
        }
        let newCapacity = Swift.min(capacity * 2, budget)
        let (newBlock, bytes) = TapeMemoryPool.shared.take(bytes: Self.blockBytes(capacity: newCapacity))
        let new = Self.carve(newBlock, capacity: newCapacity)
        new.0.update(from: records, count: count)
        new.1.update(from: secondPartials, count: secondPartialCount)
        new.2.update(from: constants, count: constantCount)
        TapeMemoryPool.shared.give(block, bytes: blockBytes)
        (records, secondPartials, constants) = new
        block = newBlock
        blockBytes = bytes
        capacity = newCapacity
    }

    /// The operation entry `i` recorded.
    @inlinable @inline(__always)
    func operation(at i: Int) -> Operation { Self.operation(of: records[i].word) }

    /// The operation an entry's word holds (its top 6 bits: always a valid raw value,
    /// as only ``appendSlot(_:_:_:_:)`` writes them).
    @inlinable @inline(__always)
    static func operation(of word: UInt32) -> Operation {
        unsafeBitCast(UInt8(truncatingIfNeeded: word >> 26), to: Operation.self)
    }

    /// Whether entry `i` is an input (operation 0: its word is at most the index mask).
    @inlinable @inline(__always)
    func isInput(at i: Int) -> Bool { records[i].word <= Self.parentMask }

    /// The first parent of entry `i`, or nil for an input.
    @inlinable @inline(__always)
    func firstParent(at i: Int) -> UInt32? { isInput(at: i) ? nil : records[i].word & Self.parentMask }

    /// How many binary entries come before entry `end`: the position of entry `end`'s
    /// second partial if it is binary. Counts from whichever end of the tape is nearer.
    /// - Complexity: O(min(end, count − end)).
    @inlinable
    func secondPartialPosition(before end: Int) -> Int {
        let none = Self.noParent
        if end <= count / 2 {
            var k = 0
            for i in 0..<end where records[i].secondParent != none { k &+= 1 }
            return k
        }
        var k = secondPartialCount
        for i in end..<count where records[i].secondParent != none { k &-= 1 }
        return k
    }

    /// The reverse sweep: walks entries `start, start−1, …, 0` and for each adds
    /// `adjoint · partial` into its parents' adjoints (+=: a variable used several
    /// times collects every contribution). Entries whose adjoint is exactly zero are
    /// skipped, so an infinite partial of an unused branch cannot produce `0 · inf`.
    /// - Complexity: O(start) multiply-adds over contiguous memory (plus
    ///   O(count − start) to place the second-partial cursor when `start` is not last).
    @inlinable
    func sweep(_ adjoints: UnsafeMutablePointer<Value>, from start: Int) {
        guard start >= 0 else { return }
        // The cursor first: a call, after which the locals below can live in any register.
        var k = secondPartialPosition(before: start + 1)
        // Local copies: stores through `adjoints` could alias `self`, so fields would be
        // reloaded on every entry.
        let none = Self.noParent, mask = Self.parentMask
        let records = self.records, seconds = secondPartials
        // What entry i adds to entry i − 1 (most operands are the entry just before) rides
        // in a register, `carry`: going through `adjoints` would put a store-to-load round
        // trip on the sweep's dependency chain. So does what a binary entry adds to entry
        // i − 2 through its first operand when its second is i − 1 (`s += term`: the sum
        // two back, the term just before), provided entry i − 1 adds nothing to i − 2: it
        // waits in `pending` and becomes entry i − 1's carry. Every adjoint thus sums its
        // contributions in sweep order, as the memory route and the vector sweep do, and
        // the results agree bit for bit. (An empty register holds +0, and adding +0
        // changes nothing: a sum that starts at +0 never becomes −0.)
        var carry = Value.zero // for entry i, added last
        var pending = Value.zero // for entry i − 1's carry; +0 unless entry i − 1 adds nothing to i − 2
        var i = start
        let firstOperation = leadingInputCount
        while i >= firstOperation {
            let a = adjoints[i] + carry
            carry = pending
            pending = .zero
            let l = records[i].word & mask, r = records[i].secondParent
            if _slowPath(a.isZero) {
                // An entry nothing depends on: no contribution (0 · inf would be NaN),
                // but the cursor still steps over a binary entry's second partial.
                if r != none { k &-= 1 }
            } else {
                // At most one contribution rides in `carry`, the last one to entry
                // i − 1 (x·x adds its first through memory).
                let previous = UInt32(truncatingIfNeeded: i &- 1)
                let p = records[i].partial
                if r == none { // unary (an input adds a · 0 to itself, then stores a)
                    if l == previous { carry = a * p } else { adjoints[Int(l)] += a * p }
                } else {
                    k &-= 1
                    let q = seconds[k]
                    if r == previous {
                        if l == UInt32(truncatingIfNeeded: i &- 2) && !addsToPrevious(entry: i &- 1) {
                            pending = a * p
                        } else {
                            adjoints[Int(l)] += a * p
                        }
                        carry = a * q
                    } else {
                        if l == previous { carry = a * p } else { adjoints[Int(l)] += a * p }
                        adjoints[Int(r)] += a * q
                    }
                }
            }
            adjoints[i] = a
            i -= 1
        }
        // The inputs below: each adjoint is what memory holds plus what is pending.
        if i >= 0 { adjoints[i] = adjoints[i] + carry }
        if i >= 1 { adjoints[i - 1] = adjoints[i - 1] + pending }
    }

    /// Whether entry `j` (≥ 1) has entry `j − 1` as an operand.
    @inlinable @inline(__always)
    func addsToPrevious(entry j: Int) -> Bool {
        let previous = UInt32(truncatingIfNeeded: j &- 1)
        return records[j].word & Self.parentMask == previous || records[j].secondParent == previous
    }
}
