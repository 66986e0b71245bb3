/// Forward Jacobian of a `Double` function, `Lanes.scalarCount` columns per pass.
///
/// Pass p seeds inputs j ∈ [p·k, p·k + k) with the unit tangent of lane j − p·k; output
/// i's lane l is then `J[i, p·k + l]`.
/// - Complexity: ⌈n/k⌉ evaluations on ``MultiDual`` (each ~2–3 primal costs plus O(k)
///   SIMD tangent work per operation); no tape.
@inlinable
func chunkedForwardJacobian<F: VectorFunction, Lanes: SIMD>(
    of f: F, at x: [Double], lanes: Lanes.Type
) throws -> (value: [Double], jacobian: Matrix<Double>) where Lanes.Scalar == Double {
    let n = x.count, k = Lanes.scalarCount
    var value: [Double] = []
    var jacobian = Matrix<Double>(rows: 0, columns: n)
    var inputs = x.map { MultiDual<Lanes>($0) }
    var start = 0
    while start < n {
        let end = Swift.min(start + k, n)
        for j in start..<end { inputs[j].tangents[j - start] = 1 }
        let y = f(inputs)
        for j in start..<end { inputs[j].tangents = .zero }
        if start == 0 {
            try validateOutputs(count: y.count, declared: f.outputCount)
            value = y.map(\.value)
            jacobian = Matrix(rows: y.count, columns: n)
        } else if y.count != jacobian.rows {
            throw DifferentiationError.outputCountChanged(first: jacobian.rows, then: y.count)
        }
        jacobian.elements.withUnsafeMutableBufferPointer { J in
            for i in y.indices {
                let t = y[i].tangents
                for j in start..<end { J[i * n + j] = t[j - start] }
            }
        }
        start = end
    }
    return (value, jacobian)
}

/// Dispatches a chunk size to the SIMD type that carries it.
@inlinable
func chunkedForwardJacobian<F: VectorFunction>(
    of f: F, at x: [Double], chunk: ChunkSize
) throws -> (value: [Double], jacobian: Matrix<Double>) {
    switch chunk {
    case .one: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD2<Double>.self)  // not reached
    case .two: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD2<Double>.self)
    case .four: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD4<Double>.self)
    case .eight: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD8<Double>.self)
    case .sixteen: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD16<Double>.self)
    }
}
