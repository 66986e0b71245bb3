import AutoDiff

/// The six problems of `shared/PROBLEMS.md`.
public enum ProblemID: String, CaseIterable, Sendable, CustomStringConvertible {
    /// P1: Rosenbrock, R^n → R, gradient.
    case rosenbrock
    /// P2: the chain `y = W3 tanh(W2 tanh(W1 x))`, R^n → R^m, Jacobian.
    case chain
    /// P3: Rosenbrock's Hessian-vector product.
    case hvp
    /// P4: the one-hidden-layer ReLU network's minibatch loss, gradient w.r.t. W1, W2.
    case mlp
    /// P5: a tridiagonal system R^n → R^n, Jacobian.
    case tridiag
    /// P6: a damped oscillator integrated by RK4 in N steps, R^5 → R, gradient (store or recompute).
    case oscillator

    /// "P1" … "P5".
    public var label: String {
        switch self {
        case .rosenbrock: "P1"
        case .chain: "P2"
        case .hvp: "P3"
        case .mlp: "P4"
        case .tridiag: "P5"
        case .oscillator: "P6"
        }
    }

    /// The raw name (`rosenbrock`, `chain`, ...).
    public var description: String { rawValue }

    /// The sizes PROBLEMS.md lists: n (inputs) for P1, P3, P5; n and m in
    /// {1, 8, 64, 512} for P2; the fixed 2688 parameters for P4; for P6 the number of
    /// steps N (its function has 5 inputs whatever N).
    public var defaultInputs: [Int] {
        switch self {
        case .rosenbrock: [100, 1000, 10000, 100000, 1000000]
        case .chain: [1, 8, 64, 512]
        case .hvp: [10000]
        case .mlp: [P4MLP.parameterCount]
        case .tridiag: [100, 1000, 10000]
        case .oscillator: [1000, 10000, 100000, 1000000]
        }
    }

    /// The output sizes PROBLEMS.md lists (only P2 has a free m; the others give 1 or n).
    public var defaultOutputs: [Int]? { self == .chain ? [1, 8, 64, 512] : nil }

    /// Every size PROBLEMS.md lists for this problem (P2: the 16 cells of the n × m grid,
    /// n varying fastest), built lazily one at a time by the caller with ``make(inputs:outputs:hidden:)``.
    public var standardSizes: [(inputs: Int, outputs: Int?)] {
        guard let outputs = defaultOutputs else { return defaultInputs.map { ($0, nil) } }
        return outputs.flatMap { m in defaultInputs.map { n in (n, Optional(m)) } }
    }

    /// Builds the problem at the given size.
    /// - Parameters:
    ///   - inputs: n (P1 ≥ 2, P2 ≥ 1, P3 ≥ 2, P5 ≥ 1; P4 only 2688 or nil); for P6 the
    ///     steps N ≥ 1.
    ///   - outputs: m, P2 only (default 1); other problems accept nil or their own m.
    ///   - hidden: P2's hidden width h (default 64).
    /// - Throws: ``ProblemError`` for a size the problem does not have.
    /// - Complexity: generates the data: O(n) (P2: O(h·(n + h + m))).
    public func make(inputs: Int, outputs: Int? = nil, hidden: Int? = nil) throws -> any BenchmarkProblem {
        switch self {
        case .rosenbrock:
            try ProblemError.check(self, "inputs", inputs, minimum: 2)
            try ProblemError.fixed(self, "outputs", outputs, 1)
            return P1Rosenbrock(n: inputs)
        case .chain:
            try ProblemError.check(self, "inputs", inputs, minimum: 1)
            try ProblemError.check(self, "outputs", outputs ?? 1, minimum: 1)
            try ProblemError.check(self, "hidden", hidden ?? 64, minimum: 1)
            return P2Chain(n: inputs, m: outputs ?? 1, h: hidden ?? 64)
        case .hvp:
            try ProblemError.check(self, "inputs", inputs, minimum: 2)
            try ProblemError.fixed(self, "outputs", outputs, inputs)
            return P3HessianVector(n: inputs)
        case .mlp:
            try ProblemError.fixed(self, "inputs", inputs, P4MLP.parameterCount)
            try ProblemError.fixed(self, "outputs", outputs, 1)
            return P4MLP()
        case .tridiag:
            try ProblemError.check(self, "inputs", inputs, minimum: 1)
            try ProblemError.fixed(self, "outputs", outputs, inputs)
            return P5Tridiagonal(n: inputs)
        case .oscillator:
            try ProblemError.check(self, "steps", inputs, minimum: 1)
            try ProblemError.fixed(self, "outputs", outputs, 1)
            return P6Oscillator(steps: inputs)
        }
    }
}

/// A size a problem does not have; one line naming what was expected and what came.
public enum ProblemError: Error, Equatable, CustomStringConvertible {
    /// `value` is below the problem's minimum.
    case tooSmall(problem: String, parameter: String, minimum: Int, got: Int)
    /// The problem has a fixed size for this parameter.
    case fixedSize(problem: String, parameter: String, expected: Int, got: Int)

    /// "chain: inputs must be at least 1, got 0".
    public var description: String {
        switch self {
        case let .tooSmall(p, name, minimum, got): "\(p): \(name) must be at least \(minimum), got \(got)"
        case let .fixedSize(p, name, expected, got): "\(p): \(name) is fixed at \(expected), got \(got)"
        }
    }

    static func check(_ p: ProblemID, _ name: String, _ value: Int, minimum: Int) throws {
        if value < minimum { throw tooSmall(problem: p.rawValue, parameter: name, minimum: minimum, got: value) }
    }

    static func fixed(_ p: ProblemID, _ name: String, _ value: Int?, _ expected: Int) throws {
        if let value, value != expected {
            throw fixedSize(problem: p.rawValue, parameter: name, expected: expected, got: value)
        }
    }
}

/// What a problem's derivative is.
public enum DerivativeKind: String, Sendable {
    /// ∇f, n entries (1 × n).
    case gradient
    /// The m × n Jacobian `J[i, j] = ∂f_i/∂x_j`.
    case jacobian
    /// A Hessian-vector product `H·v`, n entries (1 × n).
    case hessianVector
}

/// A derivative flattened row-major (a gradient or Hv is 1 × n), for checks and sums.
public struct DerivativeResult: Sendable, Equatable {
    /// Number of rows (1 for a gradient or Hv, m for a Jacobian).
    public var rows: Int
    /// Number of columns (n).
    public var columns: Int
    /// The entries, row-major.
    public var entries: [Double]

    /// A derivative from its row-major entries (`entries.count == rows · columns`).
    public init(rows: Int, columns: Int, entries: [Double]) {
        precondition(entries.count == rows * columns, "expected \(rows * columns) entries, got \(entries.count)")
        self.rows = rows
        self.columns = columns
        self.entries = entries
    }

    /// A gradient or Hv as a 1 × n result.
    public init(vector: [Double]) { self.init(rows: 1, columns: vector.count, entries: vector) }

    /// A Jacobian from AutoDiff's ``Matrix``.
    public init(_ matrix: Matrix<Double>) {
        self.init(rows: matrix.rows, columns: matrix.columns, entries: matrix.elements)
    }

    /// The sum of all entries: PROBLEMS.md's check value.
    /// - Complexity: O(entries).
    public var sum: Double { entries.reduce(0, +) }

    /// The largest |entry| (0 when empty): the scale of a reference's tolerance.
    /// - Complexity: O(entries).
    public var largestMagnitude: Double { entries.reduce(0) { Swift.max($0, Swift.abs($1)) } }

    /// The largest |a − b| over the entries; +infinity when the shapes differ, NaN if
    /// either holds a NaN.
    /// - Complexity: O(entries).
    public func maxAbsDifference(from other: DerivativeResult) -> Double {
        guard rows == other.rows, columns == other.columns else { return .infinity }
        var worst = 0.0
        for i in entries.indices {
            let d = Swift.abs(entries[i] - other.entries[i])
            if d.isNaN { return .nan }
            worst = Swift.max(worst, d)
        }
        return worst
    }
}

/// The reference values PROBLEMS.md prints for one problem size.
public struct ReferenceCheck: Sendable, Equatable {
    /// f(x) where PROBLEMS.md gives it (P1, P4), else nil.
    public var value: Double?
    /// The sum of all derivative entries.
    public var derivativeSum: Double
}

/// One benchmark problem at one size, type-erased so that the CLI can time each way
/// of computing it without knowing its generic function.
///
/// Each problem is written once, generic over ``ADScalar`` (its `function`), and has a
/// hand-coded plain-`Double` primal and derivative (the speed limit and an independent
/// reference). Timed entry points:
/// - ``primal(_:)``: the generic code run on `Double`;
/// - ``handPrimal(_:)``: the hand-coded loop;
/// - ``derivative(at:mode:)``: AutoDiff, `.forward`, `.reverse` or `.auto`;
/// - ``handDerivative(at:)``: the hand-coded derivative;
/// - ``extraMeasurements(sink:)``: what else `adbench problems` times for this problem.
public protocol BenchmarkProblem: Sendable {
    /// Which problem.
    var id: ProblemID { get }
    /// A one-line description with the size ("P2 chain n=8 m=8 h=64").
    var name: String { get }
    /// What is computed, one sentence.
    var summary: String { get }
    /// n.
    var inputCount: Int { get }
    /// m (1 for scalar problems; n for P3's Hv).
    var outputCount: Int { get }
    /// What ``derivative(at:mode:)`` returns.
    var derivativeKind: DerivativeKind { get }
    /// The evaluation point of PROBLEMS.md (n entries).
    var point: [Double] { get }

    /// The generic function evaluated on `Double`; returns the sum of its outputs (the
    /// value for a scalar function), so a timing loop can keep the result alive.
    func primal(_ x: [Double]) -> Double
    /// The generic function's outputs on `Double` (m entries; P3: `[f(x)]`, the
    /// function whose Hessian is applied).
    func outputs(_ x: [Double]) -> [Double]
    /// The hand-coded plain-Swift primal; returns the sum of its outputs.
    func handPrimal(_ x: [Double]) -> Double
    /// The derivative by AutoDiff in `mode` (for P3, see ``P3HessianVector``).
    /// - Throws: ``DifferentiationError`` from the drivers (wrong-length `x`).
    func derivative(at x: [Double], mode: DifferentiationMode) throws -> DerivativeResult
    /// The hand-coded analytic derivative.
    func handDerivative(at x: [Double]) -> DerivativeResult
    /// The entries and bytes of one reverse-mode recording of the function at `x`.
    func tapeSize(at x: [Double]) -> TapeSize
    /// The recording that ``derivative(at:mode:)`` in `mode` sweeps, where it records one
    /// (default: ``tapeSize(at:)``; P3's Hessian-vector products record per mode).
    /// - Throws: ``DifferentiationError`` from a recording driver.
    func tapeSize(at x: [Double], mode: DifferentiationMode) throws -> TapeSize
    /// The reference values of PROBLEMS.md for this size, if it lists them.
    var reference: ReferenceCheck? { get }
    /// The cost model AutoDiff's `.auto` uses for this problem's function at its point
    /// (the same cache entry the drivers use), or nil where ``derivative(at:mode:)`` is
    /// not a plain gradient or Jacobian (P3).
    /// - Throws: ``DifferentiationError`` from the calibration probe.
    /// - Complexity: the first call per function type and shape runs the probe; later
    ///   calls read the cache.
    func costModel() throws -> CostModel?
    /// The bodies `adbench problems` times for this problem beyond its standard
    /// derivatives (J·v, Hessian-vector products, sparse Jacobians, replays, cores), each
    /// with its check computed once, outside the timing.
    /// - Throws: a driver's ``DifferentiationError`` from an untimed checking call.
    func extraMeasurements(sink: BlackHole) throws -> [ExtraMeasurement]

    /// The problem written over `ADTensor` (nil if it has none): `adbench --level array`.
    var arrayForm: ArrayForm? { get }
}

extension BenchmarkProblem {
    /// No array-level formulation.
    public var arrayForm: ArrayForm? { nil }

    /// The entries of one reverse-mode recording at `x` (``tapeSize(at:)``'s count).
    public func tapeEntries(at x: [Double]) -> Int { tapeSize(at: x).entries }

    /// One reverse-mode recording (``tapeSize(at:)``) whatever the mode.
    public func tapeSize(at x: [Double], mode: DifferentiationMode) throws -> TapeSize { tapeSize(at: x) }

    /// The passes and sweeps ``derivative(at:mode:)`` makes, as AutoDiff counts them:
    /// from the calibrated `model` where there is one (`.auto`: what it picks, colouring
    /// included), else ``DerivativeWork/jacobian(_:inputs:outputs:chunk:)`` (P3:
    /// ``DerivativeWork/hessianVectorProduct(_:)`` of the HVP mode the sweep runs).
    /// - Parameter chunk: directions per pass or sweep (nil: as the drivers choose; `.one`:
    ///   one pass per input or one sweep per output).
    /// - Complexity: O(1).
    public func work(_ mode: DifferentiationMode, model: CostModel?, chunk: ChunkSize? = nil) -> DerivativeWork {
        switch derivativeKind {
        case .hessianVector:
            return .hessianVectorProduct(HVPMode(sweepMode: mode))
        case .gradient, .jacobian:
            if chunk == nil, let model { return model.work(mode) }
            return .jacobian(mode, inputs: inputCount, outputs: outputCount, chunk: chunk)
        }
    }

    /// What `.auto` runs, for labels: the model's choice ("forward", "reverse" or
    /// "sparse forward, 3 colours"), else the shape rule's mode.
    public func autoPick(model: CostModel?) -> String {
        guard let model else { return DifferentiationMode.auto.resolved(inputs: inputCount, outputs: outputCount).rawValue }
        if model.prefersSparse, let sparse = model.sparse { return "sparse \(sparse.mode), \(sparse.colors) colours" }
        return model.choice.rawValue
    }

    /// The number of entries a dense ``derivative(at:mode:)`` holds (m·n for a Jacobian, n otherwise).
    var denseEntries: Int { derivativeKind == .jacobian ? inputCount * outputCount : inputCount }
}
