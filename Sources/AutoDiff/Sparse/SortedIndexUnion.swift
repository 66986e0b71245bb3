// Sorted index sets for the sparsity tracers: a set is a strictly ascending array.

/// The union of two strictly ascending arrays, strictly ascending.
/// - Complexity: O(a.count + b.count); returns an operand unchanged (no copy) when the
///   other is empty or equal.
@inlinable
func sortedUnion<T: Comparable>(_ a: [T], _ b: [T]) -> [T] {
    if b.isEmpty || a == b { return a }
    if a.isEmpty { return b }
    var result: [T] = []
    result.reserveCapacity(a.count + b.count)
    var i = 0, j = 0
    while i < a.count && j < b.count {
        let x = a[i], y = b[j]
        if x < y { result.append(x); i += 1 } else if y < x { result.append(y); j += 1 } else { result.append(x); i += 1; j += 1 }
    }
    if i < a.count { result.append(contentsOf: a[i...]) }
    if j < b.count { result.append(contentsOf: b[j...]) }
    return result
}

/// The unordered index pairs {i, j} with i from `a` and j from `b`, packed as
/// `min << 32 | max` and strictly ascending: the Hessian entries a product of a
/// function of `a` and a function of `b` can create.
/// - Complexity: O(a.count · b.count · log).
@inlinable
func sortedPairs(_ a: [Int], _ b: [Int]) -> [UInt64] {
    if a.isEmpty || b.isEmpty { return [] }
    var pairs: [UInt64] = []
    pairs.reserveCapacity(a.count * b.count)
    for i in a {
        for j in b { pairs.append(packPair(i, j)) }
    }
    pairs.sort()
    var unique: [UInt64] = []
    unique.reserveCapacity(pairs.count)
    for p in pairs where unique.last != p { unique.append(p) }
    return unique
}

@inlinable @inline(__always)
func packPair(_ i: Int, _ j: Int) -> UInt64 {
    let lo = UInt64(Swift.min(i, j)), hi = UInt64(Swift.max(i, j))
    return lo << 32 | hi
}

/// Adds the elements of the strictly ascending `b` to the strictly ascending `a`, in
/// place: a small `b` is inserted element by element (binary search, then an insert near
/// the end in the common case of an accumulating sum), a large one merged.
/// - Complexity: O(b.count · log a.count) plus the elements moved; amortised O(b.count)
///   when `b`'s new elements lie beyond `a`'s, as in `s += term_i` over a sum's terms —
///   so a sum of n terms costs O(n) overall instead of O(n²).
@inlinable
func formSortedUnion<T: Comparable>(_ a: inout [T], _ b: [T]) {
    if b.isEmpty { return }
    if b.count * 8 > a.count {
        a = sortedUnion(a, b)
        return
    }
    for x in b {
        if let last = a.last, last < x {
            a.append(x)
            continue
        }
        var lo = 0, hi = a.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if a[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        if lo == a.count || a[lo] != x { a.insert(x, at: lo) }
    }
}
