/// The engine of a checkpointed gradient: advances states plainly, records a stretch of
/// steps from a state on one reused tape and sweeps it, carrying the adjoint of the
/// state between stretches and accumulating the parameters' adjoints. Schedules
/// (``CheckpointSchedule``) only decide which stretches, from which states.
///
/// The adjoints come out as a full tape's would: each stretch's tape holds the same
/// entries in the same order as that stretch of one whole-loop tape, its state inputs
/// are seeded with nothing but the sweep of the steps after it, and each parameter's
/// adjoint is loaded into its input entry before the sweep, so the contributions add up
/// in the same order as on one tape (the tests check this to ~1e-14).
@usableFromInline
struct StepReversal<Step: StepFunction, Loss: ScalarFunction, Value: ADScalar> {
    @usableFromInline let loop: TimeSteppingLoss<Step, Loss>
    @usableFromInline let parameters: [Value]
    /// The one tape every stretch is recorded on (emptied before each).
    @usableFromInline let tape: Tape<Value>
    /// Scratch adjoints, one per entry of the largest recording so far.
    @usableFromInline var adjoints: [Value] = []
    /// The adjoint of the state at the start of the stretch reversed last (before the
    /// first reversal: unused; the last stretch seeds the loss).
    @usableFromInline var stateAdjoint: [Value]
    /// The parameters' adjoints summed over the stretches reversed so far.
    @usableFromInline var parameterAdjoint: [Value]
    /// The loss, set by the stretch that ends the loop.
    @usableFromInline var value: Value = .zero
    @usableFromInline var statistics = CheckpointStatistics()
    /// The recorded inputs of the last stretch (state, then parameters): refilled in
    /// place for the next, so a one-step recording allocates no arrays of its own.
    @usableFromInline var inputs: [Tracked<Value>] = []
    @usableFromInline var theta: [Tracked<Value>] = []
    /// Whether a ``withDiagnostics(throwing:_:)`` scope is active (read once: it is a task-local lookup).
    @usableFromInline let diagnosing: Bool

    @inlinable
    init(loop: TimeSteppingLoss<Step, Loss>, parameters: [Value], tape: Tape<Value>) {
        self.loop = loop
        self.parameters = parameters
        self.tape = tape
        stateAdjoint = [Value](repeating: .zero, count: loop.step.stateCount)
        parameterAdjoint = [Value](repeating: .zero, count: parameters.count)
        statistics.steps = loop.steps
        diagnosing = DiagnosticsCollector.isActive
    }

    /// The state after `count` plain steps from `state`, the state after step `start − 1`.
    /// - Throws: ``DifferentiationError/outputCount(expected:got:)`` if a step returns
    ///   another number of entries than the state has.
    @inlinable
    mutating func advance(_ state: [Value], from start: Int, steps count: Int) throws -> [Value] {
        var x = state
        for i in start..<(start + count) {
            x = loop.step(x, parameters: parameters, step: i)
            try checkStateCount(x.count)
        }
        statistics.recomputedSteps += count
        return x
    }

    @inlinable
    func checkStateCount(_ count: Int) throws {
        if count != loop.step.stateCount {
            throw DifferentiationError.outputCount(expected: loop.step.stateCount, got: count)
        }
    }

    /// Notes that `count` states are held (for the peak).
    @inlinable
    mutating func holding(snapshots count: Int) {
        if count > statistics.peakSnapshots {
            statistics.peakSnapshots = count
            statistics.peakSnapshotBytes = count * loop.step.stateCount * MemoryLayout<Value>.stride
        }
    }

    /// Records steps `start ..< start + count` from `state` (and the loss, if they end
    /// the loop), sweeps the recording seeded with ``stateAdjoint`` (or 1 on the loss),
    /// and leaves the adjoint of `state` in ``stateAdjoint``.
    /// - Throws: ``DifferentiationError/tapeBudgetExceeded(maximumBytes:)`` when one
    ///   stretch needs more tape than ``TapeBudget`` allows; a step's wrong state count.
    /// - Complexity: one recording and one sweep of the stretch.
    @inlinable
    mutating func reverse(from start: Int, steps count: Int, state: [Value]) throws {
        let n = state.count, p = parameters.count
        tape.removeAll()
        // Entries 0 ..< n are the state, n ..< n + p the parameters, on an emptied tape.
        inputs.removeAll(keepingCapacity: true)
        for value in state { inputs.append(tape.variable(value)) }
        theta.removeAll(keepingCapacity: true)
        for value in parameters { theta.append(tape.variable(value)) }
        var x = inputs
        for i in start..<(start + count) {
            x = loop.step(x, parameters: theta, step: i)
            try checkStateCount(x.count)
        }
        var loss: Tracked<Value>? = nil
        if start + count == loop.steps {
            let l = loop.loss(x + theta)
            value = l.value
            loss = l
        }
        try tape.checkBudget()
        if diagnosing { try DiagnosticsCollector.inspect(tape, at: state + parameters) }
        statistics.recordings += 1
        statistics.recordedSteps += count
        statistics.peakTapeEntries = Swift.max(statistics.peakTapeEntries, tape.count)
        statistics.peakTapeBytes = Swift.max(statistics.peakTapeBytes, tape.byteCount)

        let entries = tape.count
        if adjoints.count < entries { adjoints = [Value](repeating: .zero, count: entries) }
        let storage = tape.storage
        /// The entry of an output to seed, nil for a constant (nothing to sweep).
        func seed(_ output: Tracked<Value>) -> Int? {
            guard let s = output.storage else { return nil }
            precondition(s == storage, "a step returned a value recorded on another tape")
            return Int(output.index)
        }
        adjoints.withUnsafeMutableBufferPointer { buffer in
            let a = buffer.baseAddress!
            a.update(repeating: .zero, count: entries)
            // The parameters' adjoints so far go into their input entries (n ..< n + p):
            // this stretch's contributions then add to them in a whole tape's order.
            for k in 0..<p { a[n + k] = parameterAdjoint[k] }
            // Seeds: 1 on the loss, or the adjoint of the state after the stretch.
            var top = -1
            if let loss {
                if let i = seed(loss) { a[i] += 1; top = i }
            } else {
                for k in 0..<n {
                    if let i = seed(x[k]) { a[i] += stateAdjoint[k]; top = Swift.max(top, i) }
                }
            }
            storage.pointee.sweep(a, from: top)
            for k in 0..<n { stateAdjoint[k] = a[k] }
            for k in 0..<p { parameterAdjoint[k] = a[n + k] }
        }
    }
}
