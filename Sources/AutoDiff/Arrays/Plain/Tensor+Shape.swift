// Shape operations on plain tensors: reshape, transpose, broadcast, slice, pad,
// concatenate and select. Each checks its arguments and reports a ShapeMismatch.

extension Tensor {
    @inlinable
    public func reshaped(to newShape: [Int]) -> Tensor {
        var target = newShape
        if let hole = target.firstIndex(of: -1) {
            let known = target.enumerated().filter { $0.offset != hole }.map(\.element).reduce(1, *)
            if known > 0 && scalarCount % known == 0 && !target.contains(where: { $0 < -1 }) { target[hole] = scalarCount / known }
        }
        guard target.allSatisfy({ $0 >= 0 }), target.scalarCount == scalarCount else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "reshaped(to:)", shapes: [shape, newShape],
                    reason: "\(scalarCount) entries do not fill shape \(newShape)")
            ) {
                Tensor(repeating: .nan, shape: newShape.map { Swift.max(0, $0) })
            }
        }
        var reshaped = Tensor(unchecked: target, scalars)
        if let first = unitRows, target.first == shape.first { reshaped.unitRows = first } // still rows of the identity
        return reshaped
    }

    @inlinable
    public func transposed(permutation: [Int]) -> Tensor {
        guard permutation.count == rank, permutation.sorted() == Array(0..<rank) else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "transposed(permutation:)", shapes: [shape],
                    reason: "\(permutation) is not a permutation of the \(rank) axes")
            ) { self }
        }
        if permutation == Array(0..<rank) { return self }
        let newShape = permutation.map { shape[$0] }
        let own = rowMajorStrides(shape)
        let strides = permutation.map { own[$0] }
        let zeros = [Int](repeating: 0, count: rank)
        return Tensor(
            unchecked: newShape,
            filled(scalarCount) { out in
                scalars.withUnsafeBufferPointer { x in
                    forEachBroadcastRow(newShape, strides, zeros) { o, s, _, _, start, count in
                        for i in 0..<count { out[start + i] = x[o + i * s] }
                    }
                }
            })
    }

    @inlinable
    public func broadcasted(to newShape: [Int]) -> Tensor {
        guard broadcasts(shape, to: newShape) else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "broadcasted(to:)", shapes: [shape, newShape],
                    reason: "\(shape) does not broadcast to \(newShape)")
            ) { Tensor(repeating: .nan, shape: newShape) }
        }
        return expanded(to: newShape)
    }

    /// (entries before the axis, its length, entries after it) for a normalized axis.
    @inlinable
    func split(at axis: Int) -> (outer: Int, length: Int, inner: Int) {
        (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// `axis` made non-negative, or nil after reporting a mismatch.
    @inlinable
    func normalizedAxis(_ axis: Int, _ operation: String) -> Int? {
        Tensor.normalizedAxes([axis], rank: rank, shape: shape, operation: operation)?.first
    }

    @inlinable
    public func slice(_ range: Range<Int>, alongAxis axis: Int) -> Tensor {
        guard let a = normalizedAxis(axis, "slice(_:alongAxis:)") else { return self }
        guard range.lowerBound >= 0 && range.upperBound <= shape[a] else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "slice(_:alongAxis:)", shapes: [shape],
                    reason: "range \(range) is outside 0..<\(shape[a]) along axis \(a)")
            ) {
                var s = shape
                s[a] = range.count
                return Tensor(repeating: .nan, shape: s)
            }
        }
        let inner = split(at: a).inner
        return resized(alongAxis: a, to: range.count) { row, source, _ in
            row.initialize(from: source + range.lowerBound * inner, count: range.count * inner)
        }
    }

    @inlinable
    public func padded(alongAxis axis: Int, before: Int, after: Int, with value: Double) -> Tensor {
        guard let a = normalizedAxis(axis, "padded(alongAxis:before:after:with:)") else { return self }
        guard before >= 0 && after >= 0 else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "padded(alongAxis:before:after:with:)", shapes: [shape],
                    reason: "negative padding \(before), \(after)")
            ) { self }
        }
        let inner = split(at: a).inner
        return resized(alongAxis: a, to: shape[a] + before + after) { row, source, count in
            row.initialize(repeating: value, count: before * inner)
            if count > 0 { (row + before * inner).initialize(from: source, count: count) }
            (row + before * inner + count).initialize(repeating: value, count: after * inner)
        }
    }

    /// This tensor with axis `a` (normalized) of length `length`: for each block before the
    /// axis, `fill(row, source, count)` writes the new block `row` (length × the entries
    /// after the axis) from the old one at `source` (`count` entries).
    /// - Complexity: one pass writing the result.
    @inlinable
    func resized(
        alongAxis a: Int, to length: Int,
        _ fill: (_ row: UnsafeMutablePointer<Double>, _ source: UnsafePointer<Double>, _ count: Int) -> Void
    ) -> Tensor {
        let (outer, n, inner) = split(at: a)
        var newShape = shape
        newShape[a] = length
        let width = length * inner
        return Tensor(
            unchecked: newShape,
            filled(outer * width) { out in
                guard width > 0 else { return }
                scalars.withUnsafeBufferPointer { x in
                    // An empty source may have no address; nothing is read from it then.
                    let source = x.baseAddress ?? UnsafePointer(out.baseAddress!)
                    for i in 0..<outer { fill(out.baseAddress! + i * width, source + i * n * inner, n * inner) }
                }
            })
    }

    @inlinable
    public static func concatenate(_ parts: [Tensor], alongAxis axis: Int) -> Tensor {
        guard let first = parts.first else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "concatenate(_:alongAxis:)", shapes: [], reason: "no parts to join")
            ) { Tensor(.nan) }
        }
        guard let a = first.normalizedAxis(axis, "concatenate(_:alongAxis:)") else { return first }
        for part in parts
        where part.rank != first.rank
            || part.shape.enumerated().contains(where: { $0.offset != a && $0.element != first.shape[$0.offset] })
        {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "concatenate(_:alongAxis:)", shapes: parts.map(\.shape),
                    reason: "the parts differ on an axis other than \(a)")
            ) { first }
        }
        let (outer, _, inner) = first.split(at: a)
        let lengths = parts.map { $0.shape[a] }
        var newShape = first.shape
        newShape[a] = lengths.reduce(0, +)
        let width = newShape[a] * inner
        return Tensor(
            unchecked: newShape,
            filled(outer * width) { out in
                guard width > 0 else { return }
                var offset = 0
                for (part, n) in zip(parts, lengths) {
                    part.scalars.withUnsafeBufferPointer { x in
                        for i in 0..<outer where n * inner > 0 {
                            (out.baseAddress! + i * width + offset).initialize(from: x.baseAddress! + i * n * inner, count: n * inner)
                        }
                    }
                    offset += n * inner
                }
            })
    }

    @inlinable
    public static func select(_ mask: TensorMask, _ whereTrue: Tensor, _ whereFalse: Tensor) -> Tensor {
        guard let s1 = broadcastShape(whereTrue.shape, whereFalse.shape), let shape = broadcastShape(mask.shape, s1) else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "select(_:_:_:)", shapes: [mask.shape, whereTrue.shape, whereFalse.shape],
                    reason: "shapes do not broadcast")
            ) { whereTrue }
        }
        let m = mask.tensor.expanded(to: shape), a = whereTrue.expanded(to: shape), b = whereFalse.expanded(to: shape)
        return Tensor(
            unchecked: shape,
            filled(shape.scalarCount) { out in
                for i in 0..<out.count { out[i] = m.scalars[i] != 0 ? a.scalars[i] : b.scalars[i] }
            })
    }
}

/// `[first] + shape` in one allocation (the literal and `+` make two): the shape of a
/// batch of k tangents or cotangents of a tensor of `shape`.
@inlinable
func prepending(_ first: Int, to shape: [Int]) -> [Int] {
    [Int](unsafeUninitializedCapacity: shape.count + 1) { buffer, count in
        buffer[0] = first
        for i in 0..<shape.count { buffer[i + 1] = shape[i] }
        count = shape.count + 1
    }
}
