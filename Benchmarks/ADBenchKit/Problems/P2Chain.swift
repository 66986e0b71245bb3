import AutoDiff

/// P2's function `y = W3 tanh(W2 tanh(W1 x))`, R^n → R^m with hidden width h, written
/// once for every ``ADScalar``. The weights are plain `Double` constants (row-major), so
/// each multiply-add is one mixed `Double * T` product: no tape entry for a weight.
public struct ChainFunction: VectorFunction, Sendable {
    /// Inputs n, hidden width h, outputs m.
    public let n: Int, h: Int, m: Int
    /// W1 (h × n), W2 (h × h), W3 (m × h), row-major.
    public let w1: [Double], w2: [Double], w3: [Double]

    /// The chain with the given weights; traps on inconsistent shapes.
    public init(n: Int, h: Int, m: Int, w1: [Double], w2: [Double], w3: [Double]) {
        precondition(w1.count == h * n && w2.count == h * h && w3.count == m * h, "weight shapes")
        self.n = n; self.h = h; self.m = m
        self.w1 = w1; self.w2 = w2; self.w3 = w3
    }

    /// n.
    public var inputCount: Int? { n }
    /// m.
    public var outputCount: Int? { m }

    /// `W3 tanh(W2 tanh(W1 x))`.
    /// - Complexity: h·n + h·h + m·h multiply-adds and 2h tanh.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let a1 = Self.layer(w1, rows: h, columns: n, x, tanh: true)
        let a2 = Self.layer(w2, rows: h, columns: h, a1, tanh: true)
        return Self.layer(w3, rows: m, columns: h, a2, tanh: false)
    }

    /// `W·v` (optionally followed by tanh), W row-major `rows × columns`.
    @inline(__always)
    static func layer<T: ADScalar>(_ w: [Double], rows: Int, columns: Int, _ v: [T], tanh: Bool) -> [T] {
        var out = [T]()
        out.reserveCapacity(rows)
        for i in 0..<rows {
            let base = i * columns
            var s = T.zero
            for j in 0..<columns { s += w[base + j] * v[j] }
            out.append(tanh ? T.tanh(s) : s)
        }
        return out
    }
}

/// P2 chain: `y = W3 tanh(W2 tanh(W1 x))`, R^n → R^m, hidden width h (64 in PROBLEMS.md).
/// W1 from uniform(2), W2 from uniform(3), W3 from uniform(4), each scaled 1/sqrt(columns);
/// x = uniform(1). Check value: the sum of all Jacobian entries.
///
/// The hand-coded Jacobian is the chain product `W3 · D2 · W2 · D1 · W1` with
/// `D_k = diag(1 − a_k²)`, multiplied in the cheaper order (from the left when m <= n,
/// the way reverse mode does; from the right otherwise, the way forward mode does).
public struct P2Chain: BenchmarkProblem {
    /// The generic function.
    public let function: ChainFunction
    /// x = uniform(1), n entries.
    public let point: [Double]

    /// The problem with n inputs, m outputs and hidden width h.
    /// - Complexity: generates h·n + h·h + m·h + n values.
    public init(n: Int, m: Int, h: Int = 64) {
        function = ChainFunction(
            n: n, h: h, m: m,
            w1: LCG.matrix(seed: 2, rows: h, columns: n),
            w2: LCG.matrix(seed: 3, rows: h, columns: h),
            w3: LCG.matrix(seed: 4, rows: m, columns: h))
        point = LCG.vector(seed: 1, count: n)
    }

    public var id: ProblemID { .chain }
    public var name: String { "P2 chain n=\(function.n) m=\(function.m) h=\(function.h)" }
    public var summary: String { "y = W3 tanh(W2 tanh(W1 x)), R^\(function.n) -> R^\(function.m), full Jacobian" }
    public var inputCount: Int { function.n }
    public var outputCount: Int { function.m }
    public var derivativeKind: DerivativeKind { .jacobian }

    public func primal(_ x: [Double]) -> Double { function(x).reduce(0, +) }
    public func outputs(_ x: [Double]) -> [Double] { function(x) }

    public func handPrimal(_ x: [Double]) -> Double { handOutputs(x).reduce(0, +) }

    /// The hand-coded forward evaluation: outputs y (m).
    /// - Complexity: h·n + h·h + m·h multiply-adds.
    public func handOutputs(_ x: [Double]) -> [Double] {
        let (_, a2) = activations(x)
        return matVec(function.w3, rows: function.m, columns: function.h, a2)
    }

    /// The hidden activations `a1 = tanh(W1 x)` and `a2 = tanh(W2 a1)` (h each).
    public func activations(_ x: [Double]) -> (a1: [Double], a2: [Double]) {
        var a1 = matVec(function.w1, rows: function.h, columns: function.n, x)
        for i in a1.indices { a1[i] = Double.tanh(a1[i]) }
        var a2 = matVec(function.w2, rows: function.h, columns: function.h, a1)
        for i in a2.indices { a2[i] = Double.tanh(a2[i]) }
        return (a1, a2)
    }

    public func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        DerivativeResult(try jacobian(of: function, at: x, mode: mode))
    }

    /// The Jacobian `W3 · diag(1 − a2²) · W2 · diag(1 − a1²) · W1` (m × n), multiplied
    /// from the left when m <= n and from the right otherwise.
    /// - Complexity: m·h·h + m·h·n (left) or h·h·n + m·h·n (right) multiply-adds.
    public func handDerivative(at x: [Double]) -> DerivativeResult {
        let (n, h, m) = (function.n, function.h, function.m)
        let (a1, a2) = activations(x)
        if m <= n {
            // B = W3 · D2 (m × h), C = B · W2 · D1 (m × h), J = C · W1 (m × n)
            var b = function.w3
            for i in 0..<m { for k in 0..<h { b[i * h + k] *= 1 - a2[k] * a2[k] } }
            var c = matMul(b, function.w2, m, h, h)
            for i in 0..<m { for k in 0..<h { c[i * h + k] *= 1 - a1[k] * a1[k] } }
            return DerivativeResult(rows: m, columns: n, entries: matMul(c, function.w1, m, h, n))
        } else {
            // B = D1 · W1 (h × n), C = D2 · W2 · B (h × n), J = W3 · C (m × n)
            var b = function.w1
            for k in 0..<h { for j in 0..<n { b[k * n + j] *= 1 - a1[k] * a1[k] } }
            var c = matMul(function.w2, b, h, h, n)
            for k in 0..<h { for j in 0..<n { c[k * n + j] *= 1 - a2[k] * a2[k] } }
            return DerivativeResult(rows: m, columns: n, entries: matMul(function.w3, c, m, h, n))
        }
    }

    public func tapeSize(at x: [Double]) -> TapeSize { TapeSize.recording(of: function, at: x) }

    public func costModel() throws -> CostModel? {
        try CostModel.calibrated(for: function, at: point, outputs: outputCount)
    }

    /// The Jacobian replayed from one recording, and dense on one core and on two (n, m ≥ 512).
    public func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] {
        let (f, x) = (function, point)
        return try replayMeasurement(self, sink: sink) { try RecordedFunction(f, at: $0) }
            + coresMeasurements(self, sink: sink) { try jacobian(of: f, at: x, mode: $0, parallelism: $1) }
            + arrayJacobianMeasurements(self, ArrayChain(f), [Tensor(x)], sink: sink)
    }

    public var reference: ReferenceCheck? {
        switch (function.n, function.m, function.h) {
        case (1, 1, 64): ReferenceCheck(value: nil, derivativeSum: 0.133126456262)
        case (8, 8, 64): ReferenceCheck(value: nil, derivativeSum: 0.56335000952)
        case (64, 64, 64): ReferenceCheck(value: nil, derivativeSum: -0.353474056505)
        case (512, 512, 64): ReferenceCheck(value: nil, derivativeSum: -0.0437011730147)
        case (512, 1, 64): ReferenceCheck(value: nil, derivativeSum: 0.00109085273409)
        case (1, 512, 64): ReferenceCheck(value: nil, derivativeSum: -0.712138375808)
        default: nil
        }
    }
}
