/// One recorded entry of a ``Tape``, for printing the graph and its grad table: what it
/// computed, from which earlier entries, and the local partial derivatives stored at
/// record time (`partials[k] = ∂entry/∂parents[k]`).
public struct TapeEntry<Value: ADScalar> {
    /// The operation recorded.
    public let operation: Operation
    /// The entries it read (none for an input, one for a unary operation or an
    /// operation with a constant operand, two for a binary one).
    public let parents: [Int]
    /// The local partial derivative with respect to each parent, in the same order.
    public let partials: [Value]
}

extension Tape {
    /// The entry at `index` as recorded.
    /// - Precondition: `0 <= index < count`.
    /// - Complexity: O(1) for a unary entry; a binary one finds its second partial by
    ///   counting the binary entries on the nearer side, O(min(index, count − index)).
    ///   Allocates two small arrays (diagnostics, not hot paths).
    public func entry(at index: Int) -> TapeEntry<Value> {
        precondition(index >= 0 && index < count, "entry \(index) is outside the tape (\(count) entries)")
        let s = storage.pointee
        var parents: [Int] = [], partials: [Value] = []
        if let first = s.firstParent(at: index) { parents.append(Int(first)); partials.append(s.records[index].partial) }
        let second = s.records[index].secondParent
        if second != TapeStorage<Value>.noParent {
            parents.append(Int(second))
            partials.append(s.secondPartials[s.secondPartialPosition(before: index)])
        }
        return TapeEntry(operation: s.operation(at: index), parents: parents, partials: partials)
    }
}
