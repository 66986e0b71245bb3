/// A recording of one evaluation, for reverse-mode differentiation.
///
/// Create variables with ``variable(_:)``, compute with them (each operation on a
/// ``Tracked`` value appends one entry holding its parents and local partials), then
/// sweep backwards from an output with ``adjoints(of:seed:)`` or
/// ``adjoints(seeds:)``. A sweep does not consume the recording: sweep again with
/// another seed to get another row of the Jacobian without recording again.
///
/// A tape belongs to one computation (there is no global tape), so two threads can
/// record at once on two tapes. The ``Tracked`` values it hands out refer to it without
/// reference counting: keep the tape alive while they are used, e.g. inside
/// ``withRecording(of:reservingCapacity:_:)``.
///
/// - Complexity: recording is O(1) per operation; a sweep from entry k is O(k).
///   Memory: ``bytesPerUnaryEntry`` bytes per entry, ``bytesPerBinaryEntry`` for a binary one
///   or one keeping a constant (values, not closures: 16 and 24 for `Double`).
public final class Tape<Value: ADScalar> {
    @usableFromInline let storage: UnsafeMutablePointer<TapeStorage<Value>>

    /// An empty tape with room for `capacity` entries before it first grows.
    ///
    /// Memory comes from a process-wide cache of blocks that earlier tapes released, so
    /// repeated recordings reuse warm pages.
    /// - Parameter capacity: entries reserved up front.
    /// - Parameter maximumBytes: the most memory the entries may take (default:
    ///   ``TapeBudget/maximumBytes``); past it the tape stops growing and reports
    ///   ``exceededBudget`` instead of exhausting memory.
    public init(reservingCapacity capacity: Int = 1024, maximumBytes: Int = TapeBudget.maximumBytes) {
        let budget = Swift.max(16, maximumBytes / TapeStorage<Value>.bytesPerBinaryEntry)
        storage = .allocate(capacity: 1)
        storage.initialize(to: TapeStorage(capacity: capacity, budget: budget))
    }

    /// Whether a recording ran past the tape's memory budget (its entries are then
    /// meaningless; drivers throw ``DifferentiationError/tapeBudgetExceeded(maximumBytes:)``).
    public var exceededBudget: Bool { storage.pointee.exceededBudget }

    /// The most bytes the entries may take.
    public var maximumBytes: Int { storage.pointee.budget * Self.bytesPerBinaryEntry }

    /// Throws if the recording ran past the budget.
    @inlinable
    public func checkBudget() throws {
        if exceededBudget { throw DifferentiationError.tapeBudgetExceeded(maximumBytes: maximumBytes) }
    }

    /// A tape sized for a recording like the previous one released in this process
    /// (at least `minimumCapacity` entries): drivers use it so that a repeated
    /// differentiation of the same function never grows its tape.
    @usableFromInline
    convenience init(reservingFromPrevious minimumCapacity: Int) {
        self.init(reservingCapacity: Swift.max(minimumCapacity, TapeMemoryPool.shared.suggestedEntries))
    }

    deinit {
        TapeMemoryPool.shared.noteTapeEntries(storage.pointee.count)
        storage.pointee.deallocate()
        storage.deinitialize(count: 1)
        storage.deallocate()
    }

    /// The number of entries recorded (inputs included).
    public var count: Int { storage.pointee.count }

    /// The most entries a tape holds: 2^26 − 1 = 67,108,863 (entry indices are 26 bits,
    /// beside the operation in one 32-bit word). Past it a recording throws
    /// ``DifferentiationError/tapeBudgetExceeded(maximumBytes:)`` as past the byte budget.
    public static var maximumEntries: Int { TapeStorage<Value>.maximumEntries }

    /// The bytes a binary entry takes (operation and two parent indices, two partials),
    /// as does a unary one keeping a constant (`x + c`): the most any entry takes, 24 for
    /// `Double`.
    public static var bytesPerBinaryEntry: Int { TapeStorage<Value>.bytesPerBinaryEntry }

    /// The bytes a unary entry without a constant (`exp`, `sin`, an input) takes: its
    /// operation and parent index, one partial (and an unused second-parent field): 16
    /// for `Double`.
    public static var bytesPerUnaryEntry: Int { TapeStorage<Value>.bytesPerUnaryEntry }

    /// The bytes the recorded entries take: ``bytesPerUnaryEntry`` per entry plus one
    /// value per binary entry and per kept constant (at most `count × bytesPerBinaryEntry`).
    public var byteCount: Int { storage.pointee.byteCount }

    /// The number of binary entries (those holding a second partial).
    public var binaryCount: Int { storage.pointee.secondPartialCount }

    /// A new independent variable with the given value.
    /// - Complexity: O(1), one entry.
    @inlinable
    public func variable(_ value: Value) -> Tracked<Value> {
        let index = storage.pointee.appendInput()
        return Tracked(value, index: index, storage: storage)
    }

    /// New independent variables, one per value in order (what a driver records first):
    /// consecutive entries, one after another.
    /// - Complexity: O(n), one entry each and one array; no per-variable call.
    @inlinable
    public func variables(_ values: [Value]) -> [Tracked<Value>] {
        let s = storage
        guard let first = s.pointee.appendInputs(values.count) else { return values.map(variable) } // past the budget
        return [Tracked<Value>](unsafeUninitializedCapacity: values.count) { buffer, initialized in
            values.withUnsafeBufferPointer { values in
                for j in values.indices {
                    buffer.initializeElement(at: j, to: Tracked(values[j], index: UInt32(truncatingIfNeeded: first &+ j), storage: s))
                }
            }
            initialized = values.count
        }
    }

    /// The entries of variables made by one ``variables(_:)`` call on this tape: consecutive,
    /// from the first one's. Call it after ``checkBudget()`` (past the budget they are not).
    @inlinable
    func entries(of variables: [Tracked<Value>]) -> Range<Int> {
        guard let first = variables.first, let last = variables.last else { return 0..<0 }
        let entries = Int(first.index)..<(Int(first.index) + variables.count)
        precondition(Int(last.index) == entries.upperBound - 1, "variables past the tape's budget are not consecutive entries")
        return entries
    }

    /// The operation entry `index` recorded.
    public func operation(at index: Int) -> Operation {
        precondition(index >= 0 && index < count, "entry \(index) is outside the tape (\(count) entries)")
        return storage.pointee.operation(at: index)
    }

    /// Whether `x` was recorded on this tape (constants are on none).
    @inlinable
    public func contains(_ x: Tracked<Value>) -> Bool { x.storage == storage }
}
