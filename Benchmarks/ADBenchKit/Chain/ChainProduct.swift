import AutoDiff

extension MatrixChain {
    /// Random factors of this chain's shapes: factor i filled row-major from
    /// uniform(`seed + i`) and scaled by 1/sqrt(columns) (so products stay O(1)).
    /// - Complexity: Σ d_{i−1}·d_i values generated.
    public func randomFactors(seed: UInt64 = 20) -> [Matrix<Double>] {
        (0..<count).map { i in
            let (r, c) = shape(i)
            return Matrix(rows: r, columns: c, elements: LCG.matrix(seed: seed + UInt64(i), rows: r, columns: c))
        }
    }
}

/// The product of `factors` multiplied in `order`, by plain row-major `Double` loops.
/// - Complexity: ``MatrixChain/cost(of:)`` multiply-adds; allocates every intermediate.
/// - Precondition: adjacent factors' shapes agree and `order` covers exactly the factors.
public func multiply(_ factors: [Matrix<Double>], order: ChainOrder) -> Matrix<Double> {
    switch order {
    case let .operand(i): return factors[i]
    case let .product(l, r):
        let a = multiply(factors, order: l), b = multiply(factors, order: r)
        precondition(a.columns == b.rows, "cannot multiply \(a.rows)×\(a.columns) by \(b.rows)×\(b.columns)")
        return Matrix(
            rows: a.rows, columns: b.columns,
            elements: matMul(a.elements, b.elements, a.rows, a.columns, b.columns))
    }
}

/// The largest |a − b| over the entries; +infinity when the shapes differ.
/// - Complexity: O(entries).
public func maxAbsDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
    DerivativeResult(a).maxAbsDifference(from: DerivativeResult(b))
}

/// Multiplies `factors` in every one of `orders` and returns the largest difference
/// between any product and the first order's product (0 up to rounding when all agree).
/// - Complexity: the sum of the orders' costs.
public func largestDisagreement(_ factors: [Matrix<Double>], orders: [ChainOrder]) -> Double {
    guard let first = orders.first else { return 0 }
    let reference = multiply(factors, order: first)
    var worst = 0.0
    for order in orders.dropFirst() { worst = Swift.max(worst, maxAbsDifference(multiply(factors, order: order), reference)) }
    return worst
}

extension P2Chain {
    /// The layer Jacobians at x as the chain `J = L3 · L2 · L1`, in that order:
    /// `L3 = W3` (m × h), `L2 = diag(1 − a2²)·W2` (h × h), `L1 = diag(1 − a1²)·W1` (h × n).
    /// Multiplying them right to left (from the inputs) is what forward mode does, one
    /// column of J per input; left to right (from the outputs) is reverse mode, one row per
    /// output.
    /// - Complexity: the primal plus h·(n + h) scalings.
    public func layerJacobians(at x: [Double]) -> [Matrix<Double>] {
        let (n, h, m) = (function.n, function.h, function.m)
        let (a1, a2) = activations(x)
        var l1 = function.w1, l2 = function.w2
        for k in 0..<h { for j in 0..<n { l1[k * n + j] *= 1 - a1[k] * a1[k] } }
        for k in 0..<h { for j in 0..<h { l2[k * h + j] *= 1 - a2[k] * a2[k] } }
        return [
            Matrix(rows: m, columns: h, elements: function.w3),
            Matrix(rows: h, columns: h, elements: l2),
            Matrix(rows: h, columns: n, elements: l1)
        ]
    }

    /// The chain of ``layerJacobians(at:)``: dimensions `[m, h, h, n]`.
    /// - Throws: ``MatrixChainError`` if a size is outside the chain's range.
    public func layerChain() throws -> MatrixChain {
        try MatrixChain(dimensions: [function.m, function.h, function.h, function.n])
    }
}
