// Scanning a recording for undefined or non-finite derivatives.

extension Tape where Value == Double {
    /// The diagnostics of this recording made at `inputs` (one value per `.input` entry):
    /// the tape is re-evaluated at the same point (`TapeStorage.replay(inputs:values:)`,
    /// which leaves it unchanged) to recover each entry's value, then
    /// - the first entry whose value is NaN or ±inf while its operands are finite,
    /// - the first entry whose local partial is NaN or ±inf at finite operands,
    /// - every comparison that met equal values (kinks and ties),
    /// are reported, each naming its operation and entry.
    /// - Complexity: O(entries + comparisons), one value per entry.
    public func diagnostics(inputs: [Double]) -> Diagnostics {
        let s = storage
        var values = [Double](repeating: 0, count: Swift.max(count, 1))
        let flipped = inputs.withUnsafeBufferPointer { xs in
            values.withUnsafeMutableBufferPointer { s.pointee.replay(inputs: xs, values: $0.baseAddress!) }
        }
        precondition(flipped == nil, "diagnostics must replay the recording at its own point")
        let none = TapeStorage<Double>.noParent
        var items: [Diagnostic] = []
        var valueReported = false, derivativeReported = false
        var nextSecond = 0 // the position of the next binary entry's second partial
        for i in 0..<count {
            let op = s.pointee.operation(at: i)
            let first = s.pointee.firstParent(at: i), second = s.pointee.records[i].secondParent
            var args: [Double] = [], partials: [Double] = []
            if let first { args.append(values[Int(first)]); partials.append(s.pointee.records[i].partial) }
            if second != none {
                args.append(values[Int(second)])
                partials.append(s.pointee.secondPartials[nextSecond])
                nextSecond += 1
            }
            guard op != .input, args.allSatisfy(\.isFinite) else { continue } // not the first cause
            let shown = args.map { "\($0)" }.joined(separator: ", ")
            if !valueReported && !values[i].isFinite {
                items.append(
                    Diagnostic(
                        kind: .nonFiniteValue, operation: op, entry: i,
                        message: "\(op) of \(shown) is \(values[i])"))
                valueReported = true
            }
            if !derivativeReported && values[i].isFinite && !partials.allSatisfy(\.isFinite) {
                items.append(
                    Diagnostic(
                        kind: .nonFiniteDerivative, operation: op, entry: i,
                        message: "the derivative of \(op) at \(shown) is \(partials.map { "\($0)" }.joined(separator: ", "))"))
                derivativeReported = true
            }
        }
        for c in s.pointee.comparisons where c.isTie {
            let operand = c.lhs != none ? Int(c.lhs) : c.rhs != none ? Int(c.rhs) : nil
            let relation = c.relation == .less ? "<" : "=="
            items.append(
                Diagnostic(
                    kind: .nonDifferentiablePoint, operation: operand.map { s.pointee.operation(at: $0) }, entry: c.position,
                    message:
                        "a comparison (\(relation)) met equal values \(c.lhsValue): a kink or tie (relu or abs at 0, max or min of equal arguments); the derivative follows the documented convention"
                ))
        }
        return Diagnostics(items: items)
    }
}
