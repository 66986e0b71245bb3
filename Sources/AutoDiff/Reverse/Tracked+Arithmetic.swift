// Arithmetic on tracked values: one entry each; the rules live in LocalRules.

extension Tracked {
    /// The constant zero.
    @inlinable public static var zero: Tracked { Tracked(constant: .zero) }

    /// ∂(x+y) = (1, 1): the add gate passes the gradient to both inputs.
    @inlinable @inline(__always) public static func + (lhs: Tracked, rhs: Tracked) -> Tracked {
        apply(.add, lhs, rhs)
    }
    /// ∂(x−y) = (1, −1).
    @inlinable @inline(__always) public static func - (lhs: Tracked, rhs: Tracked) -> Tracked {
        apply(.subtract, lhs, rhs)
    }
    @inlinable @inline(__always) public static prefix func - (operand: Tracked) -> Tracked {
        apply(.negate, operand)
    }
    /// ∂(x·y) = (y, x): the multiply gate swaps its inputs.
    @inlinable @inline(__always) public static func * (lhs: Tracked, rhs: Tracked) -> Tracked {
        apply(.multiply, lhs, rhs)
    }
    /// ∂(x/y) = (1/y, −q/y) with q = x/y: one entry, not `x * (1/y)` (two entries and
    /// another rounding of the value).
    @inlinable @inline(__always) public static func / (lhs: Tracked, rhs: Tracked) -> Tracked {
        apply(.divide, lhs, rhs)
    }
    @inlinable @inline(__always) public static func += (lhs: inout Tracked, rhs: Tracked) { lhs = lhs + rhs }
    @inlinable @inline(__always) public static func -= (lhs: inout Tracked, rhs: Tracked) { lhs = lhs - rhs }
}

// MARK: With a constant: one unary entry holding the constant.

extension Tracked {
    @inlinable @inline(__always) public static func + (lhs: Tracked, rhs: Double) -> Tracked {
        apply(.addConstant, lhs, constant: Value(rhs))
    }
    @inlinable @inline(__always) public static func + (lhs: Double, rhs: Tracked) -> Tracked {
        apply(.addConstant, rhs, constant: Value(lhs))
    }
    @inlinable @inline(__always) public static func - (lhs: Tracked, rhs: Double) -> Tracked {
        apply(.subtractConstant, lhs, constant: Value(rhs))
    }
    @inlinable @inline(__always) public static func - (lhs: Double, rhs: Tracked) -> Tracked {
        apply(.subtractFromConstant, rhs, constant: Value(lhs))
    }
    @inlinable @inline(__always) public static func * (lhs: Tracked, rhs: Double) -> Tracked {
        apply(.multiplyByConstant, lhs, constant: Value(rhs))
    }
    @inlinable @inline(__always) public static func * (lhs: Double, rhs: Tracked) -> Tracked {
        apply(.multiplyByConstant, rhs, constant: Value(lhs))
    }
    @inlinable @inline(__always) public static func / (lhs: Tracked, rhs: Double) -> Tracked {
        apply(.divideByConstant, lhs, constant: Value(rhs))
    }
    /// ∂(c/y) = −q/y with q = c/y.
    @inlinable @inline(__always) public static func / (lhs: Double, rhs: Tracked) -> Tracked {
        apply(.divideConstantBy, rhs, constant: Value(lhs))
    }
}
