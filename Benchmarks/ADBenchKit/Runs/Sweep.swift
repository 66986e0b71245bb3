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
    public var cells: [Cell]
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
    for size in options.sizes {  // every size must exist before time is spent (data generation is cheap)
        _ = try id.make(inputs: size.n, outputs: size.m, hidden: options.hidden)
    }
    var cells: [Cell] = []
    var notes: [String] = []
    for (k, size) in options.sizes.enumerated() {
        progress(k + 1, size.m.map { "n=\(size.n), m=\($0)" } ?? "n=\(size.n)")
        let problem = try id.make(inputs: size.n, outputs: size.m, hidden: options.hidden)
        let measured = try measureCell(problem, modes: options.modes, options: options)
        cells += measured.cells
        notes += measured.notes
    }
    if id == .hvp {
        notes.append("P3 hvp: forward = the library's hvp forward over reverse (auto: hvp's default, the same), reverse = reverse over forward; reverse over reverse and vᵀHv: adbench problems")
    }
    return SweepResult(cells: cells, notes: notes)
}

/// Measures one problem at one size in the given modes (see ``runSweep(_:progress:)``).
/// - Throws: errors from AutoDiff's drivers.
public func measureCell(_ problem: any BenchmarkProblem, modes: [String], options: SweepOptions) throws -> SweepResult {
    let x = problem.point
    let reference = problem.handDerivative(at: x)
    let scale = reference.entries.reduce(0) { max($0, abs($1)) }
    let tolerance = derivativeTolerance(referenceScale: scale)
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
            bodies.append { sink.consume(try libraryDerivative(problem, at: x, mode: driverMode)) }
        } else {
            bodies.append { sink.consume(problem.handDerivative(at: x)) }
        }
    }
    let samples = try sampler.measure(interleaving: bodies)
    let primal = samples[0]
    let plans = kept.map { DifferentiationMode(rawValue: $0).map { ModePlan($0, problem: problem, model: model) } }
    let needsTape = plans.contains { ($0?.sweeps ?? 0) > 0 }
    let size = needsTape ? problem.tapeSize(at: x) : TapeSize(entries: 0, bytes: 0)

    var cells: [Cell] = []
    for (k, mode) in kept.enumerated() {
        let result = results[mode]!
        let error = result.maxAbsDifference(from: reference)
        let sum = result.sum
        var wrong = !(error <= tolerance)
        if let expected = problem.reference?.derivativeSum, !agreesWithReference(sum, expected) { wrong = true }
        let sample = samples[k + 1]
        let plan = plans[k]
        let sweeps = plan?.sweeps ?? 0
        var cell = Cell(
            problem: problem.id.rawValue, n: problem.inputCount, m: problem.outputCount,
            hidden: (problem as? P2Chain)?.function.h, mode: mode,
            picked: mode == "auto" ? plan?.picked : nil,
            seconds: sample.median, minSeconds: sample.min, primalSeconds: primal.median,
            passes: plan?.passes ?? 0, sweeps: sweeps,
            tapeEntries: sweeps > 0 ? size.entries : 0, tapeBytes: sweeps > 0 ? size.bytes : 0,
            maxAbsError: error, check: sum, samples: sample.samples, wrong: wrong)
        cell.predictedSeconds = plan?.predicted
        if let p = problem as? P3HessianVector, let driverMode = DifferentiationMode(rawValue: mode) {
            // Every HVP mode records once and sweeps once (forward over reverse too, on Dual values).
            let tape = try hvpTape(p, HVPMode(sweepMode: driverMode))
            cell.passes = 1
            cell.sweeps = 1
            cell.tapeEntries = tape.entries
            cell.tapeBytes = tape.bytes
        }
        cells.append(cell)
    }
    return SweepResult(cells: cells, notes: notes)
}

/// One evaluation of a derivative by name (`hand` is the hand-coded one; P3 runs the
/// library's `hvp`, see ``libraryDerivative(_:at:mode:)``).
func evaluate(_ problem: any BenchmarkProblem, mode: String, at x: [Double]) throws -> DerivativeResult {
    guard let driverMode = DifferentiationMode(rawValue: mode) else { return problem.handDerivative(at: x) }
    return try libraryDerivative(problem, at: x, mode: driverMode)
}

/// A prediction of one derivative call, to skip hopeless ones: the smaller of a rough
/// rule from the primal (forward ~ 3 primal costs per unchunked pass, reverse ~ 20 for
/// the recording plus 5 per sweep) and AutoDiff's cost model, when there is one (either
/// alone can overestimate: one slow primal call, or a probe run under load).
func predictedSeconds(_ problem: any BenchmarkProblem, mode: String, primal: Double, model: CostModel? = nil) -> Double {
    guard let driverMode = DifferentiationMode(rawValue: mode) else { return primal }
    let rough = primal * (3 * Double(problem.passes(for: driverMode)) + 20 + 5 * Double(problem.sweeps(for: driverMode)))
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

/// Whether a computed check sum agrees with PROBLEMS.md's value printed to 12 significant digits.
public func agreesWithReference(_ computed: Double, _ expected: Double) -> Bool {
    abs(computed - expected) <= 1e-9 * abs(expected) + 1e-12
}
