/// A function recorded once and then evaluated and differentiated at other points by
/// replaying the recording, without running the user's code again ("record once,
/// replay many").
///
/// ```swift
/// let recorded = try RecordedFunction(Polar(), at: [1.0, 0.5])
/// let J = try recorded.jacobian(at: [2.0, 0.25])   // replay + one vector sweep
/// ```
///
/// A replay is sound only where the function's control flow would be the same: every
/// comparison on recorded values (`<`, `>`, `<=`, `>=`, `==`, and through them `max`,
/// `min`, `relu`, `abs`) is part of the recording, and a replay at a point where any of
/// them comes out differently is detected. The recording is then made afresh at the
/// new point (``BranchPolicy/recordAfresh``, the default) or the call throws
/// ``DifferentiationError/branchChanged(comparison:of:)`` (``BranchPolicy/throwError``).
/// Branches the tape cannot see, on `.primal` or `.value` read directly, are not
/// checked: do not replay such functions.
///
/// A replay evaluates entry by entry in recording order or, for a wide recording, run by
/// run over a level-order program (``Layout``); either way its results equal a fresh
/// recording's bit for bit.
///
/// - Complexity: a replay is one interpretive pass over the entries (O(entries)) plus the
///   sweeps; memory: the tape plus one value per entry (and the level-order program,
///   about 20 bytes per entry, where one is made).
public final class RecordedFunction {
    /// What a replay does where control flow would differ.
    public enum BranchPolicy: Sendable {
        /// Record the function afresh at the new point (counted in ``recordings``).
        case recordAfresh
        /// Throw ``DifferentiationError/branchChanged(comparison:of:)``.
        case throwError
    }

    /// How a replay evaluates the recording. Every layout gives the same value, Jacobian
    /// and gradient as a fresh recording, bit for bit (the sweeps run over the recording
    /// itself); they differ only in speed.
    public enum Layout: Sendable {
        /// ``levelOrder`` where the recording takes at most
        /// ``automaticLevelOrderBytes`` and level order makes runs of one operation at
        /// least 4 entries long on average (wide computations: sums over arrays,
        /// layers), else ``recordingOrder``. Past that size a replay is bound by memory
        /// traffic, which the program adds to.
        case automatic
        /// Entry by entry in the order the function ran: one dispatch per entry.
        case recordingOrder
        /// Before the first replay the recording is copied once (O(entries); the program
        /// and its index map keep about 20 more bytes per entry) into level order: inputs, then every entry after its
        /// parents by depth, grouped by operation. A replay evaluates the program a run of
        /// one operation at a time, one dispatch per run, and writes the partials that
        /// change back into the recording. A recording with preaccumulated or
        /// custom-rule entries (``LocalFunction``, ``CustomDerivativeRule``) replays in
        /// recording order: each such sub-function is re-evaluated as a whole.
        case levelOrder
    }

    /// The largest recording (``byteCount``) that ``Layout/automatic`` lays out in
    /// level order: 8 MiB.
    public static let automaticLevelOrderBytes = 8 << 20

    /// The number of inputs.
    public let inputCount: Int
    /// The number of outputs.
    public let outputCount: Int
    /// What happens where a replay would branch differently.
    public let policy: BranchPolicy
    /// How replays walk the recording.
    public let layout: Layout
    /// How many times the function was recorded (1 + fallbacks).
    public private(set) var recordings = 0
    /// How many replays ran.
    public private(set) var replays = 0

    private let record: ([Double]) throws -> (Tape<Double>, [Tracked<Double>], [Tracked<Double>])
    private var tape: Tape<Double>
    private var inputs: [Tracked<Double>]
    private var outputs: [Tracked<Double>]
    private var values: [Double]
    private var point: [Double]
    private var outputValues: [Double]
    /// The level-order program replays run, once made (nil: replayed entry by entry,
    /// in recording order).
    private var program: LevelOrderProgram?
    /// Whether the current recording was considered for a level-order layout.
    private var laidOut = false

    /// Records `f` at `x`.
    /// - Throws: ``DifferentiationError`` for a wrong-length `x`, a declared output count
    ///   not met, or a recording past ``TapeBudget/maximumBytes``.
    /// - Complexity: one recorded evaluation. Inlinable, so that `f` is recorded (now and
    ///   on every fallback) by code specialised for its type.
    @inlinable
    public convenience init<F: VectorFunction>(
        _ f: F, at x: [Double], onBranchChange policy: BranchPolicy = .recordAfresh,
        layout: Layout = .automatic
    ) throws {
        try validateInputs(count: x.count, declared: f.inputCount)
        try self.init(recorder: { point in try Self.record(f, at: point) }, at: x, policy: policy, layout: layout)
    }

    /// Records a scalar function `f` at `x` (one output).
    @inlinable
    public convenience init<F: ScalarFunction>(
        _ f: F, at x: [Double], onBranchChange policy: BranchPolicy = .recordAfresh,
        layout: Layout = .automatic
    ) throws {
        try self.init(ScalarAsVectorFunction(f), at: x, onBranchChange: policy, layout: layout)
    }

    /// One recording of `f` at `point`: the tape, its input variables and the outputs.
    @inlinable
    static func record<F: VectorFunction>(_ f: F, at point: [Double]) throws
        -> (Tape<Double>, [Tracked<Double>], [Tracked<Double>])
    {
        let tape = Tape<Double>(reservingFromPrevious: 4 * point.count + 256)
        tape.storage.pointee.keepsLocalRules = true // preaccumulated and custom-rule entries replay through them
        let inputs = tape.variables(point)
        let outputs = try MissingRuleSink.collecting { f(inputs) } // a recording, not a replay: cold
        try tape.checkBudget()
        try validateOutputs(count: outputs.count, declared: f.outputCount)
        if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(tape, at: point) }
        return (tape, inputs, outputs)
    }

    @usableFromInline
    init(
        recorder: @escaping ([Double]) throws -> (Tape<Double>, [Tracked<Double>], [Tracked<Double>]),
        at x: [Double], policy: BranchPolicy, layout: Layout
    ) throws {
        record = recorder
        (tape, inputs, outputs) = try recorder(x)
        recordings = 1
        inputCount = x.count
        outputCount = outputs.count
        self.policy = policy
        self.layout = layout
        values = []
        point = x
        outputValues = outputs.map(\.value)
    }

    /// Whether replays of the current recording run in level order (see ``Layout``;
    /// decided at the first replay after each recording).
    public var isInLevelOrder: Bool { program != nil }

    /// The number of tape entries of the current recording.
    public var entryCount: Int { tape.count }

    /// The bytes the recording's entries take (``Tape/byteCount``).
    public var byteCount: Int { tape.byteCount }

    /// Moves the recording to `x`: replays it there, or records afresh where a
    /// comparison flips (or throws, by policy, leaving the recording at its old point).
    private func move(to x: [Double]) throws {
        guard x.count == inputCount else { throw DifferentiationError.inputCount(expected: inputCount, got: x.count) }
        if x == point { return }
        if values.count < tape.count { values = [Double](repeating: 0, count: tape.count) }
        if !laidOut { layOutForReplay() }
        let flipped = replay(at: x)
        replays += 1
        guard let flipped else {
            if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(tape, at: x) }
            point = x
            outputValues = outputs.map { o in
                guard let i = o.entryIndex else { return o.value }
                return values[program.map { Int($0.position[i]) } ?? i]
            }
            return
        }
        switch policy {
        case .recordAfresh:
            let previousOutputCount = outputCount
            (tape, inputs, outputs) = try record(x)
            recordings += 1
            (program, laidOut) = (nil, false)
            point = x
            outputValues = outputs.map(\.value)
            if outputs.count != previousOutputCount {
                throw DifferentiationError.outputCountChanged(first: previousOutputCount, then: outputs.count)
            }
        case .throwError:
            let comparisons = tape.storage.pointee.comparisons.count
            let old = point
            _ = replay(at: old) // restore the partials of the old point
            throw DifferentiationError.branchChanged(comparison: flipped, of: comparisons)
        }
    }

    /// Replays the recording at `x` (run by run once laid out in level order).
    private func replay(at x: [Double]) -> Int? {
        x.withUnsafeBufferPointer { xs in
            values.withUnsafeMutableBufferPointer { values in
                guard let program else { return tape.storage.pointee.replay(inputs: xs, values: values.baseAddress!) }
                return program.replay(inputs: xs, values: values.baseAddress!, partialsInto: tape.storage)
            }
        }
    }

    /// Before the first replay of a recording: makes its level-order program as
    /// ``layout`` says (``LevelOrderProgram``).
    /// - Complexity: O(entries), once per recording.
    private func layOutForReplay() {
        laidOut = true
        if layout == .recordingOrder || (layout == .automatic && tape.byteCount > Self.automaticLevelOrderBytes) { return }
        // A group of local-partial entries is re-evaluated as a whole, in recording order.
        if tape.storage.pointee.localGroupCount > 0 { return }
        program = LevelOrderProgram(of: tape.storage.pointee, minimumRun: layout == .levelOrder ? 0 : 4)
    }

    /// f(x), by replay.
    /// - Complexity: one replay (O(entries)).
    public func value(at x: [Double]) throws -> [Double] {
        try move(to: x)
        return outputValues
    }

    /// The m × n Jacobian at `x`, by replay and ⌈m/k⌉ vector sweeps, split over cores
    /// as ``reverseJacobian(of:at:chunk:parallelism:)`` splits them (same result bit for bit).
    /// - Complexity: one replay plus ⌈m/k⌉ sweeps.
    public func jacobian(at x: [Double], chunk: ChunkSize? = nil, parallelism: Parallelism = .automatic) throws -> Matrix<Double> {
        try move(to: x)
        let lanes = chunk ?? .automatic(for: outputCount)
        if lanes == .one { // one scalar sweep per row, as reverseJacobian does (no idle lane)
            let entries = tape.entries(of: inputs)
            let rows = outputs.map { tape.pullback(seeds: [($0, 1)], inputEntries: entries) }
            return Matrix(rows: outputCount, columns: inputCount, elements: rows.flatMap { $0 })
        }
        return tape.jacobianMatrix(outputs: outputs, inputs: inputs, chunk: lanes, parallelism: parallelism)
    }

    /// `uᵀ·J(x)`, by replay and one sweep.
    /// - Throws: ``DifferentiationError/cotangentCount(expected:got:)`` for a wrong length.
    public func vjp(at x: [Double], cotangent: [Double]) throws -> [Double] {
        guard cotangent.count == outputCount else {
            throw DifferentiationError.cotangentCount(expected: outputCount, got: cotangent.count)
        }
        try move(to: x)
        return tape.pullback(
            seeds: zip(outputs, cotangent).map { (output: $0.0, seed: $0.1) }, inputEntries: tape.entries(of: inputs))
    }

    /// The gradient at `x` of a one-output recording, by replay and one sweep.
    /// - Throws: ``DifferentiationError/outputCount(expected:got:)`` unless m = 1.
    public func gradient(at x: [Double]) throws -> [Double] {
        guard outputCount == 1 else { throw DifferentiationError.outputCount(expected: 1, got: outputCount) }
        return try vjp(at: x, cotangent: [1])
    }
}
