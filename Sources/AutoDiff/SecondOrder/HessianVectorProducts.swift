/// Several Hessian-vector products at one point, with the value and gradient.
///
/// - Parameter f: the function.
/// - Parameter x: the point, one value per input.
/// - Parameter directions: the vectors v_k, one value per input each.
/// - Parameter mode: `.reverseOverReverse` (default) records the gradient once
///   (``withGradientRecording(of:at:_:)``) and sweeps it once per direction;
///   `.forwardOverReverse` and `.reverseOverForward` record once per direction
///   (the gradient is taken from the first).
/// - Returns: `products[k] = H(x)·directions[k]`.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or direction.
/// - Complexity: reverse-over-reverse one second-order recording plus k sweeps; the
///   others k recordings and k sweeps.
@inlinable
public func hessianVectorProducts<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], directions: [[Value]], mode: HVPMode = .reverseOverReverse
) throws -> (value: Value, gradient: [Value], products: [[Value]]) {
    try MissingRuleSink.collecting {
        for v in directions { try validateHVP(f, x, v) }
        try validateInputs(count: x.count, declared: f.inputCount)
        if mode == .reverseOverReverse {
            return try withGradientRecording(f, x) { (r: GradientRecording<Value>) in
                (r.value, r.gradient, directions.map(r.product))
            }
        }
        guard let first = directions.first else {
            let (value, gradient) = try valueWithGradient(of: f, at: x)
            return (value, gradient, [])
        }
        let r = try hvpCore(f, x, first, mode: mode, wantGradient: true)
        var products = [r.hvp]
        for v in directions.dropFirst() {
            products.append(try hvpCore(f, x, v, mode: mode, wantGradient: false).hvp)
        }
        return (r.value, r.gradient ?? [], products)
    }
}
