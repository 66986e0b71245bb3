import AutoDiff

/// `F_i = x_{i−1} − 2 x_i + x_{i+1} + h² sin(x_i)`, `x_{−1} = x_n = 0`, `h = 1/(n+1)`:
/// R^n → R^n with a tridiagonal Jacobian, written once for every ``ADScalar``.
public struct TridiagonalFunction: VectorFunction, Sendable {
    /// n.
    public let n: Int

    /// The system on n unknowns.
    public init(n: Int) { self.n = n }

    /// n.
    public var inputCount: Int? { n }
    /// n.
    public var outputCount: Int? { n }

    /// F(x).
    /// - Complexity: n sines and ~5n arithmetic operations.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let h = 1 / Double(x.count + 1)
        let h2 = h * h
        var f = [T]()
        f.reserveCapacity(x.count)
        for i in x.indices {
            var s = -2 * x[i] + h2 * T.sin(x[i])
            if i > 0 { s += x[i - 1] }
            if i + 1 < x.count { s += x[i + 1] }
            f.append(s)
        }
        return f
    }
}

/// P5 tridiag: R^n → R^n, x = uniform(1); check: the sum of all Jacobian entries.
/// The hand-coded Jacobian has bands `sub = super = 1`, `diag_i = −2 + h² cos(x_i)`.
public struct P5Tridiagonal: BenchmarkProblem {
    /// The generic function.
    public let function: TridiagonalFunction
    /// x = uniform(1), n entries.
    public let point: [Double]

    /// The problem with n unknowns.
    public init(n: Int) {
        function = TridiagonalFunction(n: n)
        point = LCG.vector(seed: 1, count: n)
    }

    public var id: ProblemID { .tridiag }
    public var name: String { "P5 tridiag n=\(point.count)" }
    public var summary: String { "tridiagonal F: R^\(point.count) -> R^\(point.count), dense Jacobian" }
    public var inputCount: Int { point.count }
    public var outputCount: Int { point.count }
    public var derivativeKind: DerivativeKind { .jacobian }

    public func primal(_ x: [Double]) -> Double { function(x).reduce(0, +) }
    public func outputs(_ x: [Double]) -> [Double] { function(x) }

    /// The hand-coded loop; returns the sum of F.
    public func handPrimal(_ x: [Double]) -> Double { Self.handOutputs(x).reduce(0, +) }

    /// F(x) by a plain loop.
    /// - Complexity: n sines, one array of n.
    public static func handOutputs(_ x: [Double]) -> [Double] {
        let n = x.count
        let h = 1 / Double(n + 1), h2 = h * h
        var f = [Double](repeating: 0, count: n)
        x.withUnsafeBufferPointer { x in
            f.withUnsafeMutableBufferPointer { f in
                for i in 0..<n {
                    let left = i > 0 ? x[i - 1] : 0, right = i + 1 < n ? x[i + 1] : 0
                    f[i] = left - 2 * x[i] + right + h2 * Double.sin(x[i])
                }
            }
        }
        return f
    }

    /// The Jacobian's three bands: `sub[i] = ∂F_{i+1}/∂x_i = 1`, `diagonal[i] = ∂F_i/∂x_i
    /// = −2 + h² cos(x_i)`, `super[i] = ∂F_i/∂x_{i+1} = 1` (sub and super have n − 1 entries).
    /// - Complexity: n cosines.
    public static func handBands(_ x: [Double]) -> (sub: [Double], diagonal: [Double], super: [Double]) {
        let n = x.count
        let h = 1 / Double(n + 1), h2 = h * h
        var d = [Double](repeating: 0, count: n)
        for i in 0..<n { d[i] = -2 + h2 * Double.cos(x[i]) }
        let off = [Double](repeating: 1, count: Swift.max(n - 1, 0))
        return (off, d, off)
    }

    /// The dense n × n Jacobian from ``handBands(_:)``.
    /// - Complexity: O(n²) memory (zero fill) plus n cosines.
    public static func handDenseJacobian(_ x: [Double]) -> [Double] {
        let n = x.count
        let (sub, d, sup) = handBands(x)
        var j = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            j[i * n + i] = d[i]
            if i + 1 < n { j[i * n + i + 1] = sup[i]; j[(i + 1) * n + i] = sub[i] }
        }
        return j
    }

    public func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult {
        DerivativeResult(try jacobian(of: function, at: x, mode: mode))
    }

    /// The dense Jacobian (see ``handBands(_:)`` for the sparse one).
    public func handDerivative(at x: [Double]) -> DerivativeResult {
        DerivativeResult(rows: x.count, columns: x.count, entries: Self.handDenseJacobian(x))
    }

    public func tapeSize(at x: [Double]) -> TapeSize { TapeSize.recording(of: function, at: x) }

    public func costModel() throws -> CostModel? {
        try CostModel.calibrated(for: function, at: point, outputs: outputCount)
    }

    /// The sparse Jacobians by colouring, and dense on one core and on two (n ≥ 512).
    public func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement] {
        let (f, x) = (function, point)
        return try sparseJacobianMeasurements(self, sink: sink)
            + coresMeasurements(self, sink: sink) { try jacobian(of: f, at: x, mode: $0, parallelism: $1) }
            + (x.count <= 1000 ? arrayJacobianMeasurements(self, ArrayTridiagonal(), [Tensor(x)], sink: sink) : [])
    }

    public var reference: ReferenceCheck? {
        switch point.count {
        case 100: ReferenceCheck(value: nil, derivativeSum: -1.99167971861)
        case 1000: ReferenceCheck(value: nil, derivativeSum: -1.99916108604)
        case 10000: ReferenceCheck(value: nil, derivativeSum: -1.99991568021)
        default: nil
        }
    }
}
