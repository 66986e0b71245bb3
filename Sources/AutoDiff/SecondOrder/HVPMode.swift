/// How a Hessian-vector product `H(x)·v` is computed: which mode differentiates which.
///
/// All three give the same numbers up to rounding; they differ in what is recorded and
/// in what else comes for free.
public enum HVPMode: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Forward over reverse (the default): the function is recorded on a
    /// `Tape<Dual<Value>>` whose inputs are `Dual(x_i, tangent: v_i)`; one sweep seeded
    /// with `Dual(1, tangent: 0)` gives adjoints `∇f(x) + ε·H(x)v`. One recording, one
    /// sweep; the gradient comes free. Each new `v` needs a new recording.
    case forwardOverReverse
    /// Reverse over forward: the directional derivative `∇f(x)·v` is computed with
    /// `Dual<Tracked<Value>>` (values and tangents are tape variables, the seeds `v_i`
    /// constants), then one sweep from that tangent gives `H(x)v` as the inputs'
    /// adjoints. The gradient costs one more sweep over the same tape.
    case reverseOverForward
    /// Reverse over reverse (symbol-to-symbol): the function is recorded on an outer
    /// `Tape<Tracked<Value>>` whose values are variables of an inner tape; the outer
    /// sweep is itself recorded on the inner tape and yields the gradient as inner
    /// variables `g_i`; one inner sweep seeded with `v` gives `H(x)v`. The recording
    /// of the gradient is reusable: every further `v` is one more inner sweep (the
    /// dense ``hessian(of:at:mode:)`` uses this).
    case reverseOverReverse

    /// The raw name.
    public var description: String { rawValue }
}
