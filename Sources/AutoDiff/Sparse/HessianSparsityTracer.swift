/// A number that carries its value, the inputs it depends on, and the pairs of inputs
/// that interact nonlinearly in it: Hessian sparsity detection in one evaluation.
///
/// With `g` the dependency set and `h` the set of pairs {i, j} (packed, see
/// ``hessianPairs``), the rules are the second-order chain rule read structurally:
/// - linear operations (`±`, negation, scaling by a constant) unite `g` and `h`;
/// - a product `x·y` adds every pair between `g_x` and `g_y` (the mixed term);
/// - a nonlinear unary function (exp, sin, square, c / x, …) adds every pair within `g_x`;
/// - `x / y` adds the pairs `g_x × g_y` and `g_y × g_y`; `pow`, `atan2`, `hypot` add all
///   pairs within `g_x ∪ g_y`;
/// - the piecewise-linear `relu`, `abs`, `min`, `max` add none (their second derivative
///   is zero wherever it exists) and keep every operand's dependencies.
///
/// Comparisons use the value, so an `if` follows the branch taken at the evaluation
/// point. The result is conservative: a pair can be reported whose second derivative
/// cancels numerically, never the reverse on the branch taken.
///
/// - Complexity: a merge of sorted sets per operation; a product of two dense
///   dependency sets costs their sizes' product (a dense Hessian is n² pairs).
public struct HessianSparsityTracer: StructuralTracer {
    /// The value at the evaluation point.
    public var value: Double
    /// The inputs this value depends on, strictly ascending.
    public var indices: [Int]
    /// The input pairs {i, j} (i <= j) with a possibly nonzero ∂²/∂x_i∂x_j, packed
    /// `i << 32 | j`, strictly ascending.
    public var hessianPairs: [UInt64]

    /// A value with the given dependency set and Hessian pairs.
    @inlinable
    public init(_ value: Double, indices: [Int], hessianPairs: [UInt64]) {
        self.value = value
        self.indices = indices
        self.hessianPairs = hessianPairs
    }

    /// Input `index`: depends on itself, no Hessian pairs (it is linear in itself).
    @inlinable
    public static func input(_ value: Double, index: Int) -> HessianSparsityTracer {
        HessianSparsityTracer(value, indices: [index], hessianPairs: [])
    }

    /// A constant.
    @inlinable public init(_ constant: Double) { self.init(constant, indices: [], hessianPairs: []) }
    /// The value.
    @inlinable public var primal: Double { value }
    /// True for a constant zero only.
    @inlinable public var isZero: Bool { value == 0 && indices.isEmpty }
    /// π as a constant.
    @inlinable public static var pi: HessianSparsityTracer { HessianSparsityTracer(Double.pi) }
    /// The constant zero.
    @inlinable public static var zero: HessianSparsityTracer { HessianSparsityTracer(0) }
    /// The value, its dependency count and its pair count.
    public var description: String { "\(value) (\(indices.count) inputs, \(hessianPairs.count) pairs)" }

    /// Linear in both operands.
    @inlinable @inline(__always)
    static func linear(_ v: Double, _ a: Self, _ b: Self) -> Self {
        Self(
            v, indices: sortedUnion(a.indices, b.indices),
            hessianPairs: sortedUnion(a.hessianPairs, b.hessianPairs))
    }

    /// Linear in the one operand.
    @inlinable @inline(__always)
    static func linear(_ v: Double, _ a: Self) -> Self {
        Self(v, indices: a.indices, hessianPairs: a.hessianPairs)
    }
}

extension HessianSparsityTracer: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
    /// A constant from a floating-point literal.
    @inlinable public init(floatLiteral value: Double) { self.init(value) }
    /// A constant from an integer literal.
    @inlinable public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension HessianSparsityTracer: Comparable {
    /// Compares values only (the branch taken at the evaluation point).
    @inlinable public static func == (lhs: Self, rhs: Self) -> Bool { lhs.value == rhs.value }
    /// Orders by value only.
    @inlinable public static func < (lhs: Self, rhs: Self) -> Bool { lhs.value < rhs.value }
}

// MARK: Arithmetic

extension HessianSparsityTracer {
    @inlinable public static func + (lhs: Self, rhs: Self) -> Self { linear(lhs.value + rhs.value, lhs, rhs) }
    @inlinable public static func - (lhs: Self, rhs: Self) -> Self { linear(lhs.value - rhs.value, lhs, rhs) }
    @inlinable public static prefix func - (operand: Self) -> Self { linear(-operand.value, operand) }
    /// In place: an accumulating sum costs O(new entries) per term, not O(set size).
    @inlinable public static func += (lhs: inout Self, rhs: Self) {
        lhs.value += rhs.value
        formSortedUnion(&lhs.indices, rhs.indices)
        formSortedUnion(&lhs.hessianPairs, rhs.hessianPairs)
    }
    /// In place, as `+=`.
    @inlinable public static func -= (lhs: inout Self, rhs: Self) {
        lhs.value -= rhs.value
        formSortedUnion(&lhs.indices, rhs.indices)
        formSortedUnion(&lhs.hessianPairs, rhs.hessianPairs)
    }
    /// Adds the mixed pairs g_x × g_y.
    @inlinable public static func * (lhs: Self, rhs: Self) -> Self {
        Self(
            lhs.value * rhs.value, indices: sortedUnion(lhs.indices, rhs.indices),
            hessianPairs: sortedUnion(
                sortedUnion(lhs.hessianPairs, rhs.hessianPairs),
                sortedPairs(lhs.indices, rhs.indices)))
    }
    /// Adds g_x × g_y and g_y × g_y (x / y is linear in x, nonlinear in y).
    @inlinable public static func / (lhs: Self, rhs: Self) -> Self {
        let pairs = sortedUnion(sortedPairs(lhs.indices, rhs.indices), sortedPairs(rhs.indices, rhs.indices))
        return Self(
            lhs.value / rhs.value, indices: sortedUnion(lhs.indices, rhs.indices),
            hessianPairs: sortedUnion(sortedUnion(lhs.hessianPairs, rhs.hessianPairs), pairs))
    }
    // Arithmetic with a Double constant: ADScalarDefaultOperators' (a constant has no
    // indices, so c·x stays linear and c/x nonlinear through the rules above).
}

// MARK: Elementary functions (StructuralTracer)

extension HessianSparsityTracer {
    /// All pairs within x's set.
    @inlinable public static func nonlinear(_ value: Double, _ x: Self) -> Self {
        Self(
            value, indices: x.indices,
            hessianPairs: sortedUnion(x.hessianPairs, sortedPairs(x.indices, x.indices)))
    }
    /// All pairs within the union of the sets.
    @inlinable public static func nonlinear(_ value: Double, _ x: Self, _ y: Self) -> Self {
        let g = sortedUnion(x.indices, y.indices)
        return Self(
            value, indices: g,
            hessianPairs: sortedUnion(sortedUnion(x.hessianPairs, y.hessianPairs), sortedPairs(g, g)))
    }
    /// No pairs: second derivative zero wherever it exists.
    @inlinable public static func piecewiseLinear(_ value: Double, _ x: Self) -> Self { linear(value, x) }
    /// No pairs; depends on both operands.
    @inlinable public static func piecewiseLinear(_ value: Double, _ x: Self, _ y: Self) -> Self { linear(value, x, y) }
}
