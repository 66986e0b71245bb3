/// The Jacobian `J[i, j] = ∂f_i/∂x_j` of an R^n → R^m function at `x`, with its value.
///
/// - Parameter mode: `.forward` builds J column by column (⌈n/k⌉ chunked passes),
///   `.reverse` row by row (one recording, ⌈m/k⌉ sweeps), `.auto` takes the one the
///   function's calibrated ``CostModel`` predicts faster (for `Double` inputs; measured
///   once per function type and shape, then cached), or, where the probe found the
///   Jacobian sparse enough (``CostModel/prefersSparse``), detects the pattern at `x`,
///   colours it and scatters the compressed result into the dense matrix; else the shape rule
///   ``DifferentiationMode/resolved(inputs:outputs:)``. m is learnt from one plain
///   evaluation when the function does not declare ``VectorFunction/outputCount``.
///   Both modes give the same matrix up to rounding.
/// - Parameter chunk: directions per pass or sweep (default: ``ChunkSize/automatic(for:)``).
/// - Parameter parallelism: cores for the passes or sweeps (``Parallelism``).
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or inconsistent outputs.
/// - Complexity: forward O(n · ops), reverse O(ops + m · ops) time and O(ops) memory.
@inlinable
public func valueWithJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .auto, chunk: ChunkSize? = nil,
    parallelism: Parallelism = .automatic
) throws -> (value: [Value], jacobian: Matrix<Value>) {
    try validateInputs(count: x.count, declared: f.inputCount)
    var resolved = mode
    var learnt: Int? = nil  // m from the plain evaluation, checked against the result
    if mode == .auto {
        let m = f.outputCount ?? f(x).count
        if f.outputCount == nil { learnt = m }
        if Value.self == Double.self {
            let point = unsafeBitCast(x, to: [Double].self)  // an identity: Value is Double
            let model = try CostModel.calibrated(for: f, at: point, outputs: m)
            if model.prefersSparse {  // detect and colour at this x: the pattern of its branch
                let plan = try SparseJacobianPlan(of: f, at: point)
                let (value, sparse) = try valueWithSparseJacobian(of: f, at: x, plan: plan)
                if let m = learnt, value.count != m {
                    throw DifferentiationError.outputCountChanged(first: m, then: value.count)
                }
                return (value, sparse.dense)
            }
            resolved = model.choice
        } else {
            resolved = mode.resolved(inputs: x.count, outputs: m)
        }
    }
    let result = resolved == .forward
        ? try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
        : try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
    if let m = learnt, result.value.count != m {
        throw DifferentiationError.outputCountChanged(first: m, then: result.value.count)
    }
    return result
}

/// The Jacobian `J[i, j] = ∂f_i/∂x_j` (m × n) of an R^n → R^m function at `x`.
/// See ``valueWithJacobian(of:at:mode:)`` for modes and costs.
@inlinable
public func jacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .auto, chunk: ChunkSize? = nil,
    parallelism: Parallelism = .automatic
) throws -> Matrix<Value> {
    try valueWithJacobian(of: f, at: x, mode: mode, chunk: chunk, parallelism: parallelism).jacobian
}
