/// One place where a derivative is undefined, infinite or NaN, found in a recording:
/// which operation, where in the recording, and what happened.
public struct Diagnostic: Sendable, Equatable, CustomStringConvertible {
    /// What was found.
    public enum Kind: String, Sendable, Equatable {
        /// A comparison met equal values: relu or abs at 0, a tie in max or min, an
        /// `if x < c` exactly at c. The derivative taken there is a convention.
        case nonDifferentiablePoint
        /// An operation produced NaN or ±inf from finite operands (log of a negative
        /// number or of 0, division by zero, overflow).
        case nonFiniteValue
        /// An operation's local derivative is NaN or ±inf at finite operands (sqrt at 0,
        /// asin at ±1, pow with a non-positive base), so tangents and adjoints through it
        /// are too.
        case nonFiniteDerivative
    }

    /// What was found.
    public let kind: Kind
    /// The operation of the entry concerned (for a comparison, the operation that
    /// produced its recorded operand, if any).
    public let operation: Operation?
    /// The index of the entry in the recording (for a comparison: entries recorded
    /// before it).
    public let entry: Int
    /// A one-line explanation with the values involved.
    public let message: String

    /// `kind at entry i (operation): message`.
    public var description: String {
        "\(kind.rawValue) at entry \(entry)\(operation.map { " (\($0))" } ?? ""): \(message)"
    }
}

/// The diagnostics of one or more differentiations, in the order found.
public struct Diagnostics: Sendable, Equatable, CustomStringConvertible {
    /// Everything found.
    public var items: [Diagnostic] = []

    /// An empty report.
    public init(items: [Diagnostic] = []) { self.items = items }

    /// True when nothing was found.
    public var isEmpty: Bool { items.isEmpty }

    /// One line per item, or "no diagnostics".
    public var description: String {
        items.isEmpty ? "no diagnostics" : items.map(\.description).joined(separator: "\n")
    }
}
