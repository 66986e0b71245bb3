// P4's loss in `adbench problems` beyond its gradient: the library's Hessian-vector
// products (as P3's, on a network's loss), each checked against central differences
// of the hand-coded gradient along the direction.
import AutoDiff

/// P4's direction for Hessian-vector products: uniform(9), 2688 entries.
func mlpDirection() -> [Double] { LCG.vector(seed: 9, count: P4MLP.parameterCount) }

/// H·v of P4's loss by central differences of the hand-coded gradient:
/// `(∇J(x + h v) − ∇J(x − h v)) / 2h` with h = 1e−6. The loss is piecewise smooth (relu):
/// the reference is only valid when no hidden unit changes sign within ±h·v, which holds
/// at PROBLEMS.md's point (the rows would read WRONG otherwise).
/// - Complexity: two hand-coded gradients.
func mlpHessianVectorByDifferences(_ p: P4MLP, _ v: [Double]) -> [Double] {
    let h = 1e-6, x = p.point
    let plus = p.handValueAndGradient(zip(x, v).map { $0 + h * $1 }).gradient
    let minus = p.handValueAndGradient(zip(x, v).map { $0 - h * $1 }).gradient
    return zip(plus, minus).map { ($0 - $1) / (2 * h) }
}

/// P4's extra rows: `hvp` of the loss in each ``HVPMode`` along uniform(9), each checked
/// against the central differences of the hand-coded gradient (tolerance 1e−6 of the
/// largest entry: the differences' own error is O(h²) + O(ε/h)).
/// - Throws: a driver's ``DifferentiationError`` from the checking calls.
/// - Complexity: one call per mode, plus two hand gradients.
func mlpHVPMeasurements(_ p: P4MLP, sink: BlackHole) throws -> [ExtraMeasurement] {
    let f = p.function, x = p.point, v = mlpDirection()
    let reference = DerivativeResult(vector: mlpHessianVectorByDifferences(p, v))
    let scale = reference.largestMagnitude
    return try HVPMode.allCases.map { mode in
        let product = DerivativeResult(vector: try hvp(of: f, at: x, direction: v, mode: mode))
        let error = product.maxAbsDifference(from: reference), sum = product.sum
        return ExtraMeasurement(
            "hvp \(mode.words)", hand: "hand gradient",
            body: { sink.consume(try hvp(of: f, at: x, direction: v, mode: mode)) }
        ) { row in
            row.setCheck(sum, reference: nil, maxAbsError: error, tolerance: 1e-6 * (1 + scale))
        }
    }
}
