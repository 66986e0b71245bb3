// Reading a recording back: which operation each entry holds, its shape and parents, for
// printing and for drawing the recording as a graph of array operations.

/// One recorded array operation.
public struct TensorTapeEntry: Equatable, Sendable {
    /// The operation (`input`, `matmul`, `relu`, `+`, `sum`, ...).
    public let operation: String
    /// The shape of its result.
    public let shape: [Int]
    /// The entries of its operands; constants are not entries and do not appear.
    public let parents: [Int]
    /// Bytes of local derivatives the entry saved for its reverse rule.
    public let savedBytes: Int
}

extension TensorTape {
    /// Entry `index` of the recording.
    /// - Precondition: `0 <= index < count`.
    public func entry(at index: Int) -> TensorTapeEntry {
        precondition(index >= 0 && index < count, "entry \(index) is outside the tape (\(count) entries)")
        let e = entries[index]
        return TensorTapeEntry(
            operation: e.operation, shape: e.shape, parents: e.parents.filter { $0 >= 0 },
            savedBytes: e.savedBytes)
    }
}
