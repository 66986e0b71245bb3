// A recording laid out again for replay, in level order (`TapeStorage.levelOrder`): a
// program of 16-byte entries that a replay runs one stretch of one operation at a time,
// writing the partials that change back into the recording, whose sweeps stay as they
// were. Where each entry's partials go is a field of its own, not a bit pattern.

/// A stretch of consecutive program entries with the same operation.
struct ReplayRun {
    let operation: Operation
    let start: Int
    let end: Int
}

/// A recording's entries in level order, renumbered, as a replay program: it computes
/// the same values from the same rules on the same operands as a replay of the
/// recording, and says for each entry where its partials go in the recording.
struct LevelOrderProgram {
    /// One entry of the program: 16 bytes, read in order.
    struct Entry {
        /// Its operation (top 6 bits, as in a tape's word) and its first operand's
        /// position in the program (low 26 bits).
        let word: UInt32
        /// Its second operand's position (``TapeStorage/noParent`` unless binary).
        let second: UInt32
        /// The recording's entry it is: where its first partial goes.
        let original: UInt32
        /// For a binary entry, where its second partial goes: the position in the
        /// recording's second partials.
        let originalSecond: UInt32
    }

    /// The entries in level order.
    private(set) var entries: [Entry] = []
    /// The constants the entries read, in program order: each kept constant, and `c · x`'s
    /// constant (the recording keeps it as the partial).
    private(set) var constants: [Double] = []
    /// The recording's comparisons, operands renumbered into the program (only the
    /// replay's check reads them, so each keeps its position in the recording).
    private(set) var comparisons: [RecordedComparison<Double>] = []
    /// The maximal stretches of one operation.
    private(set) var runs: [ReplayRun] = []
    /// Per recording entry: its position in the program.
    private(set) var position: [UInt32] = []

    /// `recording` in level order, or nil where level order would not make runs of at
    /// least `minimumRun` entries on average.
    /// - Complexity: O(entries + comparisons); the program and its index map take about
    ///   20 bytes per entry.
    init?(of recording: TapeStorage<Double>, minimumRun: Int) {
        guard let order = recording.levelOrder(minimumRun: minimumRun) else { return nil }
        let none = TapeStorage<Double>.noParent, mask = TapeStorage<Double>.parentMask
        let count = recording.count
        // Where each entry's second partial and kept constant are in the recording.
        var secondAt = [UInt32](repeating: none, count: count), constantAt = [Int32](repeating: -1, count: count)
        var s: UInt32 = 0, c: Int32 = 0
        for i in 0..<count {
            if recording.records[i].secondParent != none { secondAt[i] = s; s += 1 }
            if recording.operation(at: i).properties.keepsConstant { constantAt[i] = c; c += 1 }
        }
        position = [UInt32](repeating: none, count: count)
        entries.reserveCapacity(count)
        for old in order.lazy.map(Int.init) {
            let record = recording.records[old], op = recording.operation(at: old)
            let k = UInt32(entries.count)
            position[old] = k
            var first: UInt32 = k, second = none // an input's "operand" is itself, as on a tape
            switch op.properties.arity {
            case .none: break
            case .unary: first = position[Int(record.word & mask)]
            case .binary: (first, second) = (position[Int(record.word & mask)], position[Int(record.secondParent)])
            }
            entries.append(
                Entry(
                    word: UInt32(op.rawValue) << 26 | first, second: second,
                    original: UInt32(old), originalSecond: secondAt[old]))
            switch op.properties.constant {
            case .none: break
            case .kept: constants.append(recording.constants[Int(constantAt[old])])
            case .isThePartial: constants.append(record.partial)
            }
        }
        comparisons = recording.comparisons.map { c in
            let lhs = c.lhs == none ? none : position[Int(c.lhs)], rhs = c.rhs == none ? none : position[Int(c.rhs)]
            return RecordedComparison(c.relation, lhs, rhs, c.lhsValue, c.rhsValue, outcome: c.outcome, position: c.position)
        }
        var start = 0
        while start < count {
            let op = TapeStorage<Double>.operation(of: entries[start].word)
            var end = start + 1
            while end < count && TapeStorage<Double>.operation(of: entries[end].word) == op { end += 1 }
            runs.append(ReplayRun(operation: op, start: start, end: end))
            start = end
        }
    }

    /// The recording's replay (``TapeStorage/replay(inputs:values:)``), one run at a time:
    /// one jump per run to its operation's case (``Operation/visit(with:)``), then a loop
    /// of that one operation whose row of the table and rule fold. Values are written in
    /// program order; the partials that change, into `recording` at their own positions,
    /// so its sweeps give the same results bit for bit.
    /// - Returns: the index of the first comparison whose outcome differs, or nil.
    /// - Complexity: O(entries + runs + comparisons), no allocation.
    func replay(
        inputs: UnsafeBufferPointer<Double>, values: UnsafeMutablePointer<Double>,
        partialsInto recording: UnsafeMutablePointer<TapeStorage<Double>>
    ) -> Int? {
        entries.withUnsafeBufferPointer { entries in
            constants.withUnsafeBufferPointer { constants in
                var step = LevelOrderStep(
                    entries: entries.baseAddress ?? UnsafePointer(OpaquePointer(values)), values: values,
                    records: recording.pointee.records, seconds: recording.pointee.secondPartials,
                    nextInput: inputs.baseAddress ?? UnsafePointer(values),
                    nextConstant: constants.baseAddress ?? UnsafePointer(values))
                for run in runs {
                    step.run = run
                    run.operation.visit(with: &step)
                }
            }
        }
        return comparisons.firstFlipped(values: values)
    }
}

/// The state of a level-order replay and its step for one run: a loop over the run's
/// entries, each computed by the run's operation as its row of the table says.
struct LevelOrderStep: OperationVisitor {
    let entries: UnsafePointer<LevelOrderProgram.Entry>
    let values: UnsafeMutablePointer<Double>
    /// The recording's records and second partials, where changed partials go.
    let records: UnsafeMutablePointer<TapeRecord<Double>>
    let seconds: UnsafeMutablePointer<Double>
    var nextInput: UnsafePointer<Double>
    var nextConstant: UnsafePointer<Double>
    var run = ReplayRun(operation: .input, start: 0, end: 0)

    /// The run's entries, `op` being their operation (a literal).
    @inline(__always)
    mutating func visit(_ op: Operation) {
        let row = op.properties, mask = TapeStorage<Double>.parentMask
        for k in run.start..<run.end {
            let e = entries[k]
            switch row.arity {
            case .none:
                values[k] = nextInput.pointee
                nextInput += 1
            case .binary:
                let r = LocalRules<Double>.binary(op, values[Int(e.word & mask)], values[Int(e.second)])
                values[k] = r.value
                if !row.partialsAreConstant {
                    records[Int(e.original)].partial = r.dx
                    seconds[Int(e.originalSecond)] = r.dy
                }
            case .unary:
                var c = 0.0
                if row.constant != .none {
                    c = nextConstant.pointee
                    nextConstant += 1
                }
                let r = LocalRules<Double>.unary(op, values[Int(e.word & mask)], c)
                values[k] = r.value
                if !row.partialsAreConstant { records[Int(e.original)].partial = r.partial }
            }
        }
    }
}
