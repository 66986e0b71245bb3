import AutoDiff

/// The source texts' one-hidden-layer ReLU network loss as a function of its weights,
/// written once for every ``ADScalar``:
/// `H = max(0, X·W1)`, `Z = H·W2`, `J = mean_k [logsumexp(Z_k) − Z_{k, y_k}] + λ(ΣW1² + ΣW2²)`.
///
/// The input vector is W1 (d × h, row-major) followed by W2 (h × c, row-major); the
/// data X (b × d) and labels y are constants.
public struct MLPLoss: ScalarFunction, Sendable {
    /// Batch b, input width d, hidden width h, classes c.
    public let batch: Int, inputs: Int, hidden: Int, classes: Int
    /// X, b × d, row-major.
    public let data: [Double]
    /// y_k in 0..<c.
    public let labels: [Int]
    /// λ, the weight-decay coefficient.
    public let lambda: Double

    /// The loss on the given data; traps on inconsistent shapes.
    public init(batch: Int, inputs: Int, hidden: Int, classes: Int, data: [Double], labels: [Int], lambda: Double) {
        precondition(data.count == batch * inputs && labels.count == batch, "data shapes")
        self.batch = batch; self.inputs = inputs; self.hidden = hidden; self.classes = classes
        self.data = data; self.labels = labels; self.lambda = lambda
    }

    /// d·h + h·c.
    public var parameterCount: Int { inputs * hidden + hidden * classes }
    /// d·h + h·c.
    public var inputCount: Int? { parameterCount }

    /// J(W1, W2). logsumexp subtracts the row's largest logit (a constant: the
    /// derivative is unchanged) so that exp cannot overflow.
    /// - Complexity: b·h·(d + c) multiply-adds, b·c exps, b logs.
    public func callAsFunction<T: ADScalar>(_ p: [T]) -> T {
        let (d, h, c) = (inputs, hidden, classes)
        let w2 = d * h
        var total = T.zero
        var hk = [T](), z = [T]()
        hk.reserveCapacity(h)
        z.reserveCapacity(c)
        for k in 0..<batch {
            hk.removeAll(keepingCapacity: true)
            z.removeAll(keepingCapacity: true)
            for j in 0..<h {
                var s = T.zero
                for i in 0..<d { s += data[k * d + i] * p[i * h + j] }
                hk.append(T.relu(s))
            }
            var largest = -Double.infinity
            for o in 0..<c {
                var s = T.zero
                for j in 0..<h { s += hk[j] * p[w2 + j * c + o] }
                z.append(s)
                largest = Swift.max(largest, s.primal)
            }
            var sumExp = T.zero
            for o in 0..<c { sumExp += T.exp(z[o] - largest) }
            total += (T.log(sumExp) + largest) - z[labels[k]]
        }
        var squares = T.zero
        for q in p { squares += T.square(q) }
        return total / Double(batch) + lambda * squares
    }
}

/// P4 mlp: the minibatch loss of the source texts' network, gradient w.r.t. its 2688
/// weights. X: 64 × 32 from uniform(6) (unscaled); y_k = k mod 10; W1: 32 × 64 from
/// uniform(7) scaled 1/sqrt(32); W2: 64 × 10 from uniform(8) scaled 1/sqrt(64); λ = 1e−4.
/// Check: J and the sum of all gradient entries.
public struct P4MLP: BenchmarkProblem {
    /// 32·64 + 64·10.
    public static let parameterCount = 2688
    /// The generic function.
    public let function: MLPLoss
    /// W1 then W2, row-major (2688 entries).
    public let point: [Double]

    /// The problem of PROBLEMS.md.
    public init() {
        function = MLPLoss(
            batch: 64, inputs: 32, hidden: 64, classes: 10,
            data: LCG.unscaledMatrix(seed: 6, rows: 64, columns: 32),
            labels: (0..<64).map { $0 % 10 }, lambda: 1e-4)
        point =
            LCG.matrix(seed: 7, rows: 32, columns: 64, scale: 1 / Double(32).squareRoot())
            + LCG.matrix(seed: 8, rows: 64, columns: 10, scale: 1 / Double(64).squareRoot())
    }

    public var id: ProblemID { .mlp }
    public var name: String { "P4 mlp 2688 weights" }
    public var summary: String { "ReLU network loss (batch 64, 32-64-10), gradient w.r.t. W1, W2" }
    public var inputCount: Int { Self.parameterCount }
    public var outputCount: Int { 1 }
    public var derivativeKind: DerivativeKind { .gradient }

    public func primal(_ x: [Double]) -> Double { function(x) }
    public func outputs(_ x: [Double]) -> [Double] { [function(x)] }
    public func handPrimal(_ x: [Double]) -> Double { handValueAndGradient(x, gradient: false).value }

    /// J and, if asked, its gradient by the source texts' formulas:
    /// `G = (softmax(Z) − onehot(y)) / b`, `dW2 = Hᵀ·G + 2λ·W2`,
    /// `G' = (G·W2ᵀ) ⊙ [X·W1 > 0]`, `dW1 = Xᵀ·G' + 2λ·W1`.
    /// - Complexity: b·h·(d + c) multiply-adds for J; about three times that with the gradient.
    public func handValueAndGradient(_ p: [Double], gradient: Bool = true) -> (value: Double, gradient: [Double]) {
        let f = function
        let (b, d, h, c) = (f.batch, f.inputs, f.hidden, f.classes)
        let w1 = Array(p[0..<(d * h)]), w2 = Array(p[(d * h)...])
        let a = matMul(f.data, w1, b, d, h) // X·W1, b × h
        var hidden = a
        for i in hidden.indices where hidden[i] < 0 { hidden[i] = 0 } // relu
        let z = matMul(hidden, w2, b, h, c) // b × c
        var total = 0.0
        var g = [Double](repeating: 0, count: b * c) // dJ_MLE/dZ
        for k in 0..<b {
            var largest = -Double.infinity
            for o in 0..<c { largest = Swift.max(largest, z[k * c + o]) }
            var sumExp = 0.0
            for o in 0..<c { let e = Double.exp(z[k * c + o] - largest); g[k * c + o] = e; sumExp += e }
            total += Double.log(sumExp) + largest - z[k * c + f.labels[k]]
            for o in 0..<c { g[k * c + o] /= sumExp * Double(b) }
            g[k * c + f.labels[k]] -= 1 / Double(b)
        }
        var squares = 0.0
        for q in p { squares += q * q }
        let value = total / Double(b) + f.lambda * squares
        guard gradient else { return (value, []) }

        var dW2 = matMul(transpose(hidden, b, h), g, h, b, c) // Hᵀ·G
        var gh = matMul(g, transpose(w2, h, c), b, c, h) // G·W2ᵀ
        for i in gh.indices where !(a[i] > 0) { gh[i] = 0 } // back through relu
        var dW1 = matMul(transpose(f.data, b, d), gh, d, b, h) // Xᵀ·G'
        for i in dW1.indices { dW1[i] += 2 * f.lambda * w1[i] }
        for i in dW2.indices { dW2[i] += 2 * f.lambda * w2[i] }
        return (value, dW1 + dW2)
    }

    public func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        DerivativeResult(vector: try gradient(of: function, at: x, mode: mode))
    }

    public func handDerivative(at x: [Double]) -> DerivativeResult {
        DerivativeResult(vector: handValueAndGradient(x).gradient)
    }

    public func tapeSize(at x: [Double]) -> TapeSize { TapeSize.recording(of: function, at: x) }

    public func costModel() throws -> CostModel? {
        try CostModel.calibrated(for: ScalarAsVectorFunction(function), at: point)
    }

    /// The loss's Hessian-vector products in every mode and the gradient replayed from one recording.
    public func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] {
        try mlpHVPMeasurements(self, sink: sink)
            + replayMeasurement(self, sink: sink) { try RecordedFunction(function, at: $0) }
            + arrayGradientMeasurements(self, ArrayMLP(function), ArrayMLP.weights(point, function), sink: sink)
    }

    public var reference: ReferenceCheck? {
        ReferenceCheck(value: 2.3032421549, derivativeSum: -0.0577358424166)
    }
}

/// The transpose of a row-major `rows × columns` matrix.
/// - Complexity: rows · columns copies.
func transpose(_ a: [Double], _ rows: Int, _ columns: Int) -> [Double] {
    var t = [Double](repeating: 0, count: a.count)
    for i in 0..<rows { for j in 0..<columns { t[j * rows + i] = a[i * columns + j] } }
    return t
}
