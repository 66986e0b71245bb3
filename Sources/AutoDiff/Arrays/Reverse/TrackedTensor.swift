/// An array whose operations are recorded on a ``TensorTape``: reverse-mode
/// differentiation at array level.
///
/// A tracked tensor is its ``value``, the index of the entry that produced it, and a
/// reference to the tape (nil for a constant: operations on constants only are not
/// recorded). Each array operation with a recorded operand appends one entry holding what
/// its reverse rule needs; a reshape appends none (its result is a view of the same entry
/// in another shape).
///
/// `V` is the tape's value type: ``Tensor`` for plain reverse mode, ``DualTensor`` for
/// forward over reverse (the recorded values carry tangents, and a sweep then gives
/// Hessian-vector products).
///
/// Combining values recorded on two different tapes is a programming error and traps.
public struct TrackedTensor<V: TensorTapeValue>: CustomStringConvertible {
    /// The value computed.
    public let value: V
    /// The tape entry that produced the value (meaningless for a constant).
    @usableFromInline let index: Int
    /// The tape, or nil for a constant.
    @usableFromInline let tape: TensorTape<V>?

    @inlinable
    init(_ value: V, index: Int, tape: TensorTape<V>?) {
        self.value = value
        self.index = index
        self.tape = tape
    }

    /// A constant of the tape's value type, on no tape.
    @inlinable
    public init(constant value: V) { self.init(value, index: -1, tape: nil) }

    /// Whether this value was recorded (false for constants).
    @inlinable public var isRecorded: Bool { tape != nil }

    /// The entry index, or -1 for a constant (as a parent index: "no parent").
    @inlinable var entry: Int { tape == nil ? -1 : index }

    /// The value, and the entry when recorded (`[1.0, 2.0] @3`).
    public var description: String { tape == nil ? "\(value)" : "\(value) @\(index)" }

    /// The tape shared by the recorded operands (nil if all are constants).
    @inlinable
    static func tape(of operands: TrackedTensor...) -> TensorTape<V>? {
        var found: TensorTape<V>? = nil
        for x in operands {
            guard let t = x.tape else { continue }
            if let f = found { precondition(f === t, "TrackedTensor: operands recorded on two different tapes") }
            found = t
        }
        return found
    }

    /// The tape shared by the recorded operands of an array (nil if all are constants).
    @inlinable
    static func tape(ofAll operands: [TrackedTensor]) -> TensorTape<V>? {
        var found: TensorTape<V>? = nil
        for x in operands {
            guard let t = x.tape else { continue }
            if let f = found { precondition(f === t, "TrackedTensor: operands recorded on two different tapes") }
            found = t
        }
        return found
    }
}

/// The batched cotangent `g` (shape `[k] + outShape`) summed down to `[k] + shape`, where
/// an operand of `shape` was broadcast to `outShape`: the one place where broadcasting is
/// undone in reverse mode.
@inlinable
func unbroadcast<T: ADTensor>(_ g: T, to shape: [Int]) -> T {
    let outRank = g.rank - 1
    if outRank == shape.count, g.shape.dropFirst().elementsEqual(shape) { return g }
    let lead = outRank - shape.count
    var axes = Array(1..<(1 + lead))
    for j in 0..<shape.count where shape[j] == 1 && g.shape[1 + lead + j] != 1 { axes.append(1 + lead + j) }
    let k = g.shape[0]
    return (axes.isEmpty ? g : g.sum(alongAxes: axes)).reshaped(to: prepending(k, to: shape))
}

extension TrackedTensor: ADTensor {
    /// A constant, on no tape.
    @inlinable public init(_ constant: Tensor) { self.init(constant: V(constant)) }
    /// The plain value.
    @inlinable public var primal: Tensor { value.primal }
    /// The value's shape.
    @inlinable public var shape: [Int] { value.shape }
}
