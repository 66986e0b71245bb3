/// Index sets stored back to back in two growing buffers, so that propagating sets through
/// an evaluation (``SparsityTracer``) allocates nothing per operation.
///
/// A set is a slice `(start, count)` of strictly ascending input indices. Slices are never
/// changed once written, so values share them freely: a unary operation returns its
/// operand's slice and costs no copy. A union of two different slices is merged into
/// fresh space at the top of a buffer.
///
/// Sets of at most ``smallLimit`` indices live in the `small` buffer; larger ones in the
/// `large` buffer, where an accumulating sum (`s += term`) finds its set at the top and
/// extends it in place when the term's indices all lie beyond it: a sum of n terms then
/// costs O(n), not O(n²). (Only the indices past the old end are written, so any value
/// still holding the old, shorter slice sees exactly what it saw before.)
@usableFromInline
struct IndexSetArena {
    /// Sets up to this size are merged into the small buffer.
    @usableFromInline static var smallLimit: Int { 16 }

    @usableFromInline var small: IndexBuffer
    @usableFromInline var large: IndexBuffer

    /// An arena whose small buffer starts with the singletons `{0}, {1}, …, {inputs−1}`
    /// (input `i`'s set is the slice `(i, 1)`).
    @usableFromInline
    init(inputs: Int) {
        small = IndexBuffer(capacity: Swift.max(4 * inputs, 64))
        large = IndexBuffer(capacity: 64)
        for i in 0..<inputs { small.append(UInt32(truncatingIfNeeded: i)) }
    }

    @usableFromInline
    func deallocate() {
        small.deallocate()
        large.deallocate()
    }

    /// The indices of a set.
    @inlinable
    func indices(_ set: IndexSlice) -> UnsafeBufferPointer<UInt32> {
        let base = set.isLarge ? large.base : small.base
        return UnsafeBufferPointer(start: base + Int(set.start), count: Int(set.count))
    }

    /// The union of two sets: one of them when the other is empty or the same slice,
    /// the larger one extended in place when it ends at the top of the large buffer and
    /// the other's indices all lie beyond it, else a merge into fresh space.
    /// - Complexity: O(a.count + b.count) for a merge; O(b.count) for an extension.
    @inlinable @inline(__always)
    mutating func union(_ a: IndexSlice, _ b: IndexSlice) -> IndexSlice {
        if b.count == 0 || a == b { return a }
        if a.count == 0 { return b }
        let (big, other) = a.count >= b.count ? (a, b) : (b, a)
        if big.isLarge, Int(big.start) + Int(big.count) == large.count,
            indices(other).first! > indices(big).last!
        {
            large.reserve(Int(other.count)) // may move the buffer: take pointers after
            let from = indices(other)
            (large.base + large.count).update(from: from.baseAddress!, count: from.count)
            large.count += from.count
            return IndexSlice(start: big.start, count: big.count + other.count, isLarge: true)
        }
        return merge(big, other)
    }

    /// Merges two sets into fresh space: in the small buffer when the result may have
    /// at most ``smallLimit`` indices, else in the large one.
    @inlinable
    mutating func merge(_ a: IndexSlice, _ b: IndexSlice) -> IndexSlice {
        let needed = Int(a.count) + Int(b.count)
        let toLarge = needed > Self.smallLimit
        // Reserve first: growing a buffer moves it, and a or b may live in it.
        if toLarge { large.reserve(needed) } else { small.reserve(needed) }
        let x = indices(a), y = indices(b)
        let start = toLarge ? large.count : small.count
        let out = (toLarge ? large.base : small.base) + start
        var i = 0, j = 0, k = 0
        while i < x.count && j < y.count {
            let u = x[i], v = y[j]
            out[k] = u < v ? u : v
            i &+= u <= v ? 1 : 0
            j &+= v <= u ? 1 : 0
            k &+= 1
        }
        while i < x.count { out[k] = x[i]; i &+= 1; k &+= 1 }
        while j < y.count { out[k] = y[j]; j &+= 1; k &+= 1 }
        if toLarge { large.count += k } else { small.count += k }
        return IndexSlice(
            start: UInt32(truncatingIfNeeded: start), count: UInt32(truncatingIfNeeded: k),
            isLarge: toLarge)
    }
}

/// Where one index set lives in an ``IndexSetArena``.
@frozen @usableFromInline
struct IndexSlice: Equatable {
    @usableFromInline var start: UInt32
    /// The count in the low 31 bits, the buffer (small or large) in the top bit.
    @usableFromInline var packedCount: UInt32

    @inlinable
    init(start: UInt32, count: UInt32, isLarge: Bool) {
        self.start = start
        self.packedCount = count | (isLarge ? 0x8000_0000 : 0)
    }

    /// The empty set (a constant's).
    @inlinable static var empty: IndexSlice { IndexSlice(start: 0, count: 0, isLarge: false) }

    @inlinable var count: UInt32 { packedCount & 0x7FFF_FFFF }
    @inlinable var isLarge: Bool { packedCount & 0x8000_0000 != 0 }
}

/// A growable buffer of `UInt32` behind a raw pointer (no uniqueness or exclusivity
/// check per append); growth is out of line.
@usableFromInline
struct IndexBuffer {
    @usableFromInline var base: UnsafeMutablePointer<UInt32>
    @usableFromInline var count = 0
    @usableFromInline var capacity: Int

    /// The pooled block behind `base` and its size in bytes.
    @usableFromInline var block: UnsafeMutableRawPointer
    @usableFromInline var blockBytes: Int

    /// An empty buffer with room for `capacity` indices, from ``TapeMemoryPool`` (a
    /// detection repeated at the same size reuses the memory: no page faults).
    @usableFromInline
    init(capacity: Int) {
        (block, blockBytes) = TapeMemoryPool.shared.take(bytes: capacity * MemoryLayout<UInt32>.stride)
        self.capacity = blockBytes / MemoryLayout<UInt32>.stride
        base = block.bindMemory(to: UInt32.self, capacity: self.capacity)
    }

    @usableFromInline
    func deallocate() { TapeMemoryPool.shared.give(block, bytes: blockBytes) }

    @inlinable @inline(__always)
    mutating func append(_ index: UInt32) {
        reserve(1)
        base[count] = index
        count &+= 1
    }

    /// Makes room for `extra` more indices (moving the buffer if it grows).
    @inlinable @inline(__always)
    mutating func reserve(_ extra: Int) {
        if _slowPath(count + extra > capacity) { grow(toHold: count + extra) }
    }

    @usableFromInline @inline(never)
    mutating func grow(toHold needed: Int) {
        precondition(needed <= Int(UInt32.max >> 1), "sparsity detection: more than 2^31 indices in one buffer")
        var new = IndexBuffer(capacity: Swift.max(2 * capacity, needed))
        new.base.update(from: base, count: count)
        new.count = count
        deallocate()
        self = new
    }
}
