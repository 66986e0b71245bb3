// Replay: re-evaluate a recording at a new point without running the user's code.

extension TapeStorage where Value == Double {
    /// Re-evaluates every entry in recording order from new input values, writing each
    /// entry's value into `values` and its fresh local partials into the tape, with the
    /// same rules (``LocalRules``) a recording uses, so the result equals a fresh
    /// recording bit for bit wherever control flow is the same.
    ///
    /// One jump per entry, to its operation's case (``Operation/visit(with:)``), where the
    /// operation's row of the table says what to do (read one operand or two, a constant
    /// and from where, rewrite the partials or keep them) and its rule is inlined: every
    /// test on the operation folds, and no operation is named here.
    ///
    /// - Parameter inputs: one value per `.input` entry, in recording order.
    /// - Returns: the index of the first recorded comparison whose outcome differs at
    ///   the new point, or nil. (Where one differs the user's code would have taken
    ///   another branch: the replayed tape does not describe the function there.)
    /// - Complexity: O(entries + comparisons), no allocation.
    mutating func replay(inputs: UnsafeBufferPointer<Double>, values: UnsafeMutablePointer<Double>) -> Int? {
        var step = RecordingOrderStep(
            records: records, values: values, nextInput: inputs.baseAddress ?? UnsafePointer(values),
            nextSecond: secondPartials, nextConstant: UnsafePointer(constants))
        let count = self.count
        var localRule = 0
        while step.i < count {
            step.word = step.records[step.i].word
            let op = Self.operation(of: step.word)
            if _slowPath(op.properties.isLocal) {
                replayLocalGroup(&step, rule: localRule)
                localRule &+= 1
                continue
            }
            let value = op.visit(with: &step)
            values[step.i] = value
            step.previous = value
            step.i &+= 1
        }
        return comparisons.firstFlipped(values: values)
    }
}

extension TapeStorage where Value == Double {
    /// Replays the group of local-partial entries that starts at `step.i` (see
    /// `Tape+Local.swift`): its sub-function or rule re-evaluated at the arguments' new
    /// values (constant arguments as recorded), the value written to every entry of the
    /// group and the k partials into the group's slots.
    /// - Precondition: the recording kept its rules (``RecordedFunction`` records so).
    func replayLocalGroup(_ step: inout RecordingOrderStep, rule k: Int) {
        precondition(
            k < localRules.count && localRules[k].entry == step.i,
            "a recording with preaccumulated or custom-rule entries replays only if made for replay (RecordedFunction)")
        let rule = localRules[k], none = Self.noParent
        var x = rule.arguments
        for j in 0..<x.count where rule.parents[j] != none { x[j] = step.values[Int(rule.parents[j])] }
        let (value, gradient) = rule.evaluate(x)
        var recorded = 0
        for j in 0..<x.count where rule.parents[j] != none {
            if recorded == 0 {
                step.records[step.i].partial = gradient[j]
            } else {
                step.nextSecond.pointee = gradient[j]
                step.nextSecond += 1
            }
            recorded += 1
        }
        let n = Swift.max(1, recorded - 1)
        for e in step.i..<(step.i + n) { step.values[e] = value }
        step.previous = value
        step.i &+= n
    }
}

/// The state of a replay in recording order and its step for entry `i` (whose word is
/// `word`): the entry's value from its operands, its partials rewritten in place.
struct RecordingOrderStep: OperationVisitor {
    // Local copies and cursors as pointers (one register each, not a base and an index):
    // stores through the partial pointers could alias a tape's fields, which would then
    // be reloaded on every entry.
    let records: UnsafeMutablePointer<TapeRecord<Double>>
    let values: UnsafeMutablePointer<Double>
    var nextInput: UnsafePointer<Double>
    var nextSecond: UnsafeMutablePointer<Double>
    var nextConstant: UnsafePointer<Double>
    /// The previous entry's value, kept in a register: most operands are the entry just
    /// computed, and reading it back from `values` would put a store-to-load round trip
    /// (~5 cycles) on the critical path of every dependent entry.
    var previous = 0.0
    var i = 0
    var word: UInt32 = 0

    @inline(__always)
    func operand(_ e: UInt32) -> Double {
        Int(e) == i &- 1 ? previous : values[Int(e)]
    }

    /// Entry `i` as its row of the table says, with its rule inlined.
    @inline(__always)
    mutating func visit(_ op: Operation) -> Double {
        let row = op.properties
        switch row.arity {
        case .none:
            defer { nextInput += 1 }
            return nextInput.pointee
        case .binary:
            let r = LocalRules<Double>.binary(
                op, operand(word & TapeStorage<Double>.parentMask),
                operand(records[i].secondParent))
            if !row.partialsAreConstant {
                records[i].partial = r.dx
                nextSecond.pointee = r.dy
            }
            nextSecond += 1
            return r.value
        case .unary:
            var c = 0.0
            switch row.constant {
            case .none: break
            case .kept:
                c = nextConstant.pointee
                nextConstant += 1
            case .isThePartial: c = records[i].partial
            }
            let r = LocalRules<Double>.unary(op, operand(word & TapeStorage<Double>.parentMask), c)
            if !row.partialsAreConstant { records[i].partial = r.partial }
            return r.value
        }
    }
}

extension Array {
    /// The index of the first of these recorded comparisons whose outcome differs with
    /// `values` (one per entry, indexed as the comparisons' operands), or nil.
    /// - Complexity: O(comparisons).
    func firstFlipped(values: UnsafeMutablePointer<Double>) -> Int? where Element == RecordedComparison<Double> {
        let none = TapeStorage<Double>.noParent
        for (k, c) in enumerated() {
            let a = c.lhs == none ? c.lhsValue : values[Int(c.lhs)]
            let b = c.rhs == none ? c.rhsValue : values[Int(c.rhs)]
            let outcome = c.relation == .less ? a < b : a == b
            if outcome != c.outcome { return k }
        }
        return nil
    }
}
