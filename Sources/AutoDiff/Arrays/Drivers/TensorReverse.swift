// Reverse-mode drivers at array level: one recording on a TensorTape, then sweeps.

/// The value of an array function and its gradient with respect to each input.
///
/// - Returns: `value = f(x)` (the output must have one entry: rank 0, or every axis 1)
///   and one tensor per input, of that input's shape: `gradient[i][...] = ∂f/∂x_i[...]`.
/// - Throws: ``DifferentiationError/shapeMismatch(_:)`` for operands that do not fit
///   inside `f` or an output of more than one entry; input checks as declared by `f`.
/// - Complexity: one recording (one entry per array operation) and one sweep, whose
///   matrix products cost two more products per product of the function.
@inlinable
public func valueWithGradient<F: TensorFunction>(of f: F, at x: [Tensor]) throws -> (value: Double, gradient: [Tensor]) {
    try validateTensorInputs(f, x)
    return try ShapeMismatchSink.collecting {
        let tape = TensorTape<Tensor>()
        let inputs = x.map { tape.variable($0) }
        let y = f(inputs)
        guard y.shape.scalarCount == 1 else {
            throw DifferentiationError.shapeMismatch(
                ShapeMismatch(
                    operation: "gradient", shapes: [y.shape], reason: "the output has \(y.shape.scalarCount) entries, not one"))
        }
        if ShapeMismatchSink.hasFailed { return (.nan, x) }
        try tape.reportDiagnostics()
        let adjoint = tape.cotangents(
            seeds: y.isRecorded ? [(y.index, Tensor(shape: [1] + y.shape, scalars: [1]))] : [],
            directions: 1)
        let gradient = zip(inputs, x).map { input, v in
            adjoint[input.index]?.reshaped(to: v.shape) ?? Tensor.zeros(shape: v.shape)
        }
        return (y.value.scalars[0], gradient)
    }
}

/// The gradient of an array function with respect to each input; see
/// ``valueWithGradient(of:at:)``.
@inlinable
public func gradient<F: TensorFunction>(of f: F, at x: [Tensor]) throws -> [Tensor] {
    try valueWithGradient(of: f, at: x).gradient
}

/// The value of an array function and its pullback `u ↦ uᵀ·J`: the cotangent of each
/// input for a cotangent `u` of the output's shape.
///
/// - Returns: `value = f(x)` and `pullback`, which throws
///   ``DifferentiationError/shapeMismatch(_:)`` for a cotangent of another shape and
///   returns one tensor per input. Each call is one sweep over the same recording.
/// - Complexity: one recording; one sweep per pullback call.
@inlinable
public func valueWithPullback<F: TensorFunction>(of f: F, at x: [Tensor]) throws -> (value: Tensor, pullback: (Tensor) throws -> [Tensor]) {
    try validateTensorInputs(f, x)
    let tape = TensorTape<Tensor>()
    let (inputs, y) = try ShapeMismatchSink.collecting { () -> ([TrackedTensor<Tensor>], TrackedTensor<Tensor>) in
        let inputs = x.map { tape.variable($0) }
        return (inputs, f(inputs))
    }
    try tape.reportDiagnostics()
    let pullback = { (u: Tensor) throws -> [Tensor] in
        guard u.shape == y.shape else {
            throw DifferentiationError.shapeMismatch(
                ShapeMismatch(
                    operation: "pullback", shapes: [y.shape, u.shape], reason: "expected a cotangent of shape \(y.shape), got \(u.shape)"))
        }
        return try ShapeMismatchSink.collecting {
            let adjoint = tape.cotangents(seeds: y.isRecorded ? [(y.index, u.reshaped(to: [1] + u.shape))] : [], directions: 1)
            return zip(inputs, x).map { input, v in adjoint[input.index]?.reshaped(to: v.shape) ?? Tensor.zeros(shape: v.shape) }
        }
    }
    return (y.value, pullback)
}

/// The vector-Jacobian product: for a cotangent `u` of the output's shape, the
/// cotangent `uᵀ·J` of each input, with the value.
/// - Complexity: one recording and one sweep.
@inlinable
public func vjp<F: TensorFunction>(of f: F, at x: [Tensor], cotangent: Tensor) throws -> (value: Tensor, cotangents: [Tensor]) {
    let (value, pullback) = try valueWithPullback(of: f, at: x)
    return (value, try pullback(cotangent))
}
