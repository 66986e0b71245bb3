/// A dual number `value + tangent·ε` (ε² = 0): forward-mode automatic differentiation.
///
/// Evaluating a function on `Dual` numbers carries, next to each intermediate value,
/// its derivative along one input direction. Seed the inputs with the direction `v`
/// (`Dual(x[i], tangent: v[i])`) and the outputs' tangents are the Jacobian-vector
/// product `J·v`: one pass, no stored graph, cost a small constant times the function.
///
/// `Dual` is itself an ``ADScalar``, so `Dual<Dual<Double>>` carries second
/// derivatives, and `Dual<Tracked<Double>>` runs forward mode on top of a tape.
///
/// Comparisons look at ``value`` only (see ``ADScalar``).
///
/// - Complexity: each operation costs its primal operation plus O(1) tangent work.
@frozen
public struct Dual<Value: ADScalar>: ADScalarDefaultOperators {
    /// The primal value.
    public var value: Value
    /// The directional derivative of ``value`` along the seeded direction.
    public var tangent: Value

    /// A dual number with the given value and tangent.
    @inlinable
    public init(_ value: Value, tangent: Value) {
        self.value = value
        self.tangent = tangent
    }

    /// A constant: the tangent is zero.
    @inlinable
    public init(_ constant: Double) {
        self.init(Value(constant), tangent: .zero)
    }

    /// A constant of the underlying type: the tangent is zero.
    @inlinable
    public init(constant value: Value) {
        self.init(value, tangent: .zero)
    }

    /// The value with every derivative part dropped.
    @inlinable public var primal: Double { value.primal }

    /// True when both value and tangent are exactly zero.
    @inlinable public var isZero: Bool { value.isZero && tangent.isZero }

    /// π, with zero tangent.
    @inlinable public static var pi: Dual { Dual(constant: .pi) }

    /// Renders as `value + tangentε`.
    public var description: String { "\(value) + \(tangent)ε" }
}

extension Dual: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A constant from a floating-point literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    /// A constant from an integer literal.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension Dual: Comparable {
    /// Compares values only; tangents are ignored.
    @inlinable public static func == (lhs: Dual, rhs: Dual) -> Bool { lhs.value == rhs.value }
    /// Orders by value only; tangents are ignored.
    @inlinable public static func < (lhs: Dual, rhs: Dual) -> Bool { lhs.value < rhs.value }
}

extension Dual {
    /// `tangent · partial`, but exactly zero when the tangent is zero.
    ///
    /// Used where the partial can be infinite (sqrt, log, asin at the edge of their
    /// domain): an input that is not being differentiated must contribute 0, not
    /// `0 · inf = NaN`, so forward mode agrees with the reverse sweep (which skips
    /// zero adjoints for the same reason).
    @inlinable @inline(__always)
    static func scaled(_ tangent: Value, _ partial: Value) -> Value {
        tangent.isZero ? .zero : tangent * partial
    }
}
