/// The Hessian of an R^n → R function as a ``SparseMatrix``, by colouring: structurally
/// orthogonal columns of the Hessian share one Hessian-vector product.
///
/// The columns of `pattern` are coloured greedily (``Coloring/columns(of:)``, distance-2,
/// largest first); colour c's product is `H·d_c` with `d_c` the sum of the basis vectors
/// of its columns, and entry (i, j) is read directly as `(H·d_{colour(j)})_i`. Entries
/// (i, j) and (j, i) are then averaged, so the result is exactly symmetric where the
/// pattern is. A tridiagonal Hessian (rosenbrock) needs 3 products whatever n.
/// - Parameters:
///   - f: the function.
///   - x: the point, one value per input.
///   - pattern: the Hessian's structural nonzeros (n × n); nil detects them at `x` with
///     ``hessianSparsity(of:at:)`` (the pattern of the branch taken at x).
///   - mode: `.reverseOverReverse` (default) records the gradient once and sweeps once
///     per colour; the other modes record once per colour.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`;
///   ``SparsityError/patternShape(expectedRows:expectedColumns:rows:columns:)`` for a
///   pattern that is not n × n.
/// - Complexity: detection (if any), the colouring, and one product per colour.
@inlinable
public func sparseHessian<F: ScalarFunction, Value: ADScalar>(
    of f: F, at x: [Value], pattern: SparsityPattern? = nil, mode: HVPMode = .reverseOverReverse
) throws -> SparseMatrix<Value> {
    try validateInputs(count: x.count, declared: f.inputCount)
    let n = x.count
    let p = try pattern ?? hessianSparsity(of: f, at: x.map(\.primal))
    guard p.rows == n, p.columns == n else {
        throw SparsityError.patternShape(expectedRows: n, expectedColumns: n, rows: p.rows, columns: p.columns)
    }
    let coloring = Coloring.columns(of: p)
    var directions = [[Value]](repeating: [Value](repeating: .zero, count: n), count: coloring.count)
    for (j, c) in coloring.colors.enumerated() { directions[c][j] = 1 }
    let products = try hessianVectorProducts(of: f, at: x, directions: directions, mode: mode).products
    var values = [Value](repeating: .zero, count: p.nonzeroCount)
    for i in 0..<n {
        for k in p.rowStart[i]..<p.rowStart[i + 1] {
            values[k] = products[coloring.colors[p.columnIndex[k]]][i]
        }
    }
    // Average (i, j) with (j, i) where both are in the pattern.
    for i in 0..<n {
        for k in p.rowStart[i]..<p.rowStart[i + 1] {
            let j = p.columnIndex[k]
            guard j > i, let t = position(in: p, row: j, column: i) else { continue }
            let a = values[k], b = values[t]
            let m = a == b ? a : (a + b) / 2
            values[k] = m
            values[t] = m
        }
    }
    return SparseMatrix(unchecked: p, values)
}

/// The index of entry (row, column) in `p`'s nonzeros, if present.
@inlinable
func position(in p: SparsityPattern, row: Int, column: Int) -> Int? {
    var lo = p.rowStart[row], hi = p.rowStart[row + 1]
    while lo < hi {
        let mid = (lo + hi) / 2
        if p.columnIndex[mid] < column { lo = mid + 1 } else { hi = mid }
    }
    return lo < p.rowStart[row + 1] && p.columnIndex[lo] == column ? lo : nil
}
