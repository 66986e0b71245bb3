// `adbench problems`: P1-P6 at PROBLEMS.md's sizes; for each derivative its time, its
// ratio to the plain-Double primal and to the hand-coded derivative, its check value
// against the reference, and the recording's size and cost per operation.
import AutoDiff

/// Result of the problems run.
public struct ProblemsResult: Sendable {
    /// One row per timed body.
    public var rows: [MeasuredRow]
    /// Skipped measurements, the P3/P5 legends and the targets, met or not.
    public var notes: [String]
}

/// The sizes `problems` runs for each problem: PROBLEMS.md's (P2: the six cells with
/// reference values), without those above `maxSize` inputs.
public func problemSizes(_ id: ProblemID, maxSize: Int?) -> [(n: Int, m: Int?)] {
    let sizes: [(n: Int, m: Int?)] =
        id == .chain
        ? [(1, 1), (8, 8), (64, 64), (512, 512), (512, 1), (1, 512)]
        : id.defaultInputs.map { ($0, nil) }
    return sizes.filter { $0.n <= (maxSize ?? .max) || id == .mlp }
}

/// Runs the problems: each size's bodies are timed interleaved. P3 adds the library's
/// Hessian-vector products in every mode, vᵀHv, and the dense Hessian of a 100-input
/// Rosenbrock against 100 separate products; P5 adds its sparse Jacobians by colouring.
/// The notes end with the targets, met or not.
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
    result.notes +=
        jvpTargetNotes(result.rows) + replayNotes(result.rows) + coresNotes(result.rows) + hvpTargetNotes(result.rows)
        + sparseTargetNotes(result.rows)
        + arrayLevelNotes(result.rows) + checkpointNotes(result.rows) + preaccumulationNotes(result.rows)
    return result
}

/// A derivative with more entries than this (32 MB) is not timed densely by `problems`.
let maximumDenseEntries = 4_000_000

/// The inputs of the Rosenbrock whose dense Hessian `problems` times against as many
/// separate Hessian-vector products.
let hessianCostInputs = 100

/// The derivatives timed for a problem: (row label, mode or nil for hand-coded).
func derivativePlan(_ problem: any BenchmarkProblem) -> [(String, DifferentiationMode?)] {
    let n = problem.inputCount
    switch problem.derivativeKind {
    case .gradient:
        return [("gradient reverse", .reverse)] + (n <= 1000 ? [("gradient forward", .forward)] : []) + [("hand gradient", nil)]
    case .jacobian:
        return [("jacobian forward", .forward), ("jacobian reverse", .reverse), ("jacobian auto", .auto), ("hand jacobian", nil)]
    case .hessianVector: // the library's hvp modes are extra measurements (HVPMeasurements.swift)
        return [(HVPLabel.hand, nil)]
    }
}

/// Times one problem at one size and appends its rows.
func measureProblem(_ problem: any BenchmarkProblem, sampling: SamplingOptions, into result: inout ProblemsResult) throws {
    let x = problem.point
    let sampler = Sampler(options: sampling)
    let sink = sampler.sink
    let extras = try problem.extraMeasurements(sink: sink)
    let size = (name: problem.name, n: problem.inputCount, m: problem.outputCount)
    let value = problem.primal(x)
    func primalRows(_ samples: [Sample]) -> [MeasuredRow] {
        ["primal", "hand primal"].enumerated().map { k, label in
            var row = MeasuredRow(
                problem: size.name, n: size.n, m: size.m, derivative: label, seconds: samples[k].median,
                minSeconds: samples[k].min, primalSeconds: samples[0].median, samples: samples[k].samples)
            if k == 0 { row.setCheck(value, reference: problem.reference?.value) }
            return row
        }
    }
    if problem.denseEntries > maximumDenseEntries {
        let megabytes = formatSignificant(Double(problem.denseEntries) * 8 / 1e6)
        result.notes.append(
            "\(problem.name): dense \(problem.derivativeKind.rawValue) of \(problem.denseEntries) entries (\(megabytes) MB each copy) skipped; "
                + (extras.isEmpty ? "only the primals are timed" : "only the primals and the sparse rows are timed"))
        let samples = try sampler.measure(
            interleaving: [{ sink.consume(problem.primal(x)) }, { sink.consume(problem.handPrimal(x)) }]
                + extras.map(\.body))
        result.rows += primalRows(samples)
        result.rows += extraRows(
            problem: size, extras, samples: samples[2...], primal: samples[0].median,
            earlier: [("primal", samples[0].median), ("hand primal", samples[1].median)])
        return
    }
    let model = try problem.costModel()
    let hand = problem.handDerivative(at: x)
    let primalOnce = fastestCall(3) { sink.consume(problem.primal(x)) }

    // The standard derivatives: (label, mode or nil for hand-coded, the untimed result).
    var derivatives: [(label: String, mode: DifferentiationMode?, result: DerivativeResult)] = []
    for (label, mode) in derivativePlan(problem) {
        guard let mode else {
            derivatives.append((label, nil, hand))
            continue
        }
        let predicted = predictedSeconds(problem, mode: mode.rawValue, primal: primalOnce, model: model)
        if predicted > 2 {
            result.notes.append("\(problem.name): skipped \(label), one call would take about \(formatSeconds(predicted))")
            continue
        }
        derivatives.append(
            (
                mode == .auto ? "\(label) (picked \(problem.autoPick(model: model)))" : label, mode,
                try problem.derivative(at: x, mode: mode)
            ))
    }
    let recordsTape = derivatives.contains { $0.mode.map { problem.work($0, model: model).sweeps > 0 } ?? false }
    var bodies: [() throws -> Void] = [{ sink.consume(problem.primal(x)) }, { sink.consume(problem.handPrimal(x)) }]
    for (_, mode, _) in derivatives {
        if let mode {
            bodies.append { sink.consume(try problem.derivative(at: x, mode: mode)) }
        } else {
            bodies.append { sink.consume(problem.handDerivative(at: x)) }
        }
    }
    if recordsTape { bodies.append { sink.consume(problem.tapeEntries(at: x)) } }
    let samples = try sampler.measure(interleaving: bodies + extras.map(\.body))
    let primal = samples[0].median
    let handSeconds = derivatives.firstIndex { $0.mode == nil }.map { samples[$0 + 2].median }
    let tape = recordsTape ? problem.tapeSize(at: x) : TapeSize(entries: 0, bytes: 0)
    result.rows += primalRows(samples)
    for (k, derivative) in derivatives.enumerated() {
        let sample = samples[k + 2]
        var row = MeasuredRow(
            problem: size.name, n: size.n, m: size.m, derivative: derivative.label,
            mode: derivative.mode?.rawValue ?? "hand", seconds: sample.median, minSeconds: sample.min,
            primalSeconds: primal, samples: sample.samples)
        row.ratioToHand = handSeconds.map { sample.median / $0 }
        row.setCheck(derivative.result, against: hand, reference: problem.reference?.derivativeSum)
        if let mode = derivative.mode {
            let work = problem.work(mode, model: model)
            (row.passes, row.sweeps) = (work.passes, work.sweeps)
            row.predictedSeconds = model?.predictedSeconds(mode)
            if mode == .auto { row.picked = problem.autoPick(model: model) }
            // Per entry visited: a gradient records and sweeps each entry once; a Jacobian
            // of m rows sweeps each entry ⌈m/k⌉ times.
            if work.sweeps > 0 && tape.entries > 0 { row.setTape(tape, sweeps: work.sweeps) }
        }
        result.rows.append(row)
    }
    var labels = ["primal", "hand primal"] + derivatives.map(\.label)
    if recordsTape {
        let sample = samples[labels.count]
        var row = MeasuredRow(
            problem: size.name, n: size.n, m: size.m, derivative: "record only", seconds: sample.median,
            minSeconds: sample.min, primalSeconds: primal, samples: sample.samples)
        if tape.entries > 0 { row.setTape(tape, sweeps: 0) }
        result.rows.append(row)
        labels.append("record only")
    }
    result.rows += extraRows(
        problem: size, extras, samples: samples[labels.count...], primal: primal,
        earlier: labels.indices.map { (labels[$0], samples[$0].median) })
}

/// The problems table: one line per row, the problem named on its first line only.
/// - Complexity: O(rows).
public func problemsTable(_ rows: [MeasuredRow]) -> TextTable {
    var table = TextTable(headers: [
        "problem", "derivative", "time", "x primal", "x hand", "check", "reference",
        "max error", "tape", "B/entry", "ns/op"
    ])
    var previous = ""
    for row in rows {
        table.rows.append([
            row.problem == previous ? "" : row.problem, row.derivative, formatSeconds(row.seconds), formatRatio(row.ratioToPrimal),
            row.ratioToHand.map(formatRatio) ?? "", row.check.map(formatCheck) ?? "", row.reference.map(formatCheck) ?? "",
            (row.maxAbsError.map(formatError) ?? "") + (row.wrong ? " WRONG" : ""),
            row.tapeEntries.map(String.init) ?? "", row.bytesPerEntry.map { String(format: "%.1f", $0) } ?? "",
            row.nsPerOperation.map { formatSignificant($0) } ?? ""
        ])
        previous = row.problem
    }
    return table
}
