/// How a driver computes derivatives.
public enum DifferentiationMode: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Forward mode (``Dual``): one pass per input; the Jacobian column by column.
    /// Needs no stored graph.
    case forward
    /// Reverse mode (``Tape``): one recording, then one sweep per output; the Jacobian
    /// row by row. Memory grows with the number of operations.
    case reverse
    /// Picks the cheaper of the two: by the function's calibrated ``CostModel`` for
    /// `Double` inputs, else by the shape rule ``resolved(inputs:outputs:)``.
    case auto

    /// The shape rule `.auto` falls back to (inputs of other scalar types): forward when
    /// `inputs <= outputs` (n passes cost no more than m sweeps), reverse otherwise.
    /// `.forward` and `.reverse` resolve to themselves.
    @inlinable
    public func resolved(inputs: Int, outputs: Int) -> DifferentiationMode {
        switch self {
        case .forward, .reverse: self
        case .auto: inputs <= outputs ? .forward : .reverse
        }
    }

    /// The raw name (`forward`, `reverse`, `auto`).
    public var description: String { rawValue }
}
