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
        let entries = t.shape[0], k = t.shape[1]
        if entries == 1 || k == 1 { return Tensor(unchecked: prepending(k, to: shape), t.scalars) }
        let scalars = t.scalars.withUnsafeBufferPointer { source in
            filled(entries * k) { out in
                transposeCopy(source.baseAddress!, rows: entries, columns: k, into: out.baseAddress!, stride: entries)
            }
        }
        return Tensor(unchecked: prepending(k, to: shape), scalars)
    }

    /// The same tangents entry-major (`[entries, k]`), or nil for a constant.
    /// - Complexity: O(1) if stored so (or k or the entries are 1), else one transposing copy.
    @inlinable
    var entryMajorTangents: Tensor? {
        guard let t = storedTangents else { return nil }
        if isEntryMajor { return t }
        let k = t.shape[0], entries = value.scalarCount
        if entries == 1 || k == 1 { return Tensor(unchecked: [entries, k], t.scalars) }
        let scalars = t.scalars.withUnsafeBufferPointer { source in
            filled(entries * k) { out in
                transposeCopy(source.baseAddress!, rows: k, columns: entries, into: out.baseAddress!, stride: k)
            }
        }
        return Tensor(unchecked: [entries, k], scalars)
    }

    /// `value` with this tensor's tangents transformed by `transform`, which must act entry
    /// by entry (the same for every direction and entry), so either layout is kept as is.
    @inlinable
    func withEntrywiseTangents(_ value: Tensor, _ transform: (Tensor) -> Tensor) -> DualTensor {
        guard let t = storedTangents else { return DualTensor(unchecked: value, nil) }
        return isEntryMajor ? DualTensor(unchecked: value, entryMajor: transform(t)) : DualTensor(unchecked: value, transform(t))
    }

    /// Entry-major tangents `t` (`[entries, k]`) with row e times `factor[e]`, exactly 0
    /// where a tangent is 0 (the forward rule of an elementwise function).
    /// - Complexity: O(entries · k); one allocation.
    @inlinable
    static func scalingEntries(_ t: Tensor, by factor: Tensor) -> Tensor {
        let entries = t.shape[0], k = t.shape[1]
        typealias Group = SIMD8<Double>
        let w = Group.scalarCount
        let scalars = filled(entries * k) { out in
            t.scalars.withUnsafeBufferPointer { x in
                factor.scalars.withUnsafeBufferPointer { f in
                    for e in 0..<entries {
                        let c = f[e], row = x.baseAddress! + e * k, target = out.baseAddress! + e * k
                        let wide = Group(repeating: c)
                        var d = 0
                        while d + w <= k {
                            let a: Group = loadLanes(row + d)
                            storeLanes((a * wide).replacing(with: 0, where: a .== .zero), target + d)
                            d += w
                        }
                        while d < k {
                            target[d] = row[d] == 0 ? 0 : row[d] * c
                            d += 1
                        }
                    }
                }
            }
        }
        return Tensor(unchecked: [entries, k], scalars)
    }

    /// A constant matrix A (`[m, p]`) times a vector b with k directions: the value A·b and
    /// the tangents entry-major, `A·Tᵀ` as one product (`[m, k]`). Seeds that are rows of
    /// the identity give columns of A, copied; entry-major tangents of b (`[p, k]`) make it
    /// a plain product A·T.
    /// - Complexity: one matrix-vector and one m × p × k product (or an m × k copy).
    @inlinable
    static func constantMatrixTimesVector(_ a: Tensor, _ b: DualTensor) -> DualTensor {
        let value = Tensor.matmul(a, transposed: false, b.value, transposed: false)
        let m = a.shape[0], p = a.shape[1]
        guard let t = b.storedTangents else { return DualTensor(unchecked: value, nil) }
        if b.isEntryMajor {
            return DualTensor(unchecked: value, entryMajor: Tensor.matmul(a, transposed: false, t, transposed: false))
        }
        let k = t.shape[0]
        if let first = t.unitRows, first + k <= p {
            let columns = a.scalars.withUnsafeBufferPointer { source in
                filled(m * k) { out in
                    for i in 0..<m {
                        (out.baseAddress! + i * k).initialize(from: source.baseAddress! + i * p + first, count: k)
                    }
                }
            }
            return DualTensor(unchecked: value, entryMajor: Tensor(unchecked: [m, k], columns))
        }
        return DualTensor(unchecked: value, entryMajor: Tensor.matmul(a, transposed: false, t, transposed: true))
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
