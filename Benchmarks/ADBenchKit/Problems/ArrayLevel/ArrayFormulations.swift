import AutoDiff

// The problems that are naturally array code, written once over ADTensor: the same
// functions as the scalar formulations (same data, same point, same check values), with
// a matrix product as one operation and Rosenbrock's term as one elementwise map.

/// Rosenbrock's term `100 (b − a²)² + (1 − a)²` as a scalar function of (a, b): mapped
/// over arrays with ``ADTensor/elementwise(_:_:)``, one array operation for all terms.
public struct RosenbrockTerm: ScalarFunction, Sendable {
    /// The term.
    public init() {}
    /// `100 (v1 − v0²)² + (1 − v0)²`.
    @inlinable
    public func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        let a = v[0]
        return 100 * T.square(v[1] - a * a) + T.square(1 - a)
    }
}

/// P1 at array level: `Σ term(x[0..<n−1], x[1..<n])`, the term mapped elementwise.
public struct ArrayRosenbrock: TensorFunction, Sendable {
    /// The function.
    public init() {}
    /// The sum of the mapped terms.
    @inlinable
    public func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0], n = x.shape[0]
        return T.elementwise(RosenbrockTerm(), [x.slice(0..<(n - 1), alongAxis: 0), x.slice(1..<n, alongAxis: 0)]).sum()
    }
}

/// P1 at array level written with array arithmetic only (no elementwise map): five array
/// operations per term instead of one, for comparison.
public struct ArrayRosenbrockByOperations: TensorFunction, Sendable {
    /// The function.
    public init() {}
    /// `Σ 100 (x1 − x0²)² + (1 − x0)²` on the slices.
    @inlinable
    public func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0], n = x.shape[0]
        let x0 = x.slice(0..<(n - 1), alongAxis: 0), x1 = x.slice(1..<n, alongAxis: 0)
        return (100 * T.square(x1 - x0 * x0) + T.square(1 - x0)).sum()
    }
}

/// P2 at array level: `y = W3 tanh(W2 tanh(W1 x))` with the weights as constant matrices.
public struct ArrayChain: TensorFunction, Sendable {
    /// W1 (h × n), W2 (h × h), W3 (m × h).
    public let w1: Tensor, w2: Tensor, w3: Tensor

    /// The chain of the scalar formulation's weights.
    public init(_ chain: ChainFunction) {
        w1 = Tensor(shape: [chain.h, chain.n], scalars: chain.w1)
        w2 = Tensor(shape: [chain.h, chain.h], scalars: chain.w2)
        w3 = Tensor(shape: [chain.m, chain.h], scalars: chain.w3)
    }

    /// `W3 tanh(W2 tanh(W1 x))`: three matrix-vector products and two tanh.
    @inlinable
    public func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let a1 = T.tanh(matmul(T(w1), p[0]))
        let a2 = T.tanh(matmul(T(w2), a1))
        return matmul(T(w3), a2)
    }

    /// x of shape [n].
    public var inputShapes: [[Int]]? { [[w1.shape[1]]] }
    /// y of shape [m].
    public var outputShape: [Int]? { [w3.shape[0]] }
}

/// P4 at array level: `H = relu(X·W1)`, `Z = H·W2`,
/// `J = mean_k [logsumexp(Z_k) − Z_{k, y_k}] + λ(ΣW1² + ΣW2²)`, inputs W1 and W2.
public struct ArrayMLP: TensorFunction, Sendable {
    /// X (b × d), the labels one-hot (b × c), λ.
    public let data: Tensor, oneHot: Tensor, lambda: Double

    /// The network of the scalar formulation's data.
    public init(_ loss: MLPLoss) {
        data = Tensor(shape: [loss.batch, loss.inputs], scalars: loss.data)
        var hot = [Double](repeating: 0, count: loss.batch * loss.classes)
        for (k, y) in loss.labels.enumerated() { hot[k * loss.classes + y] = 1 }
        oneHot = Tensor(shape: [loss.batch, loss.classes], scalars: hot)
        lambda = loss.lambda
    }

    /// The loss: two matrix products, a relu, a row-wise logSumExp, a masked sum, the
    /// weight decay.
    @inlinable
    public func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let h = T.relu(matmul(T(data), p[0]))
        let z = matmul(h, p[1])
        let perExample = z.logSumExp(squeezingAxes: 1) - (z * T(oneHot)).sum(squeezingAxes: 1)
        return perExample.mean() + lambda * (T.square(p[0]).sum() + T.square(p[1]).sum())
    }

    /// W1 (d × h) and W2 (h × c).
    public var inputShapes: [[Int]]? { nil }

    /// W1 and W2 of a flat point (W1 then W2, row-major) of the scalar formulation.
    public static func weights(_ point: [Double], _ loss: MLPLoss) -> [Tensor] {
        let split = loss.inputs * loss.hidden
        return [
            Tensor(shape: [loss.inputs, loss.hidden], scalars: Array(point[..<split])),
            Tensor(shape: [loss.hidden, loss.classes], scalars: Array(point[split...]))
        ]
    }
}

/// P5 at array level: `F = x_{i−1} − 2x_i + x_{i+1} + h² sin(x_i)` with the neighbours as
/// the vector shifted by one (padded with the boundary zeros).
public struct ArrayTridiagonal: TensorFunction, Sendable {
    /// The function.
    public init() {}
    /// Two shifted copies of x, a sine and two sums.
    @inlinable
    public func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0], n = x.shape[0]
        let h = 1 / Double(n + 1)
        let previous = x.slice(0..<(n - 1), alongAxis: 0).padded(alongAxis: 0, before: 1, after: 0, with: 0)
        let next = x.slice(1..<n, alongAxis: 0).padded(alongAxis: 0, before: 0, after: 1, with: 0)
        return previous + next - 2 * x + (h * h) * T.sin(x)
    }
}
