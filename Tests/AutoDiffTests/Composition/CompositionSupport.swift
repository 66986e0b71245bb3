import AutoDiff

// Layers for composition tests: the same dense layer y = act(W·x + b) at scalar level and
// at array level, and the whole chain as one scalar function (the reference route).

/// y = tanh(W·x + b) (or W·x + b), written on scalars.
struct ScalarLayer: VectorFunction {
    let weights: [Double], bias: [Double], rows: Int, columns: Int, activation: Bool
    var inputCount: Int? { columns }
    var outputCount: Int? { rows }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        (0..<rows).map { i in
            var s = T(bias[i])
            for j in 0..<columns { s += weights[i * columns + j] * x[j] }
            return activation ? T.tanh(s) : s
        }
    }
}

/// The same layer on arrays: one matrix product, one addition, one tanh.
struct ArrayLayer: TensorFunction {
    let weights: Tensor, bias: Tensor, activation: Bool
    var outputShape: [Int]? { [bias.scalarCount] }
    func callAsFunction<T: ADTensor>(_ x: [T]) -> T {
        let z = matmul(T(weights), x[0]) + T(bias)
        return activation ? T.tanh(z) : z
    }
}

/// The layers of a chain `d_0 → … → d_k` as one scalar function: the monolithic reference.
struct LayerChain: VectorFunction {
    let layers: [ScalarLayer]
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { layers.reduce(x) { $1($0) } }
}

/// Random layers for `dims` (d_0 … d_k), weights scaled by 1/sqrt(columns).
func randomLayers(_ dims: [Int], seed: UInt64, activation: Bool = true) -> [ScalarLayer] {
    var g = TestLCG(seed: seed)
    return (0..<(dims.count - 1)).map { i in
        let (rows, columns) = (dims[i + 1], dims[i])
        let scale = 1 / Double(max(columns, 1)).squareRoot()
        return ScalarLayer(
            weights: g.vector(rows * columns).map { 1.5 * scale * $0 }, bias: g.vector(rows).map { 0.3 * $0 },
            rows: rows, columns: columns, activation: activation)
    }
}

/// The stage of `layer` at scalar or array level.
func stage(_ layer: ScalarLayer, array: Bool) -> CompositionStage {
    array
        ? CompositionStage(
            ArrayLayer(
                weights: Tensor(shape: [layer.rows, layer.columns], scalars: layer.weights),
                bias: Tensor(layer.bias), activation: layer.activation))
        : CompositionStage(layer)
}

/// A synthetic cost model for `dims`: random stage costs roughly proportional to the work
/// (so plans of every kind win somewhere), products by multiply-adds.
func syntheticModel(_ dims: [Int], seed: UInt64) -> CompositionCostModel {
    var g = TestLCG(seed: seed)
    let k = dims.count - 1
    let stages = (0..<k).map { i -> StageCost in
        let work = Double(dims[i] * dims[i + 1]) * (0.5 + g.unit())
        var tangents: [Int: Double] = [:], sweeps: [Int: Double] = [:]
        for lanes in Set(dims) {
            tangents[lanes] = work * Double(lanes) * (0.5 + g.unit()) + 10
            sweeps[lanes] = work * Double(lanes) * (0.5 + g.unit()) + 10
        }
        return StageCost(
            recordingSeconds: work * (1 + 3 * g.unit()), tapeBytes: dims[i] * dims[i + 1] * 16 + 64,
            identityTangentSeconds: work * Double(dims[i]) * g.unit() + 5, tangentSeconds: tangents,
            identitySweepSeconds: work * Double(dims[i + 1]) * g.unit() + 5, sweepSeconds: sweeps)
    }
    return CompositionCostModel(
        dimensions: dims, stages: stages, productFixedSeconds: 20 * g.unit(),
        secondsPerMultiplyAdd: 0.2 + 0.5 * g.unit(), secondsPerTransposedEntry: 0.3 * g.unit())
}
