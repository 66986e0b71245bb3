import Testing
import AutoDiff
@testable import ADBenchKit

/// P4's Hessian-vector product (the rows `adbench problems` times) equals central
/// differences of the hand-coded gradient: the reference those rows are checked against.
@Test func mlpHessianVectorProductMatchesDifferencesOfTheHandGradient() throws {
    let p = P4MLP(), v = mlpDirection()
    let reference = mlpHessianVectorByDifferences(p, v)
    let product = try hvp(of: p.function, at: p.point, direction: v, mode: .forwardOverReverse)
    let scale = reference.reduce(0) { max($0, abs($1)) }
    let error = zip(product, reference).reduce(0) { max($0, abs($1.0 - $1.1)) }
    #expect(scale > 0.1, "a direction that actually bends the loss")
    #expect(error <= 1e-6 * (1 + scale))
}
