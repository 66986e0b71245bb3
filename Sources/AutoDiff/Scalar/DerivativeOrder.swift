/// How many levels of derivatives a number type carries: 0 for `Double` and `Float`, one
/// more for each `Dual`, `MultiDual` or `Tracked` around it. A rule that supplies first
/// derivatives only (a linearization) is exact for types of order at most 1; a nested type
/// (`Dual<Tracked<Double>>` in a Hessian-vector product) asks for second derivatives too.
protocol DerivativeOrder {
    /// The number of derivative levels.
    static var derivativeOrder: Int { get }
}

extension Double: DerivativeOrder { static var derivativeOrder: Int { 0 } }
extension Float: DerivativeOrder { static var derivativeOrder: Int { 0 } }
extension Dual: DerivativeOrder { static var derivativeOrder: Int { 1 + AutoDiff.derivativeOrder(of: Value.self) } }
extension Tracked: DerivativeOrder { static var derivativeOrder: Int { 1 + AutoDiff.derivativeOrder(of: Value.self) } }
extension MultiDual: DerivativeOrder { static var derivativeOrder: Int { 1 } }

/// The derivative levels `type` carries; a type the library does not know counts as
/// nested (2), so a first-order rule refuses it rather than guess.
func derivativeOrder<S: ADScalar>(of type: S.Type) -> Int {
    (type as? DerivativeOrder.Type)?.derivativeOrder ?? 2
}
