/// The Jacobian of `f` at `x` as a ``SparseMatrix``, with its value, computed by
/// colouring: one compressed product per colour of `plan`, entries recovered directly.
///
/// `.forward` plans run one ``Dual`` pass per colour (tangent 1 on every column of the
/// colour); `.reverse` plans record once on a ``Tape`` and sweep once per colour
/// (adjoint 1 on every row of the colour). Entries are exact up to rounding, the same
/// numbers as the dense Jacobian's, because structurally orthogonal columns (rows) never
/// add into the same output (input).
/// - Returns: `value = f(x)` and the m × n Jacobian on `plan.pattern`.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` unless `x` has
///   `plan.pattern.columns` entries; ``DifferentiationError/outputCount(expected:got:)``
///   unless `f` returns `plan.pattern.rows` outputs.
/// - Complexity: forward `plan.colorCount` evaluations on `Dual`; reverse one recorded
///   evaluation and `plan.colorCount` sweeps. Versus n passes or m sweeps dense.
@inlinable
public func valueWithSparseJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], plan: SparseJacobianPlan
) throws -> (value: [Value], jacobian: SparseMatrix<Value>) {
    try validateInputs(count: x.count, declared: f.inputCount)
    let p = plan.pattern
    try validateInputs(count: x.count, declared: p.columns)
    var values = [Value](repeating: .zero, count: p.nonzeroCount)
    if plan.mode == .reverse {
        let tape = Tape<Value>(reservingCapacity: 16 * x.count + 1024)
        return try withExtendedLifetime(tape) {
            let inputs = x.map(tape.variable)
            let outputs = f(inputs)
            try validateOutputs(count: outputs.count, declared: p.rows)
            for c in 0..<plan.colorCount {
                let seeds = plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]]
                    .map { (output: outputs[$0], seed: Value(1)) }
                let adjoints = tape.adjoints(seeds: seeds)
                for e in plan.entryStart[c]..<plan.entryStart[c + 1] {
                    values[plan.entryPosition[e]] = adjoints[inputs[plan.entrySource[e]]]
                }
            }
            return (outputs.map(\.value), SparseMatrix(unchecked: p, values))
        }
    }
    var value: [Value] = []
    var inputs = x.map { Dual($0, tangent: .zero) }
    for c in 0..<plan.colorCount {
        let seeded = plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]]
        for j in seeded { inputs[j].tangent = 1 }
        let y = f(inputs)
        for j in seeded { inputs[j].tangent = .zero }
        try validateOutputs(count: y.count, declared: p.rows)
        if c == 0 { value = y.map(\.value) }
        for e in plan.entryStart[c]..<plan.entryStart[c + 1] {
            values[plan.entryPosition[e]] = y[plan.entrySource[e]].tangent
        }
    }
    if plan.colorCount == 0 {  // no nonzeros: one plain evaluation for the value
        value = f(x)
        try validateOutputs(count: value.count, declared: p.rows)
    }
    return (value, SparseMatrix(unchecked: p, values))
}

/// The Jacobian of `f` at `x` as a ``SparseMatrix`` (see
/// ``valueWithSparseJacobian(of:at:plan:)``), reusing `plan`'s pattern and colouring.
@inlinable
public func sparseJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], plan: SparseJacobianPlan
) throws -> SparseMatrix<Value> {
    try valueWithSparseJacobian(of: f, at: x, plan: plan).jacobian
}

/// The Jacobian of `f` at `x` as a ``SparseMatrix``: detects the pattern at `x`
/// (``jacobianSparsity(of:at:)``), colours it (`mode` as in
/// ``SparseJacobianPlan/init(pattern:mode:)``) and evaluates. Build a
/// ``SparseJacobianPlan`` once instead when differentiating at many points.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or output count.
/// - Complexity: one traced evaluation, the colouring, then the passes of the plan.
@inlinable
public func sparseJacobian<F: VectorFunction>(
    of f: F, at x: [Double], mode: DifferentiationMode = .auto
) throws -> SparseMatrix<Double> {
    try sparseJacobian(of: f, at: x, plan: SparseJacobianPlan(of: f, at: x, mode: mode))
}
