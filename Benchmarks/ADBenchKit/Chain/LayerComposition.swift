import AutoDiff

/// One dense layer `y = tanh(W·x)` (or `W·x` without the activation) on scalars: a
/// scalar-level composition stage, one tape entry per multiply-add.
public struct TanhLayer: VectorFunction, Sendable {
    /// W (rows × columns, row-major).
    public let weights: [Double]
    /// Output and input widths.
    public let rows: Int, columns: Int
    /// Whether tanh follows the product.
    public let activation: Bool

    /// The layer with these weights; traps on inconsistent shapes.
    public init(weights: [Double], rows: Int, columns: Int, activation: Bool = true) {
        precondition(weights.count == rows * columns, "TanhLayer: \(rows)×\(columns) weights expected")
        self.weights = weights
        self.rows = rows
        self.columns = columns
        self.activation = activation
    }

    /// `columns`.
    public var inputCount: Int? { columns }
    /// `rows`.
    public var outputCount: Int? { rows }

    /// `tanh(W·x)`.
    /// - Complexity: rows · columns multiply-adds.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        ChainFunction.layer(weights, rows: rows, columns: columns, x, tanh: activation)
    }
}

/// The same layer on arrays: one matrix-vector product and one tanh.
public struct ArrayTanhLayer: TensorFunction, Sendable {
    /// W (rows × columns).
    public let weights: Tensor
    /// Whether tanh follows the product.
    public let activation: Bool

    /// The array form of `layer`.
    public init(_ layer: TanhLayer) {
        weights = Tensor(shape: [layer.rows, layer.columns], scalars: layer.weights)
        activation = layer.activation
    }

    /// `[rows]`.
    public var outputShape: [Int]? { [weights.shape[0]] }

    /// `tanh(W·x)`.
    public func callAsFunction<T: ADTensor>(_ x: [T]) -> T {
        let z = matmul(T(weights), x[0])
        return activation ? T.tanh(z) : z
    }
}

/// Layers applied in order as one scalar function (the library's drivers' route).
public struct LayerStack: VectorFunction, Sendable {
    /// The layers, first applied first.
    public let layers: [TanhLayer]
    /// The stack.
    public init(_ layers: [TanhLayer]) { self.layers = layers }
    /// d_0.
    public var inputCount: Int? { layers.first?.columns }
    /// d_k.
    public var outputCount: Int? { layers.last?.rows }
    /// Every layer in order.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { layers.reduce(x) { $1($0) } }
}

/// Layers applied in order as one array function.
public struct ArrayLayerStack: TensorFunction, Sendable {
    /// The layers, first applied first.
    public let layers: [ArrayTanhLayer]
    /// The stack of `layers`' array forms.
    public init(_ layers: [TanhLayer]) { self.layers = layers.map(ArrayTanhLayer.init) }
    /// `[d_k]`.
    public var outputShape: [Int]? { layers.last?.outputShape }
    /// Every layer in order.
    public func callAsFunction<T: ADTensor>(_ x: [T]) -> T { layers.reduce(x[0]) { $1([$0]) } }
}

/// Which layer of the library a composition's stages use.
public enum CompositionLevel: String, CaseIterable, Sendable, Codable {
    /// ``TanhLayer`` stages: ADScalar code, a tape entry per multiply-add.
    case scalar
    /// ``ArrayTanhLayer`` stages: ADTensor code, one matrix product per layer.
    case array
}

/// A chain of tanh layers of given widths `d_0 → d_1 → … → d_k` (inputs first), at a
/// point: the real composition behind a chain product's shape.
public struct LayerComposition: Sendable {
    /// What it is called in reports ("hourglass", "P2 n=8 m=512").
    public let name: String
    /// d_0 … d_k, inputs first.
    public let widths: [Int]
    /// Layer i maps d_i entries to d_{i+1}.
    public let layers: [TanhLayer]
    /// The point x (d_0 entries).
    public let point: [Double]

    /// Layers of `widths` with weights from uniform(`seed + i`) scaled 1/sqrt(columns),
    /// tanh everywhere (or everywhere but the last layer), at x = uniform(1).
    public init(name: String, widths: [Int], seed: UInt64 = 40, linearLast: Bool = false) {
        precondition(widths.count >= 2 && widths.allSatisfy { $0 >= 1 }, "LayerComposition: at least two positive widths")
        self.name = name
        self.widths = widths
        layers = (0..<(widths.count - 1)).map { i in
            TanhLayer(
                weights: LCG.matrix(seed: seed + UInt64(i), rows: widths[i + 1], columns: widths[i]),
                rows: widths[i + 1], columns: widths[i], activation: !(linearLast && i == widths.count - 2))
        }
        point = LCG.vector(seed: 1, count: widths[0])
    }

    /// P2's own function `W3 tanh(W2 tanh(W1 x))` cut into its three layers (its weights, its point).
    public init(p2 problem: P2Chain) {
        let f = problem.function
        name = "P2 n=\(f.n) m=\(f.m)"
        widths = [f.n, f.h, f.h, f.m]
        layers = [
            TanhLayer(weights: f.w1, rows: f.h, columns: f.n), TanhLayer(weights: f.w2, rows: f.h, columns: f.h),
            TanhLayer(weights: f.w3, rows: f.m, columns: f.h, activation: false)
        ]
        point = problem.point
    }

    /// The four shape patterns of notebook 03, as functions read them (inputs first).
    public static let patterns: [LayerComposition] = [
        LayerComposition(name: "wide to narrow", widths: [512, 256, 64, 4]),
        LayerComposition(name: "narrow to wide", widths: [4, 64, 256, 512]),
        LayerComposition(name: "hourglass", widths: [256, 64, 4, 64, 256]),
        LayerComposition(name: "diamond", widths: [8, 64, 512, 64, 2])
    ]

    /// The composition of the layers at `level`.
    public func composition(_ level: CompositionLevel) -> Composition {
        Composition(layers.map { level == .scalar ? CompositionStage($0) : CompositionStage(ArrayTanhLayer($0)) })
    }

    /// The Jacobian by hand: the layer Jacobians `diag(1 − a_i²)·W_i` multiplied from the
    /// thin end (an independent route: no AD).
    public func handJacobian() -> Matrix<Double> {
        var a = point
        var factors: [Matrix<Double>] = []
        for layer in layers {
            var j = layer.weights
            let out = layer([Double](a))
            for r in 0..<layer.rows where layer.activation {
                let d = 1 - out[r] * out[r]
                for c in 0..<layer.columns { j[r * layer.columns + c] *= d }
            }
            factors.insert(Matrix(rows: layer.rows, columns: layer.columns, elements: j), at: 0)
            a = out
        }
        let chain = try! MatrixChain(dimensions: widths.reversed())
        return multiply(factors, order: chain.optimal.order)
    }

    /// Multiply-adds of `step` counted at layer level as notebook 03 counts orders: a
    /// stage's Jacobian seeded with the identity is free (it is the layer's own matrix),
    /// pushing p columns or pulling q rows through stage i costs p·d_i·d_{i+1}, a product
    /// of accumulated parts its three dimensions.
    public func multiplyAdds(of step: CompositionPlan.Step) -> Int {
        let d = widths
        func through(_ r: ClosedRange<Int>, lanes: Int) -> Int { r.reduce(0) { $0 + lanes * d[$1] * d[$1 + 1] } }
        switch step {
        case let .tangents(r): return r.count > 1 ? through((r.lowerBound + 1)...r.upperBound, lanes: d[r.lowerBound]) : 0
        case let .adjoints(r): return r.count > 1 ? through(r.lowerBound...(r.upperBound - 1), lanes: d[r.upperBound + 1]) : 0
        case let .product(l, r):
            return multiplyAdds(of: l) + multiplyAdds(of: r) + d[l.stages.upperBound + 1] * d[l.stages.lowerBound] * d[r.stages.lowerBound]
        case let .pushTangents(f, r): return multiplyAdds(of: f) + through(r, lanes: d[f.stages.lowerBound])
        case let .pullAdjoints(g, r): return multiplyAdds(of: g) + through(r, lanes: d[g.stages.upperBound + 1])
        }
    }
}
