/// The sparsity pattern of the Jacobian of `f` at `x`: row i holds the inputs output i
/// depends on. Found by one evaluation on ``SparsityTracer`` values (index sets).
///
/// The pattern is that of the branch taken at `x` (comparisons read values); kinks
/// (`relu`, `abs`, `min`, `max`) keep all their operands. It is structural: an entry in
/// the pattern may be numerically zero, an entry outside it is exactly zero on that branch.
/// - Returns: an m × n ``SparsityPattern``.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or output count.
/// - Complexity: one evaluation, each operation a merge of sorted index sets.
@inlinable
public func jacobianSparsity<F: VectorFunction>(of f: F, at x: [Double]) throws -> SparsityPattern {
    try validateInputs(count: x.count, declared: f.inputCount)
    let outputs = f(x.indices.map { SparsityTracer.input(x[$0], index: $0) })
    try validateOutputs(count: outputs.count, declared: f.outputCount)
    var start = [0]
    var index: [Int] = []
    start.reserveCapacity(outputs.count + 1)
    for y in outputs {
        index.append(contentsOf: y.indices)
        start.append(index.count)
    }
    return SparsityPattern(unchecked: outputs.count, x.count, start, index)
}

/// The sparsity pattern of the Hessian of `f` at `x`: (i, j) is in the pattern when
/// inputs i and j may interact nonlinearly. Found by one evaluation on
/// ``HessianSparsityTracer`` values; symmetric (both (i, j) and (j, i) are listed).
///
/// Conservative for the branch taken at `x`: see ``HessianSparsityTracer`` for the rules.
/// - Returns: an n × n symmetric ``SparsityPattern``.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` for a wrong-length `x`.
/// - Complexity: one evaluation; each operation merges sorted sets of indices and of
///   index pairs (sums of many terms cost O(pairs) per addition).
@inlinable
public func hessianSparsity<F: ScalarFunction>(of f: F, at x: [Double]) throws -> SparsityPattern {
    try validateInputs(count: x.count, declared: f.inputCount)
    let y = f(x.indices.map { HessianSparsityTracer.input(x[$0], index: $0) })
    let n = x.count
    var rowColumns = [[Int]](repeating: [], count: n)
    for p in y.hessianPairs {
        let i = Int(p >> 32), j = Int(p & 0xFFFF_FFFF)
        rowColumns[i].append(j)
        if i != j { rowColumns[j].append(i) }
    }
    return try SparsityPattern(rows: n, columns: n, rowColumns: rowColumns)
}
