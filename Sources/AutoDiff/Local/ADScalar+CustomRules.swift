// How each ADScalar type applies a `CustomDerivativeRule` (`Tracked`'s is in
// `Reverse/Tracked+Local.swift`).

extension ADScalar {
    /// The default for types without a rule of their own: the rule's value through its
    /// differentiable gradient (run on `Self`), else a missing-rule error.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Self>) -> Self {
        if let (value, _) = rule.differentiableGradient(at: x) { return value }
        return Self(MissingRuleSink.report(rule: rule.name, mode: "\(Self.self): give differentiableGradient(at:)"))
    }
}

extension Double {
    /// The rule's value: plain evaluation.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Double>) -> Double { rule.value(x) }
}

extension Float {
    /// The rule's value, evaluated in `Double` and rounded.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Float>) -> Float {
        Float(rule.value(x.map(Double.init)))
    }
}

extension Dual {
    /// The value and ∇f·tangent: over `Double` from the forward rule (one call), else the
    /// reverse rule (one call, then a dot product); over any other type (second order)
    /// from the differentiable gradient, else a missing-rule error.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Dual>) -> Dual {
        if Value.self == Double.self {
            let v = x.map { unsafeBitCast($0.value, to: Double.self) }
            let t = x.map { unsafeBitCast($0.tangent, to: Double.self) }
            guard let d = rule.tangent(at: v, direction: t) else {
                let nan = MissingRuleSink.report(rule: rule.name, mode: "forward mode (Dual<Double>): give jvp or vjp")
                return Dual(Value(nan), tangent: Value(nan))
            }
            return Dual(Value(rule.value(v)), tangent: Value(d))
        }
        guard let (value, gradient) = rule.differentiableGradient(at: x.map(\.value)) else {
            let nan = MissingRuleSink.report(
                rule: rule.name, mode: "forward mode over \(Value.self) (second order): give differentiableGradient(at:)")
            return Dual(Value(nan), tangent: Value(nan))
        }
        var tangent = Value.zero
        for j in 0..<x.count { tangent += gradient[j] * x[j].tangent }
        return Dual(value, tangent: tangent)
    }
}

extension MultiDual {
    /// The value and its lanes of tangents: from the forward rule where only it is given
    /// (one call per lane), else from the gradient (the reverse rule's one call, or the
    /// differentiable gradient) and one multiply-add of lanes per argument; otherwise a
    /// missing-rule error.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<MultiDual>) -> MultiDual {
        let v = x.map(\.value)
        let value = rule.value(v)
        var tangents = Tangents.zero
        if let first = rule.jvp(at: v, direction: x.map { $0.tangents[0] }), rule.vjp(at: v, cotangent: 1) == nil {
            tangents[0] = first
            for lane in 1..<Tangents.scalarCount {
                tangents[lane] = rule.jvp(at: v, direction: x.map { $0.tangents[lane] }) ?? .nan
            }
            return MultiDual(value, tangents: tangents)
        }
        if let g = rule.gradient(at: v) {
            for j in 0..<x.count { tangents += x[j].tangents * g[j] }
            return MultiDual(value, tangents: tangents)
        }
        let nan = MissingRuleSink.report(rule: rule.name, mode: "chunked forward mode (MultiDual): give jvp or vjp")
        return MultiDual(nan, tangents: Tangents(repeating: nan))
    }
}

extension StructuralTracer {
    /// The rule's value, depending nonlinearly on every argument (structurally dense:
    /// the rule's code is not visible to the tracer).
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Self>) -> Self {
        let value = rule.value(x.map(\.value))
        guard x.count > 1 else { return nonlinear(value, x[0]) }
        var result = nonlinear(value, x[0], x[1])
        for j in 2..<Swift.max(x.count, 2) { result = nonlinear(value, result, x[j]) }
        return result
    }
}
