// Entries whose local partials were computed outside the tape: a preaccumulated
// sub-function (`LocalFunction`) or a custom derivative rule (`CustomDerivativeRule`).
//
// A value y = f(x_1, …, x_k) with partials p_j = ∂y/∂x_j over its k recorded arguments
// is ONE group of entries in the tape's own format, so that every sweep (scalar, vector,
// seeded), the inspection and the diagnostics read it unchanged:
//   k = 1:  local(x_1)            partial p_1                      16 bytes
//   k ≥ 2:  local(x_1, x_2)       partials p_1, p_2                24 bytes
//           local(prev, x_j)      partials 1, p_j   (j = 3 … k)    24 bytes each
// The links carry the chain so far with partial 1: a sweep passes y's adjoint down the
// chain (in a register: each link's first parent is the entry just before it) and adds
// adjoint·p_j into x_j. No closure and no allocation per group on the hot path: partials
// go into the tape's flat storage. Only a recording made for replay (`keepsLocalRules`,
// set by `RecordedFunction`) also keeps, per group, a `LocalRuleRecord`: the argument
// values (constants among them stay as recorded), which arguments were recorded, and a
// closure that re-evaluates the value and gradient at new arguments.

/// How a replay re-evaluates one group of local-partial entries.
@usableFromInline
struct LocalRuleRecord {
    /// The group's first entry.
    @usableFromInline let entry: Int
    /// The arguments at record time (a replay overwrites the recorded ones).
    @usableFromInline let arguments: Arguments<Double>
    /// Per argument: its entry, or `TapeStorage.noParent` for a constant.
    @usableFromInline let parents: Arguments<UInt32>
    /// f and ∇f at new arguments.
    @usableFromInline let evaluate: (Arguments<Double>) -> (value: Double, gradient: Arguments<Double>)

    @inlinable
    init(
        entry: Int, arguments: Arguments<Double>, parents: Arguments<UInt32>,
        evaluate: @escaping (Arguments<Double>) -> (value: Double, gradient: Arguments<Double>)
    ) {
        self.entry = entry
        self.arguments = arguments
        self.parents = parents
        self.evaluate = evaluate
    }
}

extension TapeStorage {
    /// Appends the group for a value with partials `partials[j]` with respect to
    /// `parents[j]` (`noParent` for a constant argument: skipped) and returns the index
    /// of its last entry (the value's), or nil if no argument is recorded.
    /// - Complexity: max(1, k − 1) appends for k recorded arguments.
    @inlinable @inline(__always)
    mutating func appendLocal(parents: Arguments<UInt32>, partials: Arguments<Value>) -> UInt32? {
        let none = Self.noParent
        var first = -1
        for j in 0..<parents.count where parents[j] != none { first = j; break }
        guard first >= 0 else { return nil }
        var second = -1
        for j in (first + 1)..<Swift.max(parents.count, first + 1) where parents[j] != none { second = j; break }
        localGroupCount &+= 1
        guard second >= 0 else {
            return appendUnary(.localPartial, parents[first], partials[first], constant: .zero)
        }
        var last = appendBinary(.localPartials, parents[first], partials[first], parents[second], partials[second])
        var j = second + 1
        while j < parents.count {
            if parents[j] != none { last = appendBinary(.localPartials, last, 1, parents[j], partials[j]) }
            j &+= 1
        }
        return last
    }

    /// How many entries the group of entry `i` (its first) spans: 1 for `local(x)`, else
    /// the links that follow it.
    @inlinable
    func localGroupLength(from i: Int) -> Int {
        if operation(at: i) == .localPartial { return 1 }
        var n = 1
        while i + n < count && operation(at: i + n) == .localPartials && records[i + n].word & Self.parentMask == UInt32(i + n - 1)
            && records[i + n].partial == 1
        {
            n += 1
        }
        return n
    }
}

extension Tracked {
    /// Records `value` with local partials `partials` over the arguments `x` (one group
    /// of entries, see `Tape+Local.swift`); a constant if no argument is recorded.
    /// `rule` (f and ∇f on plain numbers) is kept only by recordings made for replay.
    @inlinable @inline(__always)
    static func recordLocal<Rule: LocalRuleEvaluation>(
        _ value: Value, partials: Arguments<Value>, over x: Arguments<Tracked>, rule: Rule
    ) -> Tracked {
        // One or two arguments inline, without loops; more out of line.
        if x.count <= 2 { return recordLocalPair(value, partials: partials, over: x, rule: rule) }
        return recordLocalGroup(value, partials: partials, over: x, rule: rule)
    }

    /// ``recordLocal(_:partials:over:rule:)`` for any number of arguments.
    @inlinable @inline(never)
    static func recordLocalGroup<Rule: LocalRuleEvaluation>(
        _ value: Value, partials: Arguments<Value>, over x: Arguments<Tracked>, rule: Rule
    ) -> Tracked {
        var storage: UnsafeMutablePointer<TapeStorage<Value>>?
        var parents = Arguments(repeating: TapeStorage<Value>.noParent, count: x.count)
        for j in 0..<x.count {
            guard let s = x[j].storage else { continue }
            precondition(storage == nil || storage == s, "operands recorded on two different tapes")
            storage = s
            parents[j] = x[j].index
        }
        guard let s = storage else { return Tracked(constant: value) }
        let first = s.pointee.count
        let i = s.pointee.appendLocal(parents: parents, partials: partials)!
        if _slowPath(s.pointee.keepsLocalRules) { keep(rule, entry: first, arguments: x, parents: parents, on: s) }
        return Tracked(value, index: i, storage: s)
    }

    /// ``recordLocal(_:partials:over:rule:)`` for one or two arguments, without loops:
    /// every index a constant (the common statement-level case, `f(x_i, x_{i+1})`).
    @inlinable @inline(__always)
    static func recordLocalPair<Rule: LocalRuleEvaluation>(
        _ value: Value, partials: Arguments<Value>, over x: Arguments<Tracked>, rule: Rule
    ) -> Tracked {
        if x.count == 2 { return recordLocalPair(value, partials[0], partials[1], over: x[0], x[1], arity: 2, rule: rule) }
        return recordLocalPair(value, partials[0], .zero, over: x[0], Tracked(constant: .zero), arity: 1, rule: rule)
    }

    /// Records `value` with partials `da`, `db` over `a`, `b` (`arity` 1: `b` is a
    /// placeholder constant and `db` ignored): one entry, or a constant if neither
    /// argument is recorded.
    @inlinable @inline(__always)
    static func recordLocalPair<Rule: LocalRuleEvaluation>(
        _ value: Value, _ da: Value, _ db: Value, over a: Tracked, _ b: Tracked, arity: Int, rule: Rule
    ) -> Tracked {
        let i: UInt32, s: UnsafeMutablePointer<TapeStorage<Value>>
        if let sa = a.storage {
            s = sa
            if let sb = b.storage {
                precondition(sa == sb, "operands recorded on two different tapes")
                i = s.pointee.appendBinary(.localPartials, a.index, da, b.index, db)
            } else {
                i = s.pointee.appendUnary(.localPartial, a.index, da, constant: .zero)
            }
        } else if let sb = b.storage {
            s = sb
            i = s.pointee.appendUnary(.localPartial, b.index, db, constant: .zero)
        } else {
            return Tracked(constant: value)
        }
        s.pointee.localGroupCount &+= 1
        if _slowPath(s.pointee.keepsLocalRules) {
            let x = arity == 2 ? Arguments(a, b) : Arguments(a)
            let parents = x.map { $0.storage == nil ? TapeStorage<Value>.noParent : $0.index }
            keep(rule, entry: Int(i), arguments: x, parents: parents, on: s)
        }
        return Tracked(value, index: i, storage: s)
    }

    /// Keeps how to re-evaluate a group (recordings made for replay only; out of line).
    @inlinable @inline(never)
    static func keep<Rule: LocalRuleEvaluation>(
        _ rule: Rule, entry: Int, arguments x: Arguments<Tracked>, parents: Arguments<UInt32>,
        on s: UnsafeMutablePointer<TapeStorage<Value>>
    ) {
        guard Value.self == Double.self else { return }
        let arguments = x.map { unsafeBitCast($0.value, to: Double.self) }
        s.pointee.localRules.append(LocalRuleRecord(entry: entry, arguments: arguments, parents: parents, evaluate: rule.evaluate))
    }
}

/// What a replay calls to re-evaluate a group: f and ∇f at plain arguments (a
/// ``LocalFunction`` by forward mode, a ``CustomDerivativeRule`` by its own rules).
@usableFromInline
protocol LocalRuleEvaluation {
    func evaluate(_ x: Arguments<Double>) -> (value: Double, gradient: Arguments<Double>)
}

/// A preaccumulated sub-function's re-evaluation.
@usableFromInline
struct LocalFunctionEvaluation<F: LocalFunction>: LocalRuleEvaluation {
    @usableFromInline let f: F
    @inlinable init(_ f: F) { self.f = f }
    @inlinable
    func evaluate(_ x: Arguments<Double>) -> (value: Double, gradient: Arguments<Double>) { LocalGradient.of(f, at: x) }
}

/// A custom rule's re-evaluation (NaN partials where it gives no derivative).
@usableFromInline
struct CustomRuleEvaluation<R: CustomDerivativeRule>: LocalRuleEvaluation {
    @usableFromInline let rule: R
    @inlinable init(_ rule: R) { self.rule = rule }
    @inlinable
    func evaluate(_ x: Arguments<Double>) -> (value: Double, gradient: Arguments<Double>) {
        (rule.value(x), rule.gradient(at: x) ?? x.map { _ in .nan })
    }
}
