import AutoDiff
import Foundation
import Testing

// A reshape of a recorded array is a view of its entry (the tape records nothing for it),
// and a sweep adds a second cotangent to an entry in place. Both are checked against every
// other route (forward mode, the scalar layer, central differences): views consumed in
// several shapes, a view as the output, a view of an input, an entry reached by many
// cotangents (the same one twice through `x + x`).

/// Views everywhere: x (2 × 3) seen as 3 × 2 and as 6, an intermediate consumed in two
/// shapes, a reduction whose kept axes are squeezed, and the output a view of a product.
private struct ThroughViews: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0]
        let v = x.reshaped(to: [3, 2])
        let m = matmul(v, x) // 3 × 3
        let flat = m.reshaped(to: [-1])
        let rows = T.tanh(m).sum(squeezingAxes: 1) // 3
        let mixed = flat.slice(0..<3, alongAxis: 0) * rows + m.reshaped(to: [9, 1]).sum(squeezingAxes: 1).slice(3..<6, alongAxis: 0)
        return (mixed.reshaped(to: [1, 3]) * v.reshaped(to: [2, 3]).sum(alongAxes: 0)).reshaped(to: [3])
    }
}

/// One entry reached by many cotangents: `x + x` hands the same cotangent to both
/// operands, then x meets products, a reduction and a view of itself.
private struct ManyUses: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0], y = p[1]
        let twice = x + x
        return twice * x + T.exp(x) * y + x.sum() + x.reshaped(to: [3, 2]).reshaped(to: [2, 3]) * twice
    }
}

/// An input's view as the output.
private struct InputView: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { p[0].reshaped(to: [6]) }
}

@Test func gradientsThroughReshapeViewsAgreeWithEveryRoute() throws {
    let x = randomTensors([[2, 3]], seed: 41)
    try checkArrayDerivatives(ThroughViews(), at: x)
    let (_, whole) = try reverseJacobian(of: ThroughViews(), at: x)
    for batch in [1, 2] {
        #expect(try reverseJacobian(of: ThroughViews(), at: x, batch: batch).jacobian.elements == whole.elements)
    }
    // Forward over reverse through the views, against central differences of the gradient.
    let v = randomTensors([[2, 3]], seed: 42)[0]
    let hv = try hvp(of: ThroughViews().summed, at: x, direction: [v])[0]
    let h = 1e-5
    let plus = try gradient(of: ThroughViews().summed, at: [x[0] + h * v])[0]
    let minus = try gradient(of: ThroughViews().summed, at: [x[0] - h * v])[0]
    for (a, (p, m)) in zip(hv.scalars, zip(plus.scalars, minus.scalars)) {
        #expect(Swift.abs(a - (p - m) / (2 * h)) <= 1e-6 * Swift.max(1, Swift.abs(a)))
    }
}

extension TensorFunction {
    /// The sum of every output entry (a scalar function, for Hessian-vector products).
    fileprivate var summed: SummedOutput<Self> { SummedOutput(inner: self) }
}

private struct SummedOutput<F: TensorFunction>: TensorFunction {
    let inner: F
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { inner(p).sum() }
}

@Test func anEntryReachedByManyCotangentsAddsThemAll() throws {
    let x = randomTensors([[2, 3], [2, 3]], seed: 43)
    let before = x
    try checkArrayDerivatives(ManyUses(), at: x)
    // By hand: d/dx of Σ [2x² + eˣy + Σx + 2x²] = 8x + eˣy + 6 (Σ over the outputs: each
    // output entry adds Σx's 1 to every x), d/dy = eˣ.
    let g = try gradient(of: ManyUses().summed, at: x)
    let expected = zip(x[0].scalars, x[1].scalars).map { 8 * $0 + exp($0) * $1 + 6 }
    for (a, b) in zip(g[0].scalars, expected) { #expect(Swift.abs(a - b) <= 1e-12 * Swift.max(1, Swift.abs(b))) }
    #expect(g[1].scalars == x[0].scalars.map { exp($0) })
    #expect(x == before) // the inputs' storage is never written
}

@Test func aViewRecordsNothing() throws {
    let tape = TensorTape<Tensor>()
    let x = tape.variable(Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]))
    let y = (x.reshaped(to: [3, 2]).reshaped(to: [6]) * 2).reshaped(to: [2, 3])
    #expect(tape.operations == ["input", "c * x"])
    #expect(y.shape == [2, 3])
    let (value, jacobian) = try reverseJacobian(of: InputView(), at: [x.value])
    #expect(value == Tensor([1, 2, 3, 4, 5, 6]))
    #expect(jacobian.elements == (0..<36).map { $0 / 6 == $0 % 6 ? 1 : 0 })
    #expect(try forwardJacobian(of: InputView(), at: [x.value]).jacobian.elements == jacobian.elements)
}

@Test func aReshapeThatDoesNotFitIsStillAShapeMismatch() {
    struct BadView: TensorFunction {
        func callAsFunction<T: ADTensor>(_ p: [T]) -> T { (p[0].reshaped(to: [4]) * p[0].sum()).sum() }
    }
    let x = [Tensor.zeros(shape: [2, 3])]
    #expect(throws: DifferentiationError.self) { try gradient(of: BadView(), at: x) }
    #expect(throws: DifferentiationError.self) { try reverseJacobian(of: BadView(), at: x) }
}
