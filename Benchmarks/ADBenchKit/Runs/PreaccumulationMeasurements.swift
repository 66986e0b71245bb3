// `adbench problems` rows for P1 and P3 written with Rosenbrock's term marked
// preaccumulated (`PreaccumulatedRosenbrock`): the reverse gradient, its replay, and the
// Hessian-vector product forward over reverse, each checked against the hand-coded
// derivative, with the tape's entries and bytes (bytes per term in the notes).
import AutoDiff

/// Labels of the preaccumulated rows.
enum PreaccumulatedLabel {
    static let gradient = "gradient reverse (preaccumulated term)"
    static let replay = "gradient replayed (preaccumulated term)"
    static let hvp = "hvp forward over reverse (preaccumulated term)"
}

/// P1's preaccumulated rows: the reverse gradient and its replay.
/// - Throws: ``DifferentiationError`` from the checking calls.
func preaccumulatedGradientMeasurements(_ p: P1Rosenbrock, sink: BlackHole) throws -> [ExtraMeasurement] {
    let f = PreaccumulatedRosenbrock(n: p.point.count), x = p.point
    let computed = DerivativeResult(vector: try gradient(of: f, at: x))
    let hand = p.handDerivative(at: x)
    let tape = TapeSize.recording(of: f, at: x)
    let recorded = try RecordedFunction(f, at: x)
    let nearby = x.map { $0 + 1e-7 }
    _ = try recorded.gradient(at: nearby)
    let replayed = DerivativeResult(vector: try recorded.gradient(at: x))
    var atNearby = true
    return [
        ExtraMeasurement(
            PreaccumulatedLabel.gradient, hand: "hand gradient",
            body: { sink.consume(try gradient(of: f, at: x)) }
        ) { row in
            row.setCheck(computed, against: hand, reference: p.reference?.derivativeSum)
            row.mode = "reverse"
            row.setTape(tape, sweeps: 1)
        },
        ExtraMeasurement(
            PreaccumulatedLabel.replay, hand: "hand gradient",
            body: {
                sink.consume(try recorded.gradient(at: atNearby ? nearby : x))
                atNearby.toggle()
            }
        ) { row in
            row.setCheck(replayed, against: hand, reference: p.reference?.derivativeSum)
            row.setTape(TapeSize(entries: recorded.entryCount, bytes: recorded.byteCount), sweeps: 1)
            if recorded.recordings > 1 { row.wrong = true }
        }
    ]
}

/// P3's preaccumulated row: the Hessian-vector product forward over reverse, each term
/// one entry on the tape of `Dual` values (its partials from one `Dual<MultiDual>` pass).
/// - Throws: ``DifferentiationError`` from the checking call.
func preaccumulatedHVPMeasurements(_ p: P3HessianVector, sink: BlackHole) throws -> [ExtraMeasurement] {
    let f = PreaccumulatedRosenbrock(n: p.point.count), x = p.point, v = p.direction
    let computed = DerivativeResult(vector: try hvp(of: f, at: x, direction: v))
    let hand = DerivativeResult(vector: P3HessianVector.handHessianVector(x, v))
    let tape = Tape<Dual<Double>>(reservingCapacity: 16 * x.count + 1024)
    let size = withExtendedLifetime(tape) {
        _ = f(x.indices.map { tape.variable(Dual(x[$0], tangent: v[$0])) })
        return TapeSize(entries: tape.count, bytes: tape.byteCount)
    }
    return [
        ExtraMeasurement(
            PreaccumulatedLabel.hvp, hand: HVPLabel.hand,
            body: { sink.consume(try hvp(of: f, at: x, direction: v)) }
        ) { row in
            row.setCheck(computed, against: hand, reference: p.reference?.derivativeSum)
            row.setTape(size, sweeps: 1)
        }
    ]
}

/// Per problem with a preaccumulated row: its ratio to the primal against the target
/// (P1 gradient ≤ 15x, P3 HVP ≤ 20x, both set for n ≥ 10⁴; below it the recording's fixed
/// cost weighs in and the ratio is reported without a verdict), the plain row's ratio, and
/// bytes per term.
func preaccumulationNotes(_ rows: [MeasuredRow]) -> [String] {
    rows.compactMap { row in
        let target: Double, plain: String
        switch row.derivative {
        case PreaccumulatedLabel.gradient: (target, plain) = (15, "gradient reverse")
        case PreaccumulatedLabel.hvp: (target, plain) = (20, HVPLabel.library(.forwardOverReverse))
        default: return nil
        }
        let ratio = row.ratioToPrimal
        let before = rows.first { $0.problem == row.problem && $0.derivative == plain }.map { formatRatio($0.ratioToPrimal) } ?? "?"
        let perTerm =
            row.tapeBytes.map {
                " (tape \(String(format: "%.1f", Double($0) / Double(Swift.max(row.n - 1, 1)))) B per term: "
                    + "the term's entry, the sum's add and one input)"
            } ?? ""
        let verdict =
            row.n >= 10_000
            ? "(target: ≤ \(Int(target))x): \(ratio <= target ? "met" : "NOT met")"
            : "(the ≤ \(Int(target))x target is set for n ≥ 10^4)"
        return "\(row.problem): \(row.derivative) \(formatRatio(ratio)) the primal, plain \(before)\(perTerm) \(verdict)"
    }
}
