/// The value, gradient and Hessian `H[i, j] = ∂²f/∂x_i∂x_j` of an R^n → R function.
///
/// Row j is `H·e_j`, a Hessian-vector product over the basis. With the default
/// `.reverseOverReverse` the gradient is recorded once (``withGradientRecording(of:at:_:)``)
/// and row j is one sweep from the recorded `∂f/∂x_j`: one recording for all n rows,
/// cheaper than n separate products. The other modes run n separate products.
///
/// The result is exactly symmetric: the computed rows are averaged with their
/// transposes, `(H + Hᵀ)/2`, which only removes rounding-level differences (the rows
/// come from different sweeps).
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`.
/// - Complexity: reverse-over-reverse one second-order recording (3–4× a first-order
///   one) and n sweeps; otherwise n recordings and n sweeps. O(n²) memory for H.
@inlinable
public func valueGradientAndHessian<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: HVPMode = .reverseOverReverse
) throws -> (value: Value, gradient: [Value], hessian: Matrix<Value>) {
    try MissingRuleSink.collecting {
        try validateInputs(count: x.count, declared: f.inputCount)
        let n = x.count
        var h = Matrix<Value>(rows: n, columns: n)
        var value = Value.zero
        var gradient = [Value]()
        if mode == .reverseOverReverse {
            try withGradientRecording(f, x) { (r: GradientRecording<Value>) in
                value = r.value
                gradient = r.gradient
                for j in 0..<n {
                    let row = r.hessianRow(j)
                    for i in 0..<n { h.elements[j * n + i] = row[i] }
                }
            }
        } else {
            var e = [Value](repeating: .zero, count: n)
            for j in 0..<n {
                e[j] = 1
                let r = try hvpCore(f, x, e, mode: mode, wantGradient: j == 0)
                e[j] = .zero
                if j == 0 { value = r.value; gradient = r.gradient ?? [] }
                for i in 0..<n { h.elements[j * n + i] = r.hvp[i] }
            }
            if n == 0 { value = f(x) }
        }
        symmetrize(&h)
        return (value, gradient, h)
    }
}

/// The Hessian `H[i, j] = ∂²f/∂x_i∂x_j` (n × n, symmetric) of an R^n → R function.
/// See ``valueGradientAndHessian(of:at:mode:)`` for modes and costs.
@inlinable
public func hessian<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: HVPMode = .reverseOverReverse
) throws -> Matrix<Value> {
    try valueGradientAndHessian(of: f, at: x, mode: mode).hessian
}

/// Replaces H by (H + Hᵀ)/2.
@inlinable
func symmetrize<Value: ADScalar>(_ h: inout Matrix<Value>) {
    let n = h.rows
    for i in 0..<n {
        for j in (i + 1)..<Swift.max(n, i + 1) {
            let a = h.elements[i * n + j], b = h.elements[j * n + i]
            let m = a == b ? a : (a + b) / 2
            h.elements[i * n + j] = m
            h.elements[j * n + i] = m
        }
    }
}
