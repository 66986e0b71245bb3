/// How a driver computes derivatives.
public enum DifferentiationMode: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Forward mode (``Dual``): one pass per input; the Jacobian column by column.
    /// Needs no stored graph.
    case forward
    /// Reverse mode (``Tape``): one recording, then one sweep per output; the Jacobian
    /// row by row. Memory grows with the number of operations.
    case reverse
    /// Picks the cheaper of the two from the shape: see ``resolved(inputs:outputs:)``.
    case auto

    /// The concrete mode `.auto` stands for with `inputs` inputs and `outputs` outputs:
    /// forward when `inputs <= outputs` (n passes cost no more than m sweeps), reverse
    /// otherwise. `.forward` and `.reverse` resolve to themselves.
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
