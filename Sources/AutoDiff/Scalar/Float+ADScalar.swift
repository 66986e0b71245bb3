import Foundation

/// `Float` evaluates plainly in single precision: every requirement forwards to the
/// C math library, with no derivative. Constants given as `Double` are rounded to `Float`.
extension Float: ADScalarDefaultOperators {
    /// The value, widened to `Double`.
    @inlinable public var primal: Double { Double(self) }

    @inlinable public static func exp(_ x: Float) -> Float { Foundation.exp(x) }
    @inlinable public static func expMinusOne(_ x: Float) -> Float { Foundation.expm1(x) }
    @inlinable public static func log(_ x: Float) -> Float { Foundation.log(x) }
    @inlinable public static func log(onePlus x: Float) -> Float { Foundation.log1p(x) }
    @inlinable public static func sqrt(_ x: Float) -> Float { x.squareRoot() }
    @inlinable public static func pow(_ x: Float, _ y: Float) -> Float { Foundation.pow(x, y) }
    @inlinable public static func pow(_ x: Float, _ n: Int) -> Float { Foundation.pow(x, Float(n)) }
    @inlinable public static func sin(_ x: Float) -> Float { Foundation.sin(x) }
    @inlinable public static func cos(_ x: Float) -> Float { Foundation.cos(x) }
    @inlinable public static func tan(_ x: Float) -> Float { Foundation.tan(x) }
    @inlinable public static func asin(_ x: Float) -> Float { Foundation.asin(x) }
    @inlinable public static func acos(_ x: Float) -> Float { Foundation.acos(x) }
    @inlinable public static func atan(_ x: Float) -> Float { Foundation.atan(x) }
    @inlinable public static func sinh(_ x: Float) -> Float { Foundation.sinh(x) }
    @inlinable public static func cosh(_ x: Float) -> Float { Foundation.cosh(x) }
    @inlinable public static func tanh(_ x: Float) -> Float { Foundation.tanh(x) }
    @inlinable public static func atan2(y: Float, x: Float) -> Float { Foundation.atan2(y, x) }
    @inlinable public static func hypot(_ x: Float, _ y: Float) -> Float { Foundation.hypot(x, y) }
    @inlinable public static func abs(_ x: Float) -> Float { Swift.abs(x) }
    @inlinable public static func relu(_ x: Float) -> Float { x <= 0 ? 0 : x }
    @inlinable public static func min(_ x: Float, _ y: Float) -> Float { y < x ? y : x }
    @inlinable public static func max(_ x: Float, _ y: Float) -> Float { y > x ? y : x }
}
