import AutoDiff

/// Rosenbrock's function `f(x) = Σ_{i=0}^{n−2} [100 (x_{i+1} − x_i²)² + (1 − x_i)²]`,
/// R^n → R, written once for every ``ADScalar``.
public struct RosenbrockFunction: ScalarFunction, Sendable {
    /// The problem's input count (nil: any length ≥ 1).
    public let inputCount: Int?

    /// Rosenbrock on `n` inputs (nil: any length).
    public init(n: Int? = nil) { inputCount = n }

    /// f(x).
    /// - Complexity: 5(n − 1) arithmetic operations.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T.zero
        if x.count < 2 { return s }
        for i in 0..<(x.count - 1) {
            s += 100 * T.square(x[i + 1] - x[i] * x[i]) + T.square(1 - x[i])
        }
        return s
    }
}

/// P1 rosenbrock: R^n → R, x = uniform(1); check: f and the sum of gradient entries.
public struct P1Rosenbrock: BenchmarkProblem {
    /// The generic function.
    public let function: RosenbrockFunction
    /// x = uniform(1), n entries.
    public let point: [Double]

    /// The problem with n inputs.
    public init(n: Int) {
        function = RosenbrockFunction(n: n)
        point = LCG.vector(seed: 1, count: n)
    }

    public var id: ProblemID { .rosenbrock }
    public var name: String { "P1 rosenbrock n=\(point.count)" }
    public var summary: String { "Rosenbrock f: R^\(point.count) -> R, gradient" }
    public var inputCount: Int { point.count }
    public var outputCount: Int { 1 }
    public var derivativeKind: DerivativeKind { .gradient }

    public func primal(_ x: [Double]) -> Double { function(x) }
    public func outputs(_ x: [Double]) -> [Double] { [function(x)] }

    /// The hand-coded loop.
    /// - Complexity: n − 1 iterations, no allocation.
    public func handPrimal(_ x: [Double]) -> Double { Self.handValue(x) }

    /// f(x) by a plain loop over an unchecked buffer.
    public static func handValue(_ x: [Double]) -> Double {
        x.withUnsafeBufferPointer { x in
            var s = 0.0
            if x.count < 2 { return s }
            for i in 0..<(x.count - 1) {
                let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
                s += 100 * a * a + b * b
            }
            return s
        }
    }

    /// The gradient by hand:
    /// `g_i = −400 x_i (x_{i+1} − x_i²) − 2 (1 − x_i) + 200 (x_i − x_{i−1}²)`
    /// (first two terms for i <= n − 2, last for i >= 1).
    /// - Complexity: one pass, n entries allocated.
    public static func handGradient(_ x: [Double]) -> [Double] {
        let n = x.count
        if n < 2 { return [Double](repeating: 0, count: n) }
        return [Double](unsafeUninitializedCapacity: n) { g, initialized in
            x.withUnsafeBufferPointer { x in
                let gp = g.baseAddress!
                var fromLeft = 0.0 // 200 (x_i − x_{i−1}²), 0 for i = 0
                for i in 0..<(n - 1) {
                    let a = x[i + 1] - x[i] * x[i]
                    (gp + i).initialize(to: fromLeft - 400 * x[i] * a - 2 * (1 - x[i]))
                    fromLeft = 200 * a
                }
                (gp + n - 1).initialize(to: fromLeft)
            }
            initialized = n
        }
    }

    public func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        DerivativeResult(vector: try gradient(of: function, at: x, mode: mode))
    }

    public func handDerivative(at x: [Double]) -> DerivativeResult {
        DerivativeResult(vector: Self.handGradient(x))
    }

    public func tapeSize(at x: [Double]) -> TapeSize { TapeSize.recording(of: function, at: x) }

    public func costModel() throws -> CostModel? {
        try CostModel.calibrated(for: ScalarAsVectorFunction(function), at: point)
    }

    /// J·v in one forward pass, the gradient replayed from one recording, the array
    /// formulations, and the term preaccumulated (gradient and its replay).
    public func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] {
        let x = [Tensor(point)]
        return try jvpMeasurement(self, sink: sink)
            + replayMeasurement(self, sink: sink) { try RecordedFunction(function, at: $0) }
            + arrayGradientMeasurements(self, ArrayRosenbrock(), x, label: "gradient reverse (elementwise map)", sink: sink)
            + arrayGradientMeasurements(self, ArrayRosenbrockByOperations(), x, label: "gradient reverse (by operations)", sink: sink)
            .dropFirst()
            + preaccumulatedGradientMeasurements(self, sink: sink)
    }

    public var reference: ReferenceCheck? {
        switch point.count {
        case 100: ReferenceCheck(value: 5244.31009905, derivativeSum: -6998.23080374)
        case 1000: ReferenceCheck(value: 53010.4960573, derivativeSum: -57683.9903392)
        case 1_000_000: ReferenceCheck(value: 54690759.663, derivativeSum: -68938461.2222)
        default: nil
        }
    }
}
