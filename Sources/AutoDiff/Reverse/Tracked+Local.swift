// Reverse mode over sub-functions whose partials are computed outside the tape: a
// preaccumulated `LocalFunction` and a `CustomDerivativeRule`. Both record one group of
// entries (see `Tape+Local.swift`).

extension Tracked {
    /// `f(x)` as one group of entries whose partials come from one forward pass over the
    /// k arguments (`LocalGradient`), not one entry per operation inside `f`.
    /// - Complexity: one forward pass with k lanes; max(1, k − 1) entries.
    @inlinable @inline(__always)
    public static func preaccumulated<F: LocalFunction>(_ f: F, _ x: Arguments<Tracked>) -> Tracked {
        let (value, gradient) = LocalGradient.of(f, at: x.map(\.value))
        return recordLocal(value, partials: gradient, over: x, rule: LocalFunctionEvaluation(f))
    }

    /// `f(a, b)` as one entry with its two partials from one forward pass of two lanes,
    /// without forming ``Arguments`` of tracked values (the common statement-level case).
    /// - Complexity: one forward pass with 2 lanes; one entry (24 bytes).
    @inlinable @inline(__always)
    public static func preaccumulated<F: LocalFunction>(_ f: F, _ a: Tracked, _ b: Tracked) -> Tracked {
        let (value, da, db) = LocalGradient.pair(f, a.value, b.value)
        return recordLocalPair(value, da, db, over: a, b, arity: 2, rule: LocalFunctionEvaluation(f))
    }

    /// `rule`'s function at `x` as one group of entries with its gradient: from its
    /// reverse rule (one call) or forward rule (k calls) on a tape of `Double`; from
    /// its differentiable gradient on a tape of any other type (second order). Where the
    /// rule has neither, the value is NaN and the driver throws
    /// ``DifferentiationError/missingRule(_:)``.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ x: Arguments<Tracked>) -> Tracked {
        let replayRule = CustomRuleEvaluation(rule)
        if Value.self == Double.self {
            let v = x.map { unsafeBitCast($0.value, to: Double.self) }
            guard let g = rule.gradient(at: v) else {
                let nan = MissingRuleSink.report(rule: rule.name, mode: "reverse mode (Tracked<Double>): give vjp or jvp")
                return recordLocal(Value(nan), partials: x.map { _ in Value(nan) }, over: x, rule: replayRule)
            }
            return recordLocal(Value(rule.value(v)), partials: unsafeBitCast(g, to: Arguments<Value>.self), over: x, rule: replayRule)
        }
        guard let (value, gradient) = rule.differentiableGradient(at: x.map(\.value)) else {
            let nan = MissingRuleSink.report(
                rule: rule.name, mode: "reverse mode over \(Value.self) (second order): give differentiableGradient(at:)")
            return recordLocal(Value(nan), partials: x.map { _ in Value(nan) }, over: x, rule: replayRule)
        }
        return recordLocal(value, partials: gradient, over: x, rule: replayRule)
    }
}
