/// The Jacobian `J[i, j] = ∂f_i/∂x_j` of an R^n → R^m function at `x`, with its value.
///
/// - Parameter f: the function.
/// - Parameter x: the point, one value per input.
/// - Parameter mode: `.forward` builds J column by column (⌈n/k⌉ chunked passes),
///   `.reverse` row by row (one recording, ⌈m/k⌉ sweeps), `.auto` (for `Double` inputs)
///   the way the function's calibrated ``CostModel`` predicts fastest: densely in its
///   ``CostModel/choice``, or, where the probe found the Jacobian sparse enough
///   (``CostModel/prefersSparse``), by detecting the pattern at `x`, colouring it and
///   scattering the compressed result into the dense matrix. The model is that of the
///   shape (n, m), m being the declared ``VectorFunction/outputCount``, else the count
///   the function type returned at its last call with n inputs (checked on the result:
///   where it differs, the result stands and the new shape is calibrated for the next
///   calls), else, at the first call, learnt by the probe: no evaluation just to learn m.
///   For other scalar types `.auto` takes the shape rule
///   ``DifferentiationMode/resolved(inputs:outputs:)``, m being the declared count or
///   that of one plain evaluation. Both modes give the same matrix up to rounding.
/// - Parameter chunk: directions per pass or sweep (default: ``ChunkSize/automatic(for:)``).
/// - Parameter parallelism: cores for the passes or sweeps (``Parallelism``).
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or inconsistent outputs.
/// - Complexity: forward O(n · ops), reverse O(ops + m · ops) time and O(ops) memory.
@inlinable
public func valueWithJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .auto, chunk: ChunkSize? = nil,
    parallelism: Parallelism = .automatic
) throws -> (value: [Value], jacobian: Matrix<Value>) {
    try MissingRuleSink.collecting {
        try validateInputs(count: x.count, declared: f.inputCount)
        switch mode {
        case .forward:
            return try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
        case .reverse:
            return try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
        case .auto:
            if let double = DoubleFastPath<Value>() {
                return double.cast(try autoJacobian(of: f, at: double.cast(x), chunk: chunk, parallelism: parallelism))
            }
            let m = f.outputCount ?? f(x).count
            let result =
                mode.resolved(inputs: x.count, outputs: m) == .forward
                ? try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
                : try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
            guard result.value.count == m else {
                throw DifferentiationError.outputCountChanged(first: m, then: result.value.count)
            }
            return result
        }
    }
}

/// `.auto` on `Double` inputs: the Jacobian the way `f`'s calibrated ``CostModel``
/// predicts fastest (`CostModel.forAuto(_:at:)` says which model that is).
///
/// The model is that of the function's shape (n, m), and m is known before `f` runs:
/// declared, or the count the function type returned at its last call with n inputs (a
/// plain evaluation just to learn m would cost about as much as the whole Jacobian of a
/// function with few inputs), or, at the first call, learnt by the probe. The Jacobian
/// then says what m is: where it differs from a count carried over from another call
/// (the type returns another m at this point), the Jacobian stands (the same up to
/// rounding whichever way built it) and the model of the new shape is calibrated for the
/// calls that follow.
/// - Throws: ``DifferentiationError`` as the drivers do (a declared count not met
///   included), and ``DifferentiationError/outputCountChanged(first:then:)`` where m was
///   learnt at this very point and the Jacobian's evaluation returned another count.
@inlinable
func autoJacobian<F: VectorFunction>(
    of f: F, at x: [Double], chunk: ChunkSize?, parallelism: Parallelism
) throws -> (value: [Double], jacobian: Matrix<Double>) {
    let (model, carriedOver) = try CostModel.forAuto(f, at: x)
    let result: (value: [Double], jacobian: Matrix<Double>)
    if model.prefersSparse { // detect and colour at this x: the pattern of its branch
        let (value, sparse) = try valueWithSparseJacobian(of: f, at: x, plan: SparseJacobianPlan(of: f, at: x))
        result = (value, sparse.dense)
    } else if model.choice == .forward {
        result = try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
    } else {
        result = try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
    }
    if result.value.count != model.outputs {
        try validateOutputs(count: result.value.count, declared: f.outputCount)
        guard carriedOver else {
            throw DifferentiationError.outputCountChanged(first: model.outputs, then: result.value.count)
        }
        _ = try CostModel.calibrated(for: f, at: x, outputs: result.value.count)
    }
    return result
}

/// See ``valueWithJacobian(of:at:mode:chunk:parallelism:)`` for modes and costs.
@inlinable
public func jacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], mode: DifferentiationMode = .auto, chunk: ChunkSize? = nil,
    parallelism: Parallelism = .automatic
) throws -> Matrix<Value> {
    try valueWithJacobian(of: f, at: x, mode: mode, chunk: chunk, parallelism: parallelism).jacobian
}
