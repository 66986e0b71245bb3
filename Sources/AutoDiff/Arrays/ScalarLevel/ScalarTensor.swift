/// An array of ``ADScalar`` values that is itself an ``ADTensor``: an array function run
/// scalar by scalar through the scalar layer.
///
/// `ScalarTensor<Tracked<Double>>` records one scalar tape entry per multiply-add of a
/// matrix product and per entry of every elementwise operation; `ScalarTensor<Dual<Double>>`
/// carries one tangent per scalar. It is the array layer evaluated the slow, obvious way:
/// the independent route the array layer's derivatives are tested against, and the
/// "scalar tape" of an array function when the two tapes are compared
/// (``TensorAsVectorFunction`` hands it to the scalar drivers).
///
/// - Complexity: each array operation costs one scalar operation per entry (per
///   multiply-add for a matrix product), recorded or carried as the scalar type does.
public struct ScalarTensor<Scalar: ADScalar>: CustomStringConvertible {
    /// The length of each axis.
    public let shape: [Int]
    /// The entries in row-major order.
    public let elements: [Scalar]

    /// A tensor of the given shape and row-major entries.
    public init(shape: [Int], elements: [Scalar]) {
        precondition(
            elements.count == shape.scalarCount,
            "ScalarTensor: shape \(shape) holds \(shape.scalarCount) entries, got \(elements.count)")
        self.shape = shape
        self.elements = elements
    }

    /// The entries' primal values, as a plain tensor.
    public var primal: Tensor { Tensor(unchecked: shape, elements.map(\.primal)) }

    /// The primal values, nested by axis.
    public var description: String { primal.description }

    /// `f` entry by entry over operands broadcast together.
    func broadcasting(_ other: ScalarTensor, _ name: String, _ f: (Scalar, Scalar) -> Scalar) -> ScalarTensor {
        guard let out = broadcastShape(shape, other.shape) else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: name, shapes: [shape, other.shape],
                    reason: "shapes do not broadcast")
            ) { self }
        }
        let a = expanded(to: out).elements, b = other.expanded(to: out).elements
        return ScalarTensor(shape: out, elements: (0..<a.count).map { f(a[$0], b[$0]) })
    }

    /// The entries broadcast to `out` (a shape this one broadcasts to).
    func expanded(to out: [Int]) -> ScalarTensor {
        if shape == out { return self }
        let strides = broadcastStrides(shape, to: out)
        var result: [Scalar] = []
        result.reserveCapacity(out.scalarCount)
        forEachBroadcastRow(out, strides, [Int](repeating: 0, count: out.count)) { o, s, _, _, _, count in
            for i in 0..<count { result.append(elements[o + i * s]) }
        }
        return ScalarTensor(shape: out, elements: result)
    }

    /// The entries gathered at `positions` into `shape` (the shape operations' one loop).
    func gathered(_ positions: [Int], shape: [Int]) -> ScalarTensor {
        ScalarTensor(shape: shape, elements: positions.map { $0 >= 0 ? elements[$0] : Scalar(0) })
    }

    /// The same operation applied to the entry positions 0..<n: which input position each
    /// output entry of a shape operation reads (-1 for padding).
    func positions(_ operation: (Tensor) -> Tensor) -> (positions: [Int], shape: [Int]) {
        let index = Tensor(unchecked: shape, (0..<shape.scalarCount).map { Double($0) })
        let moved = operation(index)
        return (moved.scalars.map { $0.isNaN ? -1 : Int($0) }, moved.shape)
    }
}
