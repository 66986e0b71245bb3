// `adbench compare`: the problems differentiated by Swift's built-in `_Differentiation`
// (where ADBenchKit expresses them: P1 gradient, P2 row-wise Jacobian, P4 gradient) side
// by side with AutoDiff's modes and the hand-coded derivative, in one run.
import AutoDiff

/// The sizes `compare` runs: P1 up to n = 10^4 (the built-in pullback of an array loop is
/// O(n²)), P2's six reference cells, P4; P3 and P5 have no built-in version.
func compareSizes(_ id: ProblemID, maxSize: Int?) -> [(n: Int, m: Int?)] {
    let sizes = problemSizes(id, maxSize: maxSize)
    return id == .rosenbrock ? sizes.filter { $0.n <= 10_000 } : sizes
}

/// Runs the comparison: for each size, the primal, AutoDiff's reverse and auto
/// derivatives, `_Differentiation`'s and the hand-coded one, timed interleaved and each
/// checked against the hand-coded derivative.
/// - Throws: ``ProblemError`` or a driver's ``DifferentiationError``.
/// - Complexity: about 5 × `minTime` seconds per size.
public func runCompare(_ options: ProblemsOptions, progress: (Int, String) -> Void = { _, _ in }) throws -> ProblemsResult {
    var result = ProblemsResult(rows: [], notes: [])
    guard builtinDifferentiationAvailable else {
        result.notes.append("skipped: this toolchain has no _Differentiation module")
        return result
    }
    let plan = options.problems.compactMap(ProblemID.init(rawValue:)).flatMap { id in
        compareSizes(id, maxSize: options.maxSize).map { (id, $0) }
    }
    for (k, (id, size)) in plan.enumerated() {
        let problem = try id.make(inputs: size.n, outputs: size.m)
        guard let builtin = builtinDerivative(of: problem) else {
            result.notes.append("\(problem.name): not expressed with _Differentiation here (skipped)")
            continue
        }
        progress(k + 1, problem.name)
        let x = problem.point
        let model = try problem.costModel()
        let sampler = Sampler(options: options.sampling)
        let sink = sampler.sink
        let hand = problem.handDerivative(at: x)
        let picked = problem.autoPick(model: model)
        let entries: [(String, () throws -> DerivativeResult)] = [
            ("AutoDiff reverse", { try problem.derivative(at: x, mode: .reverse) }),
            ("AutoDiff auto (picked \(picked))", { try problem.derivative(at: x, mode: .auto) }),
            ("_Differentiation", { builtin(x) }),
            ("hand", { problem.handDerivative(at: x) })
        ]
        let checks = try entries.map { try $0.1() }
        let samples = try sampler.measure(
            interleaving: [{ sink.consume(problem.primal(x)) }]
                + entries.map { entry in { sink.consume(try entry.1()) } })
        let primal = samples[0].median, handSeconds = samples[entries.count].median
        let size = (name: problem.name, n: problem.inputCount, m: problem.outputCount)
        result.rows.append(
            MeasuredRow(
                problem: size.name, n: size.n, m: size.m, derivative: "primal", seconds: primal,
                minSeconds: samples[0].min, primalSeconds: primal, samples: samples[0].samples))
        for (k, entry) in entries.enumerated() {
            let sample = samples[k + 1]
            var row = MeasuredRow(
                problem: size.name, n: size.n, m: size.m, derivative: entry.0, seconds: sample.median,
                minSeconds: sample.min, primalSeconds: primal, samples: sample.samples)
            row.ratioToHand = sample.median / handSeconds
            row.setCheck(checks[k], against: hand, reference: problem.reference?.derivativeSum)
            result.rows.append(row)
        }
    }
    for id in options.problems.compactMap(ProblemID.init(rawValue:)) where id == .hvp || id == .tridiag {
        if !result.notes.contains(where: { $0.hasPrefix(id.label) }) {
            result.notes.append("\(id.label) \(id.rawValue): not expressed with _Differentiation here (skipped)")
        }
    }
    return result
}
