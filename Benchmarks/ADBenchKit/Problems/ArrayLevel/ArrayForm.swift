import AutoDiff

/// Which formulation of a problem a sweep times: the scalar one (`ADScalar`, one tape
/// entry per scalar operation) or the array one (`ADTensor`, one per array operation).
public enum ProblemLevel: String, Sendable, Codable, CaseIterable, CustomStringConvertible {
    case scalar
    case array
    /// The raw name.
    public var description: String { rawValue }
}

/// A problem's array-level formulation as the sweep needs it: its primal and its
/// derivative by mode at the problem's point, its recording's size and its cost model.
public struct ArrayForm {
    /// The array primal's value.
    public let primal: () -> Double
    /// The derivative in a mode (for P3, the HVP whatever the mode).
    public let derivative: (DifferentiationMode) throws -> DerivativeResult
    /// One recording's entries and bytes.
    public let tapeSize: () -> TapeSize
    /// The calibrated model (`.auto`'s choice and the predictions), if the derivative is a Jacobian.
    public let model: () throws -> TensorCostModel?

    /// The Jacobian form of `f` at `x` (P2, P5): gradients (P1, P4) are one-row Jacobians.
    public init<F: TensorFunction>(jacobianOf f: F, at x: [Tensor]) {
        primal = { f(x).scalars.reduce(0, +) }
        derivative = { DerivativeResult(try jacobian(of: f, at: x, mode: $0)) }
        tapeSize = { arrayTapeSize(of: f, at: x) }
        model = { try TensorCostModel.calibrated(for: f, at: x) }
    }

    /// The Hessian-vector product form (P3).
    public init<F: TensorFunction>(hvpOf f: F, at x: [Tensor], direction v: [Tensor]) {
        primal = { f(x).scalars[0] }
        derivative = { _ in DerivativeResult(vector: try hvp(of: f, at: x, direction: v).flatMap(\.scalars)) }
        tapeSize = { arrayTapeSize(of: f, at: x) }
        model = { nil }
    }
}

extension P1Rosenbrock { public var arrayForm: ArrayForm? { ArrayForm(jacobianOf: ArrayRosenbrock(), at: [Tensor(point)]) } }
extension P2Chain { public var arrayForm: ArrayForm? { ArrayForm(jacobianOf: ArrayChain(function), at: [Tensor(point)]) } }
extension P3HessianVector {
    public var arrayForm: ArrayForm? {
        ArrayForm(hvpOf: ArrayRosenbrock(), at: [Tensor(point)], direction: [Tensor(direction)])
    }
}
extension P4MLP {
    public var arrayForm: ArrayForm? { ArrayForm(jacobianOf: ArrayMLP(function), at: ArrayMLP.weights(point, function)) }
}
extension P5Tridiagonal { public var arrayForm: ArrayForm? { ArrayForm(jacobianOf: ArrayTridiagonal(), at: [Tensor(point)]) } }
