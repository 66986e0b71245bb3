// Jacobians of array functions: column by column in batches of directions (forward), row
// by row in batches of cotangents (reverse), or the cheaper by a measured cost model.
// Rows are the output's entries and columns all inputs' entries, both in row-major order
// (inputs one after another).

/// Writes the transpose of the `rows × columns` row-major matrix at `source` (rows
/// `sourceStride` entries apart; default `columns`) into rows of `stride` entries at
/// `target`, eight source rows at a time: each pass reads eight rows in order and writes
/// eight consecutive entries of each target row. (Taller tiles thrash the L1 cache when the
/// source rows are a multiple of 4 KiB apart: every row of the tile maps to the same set.)
/// - Complexity: O(rows · columns).
@inlinable
func transposeCopy(
    _ source: UnsafePointer<Double>, rows: Int, columns: Int, sourceStride: Int? = nil,
    into target: UnsafeMutablePointer<Double>, stride: Int
) {
    let ld = sourceStride ?? columns
    var i0 = 0
    while i0 + 8 <= rows {
        let s = source + i0 &* ld
        for j in 0..<columns {
            let out = target + (j &* stride &+ i0)
            out[0] = s[j]
            out[1] = s[ld &+ j]
            out[2] = s[2 &* ld &+ j]
            out[3] = s[3 &* ld &+ j]
            out[4] = s[4 &* ld &+ j]
            out[5] = s[5 &* ld &+ j]
            out[6] = s[6 &* ld &+ j]
            out[7] = s[7 &* ld &+ j]
        }
        i0 &+= 8
    }
    if i0 < rows {
        for j in 0..<columns {
            let out = target + j &* stride
            for i in i0..<rows { out[i] = source[i &* ld &+ j] }
        }
    }
}

/// The transpose of the `rows × columns` row-major matrix `scalars`, row-major: the same
/// array when it is one row or one column, else one transposing copy.
/// - Complexity: O(1) or O(rows · columns).
@inlinable
func transposedEntries(_ scalars: [Double], rows: Int, columns: Int) -> [Double] {
    if rows <= 1 || columns <= 1 { return scalars }
    return scalars.withUnsafeBufferPointer { source in
        filled(rows * columns) { out in
            transposeCopy(source.baseAddress!, rows: rows, columns: columns, into: out.baseAddress!, stride: rows)
        }
    }
}

/// The number of directions (forward) or cotangents (reverse) carried at once by default
/// for a Jacobian with `count` of them over arrays of about `size` entries: all of them
/// while the batched arrays stay near 2^20 entries, at least 8.
@inlinable
func defaultBatch(count: Int, size: Int) -> Int {
    Swift.max(1, Swift.min(count, Swift.max(8, (1 << 20) / Swift.max(1, size))))
}

/// The Jacobian built column by column: each pass carries `batch` input directions (unit
/// vectors) through the function as one batched ``DualTensor`` evaluation.
///
/// - Parameter f: the array function.
/// - Parameter x: its inputs, one array each.
/// - Parameter batch: directions per pass (default: all of them while the batched arrays
///   stay near 2^20 entries).
/// - Returns: the value and the M × N Jacobian (`J[i, j] = ∂y_i/∂x_j`, x = all inputs).
/// - Throws: ``DifferentiationError`` for bad inputs or shapes that do not fit.
/// - Complexity: ⌈N/batch⌉ passes, each about the primal plus its forward rules on
///   `batch` directions (a matrix product becomes one product `batch` times as tall).
@inlinable
public func forwardJacobian<F: TensorFunction>(of f: F, at x: [Tensor], batch: Int? = nil) throws -> (value: Tensor, jacobian: Matrix<Double>) {
    try validateTensorInputs(f, x)
    let n = x.reduce(0) { $0 + $1.scalarCount }
    let k = Swift.max(1, batch ?? defaultBatch(count: n, size: n))
    if DiagnosticsCollector.isActive { try diagnoseArrayFunction(f, at: x) }
    return try ShapeMismatchSink.collecting {
        if n == 0 {
            let y = f(x.map { DualTensor($0) })
            return (y.value, Matrix(rows: y.value.scalarCount, columns: 0))
        }
        var value = Tensor(0), jacobian: [Double] = [], m = 0
        for first in stride(from: 0, to: n, by: k) {
            let count = Swift.min(k, n - first)
            let y = f(seededInputs(x, first: first, count: count))
            if first == 0 {
                value = y.value
                m = y.value.scalarCount
                if count < n || y.isConstant { jacobian = [Double](repeating: 0, count: m * n) }
            } else if y.value.scalarCount != m {
                throw DifferentiationError.outputCountChanged(first: m, then: y.value.scalarCount)
            }
            if y.isEntryMajor, let rows = y.storedTangents { // each entry's tangents: part of a Jacobian row
                if count == n {
                    jacobian = rows.scalars
                    continue
                }
                rows.scalars.withUnsafeBufferPointer { r in
                    jacobian.withUnsafeMutableBufferPointer { j in
                        for i in 0..<m { (j.baseAddress! + i * n + first).update(from: r.baseAddress! + i * count, count: count) }
                    }
                }
                continue
            }
            guard let t = y.tangents else { continue }
            if count == n { // one pass writes every entry: no zeros first (one direction: a copy-free column)
                jacobian = transposedEntries(t.scalars, rows: n, columns: m)
                continue
            }
            t.scalars.withUnsafeBufferPointer { t in
                jacobian.withUnsafeMutableBufferPointer { j in
                    transposeCopy(t.baseAddress!, rows: count, columns: m, into: j.baseAddress! + first, stride: n)
                }
            }
        }
        return (value, Matrix(rows: m, columns: n, elements: jacobian))
    }
}

/// The Jacobian built row by row: one recording, then sweeps each carrying `batch`
/// cotangents (unit vectors of the output) back through every entry at once.
///
/// - Parameter f: the array function.
/// - Parameter x: its inputs, one array each.
/// - Parameter batch: cotangents per sweep (default: all of them while the batched arrays
///   stay near 2^20 entries).
/// - Returns: the value and the M × N Jacobian.
/// - Throws: ``DifferentiationError`` for bad inputs or shapes that do not fit.
/// - Complexity: one recording and ⌈M/batch⌉ sweeps; memory: the recording plus one
///   batch of cotangents per live entry.
@inlinable
public func reverseJacobian<F: TensorFunction>(of f: F, at x: [Tensor], batch: Int? = nil) throws -> (value: Tensor, jacobian: Matrix<Double>) {
    try validateTensorInputs(f, x)
    let n = x.reduce(0) { $0 + $1.scalarCount }
    return try ShapeMismatchSink.collecting {
        let tape = TensorTape<Tensor>()
        let inputs = x.map { tape.variable($0) }
        let y = f(inputs)
        let m = y.shape.scalarCount
        if !ShapeMismatchSink.hasFailed { try tape.reportDiagnostics() }
        guard y.isRecorded, m > 0, !ShapeMismatchSink.hasFailed else {
            return (y.value, Matrix(rows: m, columns: n, elements: [Double](repeating: 0, count: m * n)))
        }
        var jacobian: [Double] = [] // zeros when first needed (a single sweep of one input fills it whole)
        let k = Swift.max(1, batch ?? defaultBatch(count: m, size: Swift.max(m, n)))
        for first in stride(from: 0, to: m, by: k) {
            let count = Swift.min(k, m - first)
            var seed = [Double](repeating: 0, count: count * m)
            for d in 0..<count { seed[d * m + first + d] = 1 }
            var rows = Tensor(unchecked: [count] + y.shape, seed)
            rows.unitRows = first // rows first..<first+count of the identity
            let adjoint = tape.cotangents(seeds: [(y.index, rows)], directions: count)
            if count == m, inputs.count == 1, let a = adjoint[inputs[0].index] {
                jacobian = a.scalars // one sweep, one input: its cotangents are the Jacobian's rows
                continue
            }
            if jacobian.isEmpty { jacobian = [Double](repeating: 0, count: m * n) }
            var offset = 0
            for (input, v) in zip(inputs, x) {
                let width = v.scalarCount
                defer { offset += width }
                guard let a = adjoint[input.index] else { continue }
                a.scalars.withUnsafeBufferPointer { a in
                    jacobian.withUnsafeMutableBufferPointer { j in
                        for d in 0..<count {
                            (j.baseAddress! + (first + d) * n + offset).update(from: a.baseAddress! + d * width, count: width)
                        }
                    }
                }
            }
        }
        if jacobian.isEmpty { jacobian = [Double](repeating: 0, count: m * n) } // n = 0, or no sweep reached an input
        return (y.value, Matrix(rows: m, columns: n, elements: jacobian))
    }
}

/// The Jacobian of an array function at `x`, with its value.
///
/// - Parameter f: the array function.
/// - Parameter x: its inputs, one array each.
/// - Parameter mode: `.forward` (``forwardJacobian(of:at:batch:)``), `.reverse`
///   (``reverseJacobian(of:at:batch:)``), or `.auto`: the one the function's measured
///   ``TensorCostModel`` predicts faster (calibrated once per function type, input and output
///   shapes, then cached).
/// - Returns: the value and the M × N Jacobian, `J[i, j] = ∂y_i/∂x_j` with the output's
///   entries as rows and all inputs' entries (one input after another, each row-major)
///   as columns.
/// - Throws: ``DifferentiationError`` for bad inputs or shapes that do not fit.
/// - Complexity: forward O(N/batch) passes; reverse one recording and O(M/batch) sweeps.
@inlinable
public func valueWithJacobian<F: TensorFunction>(
    of f: F, at x: [Tensor], mode: DifferentiationMode = .auto
) throws -> (value: Tensor, jacobian: Matrix<Double>) {
    var resolved = mode
    if mode == .auto { resolved = try TensorCostModel.calibrated(for: f, at: x).choice }
    return resolved == .forward ? try forwardJacobian(of: f, at: x) : try reverseJacobian(of: f, at: x)
}

/// The Jacobian of an array function; see ``valueWithJacobian(of:at:mode:)-(F,_,_)``.
@inlinable
public func jacobian<F: TensorFunction>(of f: F, at x: [Tensor], mode: DifferentiationMode = .auto) throws -> Matrix<Double> {
    try valueWithJacobian(of: f, at: x, mode: mode).jacobian
}
