// A recording's level order: its entries sorted, block by block, by their depth in the
// graph and, within one depth, by operation, so that a replay (``LevelOrderProgram``)
// runs long stretches of one operation (one dispatch per stretch, not per entry) over
// memory it reads and writes in order.

extension TapeStorage where Value == Double {
    /// The entries in level order, block by block: within each block of `blockSize`
    /// consecutive entries, its inputs first (in their order), then every entry after
    /// its parents in the block, by depth in the block, by operation within one depth,
    /// by index within one operation. A topological order, so a tape laid out in it
    /// computes the same values; blocks keep the partials a replay writes back into the
    /// recording within a window that stays in cache (one global order spreads each
    /// run's writes over the whole tape). Nil where that would not make runs of at
    /// least `minimumRun` entries on average (a chain-like recording gains nothing).
    /// - Complexity: O(entries + depths · operations), two arrays of `count` integers.
    func levelOrder(minimumRun: Int = 4, blockSize: Int = 8192) -> [Int32]? {
        let none = Self.noParent, mask = Self.parentMask
        var level = [Int32](repeating: 0, count: count)
        var order = [Int32](repeating: 0, count: count)
        var start = [Int](), byOperation = [Int](repeating: 0, count: 65), slice = [Int32]()
        var runs = 0
        var block = 0
        while block < count {
            let end = Swift.min(block + blockSize, count)
            // Depth in the block: parents before it count as depth 0.
            var deepest: Int32 = 0
            for i in block..<end where !isInput(at: i) {
                let l = Int(records[i].word & mask), r = records[i].secondParent
                var d = l >= block ? level[l] : 0
                if r != none && Int(r) >= block { d = Swift.max(d, level[Int(r)]) }
                level[i] = d + 1
                deepest = Swift.max(deepest, d + 1)
            }
            // Counting sort by depth (stable), then each depth's slice by operation.
            start.removeAll(keepingCapacity: true)
            start.append(contentsOf: repeatElement(0, count: Int(deepest) + 2))
            for i in block..<end { start[Int(level[i]) + 1] += 1 }
            for d in 0...Int(deepest) { start[d + 1] += start[d] }
            var next = start
            for i in block..<end {
                order[block + next[Int(level[i])]] = Int32(i)
                next[Int(level[i])] += 1
            }
            for d in 0...Int(deepest) {
                let range = (block + start[d])..<(block + start[d + 1])
                if range.count <= 1 { runs += range.count; continue }
                for k in 0..<65 { byOperation[k] = 0 }
                for k in range { byOperation[Int(operation(at: Int(order[k])).rawValue) + 1] += 1 }
                for k in 0..<64 {
                    if byOperation[k + 1] > 0 { runs += 1 }
                    byOperation[k + 1] += byOperation[k]
                }
                slice.removeAll(keepingCapacity: true)
                slice.append(contentsOf: order[range])
                for old in slice {
                    let op = Int(operation(at: Int(old)).rawValue)
                    order[range.lowerBound + byOperation[op]] = old
                    byOperation[op] += 1
                }
            }
            block = end
        }
        return runs * minimumRun <= count ? order : nil
    }
}
