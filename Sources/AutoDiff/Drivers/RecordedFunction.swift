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
/// - Complexity: a replay is one interpretive pass over the entries (O(entries)) plus the
///   sweeps; memory: the tape plus one value per entry.
public final class RecordedFunction {
    /// What a replay does where control flow would differ.
    public enum BranchPolicy: Sendable {
        /// Record the function afresh at the new point (counted in ``recordings``).
        case recordAfresh
        /// Throw ``DifferentiationError/branchChanged(comparison:of:)``.
        case throwError
    }

    /// The number of inputs.
    public let inputCount: Int
    /// The number of outputs.
    public let outputCount: Int
    /// What happens where a replay would branch differently.
    public let policy: BranchPolicy
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

    /// Records `f` at `x`.
    /// - Throws: ``DifferentiationError`` for a wrong-length `x`, a declared output count
    ///   not met, or a recording past ``TapeBudget/maximumBytes``.
    /// - Complexity: one recorded evaluation. Inlinable, so that `f` is recorded (now and
    ///   on every fallback) by code specialised for its type.
    @inlinable
    public convenience init<F: VectorFunction>(_ f: F, at x: [Double], onBranchChange policy: BranchPolicy = .recordAfresh) throws {
        try validateInputs(count: x.count, declared: f.inputCount)
        try self.init(recorder: { point in try Self.record(f, at: point) }, at: x, policy: policy)
    }

    /// Records a scalar function `f` at `x` (one output).
    @inlinable
    public convenience init<F: ScalarFunction>(_ f: F, at x: [Double], onBranchChange policy: BranchPolicy = .recordAfresh) throws {
        try self.init(ScalarAsVectorFunction(f), at: x, onBranchChange: policy)
    }

    /// One recording of `f` at `point`: the tape, its input variables and the outputs.
    @inlinable
    static func record<F: VectorFunction>(_ f: F, at point: [Double]) throws
        -> (Tape<Double>, [Tracked<Double>], [Tracked<Double>])
    {
        let tape = Tape<Double>(reservingFromPrevious: 4 * point.count + 256)
        let inputs = point.map(tape.variable)
        let outputs = f(inputs)
        try tape.checkBudget()
        try validateOutputs(count: outputs.count, declared: f.outputCount)
        if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(tape, at: point) }
        return (tape, inputs, outputs)
    }

    @usableFromInline
    init(recorder: @escaping ([Double]) throws -> (Tape<Double>, [Tracked<Double>], [Tracked<Double>]),
         at x: [Double], policy: BranchPolicy) throws {
        record = recorder
        (tape, inputs, outputs) = try recorder(x)
        recordings = 1
        inputCount = x.count
        outputCount = outputs.count
        self.policy = policy
        values = []
        point = x
        outputValues = outputs.map(\.value)
    }

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
        let flipped = x.withUnsafeBufferPointer { xs in
            values.withUnsafeMutableBufferPointer { tape.storage.pointee.replay(inputs: xs, values: $0.baseAddress!) }
        }
        replays += 1
        guard let flipped else {
            if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(tape, at: x) }
            point = x
            outputValues = outputs.map { $0.isRecorded ? values[$0.entryIndex!] : $0.value }
            return
        }
        switch policy {
        case .recordAfresh:
            let previousOutputCount = outputCount
            (tape, inputs, outputs) = try record(x)
            recordings += 1
            point = x
            outputValues = outputs.map(\.value)
            if outputs.count != previousOutputCount {
                throw DifferentiationError.outputCountChanged(first: previousOutputCount, then: outputs.count)
            }
        case .throwError:
            let comparisons = tape.storage.pointee.comparisons.count
            let old = point
            _ = old.withUnsafeBufferPointer { xs in  // restore the partials of the old point
                values.withUnsafeMutableBufferPointer { tape.storage.pointee.replay(inputs: xs, values: $0.baseAddress!) }
            }
            throw DifferentiationError.branchChanged(comparison: flipped, of: comparisons)
        }
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
        if lanes == .one {  // one scalar sweep per row, as reverseJacobian does (no idle lane)
            let rows = outputs.map { tape.pullback(seeds: [($0, 1)], inputs: inputs) }
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
        return tape.pullback(seeds: zip(outputs, cotangent).map { (output: $0.0, seed: $0.1) }, inputs: inputs)
    }

    /// The gradient at `x` of a one-output recording, by replay and one sweep.
    /// - Throws: ``DifferentiationError/outputCount(expected:got:)`` unless m = 1.
    public func gradient(at x: [Double]) throws -> [Double] {
        guard outputCount == 1 else { throw DifferentiationError.outputCount(expected: 1, got: outputCount) }
        return try vjp(at: x, cotangent: [1])
    }
}
