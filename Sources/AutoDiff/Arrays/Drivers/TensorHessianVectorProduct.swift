// The Hessian-vector product at array level, forward over reverse: the tape records
// DualTensor values (each carrying the direction's tangent), and one sweep gives the
// gradient and, in its tangents, H·v.

/// The value, gradient and Hessian-vector product `H·v` of an array function with one
/// output entry; `direction` holds one tensor per input, of that input's shape.
///
/// - Returns: `value = f(x)`, `gradient` (one tensor per input) and `hvp`, the
///   directional derivative of the gradient along `direction` (one tensor per input).
/// - Throws: ``DifferentiationError`` for a direction of the wrong count or shape, an
///   output of more than one entry, or shapes that do not fit inside `f`.
/// - Complexity: one recording and one sweep on dual arrays: about twice a gradient
///   (each matrix product of the sweep becomes three).
@inlinable
public func valueGradientAndHVP<F: TensorFunction>(
    of f: F, at x: [Tensor], direction: [Tensor]
) throws -> (value: Double, gradient: [Tensor], hvp: [Tensor]) {
    try validateTensorInputs(f, x)
    try validateShapes(direction, like: x, "direction")
    return try ShapeMismatchSink.collecting {
        let tape = TensorTape<DualTensor>()
        let inputs = zip(x, direction).map { tape.variable(DualTensor($0, tangents: $1.reshaped(to: [1] + $1.shape))) }
        let y = f(inputs)
        guard y.shape.scalarCount == 1 else {
            throw DifferentiationError.shapeMismatch(
                ShapeMismatch(
                    operation: "hvp", shapes: [y.shape], reason: "the output has \(y.shape.scalarCount) entries, not one"))
        }
        if ShapeMismatchSink.hasFailed { return (.nan, x, x) }
        try tape.reportDiagnostics()
        let seed = DualTensor(Tensor(shape: [1] + y.shape, scalars: [1]))
        let adjoint = tape.cotangents(seeds: y.isRecorded ? [(y.index, seed)] : [], directions: 1)
        var gradient: [Tensor] = [], product: [Tensor] = []
        for (input, v) in zip(inputs, x) {
            let a = adjoint[input.index]
            gradient.append(a?.value.reshaped(to: v.shape) ?? Tensor.zeros(shape: v.shape))
            product.append(a?.tangents?.reshaped(to: v.shape) ?? Tensor.zeros(shape: v.shape))
        }
        return (y.value.value.scalars[0], gradient, product)
    }
}

/// The Hessian-vector product `H·v` of an array function with one output entry; see
/// ``valueGradientAndHVP(of:at:direction:)``.
@inlinable
public func hvp<F: TensorFunction>(of f: F, at x: [Tensor], direction: [Tensor]) throws -> [Tensor] {
    try valueGradientAndHVP(of: f, at: x, direction: direction).hvp
}
