import AutoDiff
import Testing

// A Jacobian's seeds are rows of the identity, and a matrix product with such a seed is
// copied rather than multiplied (rows of op(B), or columns read from a transposed B). The
// copies are checked for every transposition of a product with a constant matrix, the
// variable on either side, in one pass and in batches that start mid-way, against every
// other route (the scalar layer, central differences, the other mode).

/// op(x)·op(W) or op(W)·op(x) for a constant W, with x 3 × 5 (or 5 × 3 transposed).
private struct ProductWithConstant: TensorFunction {
    let variableOnLeft: Bool, transposeVariable: Bool, transposeConstant: Bool
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        if variableOnLeft {
            let w = randomTensors([transposeConstant ? [4, 5] : [5, 4]], seed: 31)[0]
            return matmul(p[0], transposed: transposeVariable, T(w), transposed: transposeConstant)
        }
        let w = randomTensors([transposeConstant ? [3, 2] : [2, 3]], seed: 32)[0]
        return matmul(T(w), transposed: transposeConstant, p[0], transposed: transposeVariable)
    }
}

@Test(arguments: [false, true], [false, true])
func identitySeedsThroughProducts(transposeVariable: Bool, transposeConstant: Bool) throws {
    for variableOnLeft in [true, false] {
        let f = ProductWithConstant(
            variableOnLeft: variableOnLeft, transposeVariable: transposeVariable, transposeConstant: transposeConstant)
        let shape = transposeVariable ? [5, 3] : [3, 5] // op(x) is 3 × 5 on either side
        let x = randomTensors([shape], seed: 33)
        try checkArrayDerivatives(f, at: x)
        let (_, whole) = try reverseJacobian(of: f, at: x)
        for batch in [2, 3, 5] {
            #expect(try forwardJacobian(of: f, at: x, batch: batch).jacobian.elements == whole.elements)
            #expect(try reverseJacobian(of: f, at: x, batch: batch).jacobian.elements == whole.elements)
        }
    }
}

/// op(W)·x or x·op(W) for a vector x (3 entries) and a constant W.
private struct VectorProductWithConstant: TensorFunction {
    let vectorOnLeft: Bool, transposeConstant: Bool
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let shape = vectorOnLeft != transposeConstant ? [3, 4] : [4, 3]
        let w = randomTensors([shape], seed: 34)[0]
        return vectorOnLeft
            ? matmul(p[0], transposed: false, T(w), transposed: transposeConstant)
            : matmul(T(w), transposed: transposeConstant, p[0])
    }
}

@Test(arguments: [false, true], [false, true])
func identitySeedsThroughVectorProducts(vectorOnLeft: Bool, transposeConstant: Bool) throws {
    let f = VectorProductWithConstant(vectorOnLeft: vectorOnLeft, transposeConstant: transposeConstant)
    let x = randomTensors([[3]], seed: 35)
    try checkArrayDerivatives(f, at: x)
    let (_, whole) = try reverseJacobian(of: f, at: x)
    for batch in [1, 2, 3] {
        #expect(try forwardJacobian(of: f, at: x, batch: batch).jacobian.elements == whole.elements)
        #expect(try reverseJacobian(of: f, at: x, batch: batch).jacobian.elements == whole.elements)
    }
}
