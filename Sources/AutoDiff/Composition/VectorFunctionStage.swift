// The two programs of a scalar-level stage (a VectorFunction on Double): tangents on
// MultiDual lanes, adjoints by one recording and vector sweeps with arbitrary seed rows.

/// `f` at the flattened entries of `x`, as a vector.
/// - Throws: ``DifferentiationError`` for a wrong input or output count.
@inlinable
func vectorStageValue<F: VectorFunction>(_ f: F, at x: Tensor) throws -> Tensor {
    try validateInputs(count: x.scalarCount, declared: f.inputCount)
    let y = f(x.scalars)
    try validateOutputs(count: y.count, declared: f.outputCount)
    return Tensor(y)
}

/// The value and `seeds·Fᵀ` (one row of tangents per seed row) of `f` at `x`.
/// - Complexity: ⌈k/lanes⌉ passes on ``MultiDual`` (lanes: ``ChunkSize/automatic(for:)``
///   of k); no tape.
@inlinable
func vectorStageTangents<F: VectorFunction>(_ f: F, at x: Tensor, seeds: StageSeeds) throws -> (value: Tensor, tangents: Matrix<Double>) {
    try validateInputs(count: x.scalarCount, declared: f.inputCount)
    let k = seeds.count
    guard k > 0 else {
        let y = try vectorStageValue(f, at: x)
        return (y, Matrix(rows: 0, columns: y.scalarCount))
    }
    switch ChunkSize.automatic(for: k) {
    case .one, .two: return try vectorStageTangents(f, at: x.scalars, seeds: seeds, lanes: SIMD2<Double>.self)
    case .four: return try vectorStageTangents(f, at: x.scalars, seeds: seeds, lanes: SIMD4<Double>.self)
    case .eight, .sixteen: return try vectorStageTangents(f, at: x.scalars, seeds: seeds, lanes: SIMD8<Double>.self)
    }
}

/// ``vectorStageTangents(_:at:seeds:)`` with `Lanes.scalarCount` directions per pass.
@inlinable
func vectorStageTangents<F: VectorFunction, Lanes: SIMD>(
    _ f: F, at x: [Double], seeds: StageSeeds, lanes: Lanes.Type
) throws -> (value: Tensor, tangents: Matrix<Double>) where Lanes.Scalar == Double {
    let n = x.count, k = seeds.count, width = Lanes.scalarCount
    var inputs = x.map { MultiDual<Lanes>($0) }
    var value: [Double] = [], out: [Double] = [], m = 0
    for first in stride(from: 0, to: k, by: width) {
        let count = Swift.min(width, k - first)
        switch seeds {
        case .identity: // unit lanes on inputs first..<first+count; the previous pass's cleared
            if first > 0 { for e in (first - width)..<Swift.min(first, n) { inputs[e].tangents = .zero } }
            for l in 0..<count where first + l < n { inputs[first + l].tangents[l] = 1 }
        case let .rows(u): // lane l of input e is u[first + l, e]: read the rows in place
            u.elements.withUnsafeBufferPointer { u in
                for e in 0..<n {
                    var t = Lanes.zero
                    for l in 0..<count { t[l] = u[(first + l) * n + e] }
                    inputs[e].tangents = t
                }
            }
        }
        let y = f(inputs)
        if first == 0 {
            try validateOutputs(count: y.count, declared: f.outputCount)
            m = y.count
            value = y.map(\.value)
            out = [Double](repeating: 0, count: k * m)
        } else if y.count != m {
            throw DifferentiationError.outputCountChanged(first: m, then: y.count)
        }
        out.withUnsafeMutableBufferPointer { out in
            for i in 0..<m {
                let t = y[i].tangents
                for l in 0..<count { out[(first + l) * m + i] = t[l] }
            }
        }
    }
    return (Tensor(value), Matrix(rows: k, columns: m, elements: out))
}

/// `f` recorded at `x` on a ``Tape``, with its adjoint program: seed rows U (k × m) give
/// `U·F` (k × n) by ⌈k/lanes⌉ vector sweeps over the one recording.
/// - Throws: ``DifferentiationError`` for a wrong count or a recording past
///   ``TapeBudget/maximumBytes``.
@inlinable
func vectorStageRecording<F: VectorFunction>(_ f: F, at x: Tensor) throws -> StageRecording {
    try validateInputs(count: x.scalarCount, declared: f.inputCount)
    let tape = Tape<Double>(reservingFromPrevious: 4 * x.scalarCount + 256)
    let inputs = x.scalars.map(tape.variable)
    let outputs = f(inputs)
    try tape.checkBudget()
    try validateOutputs(count: outputs.count, declared: f.outputCount)
    // Bytes as the tape's budget counts them (every entry at a binary entry's size), so
    // that a plan within ``TapeBudget`` never meets the tape's own limit.
    let bytes = tape.count * Tape<Double>.bytesPerBinaryEntry
    return StageRecording(value: Tensor(outputs.map(\.value)), tapeBytes: bytes) { seeds in
        withExtendedLifetime(tape) { tape.seededRows(outputs: outputs, inputs: inputs, seeds: seeds) }
    }
}
