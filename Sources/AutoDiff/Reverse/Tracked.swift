/// A number whose operations are recorded on a ``Tape``: reverse-mode automatic
/// differentiation.
///
/// A `Tracked` value is plain data: its ``value``, the index of the tape entry that
/// produced it, and a pointer to the tape's storage (no reference counting, so copying
/// one costs what copying three words costs). Constants (literals, `Tracked(2.0)`) belong
/// to no tape: operations on constants only are not recorded at all.
///
/// Every operation with at least one recorded operand appends one entry holding its
/// parents and its local partial derivatives, computed once at record time from the
/// operands (or from the result where cheaper: tanh, sigmoid, sqrt, exp).
///
/// Combining values of two different live tapes is a programming error and traps.
///
/// - Complexity: each operation is its primal plus O(1) partial work and one append.
@frozen
public struct Tracked<Value: ADScalar>: ADScalarDefaultOperators {
    /// The value computed.
    public let value: Value
    /// The tape entry that produced this value (meaningless for constants).
    @usableFromInline let index: UInt32
    /// The tape's storage, or nil for a constant.
    @usableFromInline let storage: UnsafeMutablePointer<TapeStorage<Value>>?

    @inlinable
    init(_ value: Value, index: UInt32, storage: UnsafeMutablePointer<TapeStorage<Value>>?) {
        self.value = value
        self.index = index
        self.storage = storage
    }

    /// A constant of the underlying type, on no tape.
    @inlinable
    public init(constant value: Value) {
        self.init(value, index: TapeStorage<Value>.noParent, storage: nil)
    }

    /// A constant, on no tape.
    @inlinable
    public init(_ constant: Double) { self.init(constant: Value(constant)) }

    /// Whether this value was recorded (false for constants).
    @inlinable public var isRecorded: Bool { storage != nil }

    /// The index of the entry that produced this value, or nil for a constant.
    @inlinable public var entryIndex: Int? { storage == nil ? nil : Int(index) }

    /// The value with every derivative part dropped.
    @inlinable public var primal: Double { value.primal }

    /// True only for an exact zero constant: a recorded zero still has a derivative.
    @inlinable public var isZero: Bool { storage == nil && value.isZero }

    /// π as a constant.
    @inlinable public static var pi: Tracked { Tracked(constant: .pi) }

    /// Renders the value, and the entry index when recorded (`3.0 @5`).
    public var description: String { storage == nil ? "\(value)" : "\(value) @\(index)" }
}

extension Tracked: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A constant from a floating-point literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    /// A constant from an integer literal.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension Tracked: Comparable {
    /// Compares values only.
    @inlinable public static func == (lhs: Tracked, rhs: Tracked) -> Bool { lhs.value == rhs.value }
    /// Orders by value only.
    @inlinable public static func < (lhs: Tracked, rhs: Tracked) -> Bool { lhs.value < rhs.value }
}

// MARK: Recording

extension Tracked {
    /// Records a unary operation `result = op(x)` with local partial `∂result/∂x`.
    /// A constant operand records nothing and gives a constant.
    @inlinable @inline(__always)
    static func record(_ operation: Operation, _ result: Value, _ x: Tracked, _ partial: Value) -> Tracked {
        guard let s = x.storage else { return Tracked(constant: result) }
        let none = TapeStorage<Value>.noParent
        let i = s.pointee.append(operation, x.index, partial, none, .zero)
        return Tracked(result, index: i, storage: s)
    }

    /// Records a binary operation `result = op(x, y)` with local partials; a constant
    /// operand is dropped (the entry becomes unary), two constants record nothing.
    @inlinable @inline(__always)
    static func record(
        _ operation: Operation, _ result: Value,
        _ x: Tracked, _ xPartial: Value, _ y: Tracked, _ yPartial: Value
    ) -> Tracked {
        guard let s = x.storage else { return record(operation, result, y, yPartial) }
        guard let t = y.storage else { return record(operation, result, x, xPartial) }
        precondition(s == t, "operands recorded on two different tapes")
        let i = s.pointee.append(operation, x.index, xPartial, y.index, yPartial)
        return Tracked(result, index: i, storage: s)
    }
}
