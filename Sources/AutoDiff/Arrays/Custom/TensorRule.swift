/// An array sub-function whose derivative you supply: its plain evaluation on ``Tensor``
/// (any code: a loop over scalars, a call into a routine that is not generic) and a
/// forward rule, a reverse rule, or both. Applied with `T.applying(rule, to: inputs)`
/// inside an array function, it runs in every mode as ONE array operation:
///
/// | mode | what runs |
/// |---|---|
/// | ``Tensor`` | ``callAsFunction(_:)`` |
/// | ``DualTensor`` | ``jvp(at:value:tangents:)`` on the batch of k tangents; without one, the Jacobian formed by ``vjp(at:value:cotangents:)`` on the output's unit vectors (one call carrying m cotangents) |
/// | ``TrackedTensor`` | one tape entry whose pullback calls ``vjp(at:value:cotangents:)`` on the batch of cotangents; without one, the Jacobian formed by ``jvp(at:value:tangents:)`` on the inputs' unit vectors (one call carrying N tangents, each sweep) |
/// | ``ScalarTensor`` | each output entry as its value plus the rule's Jacobian times the inputs' scalars (first derivatives exact in every scalar mode; the rule's second derivatives are taken as zero) |
///
/// A missing rule that cannot be derived (neither given, or a Jacobian of more than 2^24
/// entries to form), a rule returning arrays of the wrong shape, and second order through
/// a rule (``valueGradientAndHVP(of:at:direction:)`` needs the derivative of the reverse
/// rule: write it generically as a ``DifferentiableTensorRule``) are reported by the
/// drivers as ``DifferentiationError/missingRule(_:)`` or
/// ``DifferentiationError/shapeMismatch(_:)``, naming the rule and the mode.
///
/// ```swift
/// /// y = x³ entry by entry, with a loop over scalars and its derivative 3x².
/// struct Cube: TensorRule {
///     func callAsFunction(_ x: [Tensor]) -> Tensor {
///         Tensor(shape: x[0].shape, scalars: x[0].scalars.map { $0 * $0 * $0 })
///     }
///     func jvp(at x: [Tensor], value: Tensor, tangents: [Tensor]) -> Tensor? {
///         tangents[0] * (3 * x[0] * x[0])      // [k] + shape times 3x², broadcast
///     }
/// }
/// // inside an array function: let y = T.applying(Cube(), to: [x])
/// ```
///
/// Tangents and cotangents come as batches: `[k] + shape`, one direction per index of the
/// leading axis.
public protocol TensorRule {
    /// The operation's name on the tape and in error messages. Default: the type's name.
    var name: String { get }

    /// The plain evaluation at `inputs`.
    func callAsFunction(_ inputs: [Tensor]) -> Tensor

    /// The forward rule: the output's k tangents (shape `[k] + value.shape`) from the
    /// inputs' (`tangents[i]` of shape `[k] + inputs[i].shape`; zeros for an input that
    /// carries none). `value` is ``callAsFunction(_:)`` at `inputs`.
    /// Return nil (the default) for "no forward rule".
    func jvp(at inputs: [Tensor], value: Tensor, tangents: [Tensor]) -> Tensor?

    /// The reverse rule: each input's k cotangents (shape `[k] + inputs[i].shape`) from
    /// the output's (`cotangents`, shape `[k] + value.shape`).
    /// Return nil (the default) for "no reverse rule".
    func vjp(at inputs: [Tensor], value: Tensor, cotangents: Tensor) -> [Tensor]?
}

extension TensorRule {
    /// The type's name.
    public var name: String { "\(Self.self)" }
    /// No forward rule.
    public func jvp(at inputs: [Tensor], value: Tensor, tangents: [Tensor]) -> Tensor? { nil }
    /// No reverse rule.
    public func vjp(at inputs: [Tensor], value: Tensor, cotangents: Tensor) -> [Tensor]? { nil }
}

/// A ``TensorRule`` whose reverse rule is written once with the array protocol's
/// operations, generic over the tape's value type, so that forward over reverse
/// (``hvp(of:at:direction:)``, ``valueGradientAndHVP(of:at:direction:)``) differentiates it
/// again: on a tape of ``DualTensor`` values its cotangents carry second derivatives.
///
/// ```swift
/// struct Softmax: DifferentiableTensorRule {
///     func callAsFunction(_ x: [Tensor]) -> Tensor { ... }       // plain code
///     func pullback<T: TensorTapeValue>(at x: [T], value y: T, cotangents g: T) -> [T] {
///         [y * (g - (g * y).sum(alongAxes: 1))]
///     }
/// }
/// ```
/// Its ``TensorRule/vjp(at:value:cotangents:)`` is ``pullback(at:value:cotangents:)`` on
/// ``Tensor``.
public protocol DifferentiableTensorRule: TensorRule {
    /// The reverse rule: each input's k cotangents (`[k] + inputs[i].shape`) from the
    /// output's (`[k] + value.shape`), with `inputs` and `value` of the tape's type.
    func pullback<T: TensorTapeValue>(at inputs: [T], value: T, cotangents: T) -> [T]
}

extension DifferentiableTensorRule {
    /// ``pullback(at:value:cotangents:)`` on plain tensors.
    public func vjp(at inputs: [Tensor], value: Tensor, cotangents: Tensor) -> [Tensor]? {
        pullback(at: inputs, value: value, cotangents: cotangents)
    }
}
