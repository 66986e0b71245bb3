/// The sparsity pattern of the Jacobian of `f` at `x`: row i holds the inputs output i
/// depends on. Found by one evaluation on ``SparsityTracer`` values (index sets).
///
/// The pattern is that of the branch taken at `x` (comparisons read values); kinks
/// (`relu`, `abs`, `min`, `max`) keep all their operands. It is structural: an entry in
/// the pattern may be numerically zero, an entry outside it is exactly zero on that branch.
/// - Returns: an m × n ``SparsityPattern``.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or output count.
/// - Complexity: one evaluation; a binary operation on two different index sets merges
///   them into one arena (no allocation per operation).
@inlinable
public func jacobianSparsity<F: VectorFunction>(of f: F, at x: [Double]) throws -> SparsityPattern {
    try validateInputs(count: x.count, declared: f.inputCount)
    let arena = UnsafeMutablePointer<IndexSetArena>.allocate(capacity: 1)
    arena.initialize(to: IndexSetArena(inputs: x.count))
    defer {
        arena.pointee.deallocate()
        arena.deallocate()
    }
    let inputs = x.indices.map {
        SparsityTracer(
            x[$0], set: IndexSlice(start: UInt32(truncatingIfNeeded: $0), count: 1, isLarge: false),
            arena: arena)
    }
    let outputs = f(inputs)
    try validateOutputs(count: outputs.count, declared: f.outputCount)
    var start = [Int](repeating: 0, count: outputs.count + 1)
    for (i, y) in outputs.enumerated() {
        precondition(y.arena == nil || y.arena == arena, "an output traced by another evaluation")
        start[i + 1] = start[i] + (y.arena == nil ? 0 : Int(y.set.count))
    }
    let index = [Int](unsafeUninitializedCapacity: start[outputs.count]) { buffer, initialized in
        for (i, y) in outputs.enumerated() where y.arena != nil {
            for (k, j) in arena.pointee.indices(y.set).enumerated() { buffer[start[i] + k] = Int(j) }
        }
        initialized = start[outputs.count]
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
