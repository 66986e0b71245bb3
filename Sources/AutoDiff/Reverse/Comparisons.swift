/// One comparison taken on recorded values while recording: which operands (entry
/// indices, or the constant where an operand was not recorded), which relation, and the
/// outcome the recorded control flow depends on.
@usableFromInline
struct RecordedComparison<Value: ADScalar> {
    /// `<` (and through it `>`, `<=`, `>=`) or `==`.
    @usableFromInline enum Relation: UInt8 { case less, equal }

    @usableFromInline let relation: Relation
    @usableFromInline let lhs: UInt32
    @usableFromInline let rhs: UInt32
    /// The operands' values when compared (the constant, for an unrecorded operand).
    @usableFromInline let lhsValue: Value
    @usableFromInline let rhsValue: Value
    @usableFromInline let outcome: Bool
    /// How many entries the tape held when the comparison was taken.
    @usableFromInline let position: Int

    /// Whether both operands had the same value: the point sits on a kink or a tie
    /// (relu or abs at 0, max of equal arguments), where the derivative taken is a
    /// convention.
    @usableFromInline var isTie: Bool { lhsValue.primal == rhsValue.primal }

    @usableFromInline
    init(
        _ relation: Relation, _ lhs: UInt32, _ rhs: UInt32, _ lhsValue: Value, _ rhsValue: Value,
        outcome: Bool, position: Int
    ) {
        self.relation = relation
        self.lhs = lhs
        self.rhs = rhs
        self.lhsValue = lhsValue
        self.rhsValue = rhsValue
        self.outcome = outcome
        self.position = position
    }
}

extension Tracked: Comparable {
    /// Compares values only. Recorded on the tape (for replay checks and diagnostics).
    @inlinable public static func == (lhs: Tracked, rhs: Tracked) -> Bool {
        let outcome = lhs.value == rhs.value
        if lhs.storage != nil || rhs.storage != nil { note(.equal, lhs, rhs, outcome) }
        return outcome
    }

    /// Orders by value only. Recorded on the tape (for replay checks and diagnostics);
    /// `>`, `<=` and `>=` go through it.
    @inlinable public static func < (lhs: Tracked, rhs: Tracked) -> Bool {
        let outcome = lhs.value < rhs.value
        if lhs.storage != nil || rhs.storage != nil { note(.less, lhs, rhs, outcome) }
        return outcome
    }

    /// Appends a comparison to the operands' tape. Out of line: comparisons are rarer
    /// than arithmetic and the log is an ordinary array.
    @usableFromInline @inline(never)
    static func note(_ relation: RecordedComparison<Value>.Relation, _ lhs: Tracked, _ rhs: Tracked, _ outcome: Bool) {
        guard let s = lhs.storage ?? rhs.storage else { return }
        if let t = rhs.storage { precondition(s == t, "operands recorded on two different tapes") }
        let none = TapeStorage<Value>.noParent
        s.pointee.comparisons.append(
            RecordedComparison(
                relation, lhs.storage == nil ? none : lhs.index, rhs.storage == nil ? none : rhs.index,
                lhs.value, rhs.value, outcome: outcome, position: s.pointee.count))
    }
}
