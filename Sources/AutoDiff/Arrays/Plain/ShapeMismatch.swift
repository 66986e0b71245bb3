/// An array operation given operands whose shapes do not fit: names the operation, the
/// shapes and what differs, in one line.
///
/// ```
/// matmul: [32, 64] · [10, 64]: inner dimensions 64 and 10 differ
/// ```
/// Inside a driver (``gradient(of:at:)`` and the others) it is thrown as
/// ``DifferentiationError/shapeMismatch(_:)``; on plain ``Tensor`` values outside the
/// drivers the operation stops the program with the same message (a precondition).
public struct ShapeMismatch: Error, Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The operation, as written in Swift (`matmul`, `+`, `reshaped(to:)`, ...).
    public let operation: String
    /// The shapes involved, in argument order.
    public let shapes: [[Int]]
    /// What does not fit.
    public let reason: String

    /// A mismatch in `operation` on operands of `shapes`.
    public init(operation: String, shapes: [[Int]], reason: String) {
        self.operation = operation
        self.shapes = shapes
        self.reason = reason
    }

    /// `operation: [a] · [b]: reason`.
    public var description: String {
        let joined = shapes.map { "\($0)" }.joined(separator: operation == "matmul" ? " · " : ", ")
        return "\(operation): \(joined): \(reason)"
    }
}

/// Where a driver collects the first shape mismatch of the function it runs, so that it
/// can throw it instead of stopping the program.
///
/// An operation that finds a mismatch calls ``report(_:placeholder:)``: inside a driver it
/// records the mismatch and returns a placeholder (NaN) of a plausible shape, so the
/// function runs to its end and the driver throws; outside, it is a precondition failure.
/// The check costs nothing on the path where shapes fit.
@usableFromInline
final class ShapeMismatchSink: @unchecked Sendable {
    /// The sink of the driver call in progress (a task-local value, no global state).
    @usableFromInline static let currentSink = TaskLocal<ShapeMismatchSink?>(wrappedValue: nil)
    /// The sink of the driver call in progress, if any.
    static var current: ShapeMismatchSink? { currentSink.get() }

    /// The first shape mismatch recorded.
    @usableFromInline var first: ShapeMismatch?
    /// The first failure of any kind recorded (a shape mismatch, a missing derivative
    /// rule, a singular matrix): what the driver throws.
    @usableFromInline var firstError: DifferentiationError?

    @usableFromInline init() {}

    /// Runs `body` with a fresh sink and throws the first failure it recorded. Inlinable,
    /// so `body` (the user's function on array values) stays specialized.
    @inlinable
    static func collecting<R>(_ body: () throws -> R) throws -> R {
        let sink = ShapeMismatchSink()
        let result = try currentSink.withValue(sink) { try body() }
        if let error = sink.firstError { throw error }
        return result
    }

    /// Reports `mismatch`: inside a driver, recorded (the first one wins) and
    /// `placeholder()` returned; elsewhere the program stops with its message.
    @usableFromInline
    static func report<T>(_ mismatch: ShapeMismatch, placeholder: () -> T) -> T {
        guard let sink = current else { preconditionFailure(mismatch.description) }
        if sink.first == nil { sink.first = mismatch }
        if sink.firstError == nil { sink.firstError = .shapeMismatch(mismatch) }
        return placeholder()
    }

    /// Reports a failure that is not a shape mismatch (a missing derivative rule, a
    /// singular matrix) the same way: inside a driver, recorded and `placeholder()`
    /// returned; elsewhere the program stops with its message.
    @usableFromInline
    static func report<T>(_ error: DifferentiationError, placeholder: () -> T) -> T {
        guard let sink = current else { preconditionFailure(error.description) }
        if sink.firstError == nil { sink.firstError = error }
        return placeholder()
    }

    /// Whether a failure has been recorded in the current driver call.
    @usableFromInline
    static var hasFailed: Bool { current?.firstError != nil }
}
