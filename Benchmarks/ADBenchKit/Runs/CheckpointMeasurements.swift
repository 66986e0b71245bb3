// P6 in `adbench problems`: store or recompute. The gradient of the oscillator's loop
// under checkpointing schedules (AutoDiff's `valueWithGradient(of:at:schedule:)`), next
// to the full tape ("gradient reverse") and the hand-coded adjoint; each row's tape is
// the largest recording the schedule held, and the notes set memory and time against the
// full tape's: the target is at most 1/20 of its memory in at most 3x its time.
import AutoDiff

/// Labels and targets of P6's checkpointed rows.
enum CheckpointLabel {
    /// The row of one schedule.
    static func row(_ schedule: CheckpointSchedule) -> String { "checkpointed \(schedule)" }
    /// The full-tape gradient's row (measured by the standard derivatives).
    static let fullTape = "gradient reverse"
    /// At most this fraction of the full tape's memory...
    static let memoryTarget = 1.0 / 20
    /// ...in at most this multiple of its time.
    static let timeTarget = 3.0
    /// What the rows are, one line for the notes.
    static let legend =
        "P6 checkpointed rows: valueWithGradient(of:at:schedule:), each step recorded once on one reused tape; "
        + "binomial(c) = Griewank's revolve with c snapshots (one step per recording), periodic(k) = a snapshot every k steps "
        + "(k steps per recording); tape = the largest recording held; x hand = / the hand-coded adjoint"
}

/// The schedules P6 is timed under for N steps: binomial with 16, 128 and 1024
/// snapshots (about 9, 4 and 3 plain evaluations per step at N = 10^6; one pass where
/// c ≥ N), and a snapshot every ⌈√N⌉ steps.
func checkpointSchedules(steps: Int) -> [CheckpointSchedule] {
    var root = 1
    while root * root < steps { root += 1 }
    return [.binomial(snapshots: 16), .binomial(snapshots: 128), .binomial(snapshots: 1024), .periodic(interval: root)]
}

/// P6's checkpointed rows, each checked (one untimed call) against the hand-coded
/// adjoint and PROBLEMS.md's sum; the row's tape is the schedule's peak.
/// - Throws: a driver's ``DifferentiationError`` from a checking call.
/// - Complexity: one checkpointed gradient per schedule and one hand-coded adjoint.
func checkpointMeasurements(_ p: P6Oscillator, sink: BlackHole) throws -> [ExtraMeasurement] {
    let f = p.function, x = p.point
    let hand = p.handDerivative(at: x)
    let reference = p.reference?.derivativeSum
    return try checkpointSchedules(steps: p.steps).map { schedule in
        let r = try valueWithGradient(of: f, at: x, schedule: schedule)
        return ExtraMeasurement(
            CheckpointLabel.row(schedule), hand: "hand gradient",
            body: { sink.consume(try valueWithGradient(of: f, at: x, schedule: schedule).gradient) }
        ) { row in
            row.setCheck(DerivativeResult(vector: r.gradient), against: hand, reference: reference)
            row.setTape(TapeSize(entries: r.statistics.peakTapeEntries, bytes: r.statistics.peakTapeBytes), sweeps: nil)
        }
    }
}

/// For each P6 size measured: the full tape's memory and time, then per schedule its
/// peak memory (tape and snapshots), plain step evaluations (the schedule's count, which
/// the tests hold equal to what the driver does) and time, against the target.
/// - Complexity: O(rows).
func checkpointNotes(_ rows: [MeasuredRow]) -> [String] {
    let sizes = rows.filter { $0.problem.hasPrefix(ProblemID.oscillator.label) }.map(\.problem)
    var notes: [String] = []
    for name in sizes where !notes.contains(where: { $0.hasPrefix(name + ":") }) {
        guard let steps = Int(name.split(separator: "=").last ?? ""),
            let full = rows.first(where: { $0.problem == name && $0.derivative == CheckpointLabel.fullTape }),
            let fullBytes = full.tapeBytes
        else { continue }
        var lines = ["\(name): full tape \(full.tapeEntries ?? 0) entries, \(formatBytes(fullBytes)), gradient \(formatSeconds(full.seconds))"]
        for schedule in checkpointSchedules(steps: steps) {
            guard let row = rows.first(where: { $0.problem == name && $0.derivative == CheckpointLabel.row(schedule) }),
                let tapeBytes = row.tapeBytes
            else { continue }
            let snapshots = schedule.snapshots(steps: steps)
            let bytes = tapeBytes + snapshots * 2 * MemoryLayout<Double>.stride
            let memory = Double(bytes) / Double(fullBytes), time = row.seconds / full.seconds
            let plain = schedule.recomputations(steps: steps)
            let met = memory <= CheckpointLabel.memoryTarget && time <= CheckpointLabel.timeTarget
            lines.append(
                "  \(schedule): tape \(formatBytes(tapeBytes)) + \(snapshots) snapshots \(formatBytes(snapshots * 16)) = "
                    + "1/\(formatSignificant(1 / memory)) of the full tape; \(plain) plain steps (\(formatSignificant(Double(plain) / Double(steps))) per step); "
                    + "\(formatRatio(time)) its time: \(met ? "met" : "NOT met")")
        }
        notes.append(lines.joined(separator: "\n"))
    }
    if !notes.isEmpty {
        notes.insert(CheckpointLabel.legend + "; target: at most 1/20 of the full tape's memory in at most 3x its time", at: 0)
    }
    return notes
}
