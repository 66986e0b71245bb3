// One cell of a sweep at array level (`--level array`): the array primal and the array
// derivatives interleaved, each checked against the hand-coded derivative; ratios are to
// the array primal, predictions and `.auto`'s pick from the TensorCostModel.
import AutoDiff

/// Why a sweep could not run.
public enum SweepError: Error, Equatable, CustomStringConvertible {
    /// The problem has no array-level formulation.
    case noArrayForm(String)
    /// One line.
    public var description: String {
        switch self {
        case .noArrayForm(let name): "\(name) has no array-level formulation"
        }
    }
}

/// Measures one problem at one size at array level (see ``measureCell(_:modes:options:)``).
func measureArrayCell(_ problem: any BenchmarkProblem, _ form: ArrayForm, modes: [String], options: SweepOptions) throws -> SweepResult {
    let x = problem.point
    let reference = problem.handDerivative(at: x)
    let sampler = Sampler(options: options.sampling)
    let sink = sampler.sink
    let model = try form.model()
    var results: [String: DerivativeResult] = [:]
    for mode in modes { results[mode] = try DifferentiationMode(rawValue: mode).map(form.derivative) ?? reference }
    var bodies: [() throws -> Void] = [{ sink.consume(form.primal()) }]
    for mode in modes {
        if let driverMode = DifferentiationMode(rawValue: mode) {
            bodies.append { sink.consume(try form.derivative(driverMode)) }
        } else {
            bodies.append { sink.consume(problem.handDerivative(at: x)) }
        }
    }
    let samples = try sampler.measure(interleaving: bodies)
    let tape = form.tapeSize()
    let cells = modes.enumerated().map { k, mode in
        let sample = samples[k + 1]
        var cell = MeasuredRow(
            problem: problem.name, n: problem.inputCount, m: problem.outputCount, derivative: mode,
            mode: mode, seconds: sample.median, minSeconds: sample.min, primalSeconds: samples[0].median,
            samples: sample.samples)
        cell.setCheck(results[mode]!, against: reference, reference: problem.reference?.derivativeSum)
        if let driverMode = DifferentiationMode(rawValue: mode), let model {
            let resolved = driverMode == .auto ? model.choice : driverMode
            cell.passes = resolved == .forward ? (model.inputs + model.forwardBatch - 1) / model.forwardBatch : 0
            cell.sweeps = resolved == .reverse ? (model.outputs + model.reverseBatch - 1) / model.reverseBatch : 0
            cell.predictedSeconds = model.predictedSeconds(driverMode)
            if driverMode == .auto { cell.picked = model.choice.rawValue }
            if resolved == .reverse { cell.setTape(tape, sweeps: nil) }
        }
        return cell
    }
    return SweepResult(cells: cells, notes: [])
}
