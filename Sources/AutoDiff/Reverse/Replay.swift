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
        var nextInput = 0
        for i in 0..<count {
            let op = operations[i]
            if op == .input {
                values[i] = inputs[nextInput]
                nextInput += 1
            } else if rhs[i] != none {
                let r = LocalRules<Double>.binary(op, values[Int(lhs[i])], values[Int(rhs[i])])
                values[i] = r.value
                lhsPartials[i] = r.dx
                rhsPartials[i] = r.dy
            } else {
                let r = LocalRules<Double>.unary(op, values[Int(lhs[i])], rhsPartials[i])
                values[i] = r.value
                lhsPartials[i] = r.partial
            }
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
