import AutoDiff
import Testing

// A local derivative times a cotangent (or a batch of tangents) keeps exact zeros: a
// direction not being differentiated stays 0 even where the derivative is infinite or NaN.
// The product is checked entry by entry against the broadcast written out by hand, for
// every route it takes: equal shapes, a factor repeated along leading axes (whole eight-entry
// groups and a tail), each factor entry repeated along trailing axes (entry-major tangents),
// a one-entry cotangent, and any other broadcast.

/// `g · factor` entry by entry with `factor` indexed through `index` (the broadcast by hand).
private func reference(_ g: Tensor, _ factor: Tensor, _ index: (Int) -> Int) -> [Double] {
    g.scalars.indices.map { i in g.scalars[i] == 0 ? 0 : g.scalars[i] * factor.scalars[index(i)] }
}

/// Entries with zeros, and a factor with infinities and NaN where some of them fall.
private func entries(_ count: Int, seed: Int) -> [Double] {
    (0..<count).map { i in
        switch (i * 7 + seed) % 11 {
        case 0: 0
        case 1: .infinity
        case 2: .nan
        case 3: -.infinity
        default: Double((i * 13 + seed) % 17) / 8 - 1
        }
    }
}

private func sameEntries(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
}

@Test(arguments: [1, 7, 8, 9, 64, 67])
func keepingZerosWithAFactorRepeatedAlongLeadingAxes(width: Int) {
    for shape in [[3, width], [2, 3, width], [1, width], [width]] {
        let g = Tensor(shape: shape, scalars: entries(shape.reduce(1, *), seed: 1).map { $0.isFinite ? $0 : 0 })
        for factorShape in [[width], [1, width]] where factorShape.count <= shape.count {
            let factor = Tensor(shape: factorShape, scalars: entries(width, seed: 4))
            let product = Tensor.productKeepingZeros(g, factor)
            #expect(product.shape == shape)
            #expect(sameEntries(product.scalars, reference(g, factor) { $0 % width }), "g \(shape), factor \(factorShape)")
        }
        let same = Tensor(shape: shape, scalars: entries(shape.reduce(1, *), seed: 5))
        #expect(sameEntries(Tensor.productKeepingZeros(g, same).scalars, reference(g, same) { $0 }))
    }
}

@Test func keepingZerosWithAFactorRepeatedAlongInnerAxes() {
    // [4, 1] against [4, 5]: each row's one factor across the row.
    let g = Tensor(shape: [4, 5], scalars: entries(20, seed: 2).map { $0.isFinite ? $0 : 0 })
    let factor = Tensor(shape: [4, 1], scalars: [.infinity, 2, .nan, -3])
    let product = Tensor.productKeepingZeros(g, factor)
    #expect(product.shape == [4, 5])
    #expect(sameEntries(product.scalars, reference(g, factor) { $0 / 5 }))
    // [3, 1, 1] against [3, 2, 11]: runs of 22 (two eight-entry groups and a tail).
    let wide = Tensor(shape: [3, 2, 11], scalars: entries(66, seed: 6).map { $0.isFinite ? $0 : 0 })
    let perBlock = Tensor(shape: [3, 1, 1], scalars: [-.infinity, 0.5, .nan])
    #expect(sameEntries(Tensor.productKeepingZeros(wide, perBlock).scalars, reference(wide, perBlock) { $0 / 22 }))
}

@Test func keepingZerosThroughAnyOtherBroadcast() {
    // [1, 5, 1] against [4, 5, 3]: neither whole repeats nor runs (the general broadcast).
    let g = Tensor(shape: [4, 5, 3], scalars: entries(60, seed: 7).map { $0.isFinite ? $0 : 0 })
    let factor = Tensor(shape: [1, 5, 1], scalars: [.infinity, 2, .nan, -3, 0.25])
    let product = Tensor.productKeepingZeros(g, factor)
    #expect(product.shape == [4, 5, 3])
    #expect(sameEntries(product.scalars, reference(g, factor) { ($0 / 3) % 5 }))
}

@Test func keepingZerosWithOneEntryCotangent() {
    let factor = Tensor(shape: [2, 9], scalars: entries(18, seed: 3).map { $0.isFinite ? $0 : 1 })
    #expect(Tensor.productKeepingZeros(Tensor(shape: [], scalars: [0]), factor).scalars == [Double](repeating: 0, count: 18))
    #expect(Tensor.productKeepingZeros(Tensor(shape: [], scalars: [2]), factor).scalars == factor.scalars.map { 2 * $0 })
}

// relu and square recompute their derivative in the pullback (no derivative array is
// stored): the product must be the stored route's, bit for bit, at kinks, signed zeros,
// NaN and infinities, on one cotangent and on a batch.
@Test(arguments: [ElementwiseOperation.relu, .square])
func recomputedDerivativesEqualTheStoredRoute(operation: ElementwiseOperation) throws {
    let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1, -1, 0.5, -2.5, 3]
    let x = Tensor(shape: [2, 5], scalars: specials)
    for k in [1, 3] {
        let g = Tensor(shape: [k, 2, 5], scalars: entries(k * 10, seed: k))
        let stored = Tensor.productKeepingZeros(g, Tensor.applyingWithDerivative(operation, to: x).derivative)
        let recomputed = Tensor.productWithDerivative(g, of: operation, at: x)
        #expect(recomputed.shape == stored.shape)
        #expect(sameEntries(recomputed.scalars, stored.scalars))
    }
    // The reverse rule takes the recomputing route, and the stored one while diagnosing:
    // the gradients agree bit for bit (and with forward mode).
    struct Through: TensorFunction {
        let operation: ElementwiseOperation
        func callAsFunction<T: ADTensor>(_ p: [T]) -> T { (T.applying(operation, to: p[0] * 3) * p[0]).sum() }
    }
    let point = [Tensor(shape: [2, 5], scalars: [0, -0.0, 1, -1, 0.5, -2.5, 3, 2, -0.25, 4])]
    let plain = try gradient(of: Through(operation: operation), at: point)
    let (diagnosed, _) = try withDiagnostics { try gradient(of: Through(operation: operation), at: point) }
    #expect(sameEntries(plain[0].scalars, diagnosed[0].scalars))
    let forward = try forwardJacobian(of: Through(operation: operation), at: point).jacobian
    #expect(sameEntries(plain[0].scalars, forward.elements))
    // Forward over reverse stores the derivative (its tangents are the second-order part):
    // the HVP against central differences of the gradient, away from relu's kink.
    let smooth = [Tensor(shape: [2, 5], scalars: [0.3, -0.7, 1, -1, 0.5, -2.5, 3, 2, -0.25, 4])]
    let v = Tensor(shape: [2, 5], scalars: [1, -2, 0.5, 3, -1, 2, -0.5, 1, 4, -3])
    let hv = try hvp(of: Through(operation: operation), at: smooth, direction: [v])[0]
    let h = 1e-6
    let up = try gradient(of: Through(operation: operation), at: [smooth[0] + h * v])[0]
    let down = try gradient(of: Through(operation: operation), at: [smooth[0] - h * v])[0]
    for (a, (u, d)) in zip(hv.scalars, zip(up.scalars, down.scalars)) {
        #expect(Swift.abs(a - (u - d) / (2 * h)) <= 1e-6 * Swift.max(1, Swift.abs(a)))
    }
}
