/// The value, gradient and Hessian-vector product `H(x)·v` of an R^n → R function.
///
/// `H[i, j] = ∂²f/∂x_i∂x_j`, so `hvp[i] = Σ_j H[i, j]·v[j]`: the directional derivative
/// of the gradient along `v`, without forming H.
/// - Parameter f: the function.
/// - Parameter x: the point, one value per input.
/// - Parameter direction: v, one value per input.
/// - Parameter mode: see ``HVPMode``; all modes agree up to rounding.
/// - Returns: `value = f(x)`, `gradient = ∇f(x)`, `hvp = H(x)·direction`.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`,
///   ``DifferentiationError/directionCount(expected:got:)`` for a wrong-length direction.
/// - Complexity: forward-over-reverse one recording on `Dual` values (each entry twice
///   the bytes) and one sweep; reverse-over-forward one recording of the `Dual` pass
///   (about 3× the entries) and two sweeps; reverse-over-reverse one outer recording, an
///   outer sweep recorded on the inner tape (about 3–4× the entries) and one inner sweep.
@inlinable
public func valueGradientAndHVP<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], direction: [Value], mode: HVPMode = .forwardOverReverse
) throws -> (value: Value, gradient: [Value], hvp: [Value]) {
    try validateHVP(f, x, direction)
    let r = try MissingRuleSink.collecting { try hvpCore(f, x, direction, mode: mode, wantGradient: true) }
    return (r.value, r.gradient ?? [], r.hvp)
}

/// The Hessian-vector product `H(x)·v` of an R^n → R function: `hvp[i] = Σ_j
/// ∂²f/∂x_i∂x_j · v[j]`. See ``valueGradientAndHVP(of:at:direction:mode:)``; this
/// variant skips the gradient's extra sweep in `.reverseOverForward`.
/// - Throws: as ``valueGradientAndHVP(of:at:direction:mode:)``.
/// - Complexity: one recording and one sweep (reverse-over-reverse: two sweeps).
@inlinable
public func hvp<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], direction: [Value], mode: HVPMode = .forwardOverReverse
) throws -> [Value] {
    try validateHVP(f, x, direction)
    return try MissingRuleSink.collecting { try hvpCore(f, x, direction, mode: mode, wantGradient: false).hvp }
}

@inlinable
func validateHVP<F: ScalarFunction, Value>(_ f: F, _ x: [Value], _ direction: [Value]) throws {
    try validateInputs(count: x.count, declared: f.inputCount)
    guard direction.count == x.count else {
        throw DifferentiationError.directionCount(expected: x.count, got: direction.count)
    }
}

@inlinable
func hvpCore<F: ScalarFunction, Value: ADScalar>(
    _ f: F, _ x: [Value], _ v: [Value], mode: HVPMode, wantGradient: Bool
) throws -> (value: Value, gradient: [Value]?, hvp: [Value]) {
    switch mode {
    case .forwardOverReverse: try hvpForwardOverReverse(f, x, v)
    case .reverseOverForward: try hvpReverseOverForward(f, x, v, wantGradient: wantGradient)
    case .reverseOverReverse:
        try withGradientRecording(f, x) { value, gradient, hessianTimes in
            (value, gradient, hessianTimes(v))
        }
    }
}

/// Forward over reverse: record on `Dual` values seeded with v, sweep with seed
/// `Dual(1, 0)`; each input adjoint is `∂f/∂x_i + ε·(Hv)_i`.
@inlinable
func hvpForwardOverReverse<F: ScalarFunction, Value: ADScalar>(
    _ f: F, _ x: [Value], _ v: [Value]
) throws -> (value: Value, gradient: [Value]?, hvp: [Value]) {
    let tape = Tape<Dual<Value>>(reservingCapacity: 16 * x.count + 1024)
    return try withExtendedLifetime(tape) {
        let inputs = tape.variables(filledArray(count: x.count) { Dual(x[$0], tangent: v[$0]) })
        let y = f(inputs)
        try tape.checkBudget()
        let entries = tape.entries(of: inputs)
        // One sweep into pooled scratch; the inputs' adjoints are consecutive entries.
        return tape.withAdjointScratch { adjoints in
            tape.sweep(seeds: [(y, Dual(1, tangent: .zero))], into: adjoints)
            let a = adjoints + entries.lowerBound
            return (y.value.value, filledArray(count: x.count) { a[$0].value }, filledArray(count: x.count) { a[$0].tangent })
        }
    }
}

/// Reverse over forward: the `Dual` pass runs on tape variables with constant tangent
/// seeds v (v is not differentiated); the sweep from the output's tangent `∇f·v` gives
/// `H·v` (H symmetric).
@inlinable
func hvpReverseOverForward<F: ScalarFunction, Value: ADScalar>(
    _ f: F, _ x: [Value], _ v: [Value], wantGradient: Bool
) throws -> (value: Value, gradient: [Value]?, hvp: [Value]) {
    let tape = Tape<Value>(reservingCapacity: 32 * x.count + 1024)
    return try withExtendedLifetime(tape) {
        let variables = tape.variables(x)
        let inputs = filledArray(count: x.count) { Dual(variables[$0], tangent: Tracked(constant: v[$0])) }
        let y = f(inputs)
        try tape.checkBudget()
        let second = tape.adjoints(of: y.tangent)
        let product = variables.map { second[$0] }
        var gradient: [Value]? = nil
        if wantGradient {
            let first = tape.adjoints(of: y.value)
            gradient = variables.map { first[$0] }
        }
        return (y.value.value, gradient, product)
    }
}
