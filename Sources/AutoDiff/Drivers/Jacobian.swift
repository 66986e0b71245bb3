/// The Jacobian `J[i, j] = ∂f_i/∂x_j` of an R^n → R^m function at `x`, with its value.
///
/// - Parameter mode: `.forward` builds J column by column (⌈n/k⌉ chunked passes),
///   `.reverse` row by row (one recording, ⌈m/k⌉ sweeps), `.auto` takes the one the
///   function's calibrated ``CostModel`` predicts faster (for `Double` inputs; measured
///   once per function type and shape, then cached), or, where the probe found the
///   Jacobian sparse enough (``CostModel/prefersSparse``), detects the pattern at `x`,
///   colours it and scatters the compressed result into the dense matrix; else the shape rule
///   ``DifferentiationMode/resolved(inputs:outputs:)``. Where the function does not
///   declare ``VectorFunction/outputCount``, m is the count its calibrated model saw
///   (checked against the result; where it differs, m is learnt afresh), or, before the
///   first calibration and for other scalar types, learnt from one plain evaluation.
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
    try valueWithJacobian(of: f, at: x, mode: mode, chunk: chunk, parallelism: parallelism, reusingOutputCount: true)
}

/// ``valueWithJacobian(of:at:mode:chunk:parallelism:)``; `reusingOutputCount` lets
/// `.auto` take m from the function's calibrated model instead of a plain evaluation
/// (saves one evaluation per call; a wrong count is caught on the result and the call
/// repeated without it).
@inlinable
func valueWithJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode, chunk: ChunkSize?,
    parallelism: Parallelism, reusingOutputCount: Bool
) throws -> (value: [Value], jacobian: Matrix<Value>) {
    try validateInputs(count: x.count, declared: f.inputCount)
    var resolved = mode
    var learnt: Int? = nil  // m not declared: checked against the result
    var reused = false      // m taken from the calibrated model (seen at another point)
    if mode == .auto {
        let m: Int
        if let declared = f.outputCount {
            m = declared
        } else if reusingOutputCount, DoubleFastPath<Value>() != nil,
                  let seen = CostModelCache.shared.outputCount(of: F.self, inputs: x.count) {
            (m, learnt, reused) = (seen, seen, true)
        } else {
            m = f(x).count
            learnt = m
        }
        if let double = DoubleFastPath<Value>() {
            let point = double.cast(x, to: [Double].self)
            let model = try CostModel.calibrated(for: f, at: point, outputs: m)
            if model.prefersSparse {  // detect and colour at this x: the pattern of its branch
                let plan = try SparseJacobianPlan(of: f, at: point)
                let (value, sparse) = try valueWithSparseJacobian(of: f, at: x, plan: plan)
                if let m = learnt, value.count != m {
                    if reused {
                        return try valueWithJacobian(of: f, at: x, mode: mode, chunk: chunk,
                                                     parallelism: parallelism, reusingOutputCount: false)
                    }
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
        if reused {
            return try valueWithJacobian(of: f, at: x, mode: mode, chunk: chunk,
                                         parallelism: parallelism, reusingOutputCount: false)
        }
        throw DifferentiationError.outputCountChanged(first: m, then: result.value.count)
    }
    return result
}

/// See ``valueWithJacobian(of:at:mode:)`` for modes and costs.
@inlinable
public func jacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .auto, chunk: ChunkSize? = nil,
    parallelism: Parallelism = .automatic
) throws -> Matrix<Value> {
    try valueWithJacobian(of: f, at: x, mode: mode, chunk: chunk, parallelism: parallelism).jacobian
}
