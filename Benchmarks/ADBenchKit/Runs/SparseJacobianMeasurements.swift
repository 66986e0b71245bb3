// P5 in `adbench problems`: the tridiagonal Jacobian by colouring, next to the dense
// modes: `sparseJacobian(of:at:mode:)` with pattern detection and colouring in every call
// ("detection included") and `sparseJacobian(of:at:plan:)` with one reused
// `SparseJacobianPlan`, forward (colours as MultiDual lanes) and reverse (one recording, colours
// as sweep lanes), each checked against the hand-coded bands and PROBLEMS.md's sum.
import AutoDiff

/// Labels of P5's sparse rows.
enum SparseLabel {
    static let hand = "hand bands"
    static func detected(_ mode: DifferentiationMode, colors: Int) -> String { "sparse \(mode) + detection (\(colors) colours)" }
    static func reused(_ mode: DifferentiationMode, colors: Int) -> String { "sparse \(mode), plan reused (\(colors) colours)" }
    /// What the sparse rows run, one line for the notes.
    static let legend =
        "P5 sparse rows: forward = the colours as the lanes of one MultiDual pass (up to 8), reverse = one recording, the colours as the adjoint lanes of one sweep (up to 8); "
        + "'+ detection' = sparseJacobian(of:at:mode:), pattern detection (index-set tracing) and colouring in every call; "
        + "'plan reused' = sparseJacobian(of:at:plan:) with one SparseJacobianPlan; x hand = / the hand-coded bands"
}

/// The largest |entry − hand-coded entry| of a computed tridiagonal Jacobian, +infinity
/// when its pattern is not exactly the n × n tridiagonal one (3n − 2 entries, all in the bands).
/// - Complexity: O(n).
func bandError(_ j: SparseMatrix<Double>, _ bands: (sub: [Double], diagonal: [Double], super: [Double])) -> Double {
    let n = bands.diagonal.count
    guard j.rows == n, j.columns == n, j.pattern.nonzeroCount == max(3 * n - 2, 0) else { return .infinity }
    var worst = 0.0
    for i in 0..<n {
        for k in j.pattern.rowStart[i]..<j.pattern.rowStart[i + 1] {
            let c = j.pattern.columnIndex[k]
            let expected: Double
            switch c - i {
            case 0: expected = bands.diagonal[i]
            case 1: expected = bands.super[i]
            case -1: expected = bands.sub[c]
            default: return .infinity
            }
            let d = abs(j.values[k] - expected)
            if d.isNaN { return .nan }
            worst = max(worst, d)
        }
    }
    return worst
}

/// P5's extra rows: the sparse Jacobian forward and reverse, detection included and
/// with a reused plan, and the hand-coded bands they are timed against.
/// - Throws: a driver's ``DifferentiationError`` from the checking calls.
/// - Complexity: one detection, colouring and evaluation per mode, one recording.
func sparseJacobianMeasurements(_ p: P5Tridiagonal, sink: BlackHole) throws -> [ExtraMeasurement] {
    let f = p.function, x = p.point
    let bands = P5Tridiagonal.handBands(x)
    let tolerance = derivativeTolerance(referenceScale: bands.diagonal.reduce(1) { max($0, abs($1)) })
    let reference = p.reference?.derivativeSum
    let size = p.tapeSize(at: x)
    var extras: [ExtraMeasurement] = []
    for mode in [DifferentiationMode.forward, .reverse] {
        let plan = try SparseJacobianPlan(of: f, at: x, mode: mode)
        let computed = [try sparseJacobian(of: f, at: x, mode: mode), try sparseJacobian(of: f, at: x, plan: plan)]
        let bodies: [() throws -> Void] = [
            { sink.consume(try sparseJacobian(of: f, at: x, mode: mode)) },
            { sink.consume(try sparseJacobian(of: f, at: x, plan: plan)) }
        ]
        let labels = [SparseLabel.detected(mode, colors: plan.colorCount), SparseLabel.reused(mode, colors: plan.colorCount)]
        for k in 0..<2 {
            let error = bandError(computed[k], bands), sum = computed[k].values.reduce(0, +)
            let reused = k == 1, work = DerivativeWork.sparseJacobian(mode, colors: plan.colorCount)
            extras.append(
                ExtraMeasurement(labels[k], hand: SparseLabel.hand, body: bodies[k]) { row in
                    row.setCheck(sum, reference: reference, maxAbsError: error, tolerance: tolerance)
                    // ns/op only where the time is recording and sweeps (not the traced detection).
                    if mode == .reverse { row.setTape(size, sweeps: reused ? work.sweeps : nil) }
                    (row.passes, row.sweeps) = (work.passes, work.sweeps)
                })
        }
    }
    var handSum = 0.0 // row by row, in the order of the sparse matrices' values
    for i in bands.diagonal.indices {
        if i > 0 { handSum += bands.sub[i - 1] }
        handSum += bands.diagonal[i]
        if i + 1 < bands.diagonal.count { handSum += bands.super[i] }
    }
    extras.append(
        ExtraMeasurement(SparseLabel.hand, body: { sink.consume(P5Tridiagonal.handBands(x)) }) { row in
            row.setCheck(handSum, reference: reference, maxAbsError: 0, tolerance: tolerance)
        })
    return extras
}

/// P5's targets at its largest size, from the measured rows: the sparse
/// Jacobian (the faster mode) at most 25× the primal with detection included, at most
/// 8× with the plan reused, 3 colours.
func sparseTargetNotes(_ rows: [MeasuredRow]) -> [String] {
    let sparse = rows.filter { $0.problem.hasPrefix("P5") && $0.derivative.hasPrefix("sparse ") }
    guard let problem = sparse.last?.problem else { return [] }
    let group = sparse.filter { $0.problem == problem }
    let detected = group.filter { $0.derivative.contains("+ detection") }.min { $0.ratioToPrimal < $1.ratioToPrimal }
    let reused = group.filter { $0.derivative.contains("plan reused") }.min { $0.ratioToPrimal < $1.ratioToPrimal }
    guard let detected, let reused else { return [SparseLabel.legend] }
    let colors = group.allSatisfy { $0.derivative.contains("(3 colours") }
    let mode = { (row: MeasuredRow) in row.derivative.hasPrefix("sparse reverse") ? "reverse" : "forward" }
    return [
        SparseLabel.legend,
        "\(problem): sparse Jacobian \(formatRatio(detected.ratioToPrimal)) the primal with detection included "
            + "(\(mode(detected)); at most 25x: \(detected.ratioToPrimal <= 25 ? "met" : "NOT met")), "
            + "\(formatRatio(reused.ratioToPrimal)) with the plan reused (\(mode(reused)); at most 8x: \(reused.ratioToPrimal <= 8 ? "met" : "NOT met")), "
            + "3 colours: \(colors ? "met" : "NOT met")"
    ]
}
