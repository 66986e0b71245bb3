// A user's scalar function mapped over arrays as ONE array operation (the bridge to the
// scalar layer): the primal (Tensor), the forward rule (DualTensor) and the reverse rule
// (TrackedTensor) side by side. Local partials come from forward mode on each entry, in
// the same pass as the value, so a recording holds one entry for the whole map.

// MARK: Primal

extension Tensor {
    /// `f` at each entry of the broadcast arguments.
    @inlinable
    public static func elementwise<F: ScalarFunction>(_ f: F, _ arguments: [Tensor]) -> Tensor {
        guard arguments.count <= 16 else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "elementwise", shapes: arguments.map(\.shape),
                    reason: "at most 16 arguments, got \(arguments.count)")
            ) { Tensor(.nan) }
        }
        guard let shape = commonShape(arguments.map(\.shape), operation: "elementwise") else {
            return Tensor(repeating: .nan, shape: arguments.first?.shape ?? [])
        }
        let n = shape.scalarCount
        guard n > 0 else { return Tensor(unchecked: shape, []) }
        let inputs = arguments.map { $0.expanded(to: shape).scalars }
        return Tensor(unchecked: shape, withFirstElements(inputs[...]) { x in filled(n) { evaluateEntries(f, x, n, $0.baseAddress!) } })
    }

    /// The value and one partial per argument, each of the broadcast shape.
    @inlinable
    public static func elementwiseWithPartials<F: ScalarFunction>(_ f: F, _ arguments: [Tensor]) -> (value: Tensor, partials: [Tensor]) {
        guard !arguments.isEmpty, arguments.count <= 16,
            let shape = commonShape(arguments.map(\.shape), operation: "elementwise")
        else {
            let nan = elementwise(f, arguments)
            return (nan, arguments.map { _ in nan })
        }
        let (value, gradient) = localDerivatives(f, arguments.map { $0.expanded(to: shape) }, shape: shape)
        return (value, gradient)
    }
}

// MARK: Forward

extension DualTensor {
    /// Tangents Σ_i t_i · ∂f/∂x_i.
    @inlinable
    public static func elementwise<F: ScalarFunction>(_ f: F, _ arguments: [DualTensor]) -> DualTensor {
        if arguments.allSatisfy({ $0.isConstant }) {
            return DualTensor(unchecked: Tensor.elementwise(f, arguments.map(\.value)), nil)
        }
        let (value, partials) = Tensor.elementwiseWithPartials(f, arguments.map(\.value))
        var tangents: Tensor? = nil
        for (x, d) in zip(arguments, partials) {
            tangents = adding(tangents, scaled(x.tangents, by: d, shape: value.shape), shape: value.shape)
        }
        return DualTensor(unchecked: value, tangents)
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// One entry holding the partials; the pullback multiplies the cotangent by each.
    @inlinable
    public static func elementwise<F: ScalarFunction>(_ f: F, _ arguments: [TrackedTensor]) -> TrackedTensor {
        guard let tape = tape(ofAll: arguments) else {
            return TrackedTensor(constant: V.elementwise(f, arguments.map(\.value)))
        }
        let (value, partials) = V.elementwiseWithPartials(f, arguments.map(\.value))
        let shapes = arguments.map(\.shape), recorded = arguments.map(\.isRecorded)
        return tape.record(
            value, operation: "elementwise", operands: arguments.map(\.entry),
            savedBytes: 8 * value.shape.scalarCount * partials.count
        ) { g in
            (0..<partials.count).map { i in
                recorded[i] ? unbroadcast(V.productKeepingZeros(g, partials[i]), to: shapes[i]) : nil
            }
        }
    }
}
