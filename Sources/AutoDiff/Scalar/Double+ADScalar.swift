import Foundation

/// `Double` evaluates plainly: every requirement forwards to the C math library,
/// with no derivative and no overhead. `init(_:)`, `isZero`, `pi` and the
/// arithmetic operators are the standard library's own.
extension Double: ADScalar {
    /// The value itself.
    @inlinable public var primal: Double { self }

    @inlinable public static func exp(_ x: Double) -> Double { Foundation.exp(x) }
    @inlinable public static func expMinusOne(_ x: Double) -> Double { Foundation.expm1(x) }
    @inlinable public static func log(_ x: Double) -> Double { Foundation.log(x) }
    @inlinable public static func log(onePlus x: Double) -> Double { Foundation.log1p(x) }
    @inlinable public static func sqrt(_ x: Double) -> Double { x.squareRoot() }
    @inlinable public static func pow(_ x: Double, _ y: Double) -> Double { Foundation.pow(x, y) }
    @inlinable public static func pow(_ x: Double, _ n: Int) -> Double { Foundation.pow(x, Double(n)) }
    @inlinable public static func sin(_ x: Double) -> Double { Foundation.sin(x) }
    @inlinable public static func cos(_ x: Double) -> Double { Foundation.cos(x) }
    @inlinable public static func tan(_ x: Double) -> Double { Foundation.tan(x) }
    @inlinable public static func asin(_ x: Double) -> Double { Foundation.asin(x) }
    @inlinable public static func acos(_ x: Double) -> Double { Foundation.acos(x) }
    @inlinable public static func atan(_ x: Double) -> Double { Foundation.atan(x) }
    @inlinable public static func sinh(_ x: Double) -> Double { Foundation.sinh(x) }
    @inlinable public static func cosh(_ x: Double) -> Double { Foundation.cosh(x) }
    @inlinable public static func tanh(_ x: Double) -> Double { Foundation.tanh(x) }
    @inlinable public static func atan2(y: Double, x: Double) -> Double { Foundation.atan2(y, x) }
    @inlinable public static func hypot(_ x: Double, _ y: Double) -> Double { Foundation.hypot(x, y) }

    @inlinable public static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + Foundation.exp(-x)) }
        let e = Foundation.exp(x)
        return e / (1 + e)
    }
    @inlinable public static func relu(_ x: Double) -> Double { x <= 0 ? 0 : x }
    @inlinable public static func softplus(_ x: Double) -> Double {
        Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x)))
    }
    @inlinable public static func abs(_ x: Double) -> Double { Swift.abs(x) }
    @inlinable public static func min(_ x: Double, _ y: Double) -> Double { y < x ? y : x }
    @inlinable public static func max(_ x: Double, _ y: Double) -> Double { y > x ? y : x }
    @inlinable public static func square(_ x: Double) -> Double { x * x }
}
