// A recording laid out again for replay: entries sorted by their depth in the graph and,
// within one depth, by operation, so that a replay runs long stretches of one operation
// (one dispatch per stretch, not per entry) over memory it reads and writes in order.

/// A stretch of consecutive entries with the same operation.
@usableFromInline
struct ReplayRun: Sendable {
    @usableFromInline let operation: Operation
    @usableFromInline let start: Int
    @usableFromInline let end: Int
}

extension TapeStorage where Value == Double {
    /// The entries in level order (inputs first, in their order; then every entry after
    /// all of its parents, by depth, by operation within one depth, by index within
    /// one operation): a topological order, so a tape laid out in it computes the same
    /// values. Nil where that would not make runs of at least `minimumRun` entries on
    /// average (a chain-like recording gains nothing from it).
    /// - Complexity: O(entries + depth · operations), two arrays of `count` integers.
    func levelOrder(minimumRun: Int = 4) -> [Int32]? {
        let none = Self.noParent, mask = Self.parentMask
        var level = [Int32](repeating: 0, count: count)
        var deepest: Int32 = 0
        for i in 0..<count where !isInput(at: i) {
            var l = level[Int(records[i].word & mask)]
            let r = records[i].secondParent
            if r != none { l = Swift.max(l, level[Int(r)]) }
            level[i] = l + 1
            deepest = Swift.max(deepest, l + 1)
        }
        // Counting sort by level (stable), then each level's slice by operation.
        var start = [Int](repeating: 0, count: Int(deepest) + 2)
        for l in level { start[Int(l) + 1] += 1 }
        for l in 0...Int(deepest) { start[l + 1] += start[l] }
        var order = [Int32](repeating: 0, count: count)
        var next = start
        for i in 0..<count {
            order[next[Int(level[i])]] = Int32(i)
            next[Int(level[i])] += 1
        }
        var byOperation = [Int](repeating: 0, count: 65), slice = [Int32]()
        var runs = 0
        for l in 0...Int(deepest) {
            let range = start[l]..<start[l + 1]
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
        return runs * minimumRun <= count ? order : nil
    }

    /// Appends this tape's entries to the empty `target` in `order` (a topological
    /// order), parents renumbered, partials and constants copied; comparisons too.
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
        }
        target.comparisons = comparisons.map { c in
            let lhs = c.lhs == none ? none : newIndex[Int(c.lhs)], rhs = c.rhs == none ? none : newIndex[Int(c.rhs)]
            let position = Int(Swift.max(lhs == none ? 0 : lhs + 1, rhs == none ? 0 : rhs + 1))
            return RecordedComparison(c.relation, lhs, rhs, c.lhsValue, c.rhsValue, outcome: c.outcome, position: position)
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
    /// ``replay(inputs:values:)`` one run at a time: one dispatch per run, then a loop
    /// of one operation with no test per entry (each a literal operation, so its rule
    /// folds). The same rules in the same entry order: the same values and partials.
    /// - Parameter runs: this tape's ``runs()``.
    /// - Returns: the index of the first comparison whose outcome differs, or nil.
    /// - Complexity: O(entries + runs + comparisons), no allocation.
    mutating func replay(runs: [ReplayRun], inputs: UnsafeBufferPointer<Double>,
                         values: UnsafeMutablePointer<Double>) -> Int? {
        let mask = Self.parentMask
        let records = self.records
        var nextInput = inputs.baseAddress ?? UnsafePointer(values)
        var nextSecond = secondPartials, nextConstant = UnsafePointer(constants)
        @inline(__always) func first(_ k: Int) -> Double { values[Int(records[k].word & mask)] }
        @inline(__always) func second(_ k: Int) -> Double { values[Int(records[k].secondParent)] }
        // Linear operations' partials are the same at every point: only values change.
        @inline(__always) func linear(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end { values[k] = LocalRules<Double>.binary(op, first(k), second(k)).value }
            nextSecond += run.end - run.start
        }
        @inline(__always) func binary(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end {
                let r = LocalRules<Double>.binary(op, first(k), second(k))
                values[k] = r.value
                records[k].partial = r.dx
                nextSecond.pointee = r.dy
                nextSecond += 1
            }
        }
        @inline(__always) func unary(_ run: ReplayRun, _ op: Operation) {
            for k in run.start..<run.end {
                let r = LocalRules<Double>.unary(op, first(k), 0)
                values[k] = r.value
                records[k].partial = r.partial
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
                        records[k].partial = r.dx
                        nextSecond.pointee = r.dy
                        nextSecond += 1
                    } else {
                        var c = 0.0
                        if op.hasConstant {
                            c = nextConstant.pointee
                            nextConstant += 1
                        }
                        let r = Self.replayUnary(op, first(k), c)
                        values[k] = r.value
                        records[k].partial = r.partial
                    }
                }
            }
        }
        return firstFlippedComparison(values: values)
    }
}
