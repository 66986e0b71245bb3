// A recording laid out again for replay: entries sorted, block by block, by their depth
// in the graph and, within one depth, by operation, so that a replay runs long stretches
// of one operation (one dispatch per stretch, not per entry) over memory it reads and
// writes in order.

/// A stretch of consecutive entries with the same operation.
struct ReplayRun {
    let operation: Operation
    let start: Int
    let end: Int
}

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

    /// Whether an operation's partials are the same at every point (so a replay
    /// rewrites none): inputs and the linear operations.
    static func hasConstantPartials(_ op: Operation) -> Bool {
        switch op {
        case .input, .add, .subtract, .negate, .addConstant, .subtractConstant, .subtractFromConstant,
             .multiplyByConstant: true
        default: false
        }
    }

    /// Appends this tape's entries to the empty `target` in `order` (a topological
    /// order) for ``replay(runs:inputs:values:partialsInto:)``: parents renumbered,
    /// constants copied, comparisons too. Where an entry's partials change with the
    /// point, its partial field holds instead where to write them in this tape: its
    /// index here (low 32 bits) and, if binary, its second partial's position (high
    /// 32); `c · x` keeps its partial, the constant.
    /// - Returns: the new index of every old entry.
    /// - Complexity: O(entries + comparisons).
    func copy(in order: [Int32], into target: inout TapeStorage<Double>) -> [UInt32] {
        let none = Self.noParent, mask = Self.parentMask
        // Where each old entry's second partial and constant are kept.
        var secondAt = [Int32](repeating: -1, count: count), constantAt = [Int32](repeating: -1, count: count)
        var s: Int32 = 0, c: Int32 = 0
        for i in 0..<count {
            if records[i].secondParent != none { secondAt[i] = s; s += 1 }
            if operation(at: i).hasConstant { constantAt[i] = c; c += 1 }
        }
        var newIndex = [UInt32](repeating: none, count: count)
        for old in order.lazy.map(Int.init) {
            let op = operation(at: old), record = records[old]
            let index: UInt32
            if op == .input {
                index = target.appendInput()
            } else if record.secondParent != none {
                index = target.appendBinary(op, newIndex[Int(record.word & mask)], record.partial,
                                            newIndex[Int(record.secondParent)], secondPartials[Int(secondAt[old])])
            } else {
                let constant = constantAt[old] >= 0 ? constants[Int(constantAt[old])] : 0
                index = target.appendUnary(op, newIndex[Int(record.word & mask)], record.partial, constant: constant)
            }
            newIndex[old] = index
            if !Self.hasConstantPartials(op) {
                let second = UInt64(Swift.max(secondAt[old], 0))
                target.records[Int(index)].partial = Double(bitPattern: UInt64(old) | second << 32)
            }
        }
        // Only the replay's check reads the copy's comparisons (diagnostics read the
        // recording's), so each keeps its position in the recording.
        target.comparisons = comparisons.map { c in
            let lhs = c.lhs == none ? none : newIndex[Int(c.lhs)], rhs = c.rhs == none ? none : newIndex[Int(c.rhs)]
            return RecordedComparison(c.relation, lhs, rhs, c.lhsValue, c.rhsValue, outcome: c.outcome, position: c.position)
        }
        return newIndex
    }

    /// The maximal stretches of consecutive entries with one operation.
    /// - Complexity: O(entries).
    func runs() -> [ReplayRun] {
        var runs: [ReplayRun] = []
        var start = 0
        while start < count {
            let op = operation(at: start)
            var end = start + 1
            while end < count && operation(at: end) == op { end += 1 }
            runs.append(ReplayRun(operation: op, start: start, end: end))
            start = end
        }
        return runs
    }
}

extension TapeStorage where Value == Double {
    /// ``replay(inputs:values:)`` of the tape this one is a level-order copy of, one run
    /// at a time: one dispatch per run, then a loop of one operation with no test per
    /// entry (each a literal operation, so its rule folds). Values (in this tape's
    /// numbering) come from the same rules on the same operands as a replay of the
    /// original; the partials that change are written into the original at its own
    /// positions, so its sweeps give the same results bit for bit.
    /// - Parameters:
    ///   - runs: this tape's ``runs()``.
    ///   - original: the tape this one copies (``copy(in:into:)`` says where each
    ///     entry's partials go there).
    /// - Returns: the index of the first comparison whose outcome differs, or nil.
    /// - Complexity: O(entries + runs + comparisons), no allocation.
    func replay(runs: [ReplayRun], inputs: UnsafeBufferPointer<Double>, values: UnsafeMutablePointer<Double>,
                partialsInto original: UnsafeMutablePointer<TapeStorage<Double>>) -> Int? {
        let mask = Self.parentMask
        let records = self.records
        let originalRecords = original.pointee.records, originalSeconds = original.pointee.secondPartials
        var nextInput = inputs.baseAddress ?? UnsafePointer(values)
        var nextConstant = UnsafePointer(constants)
        @inline(__always) func first(_ k: Int) -> Double { values[Int(records[k].word & mask)] }
        @inline(__always) func second(_ k: Int) -> Double { values[Int(records[k].secondParent)] }
        // Linear operations' partials are the same at every point: only values change.
        @inline(__always) func linear(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end { values[k] = LocalRules<Double>.binary(op, first(k), second(k)).value }
        }
        @inline(__always) func store(_ k: Int, _ dx: Double, _ dy: Double) {
            let at = records[k].partial.bitPattern
            originalRecords[Int(truncatingIfNeeded: at & 0xffff_ffff)].partial = dx
            originalSeconds[Int(truncatingIfNeeded: at >> 32)] = dy
        }
        @inline(__always) func store(_ k: Int, _ partial: Double) {
            originalRecords[Int(truncatingIfNeeded: records[k].partial.bitPattern & 0xffff_ffff)].partial = partial
        }
        @inline(__always) func binary(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end {
                let r = LocalRules<Double>.binary(op, first(k), second(k))
                values[k] = r.value
                store(k, r.dx, r.dy)
            }
        }
        @inline(__always) func unary(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end {
                let r = LocalRules<Double>.unary(op, first(k), 0)
                values[k] = r.value
                store(k, r.partial)
            }
        }
        @inline(__always) func withConstant(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end {
                values[k] = LocalRules<Double>.unary(op, first(k), nextConstant.pointee).value
                nextConstant += 1
            }
        }
        for run in runs {
            switch run.operation {
            case .input:
                for k in run.start..<run.end { values[k] = nextInput.pointee; nextInput += 1 }
            case .add: linear(run, .add)
            case .subtract: linear(run, .subtract)
            case .multiply: binary(run, .multiply)
            case .square: unary(run, .square)
            case .multiplyByConstant:  // the constant is the partial
                for k in run.start..<run.end { values[k] = first(k) * records[k].partial }
            case .negate:
                for k in run.start..<run.end { values[k] = LocalRules<Double>.unary(.negate, first(k), 0).value }
            case .addConstant: withConstant(run, .addConstant)
            case .subtractConstant: withConstant(run, .subtractConstant)
            case .subtractFromConstant: withConstant(run, .subtractFromConstant)
            case .exp: unary(run, .exp)
            case .tanh: unary(run, .tanh)
            case let op:
                for k in run.start..<run.end {
                    if records[k].secondParent != Self.noParent {
                        let r = Self.replayBinary(op, first(k), second(k))
                        values[k] = r.value
                        store(k, r.dx, r.dy)
                    } else {
                        var c = 0.0
                        if op.hasConstant {
                            c = nextConstant.pointee
                            nextConstant += 1
                        }
                        let r = Self.replayUnary(op, first(k), c)
                        values[k] = r.value
                        store(k, r.partial)
                    }
                }
            }
        }
        return firstFlippedComparison(values: values)
    }
}
