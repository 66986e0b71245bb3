/// The gradient of a function, recorded so that it can be differentiated again
/// (symbol-to-symbol reverse mode): a reusable Hessian operator.
///
/// Made by ``withGradientRecording(of:at:_:)``: the function is recorded on an outer
/// tape whose values are variables of an inner tape; the outer reverse sweep runs on
/// those values, so every multiply-add of the backward pass is itself recorded on the
/// inner tape, and the gradient entries are inner variables. Each ``hessianTimes(_:)``
/// is then one inner sweep seeded with `v`, with no re-evaluation: the shape Newton–CG
/// (many products at one point) and the dense Hessian want.
///
/// Valid only inside the body of ``withGradientRecording(of:at:_:)``.
public struct GradientRecording<Value: ADScalar> {
    /// f(x).
    public let value: Value
    /// ∇f(x).
    public let gradient: [Value]
    @usableFromInline let tape: Tape<Value>
    @usableFromInline let inputs: [Tracked<Value>]
    @usableFromInline let recordedGradient: [Tracked<Value>]

    @inlinable
    init(value: Value, tape: Tape<Value>, inputs: [Tracked<Value>], recordedGradient: [Tracked<Value>]) {
        self.value = value
        self.gradient = recordedGradient.map(\.value)
        self.tape = tape
        self.inputs = inputs
        self.recordedGradient = recordedGradient
    }

    /// The number of entries of the inner tape (the function's recording of the primal
    /// values plus the recorded backward pass).
    public var tapeCount: Int { tape.count }

    /// The bytes the inner tape's entries take (``Tape/byteCount``).
    public var tapeByteCount: Int { tape.byteCount }

    /// `H(x)·v`: one sweep of the recorded backward pass seeded with `v` (`Σ_i v_i·∇g_i`
    /// = `Hᵀv` = `Hv`).
    /// - Throws: ``DifferentiationError/directionCount(expected:got:)`` for a
    ///   wrong-length `v`.
    /// - Complexity: one sweep over ``tapeCount`` entries.
    @inlinable
    public func hessianTimes(_ v: [Value]) throws -> [Value] {
        guard v.count == inputs.count else {
            throw DifferentiationError.directionCount(expected: inputs.count, got: v.count)
        }
        return product(v)
    }

    @inlinable
    func product(_ v: [Value]) -> [Value] {
        var seeds: [(output: Tracked<Value>, seed: Value)] = []
        seeds.reserveCapacity(v.count)
        for i in v.indices where !v[i].isZero && recordedGradient[i].isRecorded {
            seeds.append((recordedGradient[i], v[i]))
        }
        if seeds.isEmpty { return [Value](repeating: .zero, count: v.count) }
        let adjoints = tape.adjoints(seeds: seeds)
        return inputs.map { adjoints[$0] }
    }

    /// Row (= column) `j` of the Hessian, `∇(∂f/∂x_j)`: one sweep from the recorded
    /// gradient entry `j` (a constant entry gives a zero row with no sweep).
    /// - Complexity: one sweep up to the entry of `∂f/∂x_j`.
    @inlinable
    public func hessianRow(_ j: Int) -> [Value] {
        precondition(j >= 0 && j < inputs.count, "row \(j) outside 0..<\(inputs.count)")
        let g = recordedGradient[j]
        guard g.isRecorded else { return [Value](repeating: .zero, count: inputs.count) }
        let adjoints = tape.adjoints(of: g)
        return inputs.map { adjoints[$0] }
    }
}

/// Records the gradient of `f` at `x` as a differentiable computation and runs `body`
/// with it (see ``GradientRecording``); the recording lives exactly as long as `body`.
///
/// ```swift
/// let hv = try withGradientRecording(of: f, at: x) { g in
///     try directions.map { try g.hessianTimes($0) }   // one sweep each
/// }
/// ```
/// The outer sweep skips entries whose adjoint ``Tracked/isZero`` (true only for a
/// constant zero): such an entry contributes exactly nothing, so skipping it loses no
/// second-order term; a recorded zero adjoint is swept and recorded.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`,
///   and whatever `body` throws.
/// - Complexity: one outer recording of f and one outer sweep, both recorded on the inner
///   tape (about 3–4× the entries of a first-order recording); then one inner sweep per
///   product.
@inlinable
public func withGradientRecording<F: ScalarFunction, Value: ADScalar, Result>(
    of f: F, at x: [Value], _ body: (GradientRecording<Value>) throws -> Result
) throws -> Result {
    try MissingRuleSink.collecting {
        try validateInputs(count: x.count, declared: f.inputCount)
        return try withGradientRecording(f, x) { try body($0) }
    }
}

@inlinable
func withGradientRecording<F: ScalarFunction, Value: ADScalar, Result>(
    _ f: F, _ x: [Value], _ body: (GradientRecording<Value>) throws -> Result
) throws -> Result {
    let inner = Tape<Value>(reservingCapacity: 64 * x.count + 1024)
    let outer = Tape<Tracked<Value>>(reservingCapacity: 16 * x.count + 1024)
    return try withExtendedLifetime((inner, outer)) {
        let innerInputs = x.map(inner.variable)
        let outerInputs = innerInputs.map(outer.variable)
        let y = f(outerInputs)
        try outer.checkBudget()
        let adjoints = outer.adjoints(of: y, seed: 1) // the backward pass, recorded on `inner`
        try inner.checkBudget()
        let g = outerInputs.map { adjoints[$0] }
        return try body(GradientRecording(value: y.value.value, tape: inner, inputs: innerInputs, recordedGradient: g))
    }
}

/// `hvpCore`'s reverse-over-reverse route: one recording, one product.
@inlinable
func withGradientRecording<F: ScalarFunction, Value: ADScalar, Result>(
    _ f: F, _ x: [Value],
    _ body: (Value, [Value], ([Value]) -> [Value]) -> Result
) throws -> Result {
    try withGradientRecording(f, x) { (r: GradientRecording<Value>) in body(r.value, r.gradient, r.product) }
}
