// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
import AutoDiff
import Testing

// README-COMPOSITION-EXAMPLE-BEGIN
import AutoDiff
/// One layer y = tanh(W·x) at array level (any TensorFunction or VectorFunction is a stage).
struct TanhLayerStage: TensorFunction {
    let w: Tensor
    var outputShape: [Int]? { [w.shape[0]] }
    func callAsFunction<T: ADTensor>(_ x: [T]) -> T { T.tanh(matmul(T(w), x[0])) }
}

/// A rows × columns weight matrix with entries in ±1/columns (a fixed pattern).
func weights(_ rows: Int, _ columns: Int) -> Tensor {
    Tensor(shape: [rows, columns], scalars: (0..<(rows * columns)).map { Double(($0 * 37) % 17 - 8) / Double(8 * columns) })
}

@Test func readmeCompositionExample() throws {
    // An hourglass 128 → 32 → 2 → 32 → 128: wide at both ends, a waist of 2.
    let widths = [128, 32, 2, 32, 128]
    let f = Composition((0..<4).map { CompositionStage(TanhLayerStage(w: weights(widths[$0 + 1], widths[$0]))) })
    let x = Tensor((0..<128).map { Double($0 % 7 - 3) / 4 })
    let plan = try jacobianPlan(of: f, at: x)       // the cheapest order, by costs measured on this machine
    print(plan)     // e.g. (f4·f3 by tangents, 2 columns) · (f2·f1 by adjoints, 2 rows): predicted 41 µs
    let J = try jacobian(of: f, at: x, mode: .bracketed)   // runs that plan (found once, then remembered)
    let forward = try jacobian(of: f, at: x, mode: .forward), reverse = try jacobian(of: f, at: x, mode: .reverse)
    #expect(plan.dimensions == widths && J.rows == 128 && J.columns == 128)
    #expect(zip(J.elements, forward.elements).allSatisfy { abs($0 - $1) <= 1e-12 })
    #expect(zip(J.elements, reverse.elements).allSatisfy { abs($0 - $1) <= 1e-12 })
}
// README-COMPOSITION-EXAMPLE-END
