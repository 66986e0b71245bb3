/// What a checkpointed gradient did and held, counted while it ran.
///
/// Times are not here (measure them); these are the quantities a schedule trades:
/// plain step evaluations against snapshots kept and tape recorded at once.
public struct CheckpointStatistics: Sendable, Equatable, CustomStringConvertible {
    /// N, the steps of the loop.
    public var steps = 0
    /// Plain (unrecorded) step evaluations: the work added to a full-tape gradient's
    /// (``CheckpointSchedule/recomputations(steps:)`` predicts it).
    public var recomputedSteps = 0
    /// Steps evaluated on a tape: N for every schedule (each step is recorded once).
    public var recordedSteps = 0
    /// Recordings made and swept (one per tape: 1 for `.storeAll`, one per segment or step otherwise).
    public var recordings = 0
    /// The most states held at once, the initial one included.
    public var peakSnapshots = 0
    /// Their bytes: `peakSnapshots × stateCount × MemoryLayout<Value>.stride`.
    public var peakSnapshotBytes = 0
    /// The most entries on the tape alive at any time (the driver keeps one tape and
    /// re-records on it), read from the tape after each recording.
    public var peakTapeEntries = 0
    /// The most bytes of tape entries alive at any time (``Tape/byteCount`` of the tape
    /// after each recording, before its sweep).
    public var peakTapeBytes = 0

    /// Counts of a gradient that has not started.
    public init() {}

    /// "N = 1000: 2305 plain steps, 1000 recorded in 1000 recordings; at most 20 snapshots
    /// (320 B), 64 tape entries (1360 B)".
    public var description: String {
        "N = \(steps): \(recomputedSteps) plain steps, \(recordedSteps) recorded in \(recordings) recordings; "
            + "at most \(peakSnapshots) snapshots (\(peakSnapshotBytes) B), \(peakTapeEntries) tape entries (\(peakTapeBytes) B)"
    }
}
