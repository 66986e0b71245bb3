/// A function of one or more arrays, written once and generic over ``ADTensor``, so that
/// every array driver can run it on ``Tensor``, ``DualTensor`` or ``TrackedTensor``
/// values.
///
/// ```swift
/// /// The mean squared error of a linear model: inputs W (3 × 2) and b (2).
/// struct LinearLoss: TensorFunction {
///     let x: Tensor, y: Tensor
///     func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
///         let residual = matmul(T(x), p[0]) + p[1] - T(y)
///         return (residual * residual).mean()
///     }
/// }
/// ```
/// The result may have any shape; ``gradient(of:at:)`` needs one entry.
public protocol TensorFunction {
    /// Evaluates the function at `inputs`.
    func callAsFunction<T: ADTensor>(_ inputs: [T]) -> T

    /// The shapes of the inputs the function expects, if fixed; drivers throw
    /// ``DifferentiationError/inputCount(expected:got:)`` for another number of inputs and
    /// ``DifferentiationError/shapeMismatch(_:)`` for another shape. Default nil (any).
    var inputShapes: [[Int]]? { get }

    /// The shape of the output for the declared inputs, if known in advance; `.auto` then
    /// finds its cost model without evaluating the function. Default nil (learnt from one
    /// plain evaluation).
    var outputShape: [Int]? { get }
}

extension TensorFunction {
    /// Any inputs are accepted.
    public var inputShapes: [[Int]]? { nil }
    /// Learnt from one evaluation.
    public var outputShape: [Int]? { nil }
}

/// Checks `x` against the function's declared input shapes.
@inlinable
func validateTensorInputs<F: TensorFunction>(_ f: F, _ x: [Tensor]) throws {
    guard let shapes = f.inputShapes else { return }
    guard shapes.count == x.count else { throw DifferentiationError.inputCount(expected: shapes.count, got: x.count) }
    for (i, (expected, got)) in zip(shapes, x.map(\.shape)).enumerated() where expected != got {
        throw DifferentiationError.shapeMismatch(
            ShapeMismatch(
                operation: "input \(i)", shapes: [expected, got], reason: "expected shape \(expected), got \(got)"))
    }
}

/// Checks that `tensors` (a direction or cotangent per input) have the shapes of `x`.
@inlinable
func validateShapes(_ tensors: [Tensor], like x: [Tensor], _ what: String) throws {
    guard tensors.count == x.count else { throw DifferentiationError.directionCount(expected: x.count, got: tensors.count) }
    for (i, (t, v)) in zip(tensors, x).enumerated() where t.shape != v.shape {
        throw DifferentiationError.shapeMismatch(
            ShapeMismatch(
                operation: "\(what) \(i)", shapes: [v.shape, t.shape], reason: "expected shape \(v.shape), got \(t.shape)"))
    }
}
