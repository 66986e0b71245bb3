// Replay: re-evaluate a recording at a new point without running the user's code.

extension TapeStorage where Value == Double {
    /// Re-evaluates every entry in recording order from new input values, writing each
    /// entry's value into `values` and its fresh local partials into the tape, with the
    /// same rules (``LocalRules``) a recording uses, so the result equals a fresh
    /// recording bit for bit wherever control flow is the same.
    ///
    /// - Parameter inputs: one value per `.input` entry, in recording order.
    /// - Returns: the index of the first recorded comparison whose outcome differs at
    ///   the new point, or nil. (Where one differs the user's code would have taken
    ///   another branch: the replayed tape does not describe the function there.)
    /// - Complexity: O(entries + comparisons), no allocation.
    @inlinable
    mutating func replay(inputs: UnsafeBufferPointer<Double>, values: UnsafeMutablePointer<Double>) -> Int? {
        let none = Self.noParent, mask = Self.parentMask
        // Local copies: stores through the partial pointers could alias `self`, so its
        // fields would otherwise be reloaded on every entry.
        let records = self.records
        let count = self.count
        // Cursors as pointers (one register each, not a base and an index).
        var nextInput = inputs.baseAddress ?? UnsafePointer(values)
        var nextSecond = secondPartials, nextConstant = UnsafePointer(constants)
        // The previous entry's value, kept in a register: most operands are the entry
        // just computed, and reading it back from `values` would put a store-to-load
        // round trip (~5 cycles) on the critical path of every dependent entry.
        var previous = 0.0
        @inline(__always) func operand(_ e: UInt32, _ i: Int) -> Double {
            Int(e) == i &- 1 ? previous : values[Int(e)]
        }
        var i = 0
        while i < count {
            let word = records[i].word
            let op = unsafeBitCast(UInt8(truncatingIfNeeded: word >> 26), to: Operation.self)
            let value: Double
            if op == .input {
                value = nextInput.pointee
                nextInput += 1
            } else if records[i].secondParent != none {
                let x = operand(word & mask, i), y = operand(records[i].secondParent, i)
                let second = nextSecond
                nextSecond += 1
                // Arithmetic inline (each case a literal operation, so the rule folds);
                // the rest out of line, keeping the loop's registers for the common case.
                // Linear operations' partials are constants, the same at every point:
                // the recorded ones stay, only the value is recomputed.
                switch op {
                case .add: value = LocalRules<Double>.binary(.add, x, y).value
                case .subtract: value = LocalRules<Double>.binary(.subtract, x, y).value
                default:
                    let r = op == .multiply ? LocalRules<Double>.binary(.multiply, x, y) : Self.replayBinary(op, x, y)
                    value = r.value
                    records[i].partial = r.dx
                    second.pointee = r.dy
                }
            } else {
                let x = operand(word & mask, i)
                // Each constant form reads its constant where it is kept (c · x: in the
                // partial; the others: the next of the tape's constants). Tested in order
                // of how often they occur, as branches that predict well rather than one
                // indirect jump.
                if op == .square {
                    let r = LocalRules<Double>.unary(.square, x, 0)
                    value = r.value
                    records[i].partial = r.partial
                } else if op == .multiplyByConstant {
                    value = LocalRules<Double>.unary(.multiplyByConstant, x, records[i].partial).value
                } else if op.rawValue < Operation.multiplyByConstant.rawValue {
                    // negate, addConstant, subtractConstant, subtractFromConstant (the only
                    // unary operations below c · x in raw value; LayoutTests checks the order)
                    if op == .negate {
                        value = LocalRules<Double>.unary(.negate, x, 0).value
                    } else {
                        let c = nextConstant.pointee
                        nextConstant += 1
                        value = op == .addConstant ? LocalRules<Double>.unary(.addConstant, x, c).value
                            : op == .subtractConstant ? LocalRules<Double>.unary(.subtractConstant, x, c).value
                            : LocalRules<Double>.unary(.subtractFromConstant, x, c).value
                    }
                } else {
                    var c = 0.0
                    if op.hasConstant {
                        c = nextConstant.pointee
                        nextConstant += 1
                    }
                    let r = Self.replayUnary(op, x, c)
                    value = r.value
                    records[i].partial = r.partial
                }
            }
            values[i] = value
            previous = value
            i &+= 1
        }
        return firstFlippedComparison(values: values)
    }

    /// The index of the first recorded comparison whose outcome differs with `values`
    /// (one per entry), or nil.
    /// - Complexity: O(comparisons).
    @inlinable
    func firstFlippedComparison(values: UnsafeMutablePointer<Double>) -> Int? {
        let none = Self.noParent
        for (k, c) in comparisons.enumerated() {
            let a = c.lhs == none ? c.lhsValue : values[Int(c.lhs)]
            let b = c.rhs == none ? c.rhsValue : values[Int(c.rhs)]
            let outcome = c.relation == .less ? a < b : a == b
            if outcome != c.outcome { return k }
        }
        return nil
    }

    /// A binary rule out of line (division, pow, atan2, hypot).
    @usableFromInline @inline(never)
    static func replayBinary(_ op: Operation, _ x: Double, _ y: Double) -> (value: Double, dx: Double, dy: Double) {
        LocalRules<Double>.binary(op, x, y)
    }

    /// A unary rule out of line (the elementary functions and the rarer constant forms).
    @usableFromInline @inline(never)
    static func replayUnary(_ op: Operation, _ x: Double, _ c: Double) -> (value: Double, partial: Double) {
        LocalRules<Double>.unary(op, x, c)
    }
}
