// Forward-mode drivers at array level: one pass on DualTensor values carrying a batch of
// directions.

/// The Jacobian-vector product `J·v` of an array function, with its value: `direction`
/// holds one tensor per input, of that input's shape.
///
/// - Returns: `value = f(x)` and `tangent`, of the output's shape.
/// - Throws: ``DifferentiationError`` for a direction of the wrong count or shape, or
///   operands that do not fit inside `f`.
/// - Complexity: one evaluation on ``DualTensor`` with one direction: each matrix product
///   costs about three.
@inlinable
public func jvp<F: TensorFunction>(of f: F, at x: [Tensor], direction: [Tensor]) throws -> (value: Tensor, tangent: Tensor) {
    try validateTensorInputs(f, x)
    try validateShapes(direction, like: x, "direction")
    if DiagnosticsCollector.isActive { try diagnoseArrayFunction(f, at: x) }
    return try ShapeMismatchSink.collecting {
        let y = f(zip(x, direction).map { DualTensor($0, tangents: $1.reshaped(to: [1] + $1.shape)) })
        return (y.value, y.tangents?.reshaped(to: y.shape) ?? Tensor.zeros(shape: y.shape))
    }
}

/// Seeds one forward pass for the input directions `first..<first+count` (inputs taken
/// together in order, each in row-major order): input i gets `count` tangents, each a
/// unit vector or zero.
@inlinable
func seededInputs(_ x: [Tensor], first: Int, count: Int) -> [DualTensor] {
    var offset = 0
    return x.map { v in
        defer { offset += v.scalarCount }
        let n = v.scalarCount
        guard offset < first + count, offset + n > first else { return DualTensor(unchecked: v, nil) }
        var t = [Double](repeating: 0, count: count * n)
        for d in 0..<count {
            let column = first + d - offset
            if column >= 0 && column < n { t[d * n + column] = 1 }
        }
        var seed = Tensor(unchecked: [count] + v.shape, t)
        if first >= offset && first + count <= offset + n { seed.unitRows = first - offset } // rows of the identity
        return DualTensor(unchecked: v, seed)
    }
}

/// Records `f` at `x` only to scan it for diagnostics (forward drivers record nothing
/// themselves); shape mismatches are left to the driver's own evaluation.
@usableFromInline
func diagnoseArrayFunction<F: TensorFunction>(_ f: F, at x: [Tensor]) throws {
    let sink = ShapeMismatchSink()
    try ShapeMismatchSink.currentSink.withValue(sink) {
        let tape = TensorTape<Tensor>()
        _ = f(x.map { tape.variable($0) })
        if sink.firstError == nil { try tape.reportDiagnostics() }
    }
}
