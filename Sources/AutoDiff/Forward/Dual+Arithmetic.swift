// Arithmetic on dual numbers: one rule per operator, beside its primal.

extension Dual {
    /// The additive identity (zero value, zero tangent).
    @inlinable public static var zero: Dual { Dual(constant: .zero) }

    @inlinable @inline(__always) public static func + (lhs: Dual, rhs: Dual) -> Dual {
        Dual(lhs.value + rhs.value, tangent: lhs.tangent + rhs.tangent)
    }

    @inlinable @inline(__always) public static func - (lhs: Dual, rhs: Dual) -> Dual {
        Dual(lhs.value - rhs.value, tangent: lhs.tangent - rhs.tangent)
    }

    @inlinable @inline(__always) public static prefix func - (operand: Dual) -> Dual {
        Dual(-operand.value, tangent: -operand.tangent)
    }

    /// Product rule: (a·b)' = a'·b + a·b'.
    @inlinable @inline(__always) public static func * (lhs: Dual, rhs: Dual) -> Dual {
        Dual(lhs.value * rhs.value, tangent: lhs.tangent * rhs.value + lhs.value * rhs.tangent)
    }

    /// Quotient rule written with the quotient q = a/b: (a/b)' = (a' − q·b') / b.
    /// One division for the value and one for the tangent, instead of the textbook
    /// (a'b − ab')/b², whose b² can overflow where q does not.
    @inlinable public static func / (lhs: Dual, rhs: Dual) -> Dual {
        let q = lhs.value / rhs.value
        if q.primal.isFinite && rhs.value.primal != 0 {
            return Dual(q, tangent: (lhs.tangent - q * rhs.tangent) / rhs.value)
        }
        // y = 0 or an infinite quotient: the partials 1/y and −q/y applied one by one, a
        // zero tangent skipped, as the reverse sweep skips a zero adjoint (no 0·∞ = NaN).
        let r = 1 / rhs.value
        return Dual(q, tangent: scaled(lhs.tangent, r) + scaled(rhs.tangent, -(q * r)))
    }

    @inlinable @inline(__always) public static func += (lhs: inout Dual, rhs: Dual) { lhs = lhs + rhs }
    @inlinable @inline(__always) public static func -= (lhs: inout Dual, rhs: Dual) { lhs = lhs - rhs }
}

// MARK: With a constant: the constant carries no tangent, so no tangent work for it.

extension Dual {
    @inlinable @inline(__always) public static func + (lhs: Dual, rhs: Double) -> Dual {
        Dual(lhs.value + rhs, tangent: lhs.tangent)
    }
    @inlinable @inline(__always) public static func + (lhs: Double, rhs: Dual) -> Dual {
        Dual(lhs + rhs.value, tangent: rhs.tangent)
    }
    @inlinable @inline(__always) public static func - (lhs: Dual, rhs: Double) -> Dual {
        Dual(lhs.value - rhs, tangent: lhs.tangent)
    }
    @inlinable @inline(__always) public static func - (lhs: Double, rhs: Dual) -> Dual {
        Dual(lhs - rhs.value, tangent: -rhs.tangent)
    }
    @inlinable @inline(__always) public static func * (lhs: Dual, rhs: Double) -> Dual {
        Dual(lhs.value * rhs, tangent: lhs.tangent * rhs)
    }
    @inlinable @inline(__always) public static func * (lhs: Double, rhs: Dual) -> Dual {
        Dual(lhs * rhs.value, tangent: lhs * rhs.tangent)
    }
    @inlinable public static func / (lhs: Dual, rhs: Double) -> Dual {
        Dual(lhs.value / rhs, tangent: lhs.tangent / rhs)
    }
    /// c/b: value q = c/b, tangent −q·b'/b.
    @inlinable public static func / (lhs: Double, rhs: Dual) -> Dual {
        let q = lhs / rhs.value
        return Dual(q, tangent: -(q * rhs.tangent) / rhs.value)
    }
}
