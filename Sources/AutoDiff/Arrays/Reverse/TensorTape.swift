/// A recording of one array computation, for reverse-mode differentiation at array level.
///
/// Each array operation on ``TrackedTensor`` values appends one entry (a reshape appends
/// none: it is a view of its operand's entry): its parents, the shape of its result and
/// its pullback, which holds what the operation's reverse rule
/// needs (references to saved operands or local derivatives, never copies: ``Tensor``
/// storage is shared). A sweep (``cotangents(seeds:directions:)``) walks the entries
/// backwards carrying a batch of k cotangents per entry (shape `[k] + shape`), so one
/// recording and one sweep give k rows of a Jacobian.
///
/// The tape's values are of type `V`: ``Tensor`` for reverse mode, ``DualTensor`` to run
/// forward mode through the recording (Hessian-vector products, forward over reverse).
///
/// A tape belongs to one computation (no global tape); two threads can record on two tapes.
///
/// - Complexity: one entry per array operation (not per scalar); a sweep runs each
///   entry's reverse rule once, on k cotangents at a time.
public final class TensorTape<V: TensorTapeValue> {
    /// One recorded operation.
    @usableFromInline
    struct Entry {
        /// The operation, for printing.
        @usableFromInline let operation: String
        /// The shape of its result.
        @usableFromInline let shape: [Int]
        /// The first and second operands' entries of a one- or two-operand entry (-1 for a
        /// constant operand), held inline: no array per recorded operation.
        @usableFromInline let firstParent: Int, secondParent: Int
        /// The operands' entries of an entry with any other number of them.
        @usableFromInline let otherParents: [Int]
        /// Cotangents of the operands (batched `[k] + operand shape`, nil where not needed)
        /// from the cotangent of the result (`[k] + shape`); nil for an input.
        @usableFromInline let pullback: ((V) -> [V?])?
        /// The pullback of a one-operand entry, kept unwrapped (no array per call).
        @usableFromInline let unaryPullback: ((V) -> V)?
        /// The pullback of a two-operand entry, as a pair (no array per call).
        @usableFromInline let binaryPullback: ((V) -> (V?, V?))?
        /// The bytes of arrays the pullback keeps alive that its operands do not already
        /// hold (local derivatives computed at record time).
        @usableFromInline let savedBytes: Int

        @inlinable
        init(
            operation: String, shape: [Int], firstParent: Int = -1, secondParent: Int = -1, otherParents: [Int] = [],
            pullback: ((V) -> [V?])? = nil, unaryPullback: ((V) -> V)? = nil,
            binaryPullback: ((V) -> (V?, V?))? = nil, savedBytes: Int
        ) {
            self.operation = operation
            self.shape = shape
            self.firstParent = firstParent
            self.secondParent = secondParent
            self.otherParents = otherParents
            self.pullback = pullback
            self.unaryPullback = unaryPullback
            self.binaryPullback = binaryPullback
            self.savedBytes = savedBytes
        }

        /// The number of its operands.
        @inlinable var parentCount: Int { unaryPullback != nil ? 1 : binaryPullback != nil ? 2 : otherParents.count }

        /// The entries of its operands (-1 for a constant operand).
        @inlinable var parents: [Int] {
            if unaryPullback != nil { return [firstParent] }
            if binaryPullback != nil { return [firstParent, secondParent] }
            return otherParents
        }
    }

    @usableFromInline var entries: [Entry] = []

    /// Whether the recording is being scanned for diagnostics (inside
    /// `withDiagnostics`): then each entry notes whether its value is finite, and the
    /// rules note kinks, ties and non-finite derivatives in ``findings``.
    @usableFromInline let isDiagnosing: Bool
    /// Per entry, whether its value is finite (only while diagnosing).
    @usableFromInline var isFinite: [Bool] = []
    /// What the diagnosis found, in recording order.
    @usableFromInline var findings: [Diagnostic] = []

    /// An empty tape; it diagnoses its recording when a `withDiagnostics` scope is active.
    public init() {
        isDiagnosing = DiagnosticsCollector.isActive
        entries.reserveCapacity(32) // a small network's recording without regrowing
    }

    /// The number of entries (inputs included).
    public var count: Int { entries.count }

    /// The operations recorded, in order (`input`, `matmul`, `tanh`, ...).
    public var operations: [String] { entries.map(\.operation) }

    /// The memory the recording holds: per entry its bookkeeping (shape, parents, the
    /// pullback's context: about 64 bytes plus 8 per axis and parent) and the local
    /// derivatives it saved; operands themselves are shared with the computation and not
    /// counted again.
    public var byteCount: Int {
        entries.reduce(0) { $0 + 64 + 8 * ($1.shape.count + $1.parentCount) + $1.savedBytes }
    }

    /// A new independent variable with the given value.
    @inlinable
    public func variable(_ value: V) -> TrackedTensor<V> {
        entries.append(Entry(operation: "input", shape: value.shape, savedBytes: 0))
        if isDiagnosing { isFinite.append(value.primal.scalars.allSatisfy(\.isFinite)) }
        return TrackedTensor(value, index: entries.count - 1, tape: self)
    }

    /// Appends an entry for `value`, computed from `operands`, and returns it tracked.
    @inlinable
    func record(
        _ value: V, operation: String, operands: [Int], savedBytes: Int = 0, pullback: @escaping (V) -> [V?]
    ) -> TrackedTensor<V> {
        entries.append(
            Entry(
                operation: operation, shape: value.shape, otherParents: operands,
                pullback: pullback, savedBytes: savedBytes))
        if isDiagnosing { diagnoseValue(value.primal, operation: operation, operands: operands) }
        return TrackedTensor(value, index: entries.count - 1, tape: self)
    }

    /// Appends an entry for `value`, computed from the two operands `first` and `second`
    /// (-1 for a constant), whose pullback maps the result's cotangent batch to theirs (nil
    /// where not needed).
    @inlinable
    func recordBinary(
        _ value: V, operation: String, _ first: Int, _ second: Int, savedBytes: Int = 0,
        pullback: @escaping (V) -> (V?, V?)
    ) -> TrackedTensor<V> {
        entries.append(
            Entry(
                operation: operation, shape: value.shape, firstParent: first, secondParent: second,
                binaryPullback: pullback, savedBytes: savedBytes))
        if isDiagnosing { diagnoseValue(value.primal, operation: operation, operands: [first, second]) }
        return TrackedTensor(value, index: entries.count - 1, tape: self)
    }

    /// Appends an entry for `value`, computed from the one operand `operand`, whose
    /// pullback maps the result's cotangent batch to the operand's.
    @inlinable
    func recordUnary(
        _ value: V, operation: String, operand: Int, savedBytes: Int = 0, pullback: @escaping (V) -> V
    ) -> TrackedTensor<V> {
        entries.append(
            Entry(
                operation: operation, shape: value.shape, firstParent: operand,
                unaryPullback: pullback, savedBytes: savedBytes))
        if isDiagnosing { diagnoseValue(value.primal, operation: operation, operands: [operand]) }
        return TrackedTensor(value, index: entries.count - 1, tape: self)
    }

    /// One reverse sweep: the cotangents of every entry from `seeds` (entry index and a
    /// batch of `directions` cotangents, shape `[directions] + shape`).
    ///
    /// - Returns: per entry its cotangent batch, or nil where none reached it; only the
    ///   inputs' are kept (intermediate ones are released as the sweep passes them).
    /// - Complexity: each entry's reverse rule once.
    @inlinable
    public func cotangents(seeds: [(entry: Int, cotangent: V)], directions: Int) -> [V?] {
        var adjoint = [V?](repeating: nil, count: entries.count)
        var top = -1
        /// Adds `part` to entry `p`'s cotangent (in place when there is one), first reshaped
        /// to `[directions] + shape`: a reshaped view of an entry records nothing, so
        /// cotangents may reach the entry in the view's shape (same entries).
        func add(_ part: V, to p: Int) {
            let shape = entries[p].shape, s = part.shape
            let fit =
                s.count == shape.count + 1 && s[0] == directions && s.dropFirst().elementsEqual(shape)
                ? part : part.reshaped(to: prepending(directions, to: shape))
            if adjoint[p] == nil { adjoint[p] = fit } else { V.accumulate(fit, into: &adjoint[p]!) }
        }
        for (i, seed) in seeds {
            precondition(
                seed.shape.first == directions && seed.shape.scalarCount == directions * entries[i].shape.scalarCount,
                "TensorTape: seed of shape \(seed.shape) for entry \(i) of shape \(entries[i].shape)")
            add(seed, to: i)
            top = Swift.max(top, i)
        }
        var i = top
        while i >= 0 {
            defer { i -= 1 }
            let entry = entries[i]
            /// Adds `part` to the cotangent of operand entry `p` (nothing for a constant).
            func accumulate(_ part: V?, into p: Int) {
                guard p >= 0, let part else { return }
                assert(
                    part.shape.first == directions && part.shape.scalarCount == directions * entries[p].shape.scalarCount,
                    "TensorTape: \(entry.operation) gave a cotangent of shape \(part.shape) for an operand of shape \(entries[p].shape)")
                add(part, to: p)
            }
            if let rule = entry.unaryPullback {
                guard let g = adjoint[i] else { continue }
                adjoint[i] = nil
                accumulate(rule(g), into: entry.firstParent)
                continue
            }
            if let rule = entry.binaryPullback {
                guard let g = adjoint[i] else { continue }
                adjoint[i] = nil
                let (first, second) = rule(g)
                accumulate(first, into: entry.firstParent)
                accumulate(second, into: entry.secondParent)
                continue
            }
            guard let pullback = entry.pullback, let g = adjoint[i] else { continue }
            adjoint[i] = nil
            let parts = pullback(g)
            for k in 0..<Swift.min(entry.otherParents.count, parts.count) { accumulate(parts[k], into: entry.otherParents[k]) }
        }
        return adjoint
    }
}
