// `adbench problems` row for forward mode's cost: P1's Jacobian-vector product
// J·v (here ∇f·v, one forward pass on `Dual`), timed against the primal of the same
// generic code and checked against the hand-coded gradient dotted with v.
import AutoDiff

/// The label of P1's forward-mode row and the note of its target.
enum JVPLabel {
    /// P1's J·v row.
    static let row = "jvp forward (one pass)"
    /// The bound on that row's ratio to the primal: one pass costs at most three primals.
    static let target = 3.0
}

/// P1's `jvp(of:at:direction:)` along v = uniform(5) (P3's direction): one pass on
/// `Dual<Double>`, whatever n. The check is ∇f·v from the hand-coded gradient.
/// - Throws: ``DifferentiationError`` from the untimed checking call.
/// - Complexity: one checking call and one hand gradient (O(n)) outside the timing.
func jvpMeasurement(_ problem: P1Rosenbrock, sink: BlackHole) throws -> [ExtraMeasurement] {
    let x = problem.point, f = problem.function
    let v = LCG.vector(seed: 5, count: x.count)
    let computed = try jvp(of: f, at: x, direction: v).tangent
    let hand = zip(P1Rosenbrock.handGradient(x), v).reduce(0) { $0 + $1.0 * $1.1 }
    return [
        ExtraMeasurement(
            JVPLabel.row, hand: "hand gradient",
            body: { sink.consume(try jvp(of: f, at: x, direction: v).tangent) }
        ) { row in
            row.setCheck(
                computed, reference: nil, maxAbsError: abs(computed - hand),
                tolerance: derivativeTolerance(referenceScale: abs(hand)))
        }
    ]
}

/// Forward mode's target from the measured rows: each P1 J·v against 3x the primal.
func jvpTargetNotes(_ rows: [MeasuredRow]) -> [String] {
    rows.filter { $0.derivative == JVPLabel.row }.map { row in
        "\(row.problem): jvp forward \(formatRatio(row.ratioToPrimal)) the primal "
            + "(target: at most \(formatRatio(JVPLabel.target))): \(row.ratioToPrimal <= JVPLabel.target ? "met" : "NOT met")"
    }
}
