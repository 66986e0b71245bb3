// DualTensor as the value type of a tape (forward over reverse): the local derivatives of
// elementwise operations as dual arrays, whose tangents carry second derivatives. A sweep
// over such a tape gives, next to the gradient, its directional derivative H·v.

extension DualTensor: TensorTapeValue {
    /// (f(x), f'(x)) as dual arrays: tangents t·f'(x) and t·f''(x), from one evaluation per
    /// entry on `Dual<Dual<Double>>`.
    @inlinable
    public static func applyingWithDerivative(_ operation: ElementwiseOperation, to x: DualTensor) -> (value: DualTensor, derivative: DualTensor) {
        guard let t = x.tangents else {
            let (v, d) = Tensor.applyingWithDerivative(operation, to: x.value)
            return (DualTensor(unchecked: v, nil), DualTensor(unchecked: d, nil))
        }
        let n = x.value.scalarCount
        var value = [Double](repeating: 0, count: n), first = value, second = value
        for i in 0..<n {
            let r = operation.apply(to: Dual(Dual<Double>(x.value.scalars[i], tangent: 1), tangent: Dual<Double>(1, tangent: 0)))
            value[i] = r.value.value
            first[i] = r.value.tangent
            second[i] = r.tangent.tangent
        }
        let shape = x.value.shape
        let (d1, d2) = (Tensor(unchecked: shape, first), Tensor(unchecked: shape, second))
        return (
            DualTensor(unchecked: Tensor(unchecked: shape, value), scaled(t, by: d1, shape: shape)),
            DualTensor(unchecked: d1, scaled(t, by: d2, shape: shape))
        )
    }

    /// The value and both partials as dual arrays (tangents through the local Hessian).
    @inlinable
    public static func applyingWithPartials(
        _ operation: ElementwiseBinaryOperation, to x: DualTensor, _ y: DualTensor
    ) -> (value: DualTensor, dx: DualTensor, dy: DualTensor) {
        let (value, partials) = elementwiseWithPartials(ElementwiseBinaryOperationFunction(operation), [x, y])
        return (value, partials[0], partials[1])
    }

    /// The value and the partials as dual arrays: value tangents Σ_j t_j·∂f/∂x_j, partial
    /// i's tangents Σ_j t_j·∂²f/∂x_i∂x_j.
    @inlinable
    public static func elementwiseWithPartials<F: ScalarFunction>(_ f: F, _ arguments: [DualTensor]) -> (value: DualTensor, partials: [DualTensor]) {
        guard !arguments.isEmpty, arguments.count <= 16,
            let shape = Tensor.commonShape(arguments.map(\.shape), operation: "elementwise")
        else {
            let nan = DualTensor(unchecked: Tensor.elementwise(f, arguments.map(\.value)), nil)
            return (nan, arguments.map { _ in nan })
        }
        guard let k = arguments.lazy.compactMap(\.directionCount).first else {
            let (value, partials) = Tensor.elementwiseWithPartials(f, arguments.map(\.value))
            return (DualTensor(unchecked: value, nil), partials.map { DualTensor(unchecked: $0, nil) })
        }
        // Each argument's tangents broadcast to [k] + shape, flat.
        let tangents = arguments.map { x in x.tangents.map { completed($0, to: shape).scalars } }
        let (value, gradient, valueTangents, gradientTangents) = Tensor.localDerivatives(
            f, arguments.map { $0.value.expanded(to: shape) }, tangents: tangents, directions: k, shape: shape)
        let partials = gradient.indices.map { DualTensor(unchecked: gradient[$0], gradientTangents[$0]) }
        return (DualTensor(unchecked: value, valueTangents), partials)
    }

    /// `g · factor` keeping zeros of g's value; tangents by the product rule.
    @inlinable
    public static func productKeepingZeros(_ g: DualTensor, _ factor: DualTensor) -> DualTensor {
        let value = Tensor.multiplyKeepingZeros(g.value, factor.value), shape = value.shape
        let fromG = scaled(g.tangents, by: factor.value, shape: shape)
        let fromFactor = factor.tangents.map { lifted($0, toRank: shape.count) * g.value }
        return DualTensor(unchecked: value, adding(fromG, fromFactor, shape: shape))
    }
}
