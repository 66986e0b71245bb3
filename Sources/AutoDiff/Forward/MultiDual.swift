/// A dual number with several tangents: chunked forward mode.
///
/// `MultiDual<SIMD8<Double>>` carries one value and 8 directional derivatives, so a
/// forward Jacobian takes ⌈n/8⌉ passes instead of n: the primal work and the partial
/// of each operation are computed once and applied to all lanes (ForwardDiff.jl's
/// "chunk mode"). Lanes are SIMD vectors, so the tangent work vectorises.
///
/// Comparisons look at ``value`` only (see ``ADScalar``).
///
/// - Complexity: each operation costs its primal plus O(lanes) tangent work, in SIMD.
@frozen
public struct MultiDual<Tangents: SIMD>: ADScalarDefaultOperators where Tangents.Scalar == Double {
    /// The primal value.
    public var value: Double
    /// One directional derivative per lane.
    public var tangents: Tangents

    /// A value with the given tangents.
    @inlinable
    public init(_ value: Double, tangents: Tangents) {
        self.value = value
        self.tangents = tangents
    }

    /// A constant: every tangent zero.
    @inlinable
    public init(_ constant: Double) { self.init(constant, tangents: .zero) }

    /// The number of tangent lanes.
    @inlinable public static var lanes: Int { Tangents.scalarCount }

    /// The value.
    @inlinable public var primal: Double { value }

    /// True when the value and every tangent are exactly zero.
    @inlinable public var isZero: Bool { value == 0 && tangents == .zero }

    /// π, with zero tangents.
    @inlinable public static var pi: MultiDual { MultiDual(.pi) }

    /// Renders as `value + [tangents]ε`.
    public var description: String {
        "\(value) + \((0..<Tangents.scalarCount).map { tangents[$0] })ε"
    }

    /// `tangents · partial`, with lanes whose tangent is zero kept exactly zero (an
    /// infinite partial must not turn an unseeded lane into NaN; see ``Dual``).
    @inlinable @inline(__always)
    static func scaled(_ tangents: Tangents, _ partial: Double) -> Tangents {
        if partial.isFinite { return tangents * partial }
        return (tangents * partial).replacing(with: 0, where: tangents .== 0)
    }
}

extension MultiDual: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A constant from a floating-point literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    /// A constant from an integer literal.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension MultiDual: Comparable {
    /// Compares values only.
    @inlinable public static func == (lhs: MultiDual, rhs: MultiDual) -> Bool { lhs.value == rhs.value }
    /// Orders by value only.
    @inlinable public static func < (lhs: MultiDual, rhs: MultiDual) -> Bool { lhs.value < rhs.value }
}

// MARK: Arithmetic

extension MultiDual {
    /// The constant zero.
    @inlinable public static var zero: MultiDual { MultiDual(0) }

    @inlinable @inline(__always) public static func + (lhs: MultiDual, rhs: MultiDual) -> MultiDual {
        MultiDual(lhs.value + rhs.value, tangents: lhs.tangents + rhs.tangents)
    }
    @inlinable @inline(__always) public static func - (lhs: MultiDual, rhs: MultiDual) -> MultiDual {
        MultiDual(lhs.value - rhs.value, tangents: lhs.tangents - rhs.tangents)
    }
    @inlinable public static prefix func - (operand: MultiDual) -> MultiDual {
        MultiDual(-operand.value, tangents: -operand.tangents)
    }
    @inlinable @inline(__always) public static func * (lhs: MultiDual, rhs: MultiDual) -> MultiDual {
        MultiDual(lhs.value * rhs.value, tangents: lhs.tangents * rhs.value + lhs.value * rhs.tangents)
    }
    /// (a/b)' = (a' − q·b') / b with q = a/b.
    @inlinable @inline(__always) public static func / (lhs: MultiDual, rhs: MultiDual) -> MultiDual {
        let q = lhs.value / rhs.value
        if q.isFinite && rhs.value != 0 { return MultiDual(q, tangents: (lhs.tangents - q * rhs.tangents) / rhs.value) }
        // y = 0 or an infinite quotient: each partial applied on its own, zero lanes kept 0.
        let r = 1 / rhs.value
        return MultiDual(q, tangents: scaled(lhs.tangents, r) + scaled(rhs.tangents, -(q * r)))
    }
    @inlinable public static func += (lhs: inout MultiDual, rhs: MultiDual) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout MultiDual, rhs: MultiDual) { lhs = lhs - rhs }

    @inlinable @inline(__always) public static func + (lhs: MultiDual, rhs: Double) -> MultiDual {
        MultiDual(lhs.value + rhs, tangents: lhs.tangents)
    }
    @inlinable @inline(__always) public static func + (lhs: Double, rhs: MultiDual) -> MultiDual {
        MultiDual(lhs + rhs.value, tangents: rhs.tangents)
    }
    @inlinable @inline(__always) public static func - (lhs: MultiDual, rhs: Double) -> MultiDual {
        MultiDual(lhs.value - rhs, tangents: lhs.tangents)
    }
    @inlinable @inline(__always) public static func - (lhs: Double, rhs: MultiDual) -> MultiDual {
        MultiDual(lhs - rhs.value, tangents: -rhs.tangents)
    }
    @inlinable @inline(__always) public static func * (lhs: MultiDual, rhs: Double) -> MultiDual {
        MultiDual(lhs.value * rhs, tangents: lhs.tangents * rhs)
    }
    @inlinable @inline(__always) public static func * (lhs: Double, rhs: MultiDual) -> MultiDual {
        MultiDual(lhs * rhs.value, tangents: lhs * rhs.tangents)
    }
    @inlinable @inline(__always) public static func / (lhs: MultiDual, rhs: Double) -> MultiDual {
        MultiDual(lhs.value / rhs, tangents: lhs.tangents / rhs)
    }
    @inlinable @inline(__always) public static func / (lhs: Double, rhs: MultiDual) -> MultiDual {
        let q = lhs / rhs.value
        return MultiDual(q, tangents: rhs.tangents * (-q / rhs.value))
    }
}
