// Default implementations: compound assignment, comparisons with constants, and
// composite functions built from the primitives. `Dual` and `Tracked` override the
// composites with fused rules; these defaults are the reference semantics.

/// Adopted by ``ADScalar`` types that take the default compound assignments and
/// comparisons with a `Double` constant (by ``ADScalar/primal``). `Double` does not
/// adopt it: its own operators already satisfy those requirements, and a second
/// `<(Double, Double)` would make every comparison of two `Double`s ambiguous.
public protocol ADScalarDefaultOperators: ADScalar {}

extension ADScalarDefaultOperators {
    // Arithmetic with a Double constant, through `init(_ constant:)`. Generic on purpose:
    // a concrete `+(Float, Double) -> Float` would compete with `Double`'s own `+` wherever
    // Swift infers a type from an operator reference (`[1.0, 2.0].reduce(0, +)` became
    // ambiguous); a protocol-extension operator always ranks below the concrete one.
    @inlinable public static func + (lhs: Self, rhs: Double) -> Self { lhs + Self(rhs) }
    @inlinable public static func + (lhs: Double, rhs: Self) -> Self { Self(lhs) + rhs }
    @inlinable public static func - (lhs: Self, rhs: Double) -> Self { lhs - Self(rhs) }
    @inlinable public static func - (lhs: Double, rhs: Self) -> Self { Self(lhs) - rhs }
    @inlinable public static func * (lhs: Self, rhs: Double) -> Self { lhs * Self(rhs) }
    @inlinable public static func * (lhs: Double, rhs: Self) -> Self { Self(lhs) * rhs }
    @inlinable public static func / (lhs: Self, rhs: Double) -> Self { lhs / Self(rhs) }
    @inlinable public static func / (lhs: Double, rhs: Self) -> Self { Self(lhs) / rhs }

    @inlinable public static func += (lhs: inout Self, rhs: Double) { lhs = lhs + rhs }
    @inlinable public static func -= (lhs: inout Self, rhs: Double) { lhs = lhs - rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Self) { lhs = lhs * rhs }
    @inlinable public static func *= (lhs: inout Self, rhs: Double) { lhs = lhs * rhs }
    @inlinable public static func /= (lhs: inout Self, rhs: Self) { lhs = lhs / rhs }
    @inlinable public static func /= (lhs: inout Self, rhs: Double) { lhs = lhs / rhs }
}

// MARK: Comparisons with a plain Double variable, on primal values

// Only with the constant on the right: a second, mirrored overload would make every
// comparison of two concrete `Double`s ambiguous. Literals compare on either side
// through `Comparable`. Each goes through the type's own `<`/`==`, so a type that
// observes its comparisons (a tape checking branches) sees these too.
extension ADScalar {
    /// `lhs < rhs` on primal values.
    @inlinable public static func < (lhs: Self, rhs: Double) -> Bool { lhs < Self(rhs) }
    /// `lhs <= rhs` on primal values.
    @inlinable public static func <= (lhs: Self, rhs: Double) -> Bool { lhs <= Self(rhs) }
    /// `lhs > rhs` on primal values.
    @inlinable public static func > (lhs: Self, rhs: Double) -> Bool { lhs > Self(rhs) }
    /// `lhs >= rhs` on primal values.
    @inlinable public static func >= (lhs: Self, rhs: Double) -> Bool { lhs >= Self(rhs) }
    /// `lhs == rhs` on primal values.
    @inlinable public static func == (lhs: Self, rhs: Double) -> Bool { lhs == Self(rhs) }
}

// MARK: Composite functions

extension ADScalar {
    @inlinable public static func square(_ x: Self) -> Self { x * x }

    @inlinable public static func tan(_ x: Self) -> Self { sin(x) / cos(x) }

    @inlinable public static func hypot(_ x: Self, _ y: Self) -> Self { sqrt(x * x + y * y) }

    @inlinable public static func sigmoid(_ x: Self) -> Self {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    @inlinable public static func softplus(_ x: Self) -> Self {
        // log(1 + e^x) = max(x, 0) + log(1 + e^−|x|): no overflow for large x.
        relu(x) + log(onePlus: exp(-abs(x)))
    }

    /// Returns `x` itself where x > 0 (its derivative passes unchanged) and the constant
    /// 0 where x <= 0 (the derivative stops). NaN propagates: a NaN argument is returned
    /// as it is, on every type (as `Double`'s and `Float`'s own relu return it).
    @inlinable public static func relu(_ x: Self) -> Self { x <= 0 && !x.primal.isNaN ? Self(0) : x }

    /// `x` or `-x` by the sign of x; at exactly 0 the constant 0 (derivative 0 by
    /// convention). NaN propagates.
    @inlinable public static func abs(_ x: Self) -> Self {
        if x < 0 { return -x }
        if x == 0 { return Self(0) }
        return x
    }

    /// Selects an argument (no new operation): `y` if y < x, else `x` (ties go to `x`).
    @inlinable public static func min(_ x: Self, _ y: Self) -> Self { y < x ? y : x }

    /// Selects an argument (no new operation): `y` if y > x, else `x` (ties go to `x`).
    @inlinable public static func max(_ x: Self, _ y: Self) -> Self { y > x ? y : x }

    @inlinable public static func pow(_ x: Self, _ n: Int) -> Self {
        // Exponentiation by squaring; a negative n inverts once at the end.
        var base = x
        var k = n.magnitude
        var result = Self(1)
        while k > 0 {
            if k & 1 == 1 { result = result * base }
            k >>= 1
            if k > 0 { base = base * base }
        }
        return n < 0 ? 1 / result : result
    }
}
