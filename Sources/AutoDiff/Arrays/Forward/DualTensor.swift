/// An array with k tangents: forward-mode differentiation at array level.
///
/// ``tangents`` holds the k directional derivatives of ``value`` as ONE array of shape
/// `[k] + value.shape` (the direction is the leading axis), so one pass pushes k
/// directions and a matrix product pushes them as one matrix-matrix product. A constant
/// has no tangent array at all (`nil`: every direction zero), so constant operands cost no
/// tangent work.
///
/// - Complexity: each operation costs its primal plus its forward rule on the k
///   directions (for a matrix product, one more product of k times the size).
public struct DualTensor: CustomStringConvertible {
    /// The primal value.
    public var value: Tensor
    /// The tangents as stored: direction-major (`[k] + value.shape`, the layout of
    /// ``tangents``) or, when ``isEntryMajor``, entry-major (`[entries, k]`: each entry's k
    /// tangents side by side, the layout of a Jacobian's rows). Nil for a constant.
    @usableFromInline var storedTangents: Tensor?
    /// Whether ``storedTangents`` is entry-major. Rules that read that layout natively (a
    /// constant matrix times a vector, elementwise functions, sums, the Jacobian driver) keep
    /// it; any other reads ``tangents``, which transposes.
    @usableFromInline var isEntryMajor: Bool

    /// The directional derivatives, shape `[k] + value.shape`; nil for a constant.
    /// - Complexity: O(1), or O(k · entries) when they are stored entry-major (transposed
    ///   on each read).
    @inlinable
    public var tangents: Tensor? {
        get { isEntryMajor ? storedTangents.map { DualTensor.directionMajor($0, shape: value.shape) } : storedTangents }
        set {
            storedTangents = newValue
            isEntryMajor = false
        }
    }

    /// A value with its tangents (shape `[k] + value.shape`, or nil for none).
    /// - Precondition: the tangents' shape is `[k] + value.shape`.
    @inlinable
    public init(_ value: Tensor, tangents: Tensor?) {
        if let t = tangents {
            precondition(
                t.rank == value.rank + 1 && t.shape.dropFirst().elementsEqual(value.shape),
                "DualTensor: tangents of shape \(t.shape) for a value of shape \(value.shape) (expected [k] + \(value.shape))")
        }
        self.value = value
        self.storedTangents = tangents
        self.isEntryMajor = false
    }

    /// Internal: a value whose tangents (direction-major) are known to have the right shape.
    @inlinable
    init(unchecked value: Tensor, _ tangents: Tensor?) {
        self.value = value
        self.storedTangents = tangents
        self.isEntryMajor = false
    }

    /// Internal: a value with entry-major tangents (shape `[value.scalarCount, k]`).
    @inlinable
    init(unchecked value: Tensor, entryMajor tangents: Tensor) {
        self.value = value
        self.storedTangents = tangents
        self.isEntryMajor = true
    }

    /// Whether no direction reaches this value (no tangents stored).
    @inlinable var isConstant: Bool { storedTangents == nil }

    /// The number of directions carried, or nil for a constant.
    @inlinable public var directionCount: Int? {
        guard let t = storedTangents else { return nil }
        return isEntryMajor ? t.shape[1] : t.shape[0]
    }

    /// `value + [tangents]ε`.
    public var description: String { "\(value) + \(tangents.map { "\($0)" } ?? "0")ε" }
}

extension DualTensor {
    /// `t` (shape `[k] + shape`) with ones inserted after the direction axis so that it has
    /// rank `rank + 1` and broadcasts against values of rank `rank`.
    @inlinable
    static func lifted(_ t: Tensor, toRank rank: Int) -> Tensor {
        let own = t.rank - 1
        if own >= rank { return t }
        return t.reshaped(to: [t.shape[0]] + [Int](repeating: 1, count: rank - own) + t.shape.dropFirst())
    }

    /// `t` broadcast to exactly `[k] + shape`.
    @inlinable
    static func completed(_ t: Tensor, to shape: [Int]) -> Tensor {
        let full = prepending(t.shape[0], to: shape)
        return t.shape == full ? t : lifted(t, toRank: shape.count).expanded(to: full)
    }

    /// The sum of two optional tangent arrays (nil is zero), of shape `[k] + shape`.
    @inlinable
    static func adding(_ a: Tensor?, _ b: Tensor?, shape: [Int]) -> Tensor? {
        switch (a, b) {
        case (nil, nil): return nil
        case let (t?, nil), let (nil, t?): return completed(t, to: shape)
        case let (s?, t?):
            precondition(s.shape[0] == t.shape[0], "DualTensor: operands carry \(s.shape[0]) and \(t.shape[0]) directions")
            return completed(lifted(s, toRank: shape.count) + lifted(t, toRank: shape.count), to: shape)
        }
    }

    /// `t · factor` entry by entry for each direction (factor of a shape broadcasting to
    /// `shape`), completed to `[k] + shape`; nil stays nil.
    @inlinable
    static func scaled(_ t: Tensor?, by factor: Tensor, shape: [Int]) -> Tensor? {
        guard let t else { return nil }
        return completed(Tensor.multiplyKeepingZeros(lifted(t, toRank: shape.count), factor), to: shape)
    }
}

extension DualTensor: ADTensor {
    /// A constant: no tangents.
    @inlinable public init(_ constant: Tensor) { self.init(unchecked: constant, nil) }
    /// The value.
    @inlinable public var primal: Tensor { value }
    /// The value's shape.
    @inlinable public var shape: [Int] { value.shape }
}
