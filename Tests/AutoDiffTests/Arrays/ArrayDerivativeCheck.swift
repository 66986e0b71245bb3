import AutoDiff
import Testing

// One check for array functions, run on every operation and program: the array layer's
// forward and reverse Jacobians against each other, against the scalar layer running the
// same generic code (ScalarTensor through TensorAsVectorFunction: one scalar tape entry per
// multiply-add, an independent route), against central differences, and the adjoint
// identity ⟨u, J·v⟩ = ⟨Jᵀ·u, v⟩ through the jvp and vjp drivers.

/// Random tensors of the given shapes from the PROBLEMS.md generator.
func randomTensors(_ shapes: [[Int]], seed: UInt64, scale: Double = 1) -> [Tensor] {
    var g = TestLCG(seed: seed)
    return shapes.map { shape in Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in scale * g.uniform() }) }
}

/// The central-difference Jacobian of an array function (columns: all inputs' entries).
func finiteDifferenceJacobian<F: TensorFunction>(_ f: F, at x: [Tensor]) -> Matrix<Double> {
    let flat = TensorAsVectorFunction(f, inputShapes: x.map(\.shape))
    return FiniteDifferences.jacobian(of: PlainVector(flat), at: x.flatMap(\.scalars))
}

/// A VectorFunction evaluated on plain Doubles only through its Tensor form (so the
/// finite differences use the array layer's primal, not ScalarTensor's).
struct PlainVector<Base: TensorFunction>: VectorFunction {
    let base: TensorAsVectorFunction<Base>
    init(_ base: TensorAsVectorFunction<Base>) { self.base = base }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var offset = 0
        let inputs = base.inputShapes.map { shape -> Tensor in
            defer { offset += shape.reduce(1, *) }
            return Tensor(shape: shape, scalars: x[offset..<(offset + shape.reduce(1, *))].map(\.primal))
        }
        return base.base(inputs).scalars.map { T($0) }
    }
}

/// Runs every route on `f` at `x` and records an issue where two disagree.
/// - Parameter finiteDifferences: false at kinks and ties, where the derivative taken is
///   a convention (then the scalar layer, which follows the same conventions, is the
///   reference).
func checkArrayDerivatives<F: TensorFunction>(
    _ f: F, at x: [Tensor], finiteDifferences: Bool = true, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let value = f(x)
    let (forwardValue, forward) = try forwardJacobian(of: f, at: x)
    let (reverseValue, reverse) = try reverseJacobian(of: f, at: x)
    #expect(forwardValue == value && reverseValue == value, "values differ between modes", sourceLocation: sourceLocation)
    let scale = Swift.max(1, (forward.elements + reverse.elements).map { Swift.abs($0) }.filter(\.isFinite).max() ?? 1)
    expectClose(forward, reverse, .exact(scale: scale), "forward vs reverse", sourceLocation: sourceLocation)
    let twin = TensorAsVectorFunction(f, inputShapes: x.map(\.shape))
    let flat = x.flatMap(\.scalars)
    let scalarLevel = try AutoDiff.reverseJacobian(of: twin, at: flat).jacobian
    expectClose(
        reverse, scalarLevel, Tolerance(relative: 1e-11, absolute: 1e-11 * scale), "array vs scalar layer",
        sourceLocation: sourceLocation)
    #expect(
        twin(flat) == value.scalars || zip(twin(flat), value.scalars).allSatisfy { Tolerance.exact(scale: scale).accepts($0, $1) },
        "scalar-layer value differs", sourceLocation: sourceLocation)
    if finiteDifferences {
        expectClose(
            reverse, finiteDifferenceJacobian(f, at: x), .finiteDifference(scale: scale), "AD vs central differences",
            sourceLocation: sourceLocation)
    }
    // The adjoint identity through the jvp and vjp drivers.
    let v = randomTensors(x.map(\.shape), seed: 91)
    let u = randomTensors([value.shape], seed: 92)[0]
    let jv = try jvp(of: f, at: x, direction: v).tangent
    let ju = try vjp(of: f, at: x, cotangent: u).cotangents
    let left = zip(u.scalars, jv.scalars).reduce(0) { $0 + $1.0 * $1.1 }
    let right = zip(ju.flatMap(\.scalars), v.flatMap(\.scalars)).reduce(0) { $0 + $1.0 * $1.1 }
    #expect(
        Tolerance.exact(scale: scale * Double(Swift.max(1, flat.count + value.scalarCount))).accepts(left, right),
        "adjoint identity: ⟨u, Jv⟩ = \(left), ⟨Jᵀu, v⟩ = \(right)", sourceLocation: sourceLocation)
}
