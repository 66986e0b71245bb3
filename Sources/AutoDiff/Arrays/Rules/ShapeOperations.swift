// Shape operations: the primal (Tensor+Shape), the forward rule (DualTensor: the same
// operation on the tangents, one axis further right) and the reverse rule (TrackedTensor:
// the adjoint operation on the cotangent) side by side.

// MARK: Forward

extension DualTensor {
    @inlinable public func reshaped(to shape: [Int]) -> DualTensor {
        let value = self.value.reshaped(to: shape)
        return DualTensor(unchecked: value, tangents.map { $0.reshaped(to: prepending($0.shape[0], to: value.shape)) })
    }
    @inlinable public func transposed(permutation: [Int]) -> DualTensor {
        let value = self.value.transposed(permutation: permutation)
        guard value.shape != shape || permutation != Array(0..<rank), rank == permutation.count else {
            return DualTensor(unchecked: value, tangents)
        }
        return DualTensor(unchecked: value, tangents.map { $0.transposed(permutation: [0] + permutation.map { $0 + 1 }) })
    }
    @inlinable public func broadcasted(to shape: [Int]) -> DualTensor {
        let value = self.value.broadcasted(to: shape)
        return DualTensor(unchecked: value, tangents.map { DualTensor.completed($0, to: value.shape) })
    }
    @inlinable public func slice(_ range: Range<Int>, alongAxis axis: Int) -> DualTensor {
        let value = self.value.slice(range, alongAxis: axis)
        guard let t = tangents, let a = self.value.normalizedAxis(axis, "slice(_:alongAxis:)"), value.rank == rank else {
            return DualTensor(unchecked: value, nil)
        }
        return DualTensor(unchecked: value, t.slice(range, alongAxis: a + 1))
    }
    @inlinable public func padded(alongAxis axis: Int, before: Int, after: Int, with padding: Double) -> DualTensor {
        let value = self.value.padded(alongAxis: axis, before: before, after: after, with: padding)
        guard let t = tangents, let a = self.value.normalizedAxis(axis, "padded(alongAxis:before:after:with:)") else {
            return DualTensor(unchecked: value, nil)
        }
        return DualTensor(unchecked: value, t.padded(alongAxis: a + 1, before: before, after: after, with: 0))
    }
    @inlinable public static func concatenate(_ parts: [DualTensor], alongAxis axis: Int) -> DualTensor {
        let value = Tensor.concatenate(parts.map(\.value), alongAxis: axis)
        guard let k = parts.lazy.compactMap(\.directionCount).first, !ShapeMismatchSink.hasFailed,
            let a = value.normalizedAxis(axis, "concatenate(_:alongAxis:)")
        else {
            return DualTensor(unchecked: value, nil)
        }
        let tangents = parts.map { $0.tangents ?? Tensor.zeros(shape: [k] + $0.shape) }
        return DualTensor(unchecked: value, Tensor.concatenate(tangents, alongAxis: a + 1))
    }
    @inlinable public static func select(_ mask: TensorMask, _ whereTrue: DualTensor, _ whereFalse: DualTensor) -> DualTensor {
        let value = Tensor.select(mask, whereTrue.value, whereFalse.value)
        guard let k = whereTrue.directionCount ?? whereFalse.directionCount, !ShapeMismatchSink.hasFailed else {
            return DualTensor(unchecked: value, nil)
        }
        let a = whereTrue.tangents.map { completed($0, to: value.shape) } ?? Tensor.zeros(shape: prepending(k, to: value.shape))
        let b = whereFalse.tangents.map { completed($0, to: value.shape) } ?? Tensor.zeros(shape: prepending(k, to: value.shape))
        return DualTensor(unchecked: value, Tensor.select(mask, a, b))
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// A view of the same entry in another shape: nothing recorded. Cotangents reaching it
    /// in the new shape are reshaped back when the sweep adds them to the entry.
    @inlinable public func reshaped(to shape: [Int]) -> TrackedTensor {
        let value = self.value.reshaped(to: shape)
        // A count that does not fit was reported; its placeholder is not tied to the entry.
        guard isRecorded, value.shape.scalarCount == self.shape.scalarCount else { return TrackedTensor(constant: value) }
        return TrackedTensor(value, index: index, tape: tape)
    }
    /// The cotangent transposed by the inverse permutation.
    @inlinable public func transposed(permutation: [Int]) -> TrackedTensor {
        let value = self.value.transposed(permutation: permutation)
        guard permutation.sorted() == Array(0..<rank) else { return TrackedTensor(constant: value) }
        var inverse = permutation
        for (k, p) in permutation.enumerated() { inverse[p] = k }
        return TrackedTensor.unary(self, value, "transposed") { g in g.transposed(permutation: [0] + inverse.map { $0 + 1 }) }
    }
    /// The cotangent summed over the broadcast axes.
    @inlinable public func broadcasted(to shape: [Int]) -> TrackedTensor {
        let old = self.shape
        return TrackedTensor.unary(self, value.broadcasted(to: shape), "broadcasted") { g in unbroadcast(g, to: old) }
    }
    /// The cotangent padded with zeros back to the full axis.
    @inlinable public func slice(_ range: Range<Int>, alongAxis axis: Int) -> TrackedTensor {
        let value = self.value.slice(range, alongAxis: axis)
        guard let a = self.value.primal.normalizedAxis(axis, "slice(_:alongAxis:)"), range.upperBound <= shape[a],
            range.lowerBound >= 0
        else { return TrackedTensor(constant: value) }
        let n = shape[a]
        return TrackedTensor.unary(self, value, "slice") { g in
            g.padded(alongAxis: a + 1, before: range.lowerBound, after: n - range.upperBound, with: 0)
        }
    }
    /// The cotangent with the padding cut off.
    @inlinable public func padded(alongAxis axis: Int, before: Int, after: Int, with padding: Double) -> TrackedTensor {
        let value = self.value.padded(alongAxis: axis, before: before, after: after, with: padding)
        guard let a = self.value.primal.normalizedAxis(axis, "padded(alongAxis:before:after:with:)"), before >= 0, after >= 0
        else { return TrackedTensor(constant: value) }
        let n = shape[a]
        return TrackedTensor.unary(self, value, "padded") { g in g.slice(before..<(before + n), alongAxis: a + 1) }
    }
    /// Each part receives its slice of the cotangent.
    @inlinable public static func concatenate(_ parts: [TrackedTensor], alongAxis axis: Int) -> TrackedTensor {
        let value = V.concatenate(parts.map(\.value), alongAxis: axis)
        guard let tape = tape(ofAll: parts), !ShapeMismatchSink.hasFailed,
            let a = value.primal.normalizedAxis(axis, "concatenate(_:alongAxis:)")
        else { return TrackedTensor(constant: value) }
        let lengths = parts.map { $0.shape[a] }
        let recorded = parts.map(\.isRecorded)
        return tape.record(value, operation: "concatenate", operands: parts.map(\.entry)) { g in
            var offset = 0
            return zip(lengths, recorded).map { n, r in
                defer { offset += n }
                return r ? g.slice(offset..<(offset + n), alongAxis: a + 1) : nil
            }
        }
    }
    /// The cotangent goes to the side each entry chose, summed back to its shape.
    @inlinable public static func select(_ mask: TensorMask, _ whereTrue: TrackedTensor, _ whereFalse: TrackedTensor) -> TrackedTensor {
        let value = V.select(mask, whereTrue.value, whereFalse.value)
        guard let tape = tape(of: whereTrue, whereFalse) else { return TrackedTensor(constant: value) }
        let (ra, rb, sa, sb) = (whereTrue.isRecorded, whereFalse.isRecorded, whereTrue.shape, whereFalse.shape)
        let zero = V(Tensor(0))
        return tape.recordBinary(value, operation: "select", whereTrue.entry, whereFalse.entry) { g in
            (
                ra ? unbroadcast(V.select(mask, g, zero), to: sa) : nil,
                rb ? unbroadcast(V.select(mask, zero, g), to: sb) : nil
            )
        }
    }
}
