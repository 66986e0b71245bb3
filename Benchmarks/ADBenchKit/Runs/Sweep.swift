// The sweep: one problem over a grid of sizes, every cell timing the primal and each
// requested derivative interleaved, each derivative checked against the hand-coded one.
import AutoDiff

/// What a sweep measures. The default is the default comparison: P2 over n, m in {1, 8, 64, 512}.
public struct SweepOptions: Sendable, Codable, Equatable {
    /// The problem's raw name (`chain`, `rosenbrock`, `hvp`, `mlp`, `tridiag`).
    public var problem: String = ProblemID.chain.rawValue
    /// The n values.
    public var inputs: [Int] = [1, 8, 64, 512]
    /// The m values (P2 only; `nil` for problems whose m is fixed).
    public var outputs: [Int]? = [1, 8, 64, 512]
    /// P2's hidden width (`nil`: 64).
    public var hidden: Int?
    /// Which formulation to time: scalar (one tape entry per scalar operation) or array.
    public var level: ProblemLevel = .scalar
    /// The derivatives to time: any of `forward`, `reverse`, `auto`, `hand`.
    public var modes: [String] = ["forward", "reverse", "auto"]
    /// How long and how often to time each body.
    public var sampling = SamplingOptions()
    /// A derivative mode whose single call is predicted to exceed this many seconds is skipped.
    public var maximumCallSeconds: Double = 10

    /// The default comparison's options.
    public init() {}

    /// The problem as an enum value (`chain` if the name is unknown; the parser checks names).
    public var problemID: ProblemID { ProblemID(rawValue: problem) ?? .chain }

    /// The (n, m) cells in order: m outer, n inner for P2 (a row of the table per m is not
    /// wanted: n varies fastest so that each m's crossover reads top to bottom); m = nil otherwise.
    public var sizes: [(n: Int, m: Int?)] {
        guard let outputs, problemID == .chain else { return inputs.map { ($0, nil) } }
        return inputs.flatMap { n in outputs.map { (n, $0) } }
    }
}

/// The result of a sweep: cells plus anything skipped.
public struct SweepResult: Sendable {
    /// One record per (n, m, mode).
    public var cells: [MeasuredRow]
    /// One line per skipped measurement, saying why.
    public var notes: [String]
}

/// Runs a sweep: for each size, builds the problem, checks every requested derivative
/// against the hand-coded one, then times the plain-`Double` primal and the derivatives
/// interleaved.
/// - Parameter progress: called with (cell index from 1, label) before each cell.
/// - Throws: ``ProblemError`` for a size the problem does not have (checked for every
///   size before anything is timed); errors from AutoDiff's drivers.
/// - Complexity: about (1 + modes) × `minTime` seconds per cell, plus checks.
public func runSweep(_ options: SweepOptions, progress: (Int, String) -> Void = { _, _ in }) throws -> SweepResult {
    let id = options.problemID
    for size in options.sizes { // every size must exist before time is spent (data generation is cheap)
        _ = try id.make(inputs: size.n, outputs: size.m, hidden: options.hidden)
    }
    var cells: [MeasuredRow] = []
    var notes: [String] = []
    for (k, size) in options.sizes.enumerated() {
        progress(k + 1, size.m.map { "n=\(size.n), m=\($0)" } ?? "n=\(size.n)")
        let problem = try id.make(inputs: size.n, outputs: size.m, hidden: options.hidden)
        let measured = try measureCell(problem, modes: options.modes, options: options)
        cells += measured.cells
        notes += measured.notes
    }
    if id == .hvp {
        notes.append(
            "P3 hvp: forward = the library's hvp forward over reverse (auto: hvp's default, the same), reverse = reverse over forward; reverse over reverse and vᵀHv: adbench problems"
        )
    }
    return SweepResult(cells: cells, notes: notes)
}

/// Measures one problem at one size in the given modes (see ``runSweep(_:progress:)``).
/// - Throws: errors from AutoDiff's drivers.
public func measureCell(_ problem: any BenchmarkProblem, modes: [String], options: SweepOptions) throws -> SweepResult {
    if options.level == .array {
        guard let form = problem.arrayForm else { throw SweepError.noArrayForm(problem.name) }
        return try measureArrayCell(problem, form, modes: modes, options: options)
    }
    let x = problem.point
    let reference = problem.handDerivative(at: x)
    let sampler = Sampler(options: options.sampling)
    let sink = sampler.sink

    // The primal (fastest of 3 calls) and the cost model, to predict and skip calls that would take too long.
    let primalOnce = fastestCall(3) { sink.consume(problem.primal(x)) }
    let model = try problem.costModel()

    var kept: [String] = []
    var notes: [String] = []
    var results: [String: DerivativeResult] = [:]
    for mode in modes {
        let predicted = predictedSeconds(problem, mode: mode, primal: primalOnce, model: model)
        if predicted > options.maximumCallSeconds {
            notes.append("skipped \(mode) for \(problem.name): one call would take about \(formatSeconds(predicted))")
            continue
        }
        results[mode] = try evaluate(problem, mode: mode, at: x)
        kept.append(mode)
    }
    var bodies: [() throws -> Void] = [{ sink.consume(problem.primal(x)) }]
    for mode in kept {
        if let driverMode = DifferentiationMode(rawValue: mode) {
            bodies.append { sink.consume(try problem.derivative(at: x, mode: driverMode)) }
        } else {
            bodies.append { sink.consume(problem.handDerivative(at: x)) }
        }
    }
    let samples = try sampler.measure(interleaving: bodies)
    let primal = samples[0]

    var cells: [MeasuredRow] = []
    for (k, mode) in kept.enumerated() {
        let sample = samples[k + 1]
        var cell = MeasuredRow(
            problem: problem.name, n: problem.inputCount, m: problem.outputCount, derivative: mode,
            mode: mode, seconds: sample.median, minSeconds: sample.min, primalSeconds: primal.median,
            samples: sample.samples)
        cell.setCheck(results[mode]!, against: reference, reference: problem.reference?.derivativeSum)
        if let driverMode = DifferentiationMode(rawValue: mode) {
            let work = problem.work(driverMode, model: model)
            (cell.passes, cell.sweeps) = (work.passes, work.sweeps)
            cell.predictedSeconds = model?.predictedSeconds(driverMode)
            if driverMode == .auto { cell.picked = problem.autoPick(model: model) }
            if work.sweeps > 0 { cell.setTape(try problem.tapeSize(at: x, mode: driverMode), sweeps: nil) }
        }
        cells.append(cell)
    }
    return SweepResult(cells: cells, notes: notes)
}

/// One evaluation of a derivative by name (`hand` is the hand-coded one).
func evaluate(_ problem: any BenchmarkProblem, mode: String, at x: [Double]) throws -> DerivativeResult {
    guard let driverMode = DifferentiationMode(rawValue: mode) else { return problem.handDerivative(at: x) }
    return try problem.derivative(at: x, mode: driverMode)
}

/// A prediction of one derivative call, to skip hopeless ones: the smaller of a rough
/// rule from the primal (forward ~ 3 primal costs per unchunked pass, reverse ~ 20 for
/// the recording plus 5 per unchunked sweep) and AutoDiff's cost model, when there is one
/// (either alone can overestimate: one slow primal call, or a probe run under load).
func predictedSeconds(_ problem: any BenchmarkProblem, mode: String, primal: Double, model: CostModel? = nil) -> Double {
    guard let driverMode = DifferentiationMode(rawValue: mode) else { return primal }
    let unchunked = problem.work(driverMode, model: nil, chunk: .one)
    let rough = primal * (3 * Double(unchunked.passes) + 20 + 5 * Double(unchunked.sweeps))
    return min(rough, model?.predictedSeconds(driverMode) ?? rough)
}

/// The fastest of `count` timed calls of `body`, in seconds.
func fastestCall(_ count: Int, _ body: () -> Void) -> Double {
    var best = Double.infinity
    for _ in 0..<count {
        let start = MonotonicClock.nanoseconds()
        body()
        best = min(best, MonotonicClock.seconds(since: start))
    }
    return best
}
