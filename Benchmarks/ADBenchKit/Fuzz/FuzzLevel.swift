// Which layer `adbench fuzz` draws programs for: scalar programs over ADScalar, or array
// programs over ADTensor.

/// The level of the programs a fuzz campaign draws.
public enum FuzzLevel: String, Sendable, Equatable, CaseIterable {
    /// Straight-line programs over every ``ADScalar`` operation (``runFuzzCommand(count:seed:configuration:)``).
    case scalar
    /// Programs over a register file of arrays (``runArrayFuzzCommand(count:seed:configuration:)``).
    case array

    /// The campaign of this level with default configuration: (count, seed) to the text
    /// to print and the exit status.
    public var campaign: @Sendable (Int, UInt64) -> (report: String, exitCode: Int32) {
        switch self {
        case .scalar: { runFuzzCommand(count: $0, seed: $1) }
        case .array: { runArrayFuzzCommand(count: $0, seed: $1) }
        }
    }
}
