// Reductions: the primal (Tensor+Reductions), the forward rule (DualTensor) and the
// reverse rule (TrackedTensor) side by side. The reduced axes are kept with length 1, so
// a cotangent broadcasts straight back over them.

// MARK: Forward

extension DualTensor {
    /// The tangents summed over the same axes (shifted past the direction axis).
    @inlinable
    public func sum(alongAxes axes: [Int]) -> DualTensor {
        let value = self.value.sum(alongAxes: axes)
        guard let t = tangents,
            let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "sum(alongAxes:)")
        else {
            return DualTensor(unchecked: value, nil)
        }
        return DualTensor(unchecked: value, t.summed(a.map { $0 + 1 }))
    }

    /// The tangents read at the position of each maximum.
    @inlinable
    public func max(alongAxes axes: [Int]) -> DualTensor {
        guard let t = tangents, shape.scalarCount > 0,
            let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "max(alongAxes:)")
        else {
            return DualTensor(unchecked: value.max(alongAxes: axes), nil)
        }
        let (m, positions) = value.maximum(a)
        let k = t.shape[0], n = shape.scalarCount
        let picked = filled(k * positions.count) { out in
            for d in 0..<k {
                for (i, p) in positions.enumerated() { out[d * positions.count + i] = p >= 0 ? t.scalars[d * n + p] : 0 }
            }
        }
        return DualTensor(unchecked: m, Tensor(unchecked: prepending(k, to: m.shape), picked))
    }

    /// Tangents Σ t·softmax over the axes.
    @inlinable
    public func logSumExp(alongAxes axes: [Int]) -> DualTensor {
        let lse = value.logSumExp(alongAxes: axes)
        guard let t = tangents,
            let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "logSumExp(alongAxes:)")
        else {
            return DualTensor(unchecked: lse, nil)
        }
        let softmax = Tensor.applying(.exp, to: value - lse)
        return DualTensor(unchecked: lse, (t * softmax).summed(a.map { $0 + 1 }))
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// The cotangent broadcast back over the summed axes.
    @inlinable
    public func sum(alongAxes axes: [Int]) -> TrackedTensor {
        let shape = self.shape
        return TrackedTensor.unary(self, value.sum(alongAxes: axes), "sum") { g in
            g.broadcasted(to: prepending(g.shape[0], to: shape))
        }
    }

    /// The cotangent routed to the position of each maximum (the first on a tie).
    @inlinable
    public func max(alongAxes axes: [Int]) -> TrackedTensor {
        let shape = self.shape
        guard isRecorded, shape.scalarCount > 0,
            let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "max(alongAxes:)")
        else {
            return TrackedTensor(constant: value.max(alongAxes: axes))
        }
        let (maximum, positions) = value.primal.maximum(a)
        let indicator = V(value.primal.indicator(positions))
        if let tape, tape.isDiagnosing {
            let ties = zip(value.primal.scalars, maximum.expanded(to: shape).scalars).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) }
            tape.diagnoseKinks(
                ties - positions.count, operation: "max(alongAxes:)",
                what: "tied with a maximum (the first takes the derivative)")
        }
        return TrackedTensor.unary(self, value.max(alongAxes: axes), "max", savedBytes: 8 * shape.scalarCount) { g in
            g.broadcasted(to: prepending(g.shape[0], to: shape)) * indicator
        }
    }

    /// The cotangent times the softmax over the axes.
    @inlinable
    public func logSumExp(alongAxes axes: [Int]) -> TrackedTensor {
        guard isRecorded else { return TrackedTensor(constant: value.logSumExp(alongAxes: axes)) }
        let (lse, softmax) = V.logSumExpWithSoftmax(value, alongAxes: axes)
        return TrackedTensor.unary(self, lse, "logSumExp", savedBytes: 8 * shape.scalarCount) { g in g * softmax }
    }
}
