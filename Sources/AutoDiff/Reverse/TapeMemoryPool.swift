import Foundation

/// A small cache of raw memory blocks for tapes and adjoint buffers.
///
/// A fresh multi-megabyte allocation per recording costs more than the recording:
/// the kernel maps and zeroes every page on first touch (measured: ~45% of a P1
/// gradient at n = 1e4 went to page faults). Tapes therefore take their memory from
/// here and give it back when they die, so a second recording of the same size
/// touches warm, already-mapped pages. The pool also remembers how many bytes the last
/// tape needed, which is how a new tape reserves capacity from the previous recording.
///
/// This is an allocator cache, not shared state of any computation: blocks are handed
/// out whole to one owner at a time, under a lock, so recording on several threads at
/// once is safe.
@usableFromInline
final class TapeMemoryPool: @unchecked Sendable {
    /// The process-wide pool.
    @usableFromInline static let shared = TapeMemoryPool()

    /// Blocks kept at most, and their total bytes at most.
    static let maximumBlocks = 8
    static let maximumBytes = 1 << 30

    private let lock = NSLock()
    private var blocks: [(pointer: UnsafeMutableRawPointer, bytes: Int)] = []
    private var cachedBytes = 0
    private var lastTapeEntries = 0

    /// A block of at least `bytes` bytes (16-byte aligned), reused when one fits.
    /// - Returns: the block and its actual size.
    @usableFromInline
    func take(bytes: Int) -> (pointer: UnsafeMutableRawPointer, bytes: Int) {
        lock.lock()
        // Best fit: the smallest cached block that is large enough.
        var best = -1
        for (i, block) in blocks.enumerated() where block.bytes >= bytes {
            if best < 0 || block.bytes < blocks[best].bytes { best = i }
        }
        if best >= 0 {
            let block = blocks.remove(at: best)
            cachedBytes -= block.bytes
            lock.unlock()
            return block
        }
        lock.unlock()
        return (UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16), bytes)
    }

    /// Returns a block; frees it instead when the cache is full.
    @usableFromInline
    func give(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        lock.lock()
        if bytes <= Self.maximumBytes {
            // Make room by evicting the smallest blocks first.
            while !blocks.isEmpty
                && (blocks.count >= Self.maximumBlocks || cachedBytes + bytes > Self.maximumBytes)
            {
                let smallest = blocks.indices.min { blocks[$0].bytes < blocks[$1].bytes }!
                let evicted = blocks.remove(at: smallest)
                cachedBytes -= evicted.bytes
                evicted.pointer.deallocate()
            }
            blocks.append((pointer, bytes))
            cachedBytes += bytes
            lock.unlock()
            return
        }
        lock.unlock()
        pointer.deallocate()
    }

    /// The number of entries the most recent tape held when it was released.
    @usableFromInline
    var suggestedEntries: Int {
        lock.lock(); defer { lock.unlock() }
        return lastTapeEntries
    }

    @usableFromInline
    func noteTapeEntries(_ count: Int) {
        lock.lock(); lastTapeEntries = count; lock.unlock()
    }
}

extension TapeMemoryPool {
    /// Runs `body` with room for `count` values of `T` (at least one, uninitialised) from
    /// the pool, given back when `body` returns.
    @inlinable
    func withScratch<T, R>(_ count: Int, of type: T.Type, _ body: (UnsafeMutablePointer<T>) throws -> R) rethrows -> R {
        let n = Swift.max(count, 1)
        let (raw, bytes) = take(bytes: n * MemoryLayout<T>.stride)
        defer { give(raw, bytes: bytes) }
        return try body(raw.bindMemory(to: T.self, capacity: n))
    }
}

extension TapeMemoryPool {
    /// Runs `body` with zeroed lane adjoints and cleared live marks for `entries` tape
    /// entries (at least one), in one block from the pool given back when `body` returns:
    /// the buffers of a vector sweep carrying `Lanes.scalarCount` seeds.
    @inlinable
    func withLaneAdjoints<Lanes: SIMD, R>(
        entries: Int, of _: Lanes.Type,
        _ body: (_ adjoints: UnsafeMutablePointer<Lanes>, _ live: UnsafeMutablePointer<UInt8>) throws -> R
    ) rethrows -> R where Lanes.Scalar == Double {
        let entries = Swift.max(entries, 1)
        let adjointBytes = entries * MemoryLayout<Lanes>.stride
        let (raw, bytes) = take(bytes: adjointBytes + entries)
        defer { give(raw, bytes: bytes) }
        let adjoints = raw.bindMemory(to: Lanes.self, capacity: entries)
        adjoints.initialize(repeating: .zero, count: entries)
        let live = (raw + adjointBytes).bindMemory(to: UInt8.self, capacity: entries)
        live.initialize(repeating: 0, count: entries)
        return try body(adjoints, live)
    }
}
