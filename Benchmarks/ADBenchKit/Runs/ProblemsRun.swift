// `adbench problems`: P1-P5 at PROBLEMS.md's sizes; for each derivative its time, its
// ratio to the plain-Double primal and to the hand-coded derivative, its check value
// against the reference, and the recording's size and cost per operation.
import AutoDiff

/// One line of `adbench problems`: one way of computing one problem at one size.
public struct ProblemRow: Codable, Sendable, Equatable {
    /// "P1 rosenbrock n=1000".
    public var problem: String
    /// "primal", "hand primal", "gradient reverse", "jacobian forward", "hand", ...
    public var derivative: String
    /// Median seconds per call.
    public var seconds: Double
    /// Fastest sample.
    public var minSeconds: Double
    /// `seconds` / the generic primal on `Double`.
    public var ratioToPrimal: Double
    /// `seconds` / the hand-coded derivative (nil for primal rows).
    public var ratioToHand: Double?
    /// The check value computed (sum of the derivative's entries, or f for primal rows).
    public var check: Double?
    /// PROBLEMS.md's value, where it lists one.
    public var reference: Double?
    /// Largest |entry − hand-coded entry|.
    public var maxAbsError: Double?
    /// Entries of one recording (reverse rows).
    public var tapeEntries: Int?
    /// Bytes per entry (reverse rows).
    public var bytesPerEntry: Double?
    /// Nanoseconds per recorded operation: record + sweep for a gradient row (per entry
    /// and sweep for a Jacobian row of m sweeps), record alone for the "record only" row.
    public var nsPerOperation: Double?
    /// Whether the check failed.
    public var wrong: Bool
}

/// Result of the problems run.
public struct ProblemsResult: Sendable {
    /// One row per timed body.
    public var rows: [ProblemRow]
    /// Skipped measurements, the P3/P5 legends and issue 7's targets (met or not).
    public var notes: [String]
}

/// The sizes `problems` runs for each problem: PROBLEMS.md's (P2: the six cells with
/// reference values), without those above `maxSize` inputs.
public func problemSizes(_ id: ProblemID, maxSize: Int?) -> [(n: Int, m: Int?)] {
    let sizes: [(n: Int, m: Int?)] = id == .chain
        ? [(1, 1), (8, 8), (64, 64), (512, 512), (512, 1), (1, 512)]
        : id.defaultInputs.map { ($0, nil) }
    return sizes.filter { $0.n <= (maxSize ?? .max) || id == .mlp }
}

/// Runs the problems: each size's bodies are timed interleaved. P3 adds the library's
/// Hessian-vector products in every mode, vᵀHv, and the dense Hessian of a 100-input
/// Rosenbrock against 100 separate products; P5 adds its sparse Jacobians by colouring.
/// The notes end with issue 7's targets, met or not.
/// - Throws: ``ProblemError`` or a driver's ``DifferentiationError``.
/// - Complexity: about (bodies × `minTime`) per size; ~25-60 s in release for all five.
public func runProblems(_ options: ProblemsOptions, progress: (Int, String) -> Void = { _, _ in }) throws -> ProblemsResult {
    let plan = options.problems.compactMap(ProblemID.init(rawValue:)).flatMap { id in
        problemSizes(id, maxSize: options.maxSize).map { (id, $0) }
    }
    var result = ProblemsResult(rows: [], notes: [])
    // The dense Hessian's cost goes right after P3's last size (or at the end if every P3 size is above --max-size).
    var hessianPending = options.problems.contains(ProblemID.hvp.rawValue) && hessianCostInputs <= (options.maxSize ?? .max)
    let lastHVP = plan.lastIndex { $0.0 == .hvp } ?? plan.count - 1
    for (k, (id, size)) in plan.enumerated() {
        let problem = try id.make(inputs: size.n, outputs: size.m)
        progress(k + 1, problem.name)
        try measureProblem(problem, sampling: options.sampling, into: &result)
        if hessianPending && k >= lastHVP {
            result.rows += try measureHessianCost(n: hessianCostInputs, sampler: Sampler(options: options.sampling))
            hessianPending = false
        }
    }
    if hessianPending {
        result.rows += try measureHessianCost(n: hessianCostInputs, sampler: Sampler(options: options.sampling))
    }
    result.notes += jvpTargetNotes(result.rows) + replayAndCoresNotes(result.rows) + hvpTargetNotes(result.rows) + sparseTargetNotes(result.rows)
    return result
}

/// A derivative with more entries than this (32 MB) is not timed densely by `problems`.
let maximumDenseEntries = 4_000_000

/// The inputs of the Rosenbrock whose dense Hessian `problems` times against as many
/// separate Hessian-vector products (issue 7's target).
let hessianCostInputs = 100

/// The derivatives timed for a problem: (row label, mode or nil for hand-coded).
func derivativePlan(_ problem: any BenchmarkProblem) -> [(String, DifferentiationMode?)] {
    let n = problem.inputCount
    switch problem.derivativeKind {
    case .gradient:
        return [("gradient reverse", .reverse)] + (n <= 1000 ? [("gradient forward", .forward)] : []) + [("hand gradient", nil)]
    case .jacobian:
        return [("jacobian forward", .forward), ("jacobian reverse", .reverse), ("jacobian auto", .auto), ("hand jacobian", nil)]
    case .hessianVector:  // the library's hvp modes are extra measurements (HVPMeasurements.swift)
        return [(HVPLabel.hand, nil)]
    }
}

/// Times one problem at one size and appends its rows.
func measureProblem(_ problem: any BenchmarkProblem, sampling: SamplingOptions, into result: inout ProblemsResult) throws {
    let x = problem.point
    let sampler = Sampler(options: sampling)
    let sink = sampler.sink
    let extras = try extraMeasurements(for: problem, sink: sink)
    let entriesOfResult = problem.derivativeKind == .jacobian ? problem.inputCount * problem.outputCount : problem.inputCount
    if entriesOfResult > maximumDenseEntries {
        let megabytes = formatSignificant(Double(entriesOfResult) * 8 / 1e6)
        result.notes.append("\(problem.name): dense \(problem.derivativeKind.rawValue) of \(entriesOfResult) entries (\(megabytes) MB each copy) skipped; "
            + (extras.isEmpty ? "only the primals are timed" : "only the primals and the sparse rows are timed"))
        let samples = try sampler.measure(interleaving: [{ sink.consume(problem.primal(x)) }, { sink.consume(problem.handPrimal(x)) }]
            + extras.map(\.body))
        let value = problem.primal(x)
        for (k, label) in ["primal", "hand primal"].enumerated() {
            var row = ProblemRow(problem: problem.name, derivative: label, seconds: samples[k].median, minSeconds: samples[k].min,
                                 ratioToPrimal: samples[k].median / samples[0].median, wrong: false)
            if k == 0 {
                row.check = value
                row.reference = problem.reference?.value
                row.wrong = row.reference.map { !agreesWithReference(value, $0) } ?? false
            }
            result.rows.append(row)
        }
        result.rows += extraRows(problem: problem.name, extras, samples: samples[2...], primal: samples[0].median,
                                 earlier: [("primal", samples[0].median), ("hand primal", samples[1].median)])
        return
    }
    let model = try problem.costModel()
    let hand = problem.handDerivative(at: x)
    let scale = hand.entries.reduce(0) { max($0, abs($1)) }
    let value = problem.primal(x)
    let primalOnce = fastestCall(3) { sink.consume(problem.primal(x)) }

    var labels = ["primal", "hand primal"]
    var bodies: [() throws -> Void] = [{ sink.consume(problem.primal(x)) }, { sink.consume(problem.handPrimal(x)) }]
    var checks: [DerivativeResult?] = [nil, nil]
    var modes: [DifferentiationMode?] = [nil, nil]
    for (label, mode) in derivativePlan(problem) {
        if let mode {
            let predicted = predictedSeconds(problem, mode: mode.rawValue, primal: primalOnce, model: model)
            if predicted > 2 {
                result.notes.append("\(problem.name): skipped \(label), one call would take about \(formatSeconds(predicted))")
                continue
            }
            checks.append(try problem.derivative(at: x, mode: mode))
            bodies.append { sink.consume(try problem.derivative(at: x, mode: mode)) }
        } else {
            checks.append(hand)
            bodies.append { sink.consume(problem.handDerivative(at: x)) }
        }
        labels.append(mode == .auto ? "\(label) (picked \(ModePlan(.auto, problem: problem, model: model).picked))" : label)
        modes.append(mode)
    }
    let recordsTape = modes.contains { $0.map { ModePlan($0, problem: problem, model: model).sweeps > 0 } ?? false }
    if recordsTape {
        labels.append("record only")
        bodies.append { sink.consume(problem.tapeEntries(at: x)) }
        checks.append(nil)
        modes.append(nil)
    }
    let samples = try sampler.measure(interleaving: bodies + extras.map(\.body))
    let primal = samples[0].median
    let handIndex = labels.firstIndex { $0.hasPrefix("hand ") && $0 != "hand primal" }
    let size = recordsTape ? problem.tapeSize(at: x) : TapeSize(entries: 0, bytes: 0)
    let entries = size.entries
    for (k, label) in labels.enumerated() {
        var row = ProblemRow(problem: problem.name, derivative: label, seconds: samples[k].median, minSeconds: samples[k].min,
                             ratioToPrimal: samples[k].median / primal, wrong: false)
        if let derivative = checks[k] {
            row.ratioToHand = handIndex.map { samples[k].median / samples[$0].median }
            row.check = derivative.sum
            row.reference = problem.reference?.derivativeSum
            row.maxAbsError = derivative.maxAbsDifference(from: hand)
            row.wrong = !(row.maxAbsError! <= derivativeTolerance(referenceScale: scale))
                || (row.reference.map { !agreesWithReference(row.check!, $0) } ?? false)
        } else if label == "primal" {
            row.check = value
            row.reference = problem.reference?.value
            row.wrong = row.reference.map { !agreesWithReference(value, $0) } ?? false
        }
        let sweeps = modes[k].map { ModePlan($0, problem: problem, model: model).sweeps } ?? 0
        if (sweeps > 0 || label == "record only") && entries > 0 {
            row.tapeEntries = entries
            row.bytesPerEntry = Double(size.bytes) / Double(entries)
            // Per entry visited: a gradient records and sweeps each entry once; a Jacobian
            // of m rows sweeps each entry m times.
            row.nsPerOperation = samples[k].median * 1e9 / Double(entries * max(sweeps, 1))
        }
        result.rows.append(row)
    }
    result.rows += extraRows(problem: problem.name, extras, samples: samples[labels.count...], primal: primal,
                             earlier: labels.indices.map { (labels[$0], samples[$0].median) })
}

/// The problems table: one line per row, the problem named on its first line only.
/// - Complexity: O(rows).
public func problemsTable(_ rows: [ProblemRow]) -> TextTable {
    var table = TextTable(headers: ["problem", "derivative", "time", "x primal", "x hand", "check", "reference",
                                    "max error", "tape", "B/entry", "ns/op"])
    var previous = ""
    for row in rows {
        table.rows.append([
            row.problem == previous ? "" : row.problem, row.derivative, formatSeconds(row.seconds), formatRatio(row.ratioToPrimal),
            row.ratioToHand.map(formatRatio) ?? "", row.check.map(formatCheck) ?? "", row.reference.map(formatCheck) ?? "",
            (row.maxAbsError.map(formatError) ?? "") + (row.wrong ? " WRONG" : ""),
            row.tapeEntries.map(String.init) ?? "", row.bytesPerEntry.map { String(format: "%.1f", $0) } ?? "",
            row.nsPerOperation.map { formatSignificant($0) } ?? "",
        ])
        previous = row.problem
    }
    return table
}
