// `adbench problems` rows of the array level: the same problem written over ADTensor
// (ArrayFormulations.swift), timed in the same interleaving as the scalar rows, divided by
// the same plain-Double primal, checked against the same hand-coded derivative, with the
// array tape's entries and bytes.
import AutoDiff

/// The array tape of one reverse recording of `f` at `x`: entries and bytes.
func arrayTapeSize<F: TensorFunction>(of f: F, at x: [Tensor]) -> TapeSize {
    let tape = TensorTape<Tensor>()
    _ = f(x.map { tape.variable($0) })
    return TapeSize(entries: tape.count, bytes: tape.byteCount)
}

/// The label prefix of the array level's rows.
enum ArrayLabel {
    static func row(_ what: String) -> String { "array \(what)" }
}

/// Rows for an array formulation whose derivative is a gradient (P1, P4): the array
/// primal, and the reverse gradient checked against the hand gradient.
func arrayGradientMeasurements<P: BenchmarkProblem, F: TensorFunction>(
    _ problem: P, _ f: F, _ inputs: [Tensor], label: String = "gradient reverse", sink: BlackHole
) throws -> [ExtraMeasurement] {
    let computed = DerivativeResult(vector: try gradient(of: f, at: inputs).flatMap(\.scalars))
    let hand = problem.handDerivative(at: problem.point)
    let tape = arrayTapeSize(of: f, at: inputs)
    return [
        ExtraMeasurement(ArrayLabel.row("primal"), body: { sink.consume(f(inputs).scalars[0]) }),
        ExtraMeasurement(
            ArrayLabel.row(label), hand: "hand gradient",
            body: { sink.consume(try gradient(of: f, at: inputs)[0].scalars[0]) }
        ) { row in
            row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
            row.mode = "reverse"
            row.setTape(tape, sweeps: nil)
        }
    ]
}

/// Rows for an array formulation whose derivative is a Jacobian (P2, P5): the array
/// primal and the forward, reverse and auto Jacobians, each checked against the hand one.
func arrayJacobianMeasurements<P: BenchmarkProblem, F: TensorFunction>(
    _ problem: P, _ f: F, _ inputs: [Tensor], sink: BlackHole
) throws -> [ExtraMeasurement] {
    let hand = problem.handDerivative(at: problem.point)
    let tape = arrayTapeSize(of: f, at: inputs)
    var rows = [ExtraMeasurement(ArrayLabel.row("primal"), body: { sink.consume(f(inputs).scalars[0]) })]
    for mode in [DifferentiationMode.forward, .reverse, .auto] {
        let computed = DerivativeResult(try jacobian(of: f, at: inputs, mode: mode))
        let picked = mode == .auto ? try TensorCostModel.calibrated(for: f, at: inputs).choice.rawValue : nil
        rows.append(
            ExtraMeasurement(
                ArrayLabel.row("jacobian \(mode)"), hand: "hand jacobian",
                body: { sink.consume(try jacobian(of: f, at: inputs, mode: mode).elements[0]) }
            ) { row in
                row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
                row.mode = mode.rawValue
                row.picked = picked
                if mode != .forward { row.setTape(tape, sweeps: nil) }
            })
    }
    return rows
}

/// P3's row: the Hessian-vector product of the array Rosenbrock, forward over reverse.
func arrayHVPMeasurements(_ problem: P3HessianVector, sink: BlackHole) throws -> [ExtraMeasurement] {
    let x = [Tensor(problem.point)], v = [Tensor(problem.direction)]
    let f = ArrayRosenbrock()
    let computed = DerivativeResult(vector: try hvp(of: f, at: x, direction: v)[0].scalars)
    let hand = problem.handDerivative(at: problem.point)
    let tape = arrayTapeSize(of: f, at: x)
    return [
        ExtraMeasurement(ArrayLabel.row("primal"), body: { sink.consume(f(x).scalars[0]) }),
        ExtraMeasurement(
            ArrayLabel.row("hvp forward over reverse"), hand: HVPLabel.hand,
            body: { sink.consume(try hvp(of: f, at: x, direction: v)[0].scalars[0]) }
        ) { row in
            row.setCheck(computed, against: hand, reference: problem.reference?.derivativeSum)
            row.setTape(tape, sweeps: nil)
        }
    ]
}

/// Per problem, the array level against its own primal and against the scalar level's
/// fastest mode for the same derivative: "P4: array gradient reverse 2.9x the array
/// primal; 150x faster than the scalar level's best".
func arrayLevelNotes(_ rows: [MeasuredRow]) -> [String] {
    rows.problems.compactMap { problem in
        let group = rows.filter { $0.problem == problem }
        guard let primal = group.first(where: { $0.derivative == ArrayLabel.row("primal") })?.seconds else { return nil }
        let array = group.filter { $0.derivative.hasPrefix("array ") && $0.derivative != ArrayLabel.row("primal") }
        guard let best = array.min(by: { $0.seconds < $1.seconds }) else { return nil }
        let scalar = group.filter {
            ["gradient reverse", "gradient forward", "jacobian forward", "jacobian reverse"].contains($0.derivative)
                || $0.derivative.hasPrefix("hvp ")
        }
        var note = "\(problem): \(best.derivative) \(formatRatio(best.seconds / primal)) the array primal"
        if let fastest = scalar.min(by: { $0.seconds < $1.seconds }) {
            note += "; the scalar level's best (\(fastest.derivative)) takes \(formatRatio(fastest.seconds / best.seconds)) as long"
        }
        return note
    }
}
