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

// MARK: Recording

extension Tracked {
    /// Applies a unary rule (``LocalRules``) and records one entry; the constant `c`
    /// (operations like `x + c`) is kept in the entry for replay. A constant operand
    /// records nothing and gives a constant.
    @inlinable @inline(__always)
    static func apply(_ operation: Operation, _ x: Tracked, constant c: Value = .zero) -> Tracked {
        let (value, partial) = LocalRules<Value>.unary(operation, x.value, c)
        guard let s = x.storage else { return Tracked(constant: value) }
        let i = s.pointee.appendUnary(operation, x.index, partial, constant: c)
        return Tracked(value, index: i, storage: s)
    }

    /// Applies a binary rule and records one entry. A constant operand is not recorded:
    /// the entry becomes the operation's constant form (``Operation/withConstant(onLeft:)``)
    /// holding the constant; two constants record nothing.
    @inlinable @inline(__always)
    static func apply(_ operation: Operation, _ x: Tracked, _ y: Tracked) -> Tracked {
        let (value, dx, dy) = LocalRules<Value>.binary(operation, x.value, y.value)
        guard let s = x.storage else {
            guard let t = y.storage else { return Tracked(constant: value) }
            let i = t.pointee.appendUnary(operation.withConstant(onLeft: true), y.index, dy, constant: x.value)
            return Tracked(value, index: i, storage: t)
        }
        guard let t = y.storage else {
            let i = s.pointee.appendUnary(operation.withConstant(onLeft: false), x.index, dx, constant: y.value)
            return Tracked(value, index: i, storage: s)
        }
        precondition(s == t, "operands recorded on two different tapes")
        let i = s.pointee.appendBinary(operation, x.index, dx, y.index, dy)
        return Tracked(value, index: i, storage: s)
    }
}
