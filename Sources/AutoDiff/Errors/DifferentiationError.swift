/// Why a driver refused to differentiate: each case names what was expected and what
/// came, and prints as one line.
public enum DifferentiationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The point has the wrong number of entries for the function.
    case inputCount(expected: Int, got: Int)
    /// A JVP direction's length differs from the number of inputs.
    case directionCount(expected: Int, got: Int)
    /// A VJP cotangent's length differs from the number of outputs.
    case cotangentCount(expected: Int, got: Int)
    /// The function returned another number of outputs than it declares.
    case outputCount(expected: Int, got: Int)
    /// The function returned different numbers of outputs on two calls.
    case outputCountChanged(first: Int, then: Int)

    /// One line: what was expected, what came.
    public var description: String {
        switch self {
        case let .inputCount(expected, got):
            "expected \(expected) inputs, got \(got)"
        case let .directionCount(expected, got):
            "expected a direction of \(expected) entries (one per input), got \(got)"
        case let .cotangentCount(expected, got):
            "expected a cotangent of \(expected) entries (one per output), got \(got)"
        case let .outputCount(expected, got):
            "expected \(expected) outputs (the function's outputCount), got \(got)"
        case let .outputCountChanged(first, then):
            "the function returned \(first) outputs on one call and \(then) on another"
        }
    }
}
