/// The Jacobian built column by column: a pass seeds input j with tangent 1 and reads
/// column j, `∂f/∂x_j`, from the outputs' tangents.
///
/// - Parameter f: the function.
/// - Parameter x: the point, one value per input.
/// - Parameter chunk: columns per pass. For `Double` inputs the default
///   (``ChunkSize/automatic(for:)``) carries up to 8 columns per pass on
///   ``MultiDual``; `.one` runs one ``Dual`` pass per column. Other scalar types
///   (nested differentiation) always use one ``Dual`` pass per column.
/// - Parameter parallelism: how many cores the passes may use (chunked passes only);
///   the result is the same bit for bit.
/// - Returns: the value f(x) and the m × n Jacobian.
/// - Throws: ``DifferentiationError`` for a wrong-length `x`, a declared output count
///   that is not met, or a function whose output count changes between passes.
/// - Complexity: ⌈n/k⌉ evaluations (each ~2–3 primal costs plus O(k) lane work per
///   operation); no tape.
@inlinable
public func forwardJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], chunk: ChunkSize? = nil, parallelism: Parallelism = .automatic
) throws -> (value: [Value], jacobian: Matrix<Value>) {
    try MissingRuleSink.collecting {
        try validateInputs(count: x.count, declared: f.inputCount)
        if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(f, at: x) }
        let n = x.count
        let lanes = chunk ?? .automatic(for: n)
        if lanes != .one, n > 0, let double = DoubleFastPath<Value>() {
            let result = try chunkedForwardJacobian(of: f, at: double.cast(x), chunk: lanes, parallelism: parallelism)
            return double.cast(result)
        }
        if n == 0 {
            let y = f(x)
            try validateOutputs(count: y.count, declared: f.outputCount)
            return (y, Matrix(rows: y.count, columns: 0))
        }
        var value: [Value] = []
        var jacobian = Matrix<Value>(rows: 0, columns: n)
        for j in 0..<n {
            let y = f(dualInputs(x, basis: j))
            if j == 0 {
                try validateOutputs(count: y.count, declared: f.outputCount)
                value = y.map(\.value)
                jacobian = Matrix(rows: y.count, columns: n)
            } else if y.count != jacobian.rows {
                throw DifferentiationError.outputCountChanged(first: jacobian.rows, then: y.count)
            }
            for i in y.indices { jacobian.elements[i * n + j] = y[i].tangent }
        }
        return (value, jacobian)
    }
}
