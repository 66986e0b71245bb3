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
@usableFromInline
final class MissingRuleSink: @unchecked Sendable {
    @TaskLocal static var current: MissingRuleSink?

    @usableFromInline var first: (rule: String, mode: String)?
    /// Guards ``first``: the worker threads of a parallel Jacobian share the sink.
    @usableFromInline let lock = NSLock()

    @usableFromInline init() {}

    /// Runs `body` with a fresh sink and throws the first missing rule it recorded. Inside
    /// another driver (one public driver calling another) the outer sink collects: one
    /// task-local read, no second binding.
    @usableFromInline
    static func collecting<R>(_ body: () throws -> R) throws -> R {
        if current != nil { return try body() }
        let sink = MissingRuleSink()
        let result = try $current.withValue(sink) { try body() }
        if let missing = sink.lock.withLock({ sink.first }) { throw error(rule: missing.rule, mode: missing.mode) }
        return result
    }

    /// The calling task's sink, for worker threads (which do not inherit task locals).
    @usableFromInline static var forWorkers: MissingRuleSink? { current }

    /// Runs `body` with `sink` (from ``forWorkers``) as the current sink.
    @usableFromInline
    static func on(_ sink: MissingRuleSink?, _ body: () -> Void) {
        $current.withValue(sink) { body() }
    }

    /// "the custom rule R has no derivative for MODE: give …".
    @usableFromInline
    static func error(rule: String, mode: String) -> DifferentiationError {
        .missingRule("the custom rule \(rule) has no derivative for \(mode)")
    }

    /// Reports that `rule` has nothing `mode` can use; returns NaN inside a driver.
    @usableFromInline @inline(never)
    static func report(rule: String, mode: String) -> Double {
        guard let sink = current else {
            preconditionFailure(error(rule: rule, mode: mode).description)
        }
        sink.lock.lock()
        if sink.first == nil { sink.first = (rule, mode) }
        sink.lock.unlock()
        return .nan
    }
}
