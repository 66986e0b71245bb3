// Entry-major tangents: each entry's k tangents side by side (`[entries, k]`), the layout of
// a Jacobian's rows. A constant matrix times a vector with k directions produces them as one
// product, A·Tᵀ, already in that layout; elementwise functions and sums keep it, and the
// forward Jacobian takes it as its rows without transposing. Every other rule reads the
// direction-major ``DualTensor/tangents``, transposed on demand.

extension DualTensor {
    /// Entry-major tangents `t` (`[entries, k]`) in direction-major order, shape `[k] + shape`.
    /// - Complexity: O(1) when k or the number of entries is 1 (the same order), else one
    ///   transposing copy.
    @inlinable
    static func directionMajor(_ t: Tensor, shape: [Int]) -> Tensor {
        Tensor(unchecked: prepending(t.shape[1], to: shape), transposedEntries(t.scalars, rows: t.shape[0], columns: t.shape[1]))
    }

    /// The same tangents entry-major (`[entries, k]`), or nil for a constant.
    /// - Complexity: O(1) if stored so (or k or the entries are 1), else one transposing copy.
    @inlinable
    var entryMajorTangents: Tensor? {
        guard let t = storedTangents else { return nil }
        if isEntryMajor { return t }
        let k = t.shape[0], entries = value.scalarCount
        return Tensor(unchecked: [entries, k], transposedEntries(t.scalars, rows: k, columns: entries))
    }

    /// `value` with this tensor's tangents transformed by `transform`, which must act entry
    /// by entry (the same for every direction and entry), so either layout is kept as is.
    @inlinable
    func withEntrywiseTangents(_ value: Tensor, _ transform: (Tensor) -> Tensor) -> DualTensor {
        guard let t = storedTangents else { return DualTensor(unchecked: value, nil) }
        return isEntryMajor ? DualTensor(unchecked: value, entryMajor: transform(t)) : DualTensor(unchecked: value, transform(t))
    }

    /// A constant matrix A (`[m, p]`) times a vector b with k directions: the value A·b and
    /// the tangents entry-major, `A·Tᵀ` as one product (`[m, k]`; seeds that are rows of
    /// the identity make it a copy of A's columns), or A·T for entry-major tangents of b
    /// (`[p, k]`).
    /// - Complexity: one matrix-vector and one m × p × k product (or an m × k copy).
    @inlinable
    static func constantMatrixTimesVector(_ a: Tensor, _ b: DualTensor) -> DualTensor {
        let value = Tensor.matmul(a, transposed: false, b.value, transposed: false)
        guard let t = b.storedTangents else { return DualTensor(unchecked: value, nil) }
        return DualTensor(unchecked: value, entryMajor: Tensor.matmul(a, transposed: false, t, transposed: !b.isEntryMajor))
    }
}

extension DualTensor {
    /// `lhs ± rhs` with entry-major tangents when either operand has them and neither is
    /// broadcast (both values have the result's shape); nil otherwise (the caller's
    /// direction-major rule applies).
    /// - Complexity: O(entries · k).
    @inlinable
    static func entryMajorSum(_ lhs: DualTensor, _ rhs: DualTensor, value: Tensor, subtracting: Bool) -> DualTensor? {
        guard lhs.isEntryMajor || rhs.isEntryMajor, lhs.value.shape == value.shape, rhs.value.shape == value.shape,
            lhs.directionCount == nil || rhs.directionCount == nil || lhs.directionCount == rhs.directionCount
        else { return nil }
        switch (lhs.entryMajorTangents, rhs.entryMajorTangents) {
        case let (s?, t?): return DualTensor(unchecked: value, entryMajor: subtracting ? s - t : s + t)
        case let (s?, nil): return DualTensor(unchecked: value, entryMajor: s)
        case let (nil, t?): return DualTensor(unchecked: value, entryMajor: subtracting ? -t : t)
        case (nil, nil): return DualTensor(unchecked: value, nil)
        }
    }
}
