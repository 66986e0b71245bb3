// Arithmetic on tracked values: the primal and its local partials, one entry each.

extension Tracked {
    /// The constant zero.
    @inlinable public static var zero: Tracked { Tracked(constant: .zero) }

    /// ∂(x+y) = (1, 1).
    @inlinable @inline(__always) public static func + (lhs: Tracked, rhs: Tracked) -> Tracked {
        record(.add, lhs.value + rhs.value, lhs, 1, rhs, 1)
    }

    /// ∂(x−y) = (1, −1).
    @inlinable @inline(__always) public static func - (lhs: Tracked, rhs: Tracked) -> Tracked {
        record(.subtract, lhs.value - rhs.value, lhs, 1, rhs, -1)
    }

    @inlinable @inline(__always) public static prefix func - (operand: Tracked) -> Tracked {
        record(.negate, -operand.value, operand, -1)
    }

    /// ∂(x·y) = (y, x): the multiply gate swaps its inputs.
    @inlinable @inline(__always) public static func * (lhs: Tracked, rhs: Tracked) -> Tracked {
        record(.multiply, lhs.value * rhs.value, lhs, rhs.value, rhs, lhs.value)
    }

    /// ∂(x/y) = (1/y, −q/y) with q = x/y: one entry, not `x * (1/y)` (two entries and
    /// another rounding of the value).
    @inlinable @inline(__always) public static func / (lhs: Tracked, rhs: Tracked) -> Tracked {
        let q = lhs.value / rhs.value
        let r = 1 / rhs.value
        return record(.divide, q, lhs, r, rhs, -(q * r))
    }

    @inlinable public static func += (lhs: inout Tracked, rhs: Tracked) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Tracked, rhs: Tracked) { lhs = lhs - rhs }
}

// MARK: With a constant: a unary entry, the constant itself is not recorded.

extension Tracked {
    @inlinable @inline(__always) public static func + (lhs: Tracked, rhs: Double) -> Tracked {
        record(.addConstant, lhs.value + rhs, lhs, 1)
    }
    @inlinable @inline(__always) public static func + (lhs: Double, rhs: Tracked) -> Tracked {
        record(.addConstant, lhs + rhs.value, rhs, 1)
    }
    @inlinable @inline(__always) public static func - (lhs: Tracked, rhs: Double) -> Tracked {
        record(.subtractConstant, lhs.value - rhs, lhs, 1)
    }
    @inlinable @inline(__always) public static func - (lhs: Double, rhs: Tracked) -> Tracked {
        record(.subtractFromConstant, lhs - rhs.value, rhs, -1)
    }
    @inlinable @inline(__always) public static func * (lhs: Tracked, rhs: Double) -> Tracked {
        record(.multiplyByConstant, lhs.value * rhs, lhs, Value(rhs))
    }
    @inlinable @inline(__always) public static func * (lhs: Double, rhs: Tracked) -> Tracked {
        record(.multiplyByConstant, lhs * rhs.value, rhs, Value(lhs))
    }
    @inlinable @inline(__always) public static func / (lhs: Tracked, rhs: Double) -> Tracked {
        record(.divideByConstant, lhs.value / rhs, lhs, Value(1 / rhs))
    }
    /// ∂(c/y) = −q/y with q = c/y.
    @inlinable @inline(__always) public static func / (lhs: Double, rhs: Tracked) -> Tracked {
        let q = lhs / rhs.value
        return record(.divideConstantBy, q, rhs, -q / rhs.value)
    }
}
