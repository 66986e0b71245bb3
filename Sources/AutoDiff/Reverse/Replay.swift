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
        let none = Self.noParent
        // Local copies: stores through the partial pointers could alias `self`, so its
        // fields would otherwise be reloaded on every entry.
        let operations = self.operations, lhs = self.lhs, rhs = self.rhs
        let lhsPartials = self.lhsPartials, rhsPartials = self.rhsPartials, count = self.count
        var nextInput = 0
        // The previous entry's value, kept in a register: most operands are the entry
        // just computed, and reading it back from `values` would put a store-to-load
        // round trip (~5 cycles) on the critical path of every dependent entry.
        var previous = 0.0
        @inline(__always) func operand(_ e: UInt32, _ i: Int) -> Double {
            Int(e) == i &- 1 ? previous : values[Int(e)]
        }
        for i in 0..<count {
            let op = operations[i]
            let value: Double
            if op == .input {
                value = inputs[nextInput]
                nextInput += 1
            } else if rhs[i] != none {
                let r = LocalRules<Double>.binary(op, operand(lhs[i], i), operand(rhs[i], i))
                value = r.value
                lhsPartials[i] = r.dx
                rhsPartials[i] = r.dy
            } else {
                let r = LocalRules<Double>.unary(op, operand(lhs[i], i), rhsPartials[i])
                value = r.value
                lhsPartials[i] = r.partial
            }
            values[i] = value
            previous = value
        }
        for (k, c) in comparisons.enumerated() {
            let a = c.lhs == none ? c.lhsValue : values[Int(c.lhs)]
            let b = c.rhs == none ? c.rhsValue : values[Int(c.rhs)]
            let outcome = c.relation == .less ? a < b : a == b
            if outcome != c.outcome { return k }
        }
        return nil
    }

    /// The number of `.input` entries.
    @usableFromInline var inputEntryCount: Int {
        var n = 0
        for i in 0..<count where operations[i] == .input { n += 1 }
        return n
    }
}
