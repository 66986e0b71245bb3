// NumPy broadcasting: shapes aligned on the right; an axis of length 1 (or a missing
// leading axis) stretches to the other operand's length.

/// The shape two operands broadcast to, or nil where an axis differs and neither is 1.
@inlinable
func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
    if a == b { return a }
    // Start from the longer shape and write only the axes the shorter one stretches, so the
    // common cases (a trailing vector, a kept reduction axis) allocate nothing.
    let (long, short) = a.count >= b.count ? (a, b) : (b, a)
    var out = long
    let lead = long.count - short.count
    for k in 0..<short.count {
        let x = long[lead + k], y = short[k]
        if x == y || y == 1 { continue }
        if x == 1 { out[lead + k] = y } else { return nil }
    }
    return out
}

/// Whether `shape` broadcasts to exactly `target` (`broadcastShape(shape, target) ==
/// target`, without building the shape).
@inlinable
func broadcasts(_ shape: [Int], to target: [Int]) -> Bool {
    guard shape.count <= target.count else { return false }
    let lead = target.count - shape.count
    for k in 0..<shape.count where shape[k] != 1 && shape[k] != target[lead + k] { return false }
    return true
}

/// Row-major strides of `shape` (elements between neighbours along each axis).
@inlinable
func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    var s = 1
    for k in stride(from: shape.count - 1, through: 0, by: -1) {
        strides[k] = s
        s *= shape[k]
    }
    return strides
}

/// Strides that read an operand of `shape` as if broadcast to `outShape` (0 along
/// stretched axes). `shape` must broadcast to `outShape`.
@inlinable
func broadcastStrides(_ shape: [Int], to outShape: [Int]) -> [Int] {
    let own = rowMajorStrides(shape)
    let lead = outShape.count - shape.count
    var strides = [Int](repeating: 0, count: outShape.count)
    for k in 0..<shape.count { strides[lead + k] = shape[k] == 1 ? 0 : own[k] }
    return strides
}

/// Calls `body(offsetA, strideA, offsetB, strideB, outOffset, count)` once per innermost
/// row of `outShape`, where row entries `i` read `a[offsetA + i·strideA]` and
/// `b[offsetB + i·strideB]`: the loop every broadcast binary operation runs.
@inlinable
func forEachBroadcastRow(
    _ outShape: [Int], _ stridesA: [Int], _ stridesB: [Int],
    _ body: (_ a: Int, _ sa: Int, _ b: Int, _ sb: Int, _ out: Int, _ count: Int) -> Void
) {
    stridesA.withUnsafeBufferPointer { sa in
        stridesB.withUnsafeBufferPointer { sb in forEachRow(outShape, sa.baseAddress, sb.baseAddress, body) }
    }
}

/// The same loop for operands of shapes `shapeA` and `shapeB` read as if broadcast to
/// `outShape` (an empty shape reads one entry everywhere); the strides live on the stack,
/// so the loop allocates nothing.
@inlinable
func forEachBroadcastRow(
    _ outShape: [Int], reading shapeA: [Int], _ shapeB: [Int],
    _ body: (_ a: Int, _ sa: Int, _ b: Int, _ sb: Int, _ out: Int, _ count: Int) -> Void
) {
    let rank = outShape.count
    withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * Swift.max(rank, 1)) { strides in
        let sa = strides.baseAddress!, sb = sa + rank
        writeBroadcastStrides(shapeA, rank: rank, into: sa)
        writeBroadcastStrides(shapeB, rank: rank, into: sb)
        forEachRow(outShape, sa, sb, body)
    }
}

/// Writes the strides that read `shape` as if broadcast to a shape of `rank` axes.
@inlinable
func writeBroadcastStrides(_ shape: [Int], rank: Int, into strides: UnsafeMutablePointer<Int>) {
    let lead = rank - shape.count
    var s = 1
    for k in stride(from: rank - 1, through: 0, by: -1) {
        if k < lead { strides[k] = 0; continue }
        let length = shape[k - lead]
        strides[k] = length == 1 ? 0 : s
        s *= length
    }
}

/// The odometer behind both `forEachBroadcastRow`s (its index on the stack).
@inlinable
func forEachRow(
    _ outShape: [Int], _ stridesA: UnsafePointer<Int>?, _ stridesB: UnsafePointer<Int>?,
    _ body: (_ a: Int, _ sa: Int, _ b: Int, _ sb: Int, _ out: Int, _ count: Int) -> Void
) {
    let rank = outShape.count
    if rank == 0 { body(0, 0, 0, 0, 0, 1); return }
    guard let stridesA, let stridesB else { return }
    let inner = outShape[rank - 1]
    if inner == 0 || outShape.contains(0) { return }
    let rows = outShape.scalarCount / inner
    if rank == 1 { body(0, stridesA[0], 0, stridesB[0], 0, inner); return }
    if rank == 2 {
        for row in 0..<rows { body(row * stridesA[0], stridesA[1], row * stridesB[0], stridesB[1], row * inner, inner) }
        return
    }
    withUnsafeTemporaryAllocation(of: Int.self, capacity: rank - 1) { index in
        index.initialize(repeating: 0)
        var offsetA = 0, offsetB = 0
        for row in 0..<rows {
            body(offsetA, stridesA[rank - 1], offsetB, stridesB[rank - 1], row * inner, inner)
            // Advance the outer index like an odometer, keeping both offsets in step.
            var k = rank - 2
            while k >= 0 {
                index[k] += 1
                offsetA += stridesA[k]
                offsetB += stridesB[k]
                if index[k] < outShape[k] { break }
                offsetA -= stridesA[k] * outShape[k]
                offsetB -= stridesB[k] * outShape[k]
                index[k] = 0
                k -= 1
            }
        }
    }
}

extension Tensor {
    /// `f` applied entry by entry to two operands broadcast together.
    ///
    /// Same shapes and a one-entry operand take direct loops; other shapes go row by row.
    /// - Complexity: O(entries of the result); one allocation.
    @inlinable
    static func broadcasting(
        _ a: Tensor, _ b: Tensor, operation: String, _ f: (Double, Double) -> Double
    ) -> Tensor {
        if a.shape == b.shape
            || (a.scalars.count == b.scalars.count && a.scalars.count > 1
                && broadcastShape(a.shape, b.shape)?.scalarCount == a.scalars.count)
        {
            // The same entries in the same order (shapes equal up to leading ones).
            let shape = a.shape.count >= b.shape.count ? a.shape : b.shape
            return Tensor(
                unchecked: shape,
                filled(a.scalars.count) { out in
                    a.scalars.withUnsafeBufferPointer { x in
                        b.scalars.withUnsafeBufferPointer { y in
                            for i in 0..<out.count { out[i] = f(x[i], y[i]) }
                        }
                    }
                })
        }
        guard let shape = broadcastShape(a.shape, b.shape) else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: operation, shapes: [a.shape, b.shape],
                    reason: "shapes do not broadcast")
            ) { Tensor(repeating: .nan, shape: a.shape) }
        }
        if b.scalars.count == 1 && shape == a.shape {
            let c = b.scalars[0]
            return Tensor(
                unchecked: shape,
                filled(a.scalars.count) { out in
                    a.scalars.withUnsafeBufferPointer { x in for i in 0..<out.count { out[i] = f(x[i], c) } }
                })
        }
        if a.scalars.count == 1 && shape == b.shape {
            let c = a.scalars[0]
            return Tensor(
                unchecked: shape,
                filled(b.scalars.count) { out in
                    b.scalars.withUnsafeBufferPointer { y in for i in 0..<out.count { out[i] = f(c, y[i]) } }
                })
        }
        return Tensor(
            unchecked: shape,
            filled(shape.scalarCount) { out in
                a.scalars.withUnsafeBufferPointer { x in
                    b.scalars.withUnsafeBufferPointer { y in
                        forEachBroadcastRow(shape, reading: a.shape, b.shape) { oa, da, ob, db, o, count in
                            if da == 1 && db == 1 { // both rows contiguous: a loop the compiler vectorizes
                                for i in 0..<count { out[o + i] = f(x[oa + i], y[ob + i]) }
                            } else if da == 1 && db == 0 {
                                let c = y[ob]
                                for i in 0..<count { out[o + i] = f(x[oa + i], c) }
                            } else if da == 0 && db == 1 {
                                let c = x[oa]
                                for i in 0..<count { out[o + i] = f(c, y[ob + i]) }
                            } else {
                                for i in 0..<count { out[o + i] = f(x[oa + i * da], y[ob + i * db]) }
                            }
                        }
                    }
                }
            })
    }

    /// `f` applied to every entry.
    /// - Complexity: O(entries); one allocation.
    @inlinable
    func map(_ f: (Double) -> Double) -> Tensor {
        Tensor(
            unchecked: shape,
            filled(scalars.count) { out in
                scalars.withUnsafeBufferPointer { x in for i in 0..<out.count { out[i] = f(x[i]) } }
            })
    }

    /// This tensor broadcast to `outShape`, copied out.
    /// - Complexity: O(entries of the result).
    @inlinable
    func expanded(to outShape: [Int]) -> Tensor {
        if shape == outShape { return self }
        if outShape.scalarCount == scalars.count { return Tensor(unchecked: outShape, scalars) }
        if scalars.count == 1 { return Tensor(unchecked: outShape, [Double](repeating: scalars[0], count: outShape.scalarCount)) }
        return Tensor(
            unchecked: outShape,
            filled(outShape.scalarCount) { out in
                scalars.withUnsafeBufferPointer { x in
                    forEachBroadcastRow(outShape, reading: shape, []) { oa, da, _, _, o, count in
                        if da == 0 {
                            let v = x[oa]
                            for i in 0..<count { out[o + i] = v }
                        } else {
                            for i in 0..<count { out[o + i] = x[oa + i * da] }
                        }
                    }
                }
            })
    }
}

/// An array of `count` doubles written by `body` (every entry must be written).
@inlinable
func filled(_ count: Int, _ body: (UnsafeMutableBufferPointer<Double>) -> Void) -> [Double] {
    _ = TensorMemory.configured
    return [Double](unsafeUninitializedCapacity: count) { buffer, initialized in
        body(buffer)
        initialized = count
    }
}
