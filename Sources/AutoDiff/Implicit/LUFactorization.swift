/// The LU factorization with partial pivoting of a square matrix, P·A = L·U, and solves
/// with it: the plain linear algebra behind ``ADTensor/solve(_:transposed:_:)`` and
/// ``root(of:guess:parameters:options:)``.
///
/// Generic over ``ADScalar`` so that the same elimination runs on `Double` (the array
/// layer's primal) and on the scalar layer's types (``ScalarTensor``: an elimination
/// differentiated operation by operation, the independent route the implicit rules are
/// tested against). Pivots are chosen by primal value.
///
/// ```swift
/// let lu = try LUFactorization(Tensor([[0, 2], [1, 1]]))
/// print(lu.solve(Tensor([2, 3])))   // [2.0, 1.0]
/// ```
/// - Complexity: n³/3 multiply-adds to factor, n² per right-hand side to solve.
public struct LUFactorization<Scalar: ADScalar> {
    /// The order n of the matrix.
    public let size: Int
    /// L (unit lower triangle, below the diagonal) and U (on and above it), row-major.
    @usableFromInline var factors: [Scalar]
    /// Row i of P·A is row `pivots[i]` of A.
    @usableFromInline var pivots: [Int]

    /// Factors the n × n matrix given row-major.
    /// - Throws: ``DifferentiationError/singularMatrix(_:)`` when a pivot is at or below
    ///   n·ε times the largest entry in magnitude (singular to working precision).
    @inlinable
    public init(order n: Int, rowMajor a: [Scalar]) throws(DifferentiationError) {
        precondition(a.count == n * n, "LUFactorization: \(a.count) entries for a \(n) × \(n) matrix")
        size = n
        factors = a
        pivots = Array(0..<n)
        let largest = a.reduce(0.0) { Swift.max($0, Swift.abs($1.primal)) }
        let threshold = Double(n) * Double.ulpOfOne * largest
        for k in 0..<n {
            var p = k, best = Swift.abs(factors[k * n + k].primal)
            for i in (k + 1)..<Swift.max(k + 1, n) where Swift.abs(factors[i * n + k].primal) > best {
                p = i
                best = Swift.abs(factors[i * n + k].primal)
            }
            if best <= threshold {
                throw .singularMatrix(
                    "solve: the \(n) × \(n) matrix is singular to working precision (pivot \(k + 1) of \(n) is \(best) after partial pivoting, largest entry \(largest))"
                )
            }
            if p != k {
                for j in 0..<n { factors.swapAt(k * n + j, p * n + j) }
                pivots.swapAt(k, p)
            }
            let pivot = factors[k * n + k]
            for i in (k + 1)..<Swift.max(k + 1, n) {
                let l = factors[i * n + k] / pivot
                factors[i * n + k] = l
                for j in (k + 1)..<n { factors[i * n + j] = factors[i * n + j] - l * factors[k * n + j] }
            }
        }
    }

    /// Solves op(A)·X = B in place for `rhs`, an n × r block row-major (column j is
    /// right-hand side j), op(A) = A or Aᵀ.
    @inlinable
    public func solve(_ rhs: inout [Scalar], columns r: Int, transposed: Bool = false) {
        let n = size
        precondition(rhs.count == n * r, "LUFactorization.solve: \(rhs.count) entries for \(n) × \(r) right-hand sides")
        guard n > 0, r > 0 else { return }
        if !transposed {
            // X = U⁻¹ L⁻¹ P B.
            var y = rhs
            for i in 0..<n where pivots[i] != i { for c in 0..<r { y[i * r + c] = rhs[pivots[i] * r + c] } }
            for p in 0..<n {
                for i in (p + 1)..<Swift.max(p + 1, n) {
                    let l = factors[i * n + p]
                    for c in 0..<r { y[i * r + c] = y[i * r + c] - l * y[p * r + c] }
                }
            }
            for p in stride(from: n - 1, through: 0, by: -1) {
                let u = factors[p * n + p]
                for c in 0..<r { y[p * r + c] = y[p * r + c] / u }
                for i in 0..<p {
                    let a = factors[i * n + p]
                    for c in 0..<r { y[i * r + c] = y[i * r + c] - a * y[p * r + c] }
                }
            }
            rhs = y
        } else {
            // Aᵀ = Uᵀ Lᵀ P: X = Pᵀ L⁻ᵀ U⁻ᵀ B.
            var w = rhs
            for p in 0..<n {
                let u = factors[p * n + p]
                for c in 0..<r { w[p * r + c] = w[p * r + c] / u }
                for i in (p + 1)..<Swift.max(p + 1, n) {
                    let a = factors[p * n + i]
                    for c in 0..<r { w[i * r + c] = w[i * r + c] - a * w[p * r + c] }
                }
            }
            for p in stride(from: n - 1, through: 0, by: -1) {
                for i in 0..<p {
                    let l = factors[p * n + i]
                    for c in 0..<r { w[i * r + c] = w[i * r + c] - l * w[p * r + c] }
                }
            }
            for i in 0..<n { for c in 0..<r { rhs[pivots[i] * r + c] = w[i * r + c] } }
        }
    }
}

extension LUFactorization where Scalar == Double {
    /// Factors the square matrix `a` (rank 2).
    /// - Throws: ``DifferentiationError/shapeMismatch(_:)`` for a matrix that is not
    ///   square, ``DifferentiationError/singularMatrix(_:)`` for a singular one.
    @inlinable
    public init(_ a: Tensor) throws(DifferentiationError) {
        guard a.rank == 2, a.shape[0] == a.shape[1] else {
            throw .shapeMismatch(ShapeMismatch(operation: "solve", shapes: [a.shape], reason: "expected a square matrix"))
        }
        try self.init(order: a.shape[0], rowMajor: a.scalars)
    }

    /// The solution X of op(A)·X = B, of b's shape: `b` is `[n]` or `[..., n, r]`
    /// (leading axes a batch of blocks).
    /// - Precondition: b's shape fits (``LinearSolveShapes``).
    @inlinable
    public func solve(_ b: Tensor, transposed: Bool = false) -> Tensor {
        let s: LinearSolveShapes
        do { s = try LinearSolveShapes([size, size], b.shape) } catch { preconditionFailure(error.description) }
        var x = b.scalars
        let block = size * s.columns
        for t in 0..<s.batch {
            var part = Array(x[(t * block)..<((t + 1) * block)])
            solve(&part, columns: s.columns, transposed: transposed)
            x.replaceSubrange((t * block)..<((t + 1) * block), with: part)
        }
        return Tensor(unchecked: b.shape, x)
    }
}

/// The shapes of a linear solve op(A)·X = B: A square, B `[n]` or `[..., n, r]`.
public struct LinearSolveShapes: Sendable, Equatable {
    /// The order of A.
    public let n: Int
    /// Right-hand sides per block (1 for a vector).
    public let columns: Int
    /// The number of n × r blocks (the product of B's leading axes).
    public let batch: Int

    /// The shapes of a solve with A of `a` and B of `b`, or the mismatch.
    @inlinable
    public init(_ a: [Int], _ b: [Int]) throws(ShapeMismatch) {
        guard a.count == 2, a[0] == a[1] else {
            throw ShapeMismatch(operation: "solve", shapes: [a, b], reason: "expected a square matrix, got shape \(a)")
        }
        n = a[0]
        switch b.count {
        case 0: throw ShapeMismatch(operation: "solve", shapes: [a, b], reason: "the right-hand side needs rank 1 or more")
        case 1:
            guard b[0] == n else {
                throw ShapeMismatch(operation: "solve", shapes: [a, b], reason: "\(n) equations, \(b[0]) right-hand-side entries")
            }
            columns = 1
            batch = 1
        default:
            guard b[b.count - 2] == n else {
                throw ShapeMismatch(operation: "solve", shapes: [a, b], reason: "\(n) equations, \(b[b.count - 2]) right-hand-side rows")
            }
            columns = b[b.count - 1]
            batch = b.dropLast(2).reduce(1, *)
        }
    }
}
