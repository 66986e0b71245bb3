/// The value, directional derivative `∇f(x)·v` and directional second derivative
/// `vᵀH(x)v` of an R^n → R function, by one pass on `Dual<Dual<Value>>`.
///
/// Input i is `Dual(Dual(x_i, tangent: v_i), tangent: Dual(v_i, tangent: 0))`; the
/// output's inner tangent is `∇f·v` and its outer tangent's tangent `vᵀHv`. Use it where
/// only the curvature along v is wanted (line searches, Rayleigh quotients): no tape.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`,
///   ``DifferentiationError/directionCount(expected:got:)`` for a wrong-length direction.
/// - Complexity: one evaluation on `Dual<Dual>` (each operation about 4–9 primal ones).
@inlinable
public func directionalSecondDerivative<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], direction v: [Value]
) throws -> (value: Value, derivative: Value, secondDerivative: Value) {
    let r = try mixedSecondDerivative(of: f, at: x, directions: v, v)
    return (r.value, r.derivative, r.secondDerivative)
}

/// The mixed second derivative `uᵀH(x)w = Σ_ij u_i ∂²f/∂x_i∂x_j w_j` by one pass on
/// `Dual<Dual<Value>>` (inner tangents `u`, outer tangents `w`); with basis vectors
/// `e_i`, `e_j` it is the single entry `∂²f/∂x_i∂x_j`.
/// - Returns: `value = f(x)`, `derivative = ∇f·u`, `secondDerivative = uᵀHw`.
/// - Throws: ``DifferentiationError`` for wrong-length `x`, `u` or `w`.
/// - Complexity: one evaluation on `Dual<Dual>`; no tape.
@inlinable
public func mixedSecondDerivative<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], directions u: [Value], _ w: [Value]
) throws -> (value: Value, derivative: Value, secondDerivative: Value) {
    try MissingRuleSink.collecting {
        try validateHVP(f, x, u)
        try validateHVP(f, x, w)
        let inputs = filledArray(count: x.count) { Dual(Dual(x[$0], tangent: u[$0]), tangent: Dual(w[$0], tangent: .zero)) }
        let y = f(inputs)
        return (y.value.value, y.value.tangent, y.tangent.tangent)
    }
}
