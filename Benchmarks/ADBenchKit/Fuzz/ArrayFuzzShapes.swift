// The shape rules of fuzzed array operations, written out independently of the array
// layer (NumPy's broadcasting and matmul rules): the generator draws only operations
// these accept, and the shrinker keeps only programs they accept.

/// The shape `a` and `b` broadcast to (aligned on the right, a length 1 stretches), or nil.
func fuzzBroadcast(_ a: [Int], _ b: [Int]) -> [Int]? {
    let rank = Swift.max(a.count, b.count)
    let pa = [Int](repeating: 1, count: rank - a.count) + a, pb = [Int](repeating: 1, count: rank - b.count) + b
    var out: [Int] = []
    for (x, y) in zip(pa, pb) {
        guard x == y || x == 1 || y == 1 else { return nil }
        out.append(x == 1 ? y : x)
    }
    return out
}

/// The shape all of `shapes` broadcast to together, or nil.
func fuzzBroadcast(_ shapes: [[Int]]) -> [Int]? {
    var out: [Int] = []
    for s in shapes {
        guard let b = fuzzBroadcast(out, s) else { return nil }
        out = b
    }
    return out
}

/// `axis` counted from 0 (a negative axis counts from the end), or nil if out of range.
func fuzzAxis(_ axis: Int, rank: Int) -> Int? {
    let a = axis < 0 ? axis + rank : axis
    return (0..<rank).contains(a) ? a : nil
}

/// The shape of `matmul(a, transposed: ta, b, transposed: tb)` by NumPy's rules (a
/// rank-1 left operand is a row, a rank-1 right operand a column, each dropped from the
/// result; a vector is never transposed; leading axes are batch axes and broadcast), or nil.
func fuzzMatmulShape(_ a: [Int], _ ta: Bool, _ b: [Int], _ tb: Bool) -> [Int]? {
    guard !a.isEmpty, !b.isEmpty else { return nil }
    let ma = a.count == 1 ? [1, a[0]] : a, mb = b.count == 1 ? [b[0], 1] : b
    let (ra, rb) = (ma.count, mb.count)
    let (rows, innerA) = (ta && a.count > 1) ? (ma[ra - 1], ma[ra - 2]) : (ma[ra - 2], ma[ra - 1])
    let (innerB, columns) = (tb && b.count > 1) ? (mb[rb - 1], mb[rb - 2]) : (mb[rb - 2], mb[rb - 1])
    guard innerA == innerB, let batch = fuzzBroadcast(Array(ma.dropLast(2)), Array(mb.dropLast(2))) else { return nil }
    return batch + (a.count == 1 ? [] : [rows]) + (b.count == 1 ? [] : [columns])
}

extension ArrayFuzzOperation {
    /// The shape of the result given the shapes of all earlier registers, or nil when the
    /// operation does not fit them (a register out of range included).
    /// - Complexity: O(rank · operands).
    public func resultShape(_ shapes: [[Int]]) -> [Int]? {
        guard operands.allSatisfy({ (0..<shapes.count).contains($0) }) else { return nil }
        func s(_ k: Int) -> [Int] { shapes[k] }
        switch self {
        case .constant(let c): return c.shape
        case .arithmetic(_, let a, let b), .compound(_, let a, let b), .binary(_, let a, let b):
            return fuzzBroadcast(s(a), s(b))
        case .negate(let a), .withConstant(_, let a, _), .unary(_, let a): return s(a)
        case .matmul(let a, let ta, let b, let tb): return fuzzMatmulShape(s(a), ta, s(b), tb)
        case .reduce(let o, let a, let axes, let squeeze):
            let shape = s(a)
            if o == .max && shape.reduce(1, *) == 0 { return nil }
            guard let axes else { return [] }
            guard !squeeze || (1...3).contains(axes.count) else { return nil }
            var normalized = Set<Int>()
            for axis in axes {
                guard let n = fuzzAxis(axis, rank: shape.count) else { return nil }
                normalized.insert(n)
            }
            return shape.indices.compactMap { k in normalized.contains(k) ? (squeeze ? nil : 1) : shape[k] }
        case .reshape(let a, let target):
            let count = s(a).reduce(1, *)
            let holes = target.filter { $0 == -1 }.count
            guard holes <= 1, target.allSatisfy({ $0 >= -1 }) else { return nil }
            let known = target.filter { $0 != -1 }.reduce(1, *)
            if holes == 1 {
                guard known > 0, count % known == 0 else { return nil }
                return target.map { $0 == -1 ? count / known : $0 }
            }
            return known == count ? target : nil
        case .transpose(let a, let p):
            let shape = s(a)
            guard let p else { return shape.reversed() }
            guard p.sorted() == Array(shape.indices) else { return nil }
            return p.map { shape[$0] }
        case .slice(let a, let range, let axis):
            var shape = s(a)
            guard let k = fuzzAxis(axis, rank: shape.count), range.lowerBound >= 0, range.upperBound <= shape[k] else { return nil }
            shape[k] = range.count
            return shape
        case .index(let a, let i, let axis):
            var shape = s(a)
            guard let k = fuzzAxis(axis, rank: shape.count), (0..<shape[k]).contains(i) else { return nil }
            shape.remove(at: k)
            return shape
        case .concatenate(let parts, let axis):
            guard let first = parts.first.map(s), let k = fuzzAxis(axis, rank: first.count) else { return nil }
            var out = first
            out[k] = 0
            for part in parts.map(s) {
                guard part.count == first.count, part.indices.allSatisfy({ $0 == k || part[$0] == first[$0] }) else { return nil }
                out[k] += part[k]
            }
            return out
        case .pad(let a, let axis, let before, let after, _):
            var shape = s(a)
            guard let k = fuzzAxis(axis, rank: shape.count), before >= 0, after >= 0 else { return nil }
            shape[k] += before + after
            return shape
        case .broadcast(let a, let target):
            return fuzzBroadcast(s(a), target) == target ? target : nil
        case .select(let mask, let t, let f):
            guard let m = fuzzBroadcast(s(mask.lhs), mask.rhs.map(s) ?? []) else { return nil }
            return fuzzBroadcast([m, s(t), s(f)])
        case .map(let map, let arguments):
            guard arguments.count == map.arity else { return nil }
            return fuzzBroadcast(arguments.map(s))
        }
    }
}
