// The linear solve X = op(A)⁻¹·B, differentiated as an implicit function of A and B (from
// A·X = B: dA·X + A·dX = dB), never through the elimination: the primal (Tensor, LU with
// partial pivoting), the forward rule (DualTensor: dX = op(A)⁻¹(dB − op(dA)·X), one
// factorization for all k directions) and the reverse rule (TrackedTensor: a solve with
// the transpose, B̄ = op(A)⁻ᵀ·X̄, then Ā = −B̄·Xᵀ), written with the protocol's operations
// so that a tape of DualTensor values differentiates it again. ScalarTensor eliminates
// entry by entry (the route through the elimination, for the tests).

/// The solution X of A·X = B (`a` n × n; `b` of shape `[n]` or `[..., n, r]`), as one array
/// operation in every mode; see ``ADTensor/solve(_:transposed:_:)``.
///
/// - Complexity: one LU factorization (n³/3 multiply-adds) and n² per right-hand side;
///   forward mode solves the k directions with the same factors; a reverse sweep factors
///   again and solves with the transpose.
@inlinable
public func solve<T: ADTensor>(_ a: T, transposed transposeA: Bool = false, _ b: T) -> T {
    T.solve(a, transposed: transposeA, b)
}

// MARK: Primal

extension Tensor {
    /// X = op(A)⁻¹·B by LU with partial pivoting (one factorization, n² per right-hand side).
    @inlinable
    public static func solve(_ a: Tensor, transposed ta: Bool, _ b: Tensor) -> Tensor {
        guard let lu = factorsForSolve(a, b) else { return Tensor(repeating: .nan, shape: b.shape) }
        return lu.solve(b, transposed: ta)
    }

    /// A's factors after checking both shapes, or nil once the failure is reported.
    @inlinable
    static func factorsForSolve(_ a: Tensor, _ b: Tensor) -> LUFactorization<Double>? {
        do { _ = try LinearSolveShapes(a.shape, b.shape) } catch { return ShapeMismatchSink.report(error) { nil } }
        do { return try LUFactorization(order: a.shape[0], rowMajor: a.scalars) } catch { return ShapeMismatchSink.report(error) { nil } }
    }
}

// MARK: Forward

extension DualTensor {
    /// dX = op(A)⁻¹(dB − op(dA)·X) for all k directions, with one factorization.
    @inlinable
    public static func solve(_ a: DualTensor, transposed ta: Bool, _ b: DualTensor) -> DualTensor {
        guard let lu = Tensor.factorsForSolve(a.value, b.value) else {
            return DualTensor(unchecked: Tensor(repeating: .nan, shape: b.shape), nil)
        }
        let x = lu.solve(b.value, transposed: ta)
        guard let k = a.directionCount ?? b.directionCount else { return DualTensor(unchecked: x, nil) }
        var rhs = b.tangents.map { completed($0, to: b.shape) } ?? Tensor.zeros(shape: [k] + b.shape)
        if let da = a.tangents {
            rhs = rhs - Tensor.matmul(lifted(da, toRank: b.rank), transposed: ta, x, transposed: false)
        }
        // The k right-hand sides as a batch: a vector's as k blocks of one column.
        let batched = b.rank == 1 ? rhs.reshaped(to: [k, b.shape[0], 1]) : rhs
        return DualTensor(unchecked: x, lu.solve(batched, transposed: ta).reshaped(to: [k] + b.shape))
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// B̄ = op(A)⁻ᵀ·X̄ (one solve with the transpose for the k cotangents), Ā = −B̄·Xᵀ summed
    /// over B's batch axes (transposed when A was).
    @inlinable
    public static func solve(_ a: TrackedTensor, transposed ta: Bool, _ b: TrackedTensor) -> TrackedTensor {
        let x = V.solve(a.value, transposed: ta, b.value)
        guard let tape = tape(of: a, b), !ShapeMismatchSink.hasFailed else { return TrackedTensor(constant: x) }
        let (matrix, ra, rb, shape) = (a.value, a.isRecorded, b.isRecorded, b.shape)
        return tape.record(x, operation: "solve", operands: [a.entry, b.entry]) { g in
            let k = g.shape[0], n = matrix.shape[0]
            let vector = shape.count == 1
            let gb = vector ? g.reshaped(to: [k, n, 1]) : g
            let db = V.solve(matrix, transposed: !ta, gb)
            var da: V? = nil
            if ra {
                let columns = vector ? x.reshaped(to: [n, 1]) : x
                let product = unbroadcast(V.matmul(db, transposed: false, columns, transposed: true), to: [n, n])
                da = -(ta ? product.transposed(permutation: [0, 2, 1]) : product)
            }
            return [da, rb ? (vector ? db.reshaped(to: [k, n]) : db) : nil]
        }
    }
}

// MARK: Scalar layer

extension ScalarTensor {
    /// Gaussian elimination entry by entry on the scalar type (pivots chosen by primal
    /// value): the derivative goes through every operation of the elimination.
    public static func solve(_ a: ScalarTensor, transposed ta: Bool, _ b: ScalarTensor) -> ScalarTensor {
        let s: LinearSolveShapes
        do { s = try LinearSolveShapes(a.shape, b.shape) } catch { return ShapeMismatchSink.report(error) { b } }
        let n = s.n
        var entries = a.elements
        if ta { entries = (0..<(n * n)).map { a.elements[($0 % n) * n + $0 / n] } }
        let lu: LUFactorization<Scalar>
        do { lu = try LUFactorization(order: n, rowMajor: entries) } catch { return ShapeMismatchSink.report(error) { b } }
        var x = b.elements
        let block = n * s.columns
        for t in 0..<s.batch {
            var part = Array(x[(t * block)..<((t + 1) * block)])
            lu.solve(&part, columns: s.columns)
            x.replaceSubrange((t * block)..<((t + 1) * block), with: part)
        }
        return ScalarTensor(shape: b.shape, elements: x)
    }
}
