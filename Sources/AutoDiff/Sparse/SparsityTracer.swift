/// A number that carries, next to its value, the set of inputs it depends on:
/// Jacobian sparsity detection by propagating index sets through one evaluation.
///
/// ``jacobianSparsity(of:at:)`` evaluates the function on tracers whose input `i`
/// carries the set `{i}`; every operation takes the union of its operands' sets,
/// constants have the empty set. The outputs' sets are the rows of the Jacobian's pattern.
///
/// The pattern is structural: an operation counts as a dependency even where its
/// partial happens to be zero (`x * 0.0` still depends on x). Comparisons use the value,
/// so an `if` in the user's function follows the branch taken at the evaluation point:
/// the pattern is that of the branch taken at x. The kinks `relu`, `abs`, `min`, `max`
/// keep the dependency on every operand (the union), so the pattern stays valid on both
/// sides of a kink.
///
/// A tracer is plain data (a value, a slice and a pointer to the evaluation's
/// `IndexSetArena`): sets live back to back in the arena, so copying a tracer or
/// applying a unary function costs nothing extra, and a union is a merge into the arena
/// with no allocation per operation. Tracers are valid only during the evaluation that
/// made them.
///
/// - Complexity: each operation costs its primal plus, for a binary operation on two
///   different sets, a merge of the two sorted sets (O(their sizes)); an accumulating sum
///   `s += term` costs O(term's set) per term.
@frozen
public struct SparsityTracer: StructuralTracer {
    /// The value at the evaluation point.
    public var value: Double
    /// Where this value's index set lives in the arena (empty for a constant).
    @usableFromInline var set: IndexSlice
    /// The evaluation's arena, or nil for a constant.
    @usableFromInline var arena: UnsafeMutablePointer<IndexSetArena>?

    @inlinable
    init(_ value: Double, set: IndexSlice, arena: UnsafeMutablePointer<IndexSetArena>?) {
        self.value = value
        self.set = set
        self.arena = arena
    }

    /// A constant: depends on nothing.
    @inlinable public init(_ constant: Double) { self.init(constant, set: .empty, arena: nil) }

    /// The inputs this value depends on, strictly ascending. (Read it during the
    /// evaluation: the arena is freed when detection returns.)
    public var indices: [Int] {
        guard let arena else { return [] }
        return arena.pointee.indices(set).map { Int($0) }
    }

    /// The value.
    @inlinable public var primal: Double { value }

    /// True for a constant zero only.
    @inlinable public var isZero: Bool { value == 0 && arena == nil }

    /// π as a constant.
    @inlinable public static var pi: SparsityTracer { SparsityTracer(Double.pi) }

    /// The constant zero.
    @inlinable public static var zero: SparsityTracer { SparsityTracer(0) }

    /// Renders the value and its set (`0.5 {0, 3}`).
    public var description: String { "\(value) {\(indices.map(String.init).joined(separator: ", "))}" }

    /// `value` depending on the union of a's and b's sets.
    @inlinable @inline(__always)
    static func combine(_ value: Double, _ a: SparsityTracer, _ b: SparsityTracer) -> SparsityTracer {
        guard let arena = a.arena else { return SparsityTracer(value, set: b.set, arena: b.arena) }
        guard let other = b.arena else { return SparsityTracer(value, set: a.set, arena: arena) }
        precondition(arena == other, "sparsity tracers of two different evaluations combined")
        return SparsityTracer(value, set: arena.pointee.union(a.set, b.set), arena: arena)
    }

}

extension SparsityTracer: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A constant from a floating-point literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    /// A constant from an integer literal.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension SparsityTracer: Comparable {
    /// Compares values only (the branch taken at the evaluation point).
    @inlinable public static func == (lhs: SparsityTracer, rhs: SparsityTracer) -> Bool { lhs.value == rhs.value }
    /// Orders by value only.
    @inlinable public static func < (lhs: SparsityTracer, rhs: SparsityTracer) -> Bool { lhs.value < rhs.value }
}

// MARK: Arithmetic: the union of the operands' sets

extension SparsityTracer {
    @inlinable public static func + (lhs: SparsityTracer, rhs: SparsityTracer) -> SparsityTracer {
        combine(lhs.value + rhs.value, lhs, rhs)
    }
    @inlinable public static func - (lhs: SparsityTracer, rhs: SparsityTracer) -> SparsityTracer {
        combine(lhs.value - rhs.value, lhs, rhs)
    }
    @inlinable public static func * (lhs: SparsityTracer, rhs: SparsityTracer) -> SparsityTracer {
        combine(lhs.value * rhs.value, lhs, rhs)
    }
    @inlinable public static func / (lhs: SparsityTracer, rhs: SparsityTracer) -> SparsityTracer {
        combine(lhs.value / rhs.value, lhs, rhs)
    }
    @inlinable public static prefix func - (operand: SparsityTracer) -> SparsityTracer {
        SparsityTracer(-operand.value, set: operand.set, arena: operand.arena)
    }
    // Arithmetic with a Double constant: ADScalarDefaultOperators' (a constant has no indices).
}

// MARK: Elementary functions (StructuralTracer): every one keeps or unites the sets

extension SparsityTracer {
    /// x's set.
    @inlinable public static func nonlinear(_ value: Double, _ x: SparsityTracer) -> SparsityTracer {
        SparsityTracer(value, set: x.set, arena: x.arena)
    }
    /// The union of x's and y's sets.
    @inlinable public static func nonlinear(_ value: Double, _ x: SparsityTracer, _ y: SparsityTracer) -> SparsityTracer {
        combine(value, x, y)
    }
    /// x's set, on both sides of the kink.
    @inlinable public static func piecewiseLinear(_ value: Double, _ x: SparsityTracer) -> SparsityTracer {
        SparsityTracer(value, set: x.set, arena: x.arena)
    }
    /// The union: valid on both sides of a tie.
    @inlinable public static func piecewiseLinear(_ value: Double, _ x: SparsityTracer, _ y: SparsityTracer) -> SparsityTracer {
        combine(value, x, y)
    }
}
