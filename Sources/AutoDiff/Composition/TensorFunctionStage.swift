// The two programs of an array-level stage (a TensorFunction): tangents as one batched
// DualTensor pass, adjoints by one recording on a TensorTape and batched sweeps.

/// The inputs of `f` from a stage's input: split into `f`'s declared input shapes, or
/// the tensor itself (one input, with its shape).
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` when the entries do not
///   fill the declared shapes.
@inlinable
func tensorStageInputs<F: TensorFunction>(_ f: F, _ x: Tensor) throws -> [Tensor] {
    guard let shapes = f.inputShapes else { return [x] }
    let total = shapes.reduce(0) { $0 + $1.scalarCount }
    guard total == x.scalarCount else { throw DifferentiationError.inputCount(expected: total, got: x.scalarCount) }
    if shapes.count == 1 { return [x.reshaped(to: shapes[0])] }
    var offset = 0
    return shapes.map { shape in
        defer { offset += shape.scalarCount }
        return Tensor(unchecked: shape, Array(x.scalars[offset..<(offset + shape.scalarCount)]))
    }
}

/// Directions (or cotangents) per batch for arrays of about `size` entries: as the
/// Jacobian drivers, all of them while a batch stays near 2^20 entries.
@inlinable
func stageBatch(_ count: Int, size: Int) -> Int { defaultBatch(count: count, size: size) }

/// `f` at `x`.
@inlinable
func tensorStageValue<F: TensorFunction>(_ f: F, at x: Tensor) throws -> Tensor {
    let inputs = try tensorStageInputs(f, x)
    try validateTensorInputs(f, inputs)
    return try ShapeMismatchSink.collecting { f(inputs) }
}

/// The value and `seeds·Fᵀ` (one row of tangents per seed row) of `f` at `x`: batched
/// ``DualTensor`` passes (identity seeds are marked, so a product by them copies rows).
/// - Complexity: ⌈k/batch⌉ passes (one for k·size up to 2^20 entries).
@inlinable
func tensorStageTangents<F: TensorFunction>(_ f: F, at x: Tensor, seeds: StageSeeds) throws -> (value: Tensor, tangents: Matrix<Double>) {
    let inputs = try tensorStageInputs(f, x)
    try validateTensorInputs(f, inputs)
    let n = x.scalarCount, k = seeds.count
    guard k > 0 else {
        let y = try ShapeMismatchSink.collecting { f(inputs) }
        return (y, Matrix(rows: 0, columns: y.scalarCount))
    }
    let batch = stageBatch(k, size: n)
    return try ShapeMismatchSink.collecting {
        var value = Tensor(0), out: [Double] = [], m = 0
        for first in stride(from: 0, to: k, by: batch) {
            let count = Swift.min(batch, k - first)
            let seeded: [DualTensor]
            switch seeds {
            case .identity:
                seeded = seededInputs(inputs, first: first, count: count)
            case let .rows(u):
                let rows = count == k ? u.elements : Array(u.elements[(first * n)..<((first + count) * n)])
                seeded = splitDirections(rows, count: count, like: inputs)
            }
            let y = f(seeded)
            if first == 0 {
                value = y.value
                m = y.value.scalarCount
                out.reserveCapacity(k * m)
            } else if y.value.scalarCount != m {
                throw DifferentiationError.outputCountChanged(first: m, then: y.value.scalarCount)
            }
            if let t = y.tangents { out += t.scalars } else { out += repeatElement(0, count: count * m) }
        }
        return (value, Matrix(rows: k, columns: m, elements: out))
    }
}

/// Rows of directions (`count × Σ entries`) as one batched dual tensor per input.
@inlinable
func splitDirections(_ rows: [Double], count: Int, like inputs: [Tensor]) -> [DualTensor] {
    if inputs.count == 1 { return [DualTensor(unchecked: inputs[0], Tensor(unchecked: [count] + inputs[0].shape, rows))] }
    let n = inputs.reduce(0) { $0 + $1.scalarCount }
    var offset = 0
    return inputs.map { v in
        defer { offset += v.scalarCount }
        let w = v.scalarCount
        var t = [Double](repeating: 0, count: count * w)
        for d in 0..<count { for e in 0..<w { t[d * w + e] = rows[d * n + offset + e] } }
        return DualTensor(unchecked: v, Tensor(unchecked: [count] + v.shape, t))
    }
}

/// `f` recorded at `x` on a ``TensorTape``, with its adjoint program: seed rows U (k × m)
/// give `U·F` (k × n) by batched sweeps over the one recording.
@inlinable
func tensorStageRecording<F: TensorFunction>(_ f: F, at x: Tensor) throws -> StageRecording {
    let values = try tensorStageInputs(f, x)
    try validateTensorInputs(f, values)
    let tape = TensorTape<Tensor>()
    let (inputs, y) = try ShapeMismatchSink.collecting { () -> ([TrackedTensor<Tensor>], TrackedTensor<Tensor>) in
        let inputs = values.map { tape.variable($0) }
        return (inputs, f(inputs))
    }
    let n = x.scalarCount, m = y.value.scalarCount, shape = y.value.shape
    return StageRecording(value: y.value, tapeBytes: tape.byteCount) { seeds in
        let k = seeds.count
        guard k > 0, y.isRecorded else { return Matrix(rows: k, columns: n) }
        let batch = stageBatch(k, size: Swift.max(m, n))
        var out: [Double] = []
        out.reserveCapacity(k * n)
        for first in stride(from: 0, to: k, by: batch) {
            let count = Swift.min(batch, k - first)
            var seed: Tensor
            switch seeds {
            case .identity:
                var unit = [Double](repeating: 0, count: count * m)
                for d in 0..<count { unit[d * m + first + d] = 1 }
                seed = Tensor(unchecked: [count] + shape, unit)
                seed.unitRows = first
            case let .rows(u):
                seed = Tensor(unchecked: [count] + shape, count == k ? u.elements : Array(u.elements[(first * m)..<((first + count) * m)]))
            }
            let adjoint = tape.cotangents(seeds: [(y.index, seed)], directions: count)
            if inputs.count == 1 {
                if let a = adjoint[inputs[0].index] { out += a.scalars } else { out += repeatElement(0, count: count * n) }
                continue
            }
            var block = [Double](repeating: 0, count: count * n), offset = 0
            for (input, v) in zip(inputs, values) {
                let w = v.scalarCount
                defer { offset += w }
                guard let a = adjoint[input.index] else { continue }
                a.scalars.withUnsafeBufferPointer { a in
                    for d in 0..<count { for e in 0..<w { block[d * n + offset + e] = a[d * w + e] } }
                }
            }
            out += block
        }
        return Matrix(rows: k, columns: n, elements: out)
    }
}
