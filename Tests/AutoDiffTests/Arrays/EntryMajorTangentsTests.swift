@testable import AutoDiff
import Testing

// A constant matrix times a vector carries its k directions entry-major (each entry's
// tangents side by side, a Jacobian row's layout); elementwise functions, sums, differences
// and constant matrix products keep that layout, every other rule reads the tangents
// direction-major. The checks: programs that cross between the layouts in every way agree
// with reverse mode, the scalar layer and central differences (all passes at once and in
// batches that leave partial passes), and the layout is actually the one taken.

/// A chain in the entry-major layout throughout: products with constant matrices,
/// elementwise functions, a scalar shift and scale, a sum and a difference.
private struct EntryMajorChain: TensorFunction {
    let w1 = randomTensors([[6, 5]], seed: 11)[0], w2 = randomTensors([[4, 6]], seed: 12)[0]
    let w3 = randomTensors([[4, 5]], seed: 13)[0]
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let h = T.tanh(matmul(T(w1), p[0])).multiplied(by: 0.5).adding(0.25)
        let y = matmul(T(w2), T.sin(h))
        return (y + matmul(T(w3), p[0])) - (-T.exp(y)).divided(by: 3)
    }
}

/// The entry-major layout meeting direction-major rules: a product with a variable
/// matrix, broadcasting, a reshape, a reduction along an axis, an elementwise map, and a
/// sum with a direction-major operand.
private struct MixedLayouts: TensorFunction {
    let w = randomTensors([[4, 3]], seed: 21)[0]
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let a = matmul(T(w), p[0]) // entry-major
        let b = matmul(p[1], p[0]) // direction-major (A varies)
        let c = a * b + a.reshaped(to: [2, 2]).sum(alongAxes: [1]).reshaped(to: [2]).sum() // broadcasting, reshape, reduction
        let d = T.elementwise(TermProduct(), [a, b])
        return T.square(c + d - b).sum(alongAxes: [0]) + T.relu(a - 10).sum()
    }
}

/// x·y + sin(x), entry by entry.
private struct TermProduct: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { v[0] * v[1] + T.sin(v[0]) }
}

@Test func entryMajorChainAgreesWithEveryRoute() throws {
    let x = randomTensors([[5]], seed: 3)
    try checkArrayDerivatives(EntryMajorChain(), at: x)
    let (_, whole) = try forwardJacobian(of: EntryMajorChain(), at: x)
    for batch in [1, 2, 3] {
        let (_, inBatches) = try forwardJacobian(of: EntryMajorChain(), at: x, batch: batch)
        #expect(inBatches.elements == whole.elements, "batch \(batch)")
    }
}

@Test func entryMajorMeetsDirectionMajorRules() throws {
    let x = randomTensors([[3], [4, 3]], seed: 4)
    try checkArrayDerivatives(MixedLayouts(), at: x)
    for batch in [2, 5, 7] {
        let (_, forward) = try forwardJacobian(of: MixedLayouts(), at: x, batch: batch)
        let (_, reverse) = try reverseJacobian(of: MixedLayouts(), at: x)
        expectClose(forward, reverse, .exact(scale: 10), "batch \(batch)")
    }
}

@Test func constantMatrixTimesVectorIsEntryMajor() {
    let a = randomTensors([[3, 4]], seed: 5)[0], x = randomTensors([[4]], seed: 6)[0]
    let v = randomTensors([[2, 4]], seed: 7)[0]
    let y = matmul(DualTensor(a), DualTensor(x, tangents: v))
    #expect(y.isEntryMajor && y.storedTangents?.shape == [3, 2])
    #expect(y.value == matmul(a, x))
    let tangents = try! #require(y.tangents)
    #expect(tangents.shape == [2, 3])
    for d in 0..<2 {
        let direction = Tensor(shape: [4], scalars: Array(v.scalars[(d * 4)..<(d * 4 + 4)]))
        #expect(Array(tangents.scalars[(d * 3)..<(d * 3 + 3)]) == matmul(a, direction).scalars)
    }
    // Elementwise functions keep the layout; a reshape reads it direction-major.
    #expect(DualTensor.tanh(y).isEntryMajor && !y.reshaped(to: [1, 3]).isEntryMajor)
}

@Test func identitySeedsGiveTheMatrixColumnsEvenWhereNotFinite() throws {
    // The forward Jacobian of x ↦ A·x is A, entry for entry, infinities included (a seed's
    // zeros do not multiply them), whole and in batches.
    struct Product: TensorFunction {
        let a = Tensor(shape: [2, 3], scalars: [1, .infinity, 3, -.infinity, 5, .nan])
        func callAsFunction<T: ADTensor>(_ p: [T]) -> T { matmul(T(a), p[0]) }
    }
    let x = [Tensor(shape: [3], scalars: [0.5, 0.25, 2])]
    for batch in [nil, 1, 2] {
        let (_, j) = try forwardJacobian(of: Product(), at: x, batch: batch)
        #expect(zip(j.elements, Product().a.scalars).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }, "batch \(String(describing: batch))")
    }
}
