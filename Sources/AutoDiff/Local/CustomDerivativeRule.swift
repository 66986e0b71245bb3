import Foundation

/// A scalar function of k ≤ 8 arguments whose derivative the user gives instead of
/// automatic differentiation deriving it: a routine that is not generic (plain `Double`
/// code, a C library), or one whose derivative is better computed another way
/// (`log(1 + eˣ)` for large x).
///
/// Give ``value(_:)`` and at least one of the first-order rules:
/// - the forward rule ``jvp(at:direction:)``: ∇f(x)·v;
/// - the reverse rule ``vjp(at:cotangent:)``: u·∇f(x).
///
/// With one value the two determine each other: forward mode uses the forward rule (one
/// call per direction) or else one reverse call (the gradient, then dot products);
/// reverse mode uses the reverse rule (one call) or else k forward calls (the
/// gradient's k components). Differentiating a second time (``Dual`` of ``Dual``,
/// forward over reverse) needs derivatives of the rule itself: give
/// ``differentiableGradient(at:)``, written over ``ADScalar``; without it a second
/// derivative is an error that names the rule and the mode
/// (``DifferentiationError/missingRule(_:)``).
///
/// Each ``ADScalar`` type applies a rule (``ADScalar/applying(_:_:)``):
/// - `Double`, `Float`: ``value(_:)``;
/// - ``Dual``, ``MultiDual``: the value, and tangents from the forward rule (from the
///   reverse rule where only that is given);
/// - ``Tracked``: one tape entry with the k partials (the same entry a
///   ``LocalFunction`` records);
/// - the sparsity tracers: the value, depending on every argument (structurally dense).
///
/// - Complexity: what the rules cost, plus one tape entry in reverse mode.
public protocol CustomDerivativeRule {
    /// The rule's name in error messages (default: its type's name).
    var name: String { get }
    /// f(x) on plain numbers.
    func value(_ x: Arguments<Double>) -> Double
    /// The forward rule, ∇f(x)·v, or nil where not given (the default).
    func jvp(at x: Arguments<Double>, direction v: Arguments<Double>) -> Double?
    /// The reverse rule, u·∇f(x) (one component per argument), or nil where not given
    /// (the default).
    func vjp(at x: Arguments<Double>, cotangent u: Double) -> Arguments<Double>?
    /// f(x) and ∇f(x) as code generic over ``ADScalar``, so that they can be
    /// differentiated again (second order), or nil where not given (the default).
    func differentiableGradient<T: ADScalar>(at x: Arguments<T>) -> (value: T, gradient: Arguments<T>)?
}

extension CustomDerivativeRule {
    /// The type's name.
    public var name: String { "\(Self.self)" }
    /// Not given.
    public func jvp(at x: Arguments<Double>, direction v: Arguments<Double>) -> Double? { nil }
    /// Not given.
    public func vjp(at x: Arguments<Double>, cotangent u: Double) -> Arguments<Double>? { nil }
    /// Not given.
    public func differentiableGradient<T: ADScalar>(at x: Arguments<T>) -> (value: T, gradient: Arguments<T>)? { nil }
}

extension CustomDerivativeRule {
    /// ∇f(x) from whichever first-order rule is given: one reverse call, else k forward
    /// calls along the unit vectors, else the differentiable gradient; nil if none is.
    @inlinable
    func gradient(at x: Arguments<Double>) -> Arguments<Double>? {
        if let g = vjp(at: x, cotangent: 1) {
            precondition(g.count == x.count, "\(name): the reverse rule gave \(g.count) components for \(x.count) arguments")
            return g
        }
        var unit = Arguments(repeating: 0.0, count: x.count)
        var g = unit
        for i in 0..<x.count {
            unit[i] = 1
            guard let d = jvp(at: x, direction: unit) else { return differentiableGradient(at: x)?.gradient }
            g[i] = d
            unit[i] = 0
        }
        return g
    }

    /// ∇f(x)·v from the forward rule, else from the gradient; nil if no rule is given.
    @inlinable
    func tangent(at x: Arguments<Double>, direction v: Arguments<Double>) -> Double? {
        if let t = jvp(at: x, direction: v) { return t }
        guard let g = gradient(at: x) else { return nil }
        var t = 0.0
        for i in 0..<x.count { t += g[i] * v[i] }
        return t
    }
}

/// Where a driver collects the first rule that could not give what a mode needs, so that
/// it throws ``DifferentiationError/missingRule(_:)`` instead of stopping
/// the program; the operation returns NaN so that the function runs to its end. Outside
/// a driver the program stops with the same message (a precondition).
///
/// Drivers are synchronous, so the collecting slot is thread-local (a pthread key: a
/// binding costs a few nanoseconds, where a task-local binding allocates); the worker
/// threads of parallel passes are handed the caller's slot (``forWorkers``, ``on(_:_:)``).
@usableFromInline
enum MissingRuleSink {
    /// The first missing rule of one driver call.
    @usableFromInline typealias Slot = (rule: String, mode: String)?

    /// The thread's slot pointer while a driver runs on it, else nil.
    static let key: pthread_key_t = {
        var key = pthread_key_t()
        precondition(pthread_key_create(&key, nil) == 0, "no thread-local key left for the missing-rule sink")
        return key
    }()

    /// Guards the slot that workers of one parallel driver share (reports are rare).
    static let lock = NSLock()

    static var current: UnsafeMutablePointer<Slot>? {
        pthread_getspecific(key)?.assumingMemoryBound(to: Slot.self)
    }

    /// Runs `body` collecting missing rules and throws the first one it recorded. Inside
    /// another driver (one public driver calling another) the outer one collects.
    /// Inlinable, so `body` (the user's function on AD numbers) stays specialized: passed
    /// through an opaque generic call it ran about 4x slower (P1's jvp).
    @inlinable
    static func collecting<R>(_ body: () throws -> R) throws -> R {
        if isCollecting { return try body() }
        var slot: Slot = nil
        let result = try withUnsafeMutablePointer(to: &slot) { pointer in
            bind(UnsafeMutableRawPointer(pointer))
            defer { bind(nil) }
            return try body()
        }
        // Parallel workers have joined (concurrentPerform returns after them): no lock.
        if let missing = slot { throw error(rule: missing.rule, mode: missing.mode) }
        return result
    }

    /// Whether a driver on this thread is collecting already.
    @usableFromInline static var isCollecting: Bool { current != nil }

    /// Makes `slot` this thread's slot (nil: none).
    @usableFromInline static func bind(_ slot: UnsafeMutableRawPointer?) { pthread_setspecific(key, slot) }

    /// The calling thread's slot, for the worker threads of a parallel driver.
    @usableFromInline static var forWorkers: UnsafeMutableRawPointer? { pthread_getspecific(key) }

    /// Runs `body` on a worker thread with `slot` (from ``forWorkers``) as its slot.
    @usableFromInline
    static func on(_ slot: UnsafeMutableRawPointer?, _ body: () -> Void) {
        let previous = pthread_getspecific(key)
        pthread_setspecific(key, slot)
        defer { pthread_setspecific(key, previous) }
        body()
    }

    /// "the custom rule R has no derivative for MODE: give …".
    @usableFromInline
    static func error(rule: String, mode: String) -> DifferentiationError {
        .missingRule("the custom rule \(rule) has no derivative for \(mode)")
    }

    /// Reports that `rule` has nothing `mode` can use; returns NaN inside a driver.
    @usableFromInline @inline(never)
    static func report(rule: String, mode: String) -> Double {
        guard let slot = current else {
            preconditionFailure(error(rule: rule, mode: mode).description)
        }
        lock.withLock {
            if slot.pointee == nil { slot.pointee = (rule, mode) }
        }
        return .nan
    }
}
