import Foundation

// Reductions of plain tensors: the loops the reduction rules of every mode run.

extension Tensor {
    /// `axes` made non-negative, sorted and unique, or the mismatch reported (then nil).
    @inlinable
    static func normalizedAxes(_ axes: [Int], rank: Int, shape: [Int], operation: String) -> [Int]? {
        if axes.count == 1, axes[0] >= -rank, axes[0] < rank { return axes[0] < 0 ? [axes[0] + rank] : axes }
        var out: [Int] = []
        out.reserveCapacity(axes.count)
        for axis in axes {
            let a = axis < 0 ? axis + rank : axis
            guard a >= 0 && a < rank else {
                return ShapeMismatchSink.report(
                    ShapeMismatch(
                        operation: operation, shapes: [shape], reason: "axis \(axis) is out of range for rank \(rank)")
                ) { nil }
            }
            if !out.contains(a) { out.append(a) }
        }
        return out.sorted()
    }

    /// The shape with each of `axes` set to 1.
    @inlinable
    static func keptShape(_ shape: [Int], reducing axes: [Int]) -> [Int] {
        var out = shape
        for a in axes { out[a] = 1 }
        return out
    }

    /// For each entry of the reduced result (row-major) the offset of its first input
    /// entry, and the offsets of the reduced block relative to it (row-major order).
    @inlinable
    func reductionOffsets(_ axes: [Int]) -> (bases: [Int], block: [Int]) {
        let strides = rowMajorStrides(shape)
        var bases = [0], block = [0]
        for k in 0..<rank {
            let (n, s) = (shape[k], strides[k])
            if axes.contains(k) {
                block = block.flatMap { o in (0..<n).map { o + $0 * s } }
            } else {
                bases = bases.flatMap { o in (0..<n).map { o + $0 * s } }
            }
        }
        return (bases, block)
    }

    /// Sums over `axes` (normalized), keeping them with length 1: one axis at a time, each
    /// a contiguous loop; over every axis, one pass over the storage (four interleaved
    /// partial sums, ``runSum(_:_:)``).
    @inlinable
    func summed(_ axes: [Int]) -> Tensor {
        if axes.count == rank && rank > 1 { // every axis: one pass over the storage
            let total = scalars.withUnsafeBufferPointer { x in x.isEmpty ? 0 : Tensor.runSum(x.baseAddress!, x.count) }
            return Tensor(unchecked: [Int](repeating: 1, count: rank), [total])
        }
        var result = self
        for a in axes where result.shape[a] != 1 {
            let pre = result.shape[..<a].reduce(1, *), n = result.shape[a]
            let post = result.shape[(a + 1)...].reduce(1, *)
            let source = result.scalars
            let sums = filled(pre * post) { out in
                source.withUnsafeBufferPointer { x in
                    if post == 1 { // contiguous runs: one sum per run
                        for i in 0..<pre { out[i] = Tensor.runSum(x.baseAddress! + i * n, n) }
                        return
                    }
                    for i in 0..<pre {
                        let o = out.baseAddress! + i * post
                        o.initialize(repeating: 0, count: post)
                        for j in 0..<n {
                            let row = x.baseAddress! + (i * n + j) * post
                            for l in 0..<post { o[l] += row[l] }
                        }
                    }
                }
            }
            var kept = result.shape
            kept[a] = 1
            result = Tensor(unchecked: kept, sums)
        }
        return result
    }

    /// The sum of `count` contiguous entries in four interleaved partial sums (entry i
    /// into sum i mod 4, then (s0 + s1) + (s2 + s3)): four independent additions in flight
    /// instead of one chain. The order is fixed, so the result is the same on every run.
    @inlinable
    static func runSum(_ x: UnsafePointer<Double>, _ count: Int) -> Double {
        var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
        var i = 0
        while i + 4 <= count {
            s0 += x[i]; s1 += x[i + 1]; s2 += x[i + 2]; s3 += x[i + 3]
            i += 4
        }
        while i < count { s0 += x[i]; i += 1 }
        return (s0 + s1) + (s2 + s3)
    }

    /// The maximum over `axes` (normalized), keeping them, and for each result entry the
    /// input position that holds it: the first in row-major order on a tie; a NaN wins.
    /// Whether `axes` (normalized, sorted) are the last axes, so that each reduced block
    /// is a contiguous run: (runs, run length), else nil.
    @inlinable
    func trailingRuns(_ axes: [Int]) -> (runs: Int, length: Int)? {
        guard !axes.isEmpty, axes == Array((rank - axes.count)..<rank) else { return nil }
        let length = shape[(rank - axes.count)...].reduce(1, *)
        return length == 0 ? nil : (scalarCount / length, length)
    }

    @inlinable
    func maximum(_ axes: [Int]) -> (value: Tensor, positions: [Int]) {
        if let (runs, length) = trailingRuns(axes) { // contiguous blocks: one scan each
            var positions = [Int](repeating: 0, count: runs)
            let values = filled(runs) { out in
                scalars.withUnsafeBufferPointer { x in
                    for r in 0..<runs {
                        let base = r * length
                        var best = base
                        for i in (base + 1)..<(base + length) where x[i] > x[best] || (x[i].isNaN && !x[best].isNaN) { best = i }
                        positions[r] = best
                        out[r] = x[best]
                    }
                }
            }
            return (Tensor(unchecked: Tensor.keptShape(shape, reducing: axes), values), positions)
        }
        let (bases, block) = reductionOffsets(axes)
        if block.isEmpty { // an empty block: −inf, and no position holds it
            return (
                Tensor(repeating: -.infinity, shape: Tensor.keptShape(shape, reducing: axes)),
                [Int](repeating: -1, count: bases.count)
            )
        }
        var positions = [Int](repeating: 0, count: bases.count)
        let values = filled(bases.count) { out in
            scalars.withUnsafeBufferPointer { x in
                for (i, base) in bases.enumerated() {
                    var best = base + block[0]
                    for o in block.dropFirst() where x[base + o] > x[best] || (x[base + o].isNaN && !x[best].isNaN) {
                        best = base + o
                    }
                    positions[i] = best
                    out[i] = x[best]
                }
            }
        }
        return (Tensor(unchecked: Tensor.keptShape(shape, reducing: axes), values), positions)
    }

    /// 0 everywhere but 1 at `positions`: where a maximum's derivative goes.
    @inlinable
    func indicator(_ positions: [Int]) -> Tensor {
        var ones = [Double](repeating: 0, count: scalarCount)
        for p in positions where p >= 0 { ones[p] = 1 }
        return Tensor(unchecked: shape, ones)
    }

    /// log Σ exp over `axes` (normalized), keeping them, shifted by the maximum (a
    /// non-finite maximum shifts by 0, so +inf and all −inf blocks come out as they should).
    @inlinable
    func logSumExpKeeping(_ axes: [Int]) -> Tensor {
        if let (runs, length) = trailingRuns(axes) { // contiguous blocks: max, Σ exp, log
            return Tensor(
                unchecked: Tensor.keptShape(shape, reducing: axes),
                filled(runs) { out in
                    scalars.withUnsafeBufferPointer { x in
                        for r in 0..<runs {
                            let row = x.baseAddress! + r * length
                            var m = row[0]
                            for i in 1..<length where row[i] > m || (row[i].isNaN && !m.isNaN) { m = row[i] }
                            let shift = m.isFinite ? m : 0
                            var sum = 0.0
                            for i in 0..<length { sum += Foundation.exp(row[i] - shift) }
                            out[r] = Foundation.log(sum) + shift
                        }
                    }
                })
        }
        let m = maximum(axes).value.map { $0.isFinite ? $0 : 0 }
        let s = Tensor.applying(.exp, to: self - m).summed(axes)
        return Tensor.applying(.log, to: s) + m
    }
}

extension Tensor {
    /// log Σ exp over `axes` (normalized, kept) and the softmax exp(x − lse) beside it, with
    /// one exponential per entry when the axes are trailing (the reverse rule's saved
    /// factor comes out of the same pass); other axes compute the two in turn.
    @inlinable
    public static func logSumExpWithSoftmax(_ x: Tensor, alongAxes axes: [Int]) -> (value: Tensor, softmax: Tensor) {
        guard let a = Tensor.normalizedAxes(axes, rank: x.rank, shape: x.shape, operation: "logSumExp(alongAxes:)") else {
            return (x, Tensor(repeating: .nan, shape: x.shape))
        }
        return x.logSumExpAndSoftmax(a)
    }

    @inlinable
    func logSumExpAndSoftmax(_ axes: [Int]) -> (value: Tensor, softmax: Tensor) {
        guard let (runs, length) = trailingRuns(axes) else {
            let lse = logSumExpKeeping(axes)
            return (lse, Tensor.applying(.exp, to: self - lse))
        }
        var lse = [Double](repeating: 0, count: runs)
        let softmax = filled(scalarCount) { out in
            scalars.withUnsafeBufferPointer { x in
                for r in 0..<runs {
                    let row = x.baseAddress! + r * length, e = out.baseAddress! + r * length
                    var m = row[0]
                    for i in 1..<length where row[i] > m || (row[i].isNaN && !m.isNaN) { m = row[i] }
                    if m.isFinite {
                        var sum = 0.0
                        for i in 0..<length { e[i] = Foundation.exp(row[i] - m); sum += e[i] }
                        let scale = 1 / sum
                        for i in 0..<length { e[i] *= scale }
                        lse[r] = Foundation.log(sum) + m
                    } else { // ±inf or NaN: the two-pass formulas, as the plain reduction
                        var sum = 0.0
                        for i in 0..<length { sum += Foundation.exp(row[i]) }
                        let value = Foundation.log(sum)
                        for i in 0..<length { e[i] = Foundation.exp(row[i] - value) }
                        lse[r] = value
                    }
                }
            }
        }
        return (Tensor(unchecked: Tensor.keptShape(shape, reducing: axes), lse), Tensor(unchecked: shape, softmax))
    }
}

extension Tensor {
    @inlinable
    public func sum(alongAxes axes: [Int]) -> Tensor {
        guard let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "sum(alongAxes:)") else { return self }
        return summed(a)
    }

    @inlinable
    public func max(alongAxes axes: [Int]) -> Tensor {
        guard let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "max(alongAxes:)") else { return self }
        if shape.scalarCount == 0 {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "max(alongAxes:)", shapes: [shape],
                    reason: "the maximum of no entries")
            ) { self }
        }
        return maximum(a).value
    }

    @inlinable
    public func logSumExp(alongAxes axes: [Int]) -> Tensor {
        guard let a = Tensor.normalizedAxes(axes, rank: rank, shape: shape, operation: "logSumExp(alongAxes:)") else { return self }
        return logSumExpKeeping(a)
    }
}
