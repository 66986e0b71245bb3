/// A small scalar sub-function, k ≤ 8 arguments to one value, written once over
/// ``ADScalar``, that reverse mode records as ONE tape entry (statement-level
/// preaccumulation).
///
/// ```swift
/// /// One term of Rosenbrock's sum: 100 (b − a²)² + (1 − a)².
/// struct RosenbrockTerm: LocalFunction {
///     func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T {
///         100 * T.square(x[1] - x[0] * x[0]) + T.square(1 - x[0])
///     }
/// }
/// s += T.preaccumulated(RosenbrockTerm(), x[i], x[i + 1])
/// ```
///
/// How each mode runs it (``ADScalar/preaccumulated(_:_:)``):
/// - `Double`, `Float`, ``Dual``, ``MultiDual``: the sub-function itself, as if inlined.
/// - ``Tracked``: the sub-function in forward mode on the k arguments at once
///   (``MultiDual`` with one lane per argument; on a tape of ``Dual`` values, as for
///   forward-over-reverse Hessian-vector products, `Dual<MultiDual>`, so that the
///   partials carry their own derivative along the direction), then one tape entry
///   holding the value's k partials, instead of one entry per operation inside it. The
///   entry is the same for a ``CustomDerivativeRule``: local partials computed outside
///   the tape.
/// - The sparsity tracers: the sub-function itself (its exact structure).
///
/// Comparisons inside the sub-function are not recorded: a replay
/// (``RecordedFunction``) re-evaluates the sub-function at the new point, so it takes
/// its branches afresh.
///
/// - Complexity: on a tape, one forward pass with k lanes (2, 4 or 8 SIMD lanes) and
///   `max(1, k − 1)` entries for the k recorded arguments (see ``Tape`` for the
///   layout): 16 bytes for one argument, 24 per further argument.
public protocol LocalFunction {
    /// The value at `x`; `x.count` is what the caller passed.
    func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T
}

extension ADScalar {
    /// `f(a)`, recorded as one entry by reverse mode (see ``LocalFunction``).
    @inlinable @inline(__always)
    public static func preaccumulated<F: LocalFunction>(_ f: F, _ a: Self) -> Self {
        preaccumulated(f, Arguments(a))
    }

    /// `f(a, b)`, recorded as one entry by reverse mode (see ``LocalFunction``).
    @inlinable @inline(__always)
    public static func preaccumulated<F: LocalFunction>(_ f: F, _ a: Self, _ b: Self) -> Self {
        preaccumulated(f, Arguments(a, b))
    }

    /// `f(a, b, c)`, recorded as one entry by reverse mode (see ``LocalFunction``).
    @inlinable @inline(__always)
    public static func preaccumulated<F: LocalFunction>(_ f: F, _ a: Self, _ b: Self, _ c: Self) -> Self {
        preaccumulated(f, Arguments(a, b, c))
    }

    /// `rule`'s function at `a`, differentiated by its own rules (see ``CustomDerivativeRule``).
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ a: Self) -> Self {
        applying(rule, Arguments(a))
    }

    /// `rule`'s function at `(a, b)`, differentiated by its own rules.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ a: Self, _ b: Self) -> Self {
        applying(rule, Arguments(a, b))
    }

    /// `rule`'s function at `(a, b, c)`, differentiated by its own rules.
    @inlinable
    public static func applying<R: CustomDerivativeRule>(_ rule: R, _ a: Self, _ b: Self, _ c: Self) -> Self {
        applying(rule, Arguments(a, b, c))
    }
}

extension ADScalar {
    /// The default for types that differentiate by running code (plain numbers, forward
    /// mode, user types): the sub-function itself.
    @inlinable
    public static func preaccumulated<F: LocalFunction>(_ f: F, _ x: Arguments<Self>) -> Self { f(x) }
}
