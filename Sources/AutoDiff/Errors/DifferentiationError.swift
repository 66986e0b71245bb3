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
    /// A recording would need more memory than ``TapeBudget/maximumBytes`` allows, or
    /// more entries than a tape holds (``Tape/maximumEntries``, 2^26 − 1: entry indices
    /// are 26 bits); `maximumBytes` is the smaller limit in bytes.
    case tapeBudgetExceeded(maximumBytes: Int)
    /// Replaying a recording at a new point would take another branch: comparison
    /// `index` (0-based, of `count` recorded) comes out differently there.
    case branchChanged(comparison: Int, of: Int)
    /// Inside `withDiagnostics(throwing: true)`: a derivative is undefined, infinite or
    /// NaN; the text names the operation and the entry (see ``Diagnostic``).
    case undefinedDerivative(String)
    /// An array operation inside the function got operands whose shapes do not fit
    /// (``ShapeMismatch`` names the operation and the shapes).
    case shapeMismatch(ShapeMismatch)
    /// A checkpointed gradient got a schedule or loop it cannot run (a binomial
    /// schedule without snapshots, a periodic one of interval 0, a negative step count);
    /// the text says which.
    case invalidSchedule(String)
    /// A user's derivative rule (``TensorRule``, ``CustomDerivativeRule``) cannot serve the mode asked of it: the
    /// rule a mode needs is missing and cannot be derived from the other; the text names
    /// the rule, the mode and what is missing.
    case missingRule(String)
    /// A linear solve met a matrix that is singular to working precision (a pivot of
    /// partial pivoting at or below n·ε times the largest entry); the text names the
    /// operation, the shape and the pivot.
    case singularMatrix(String)
    /// An iterative solve (Newton's method for ``root(of:guess:parameters:options:)``)
    /// did not reach its tolerance; the text names the iterations and the residual.
    case notConverged(String)

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
        case let .tapeBudgetExceeded(maximumBytes):
            "the recording needs more than \(maximumBytes) bytes of tape (TapeBudget.maximumBytes, or \(Tape<Double>.maximumEntries) entries, the most a tape holds)"
        case let .branchChanged(index, count):
            "replay at the new point would branch differently (comparison \(index + 1) of \(count) flips); record afresh"
        case let .undefinedDerivative(what):
            "undefined derivative: \(what)"
        case let .shapeMismatch(mismatch):
            mismatch.description
        case let .invalidSchedule(what):
            what
        case let .missingRule(what), let .singularMatrix(what), let .notConverged(what):
            what
        }
    }
}
