// Local derivatives entry by entry, by forward mode on scalars: how the array layer turns
// a scalar function (an elementary function, or a user's ScalarFunction mapped over
// arrays) into one array operation with its partials, computed in the same pass.
//
// Entries go through the function in groups, one per SIMD lane (`EntryLanes`): the function
// runs once per group, on `Dual` lanes once per argument. A group whose lanes would branch
// apart, and the entries past the last whole group, run entry by entry on `MultiDual` (one
// lane per argument) instead; both routes compute each entry with the same operations.

/// A `SIMD` vector of `Double` lanes with lane `j` set to 1.
@inlinable
func unitLanes<L: SIMD>(_ j: Int) -> L where L.Scalar == Double {
    var v = L.zero
    v[j] = 1
    return v
}

/// Entries per group in the elementwise bridge's plain and first-order evaluations.
@usableFromInline typealias EntryGroup = SIMD8<Double>
/// Entries per group in its second-order evaluations (four values per number: fewer lanes
/// keep them in registers).
@usableFromInline typealias SecondOrderEntryGroup = SIMD4<Double>

/// `W.scalarCount` doubles read from `p` (any alignment).
@inlinable @inline(__always)
func loadLanes<W: SIMD>(_ p: UnsafePointer<Double>) -> W where W.Scalar == Double {
    UnsafeRawPointer(p).loadUnaligned(as: W.self)
}

/// `v` written to `p` (any alignment).
@inlinable @inline(__always)
func storeLanes<W: SIMD>(_ v: W, _ p: UnsafeMutablePointer<Double>) where W.Scalar == Double {
    UnsafeMutableRawPointer(p).storeBytes(of: v, as: W.self)
}

/// When to try lanes again after a group fell back: the next `skip` groups go entry by
/// entry, `skip` doubling (up to 64) while attempts keep failing and returning to 0 when one
/// succeeds, so a function whose groups all fall back (one that divides: `Dual`'s division
/// reads `primal`) wastes a lane attempt on a few groups, not on every one.
@usableFromInline
struct LaneBackoff {
    @usableFromInline var skip = 0, remaining = 0

    @inlinable init() {}

    /// Whether to evaluate the next group in lanes.
    @inlinable
    mutating func tryLanes() -> Bool {
        guard remaining > 0 else { return true }
        remaining -= 1
        return false
    }

    /// The outcome of a lane attempt.
    @inlinable
    mutating func record(fellBack: Bool) {
        skip = fellBack ? Swift.min(Swift.max(2 * skip, 1), 64) : 0
        remaining = skip
    }
}

/// The entries 0..<n in groups of `w`: `lanes(start, flag)` evaluates one group in lanes
/// and raises `flag` where its lanes part ways; `entries(range)` evaluates entries one by
/// one: a group that fell back (overwriting whatever its lane attempt stored), the groups
/// the back-off skips, and the tail past the last whole group.
@inlinable @inline(__always)
func forEachEntryGroup(
    _ n: Int, width w: Int, lanes: (Int, UnsafeMutablePointer<Bool>) -> Void, entries: (Range<Int>) -> Void
) {
    var fallback = false
    withUnsafeMutablePointer(to: &fallback) { flag in
        var e = 0, backoff = LaneBackoff()
        while e + w <= n {
            var byEntry = true
            if backoff.tryLanes() {
                lanes(e, flag)
                byEntry = flag.pointee
                backoff.record(fellBack: byEntry)
                flag.pointee = false
            }
            if byEntry { entries(e..<(e + w)) }
            e += w
        }
        entries(e..<n)
    }
}

extension Tensor {
    /// The shape `arguments` broadcast to, or nil after reporting a mismatch.
    @inlinable
    static func commonShape(_ shapes: [[Int]], operation: String) -> [Int]? {
        guard var shape = shapes.first else {
            return ShapeMismatchSink.report(ShapeMismatch(operation: operation, shapes: [], reason: "no arguments")) { nil }
        }
        for s in shapes.dropFirst() {
            guard let b = broadcastShape(shape, s) else {
                return ShapeMismatchSink.report(
                    ShapeMismatch(
                        operation: operation, shapes: shapes,
                        reason: "shapes do not broadcast")
                ) { nil }
            }
            shape = b
        }
        return shape
    }
}

/// Pointers to each array's first element, valid inside `body` (no copies).
/// - Precondition: no array is empty.
@inlinable
func withFirstElements<R>(
    _ arrays: ArraySlice<[Double]>, _ pointers: [UnsafePointer<Double>] = [], _ body: ([UnsafePointer<Double>]) -> R
) -> R {
    guard let first = arrays.first else { return body(pointers) }
    return first.withUnsafeBufferPointer { p in withFirstElements(arrays.dropFirst(), pointers + [p.baseAddress!], body) }
}

/// One array per size, all written by `body` through their first elements.
/// - Precondition: every size > 0; `body` initializes every element.
@inlinable
func filledArrays(
    _ sizes: ArraySlice<Int>, _ pointers: [UnsafeMutablePointer<Double>] = [], _ body: ([UnsafeMutablePointer<Double>]) -> Void
) -> [[Double]] {
    guard let size = sizes.first else {
        body(pointers)
        return []
    }
    var rest: [[Double]] = []
    let first = filled(size) { out in rest = filledArrays(sizes.dropFirst(), pointers + [out.baseAddress!], body) }
    return [first] + rest
}

// MARK: Plain values

extension Tensor {
    /// `f` at each entry: `out[e] = f(x_0[e], x_1[e], …)` for e in 0..<n, in groups of
    /// lanes, a group that would branch apart (and the tail) entry by entry.
    @inlinable
    static func evaluateEntries<F: ScalarFunction>(_ f: F, _ x: [UnsafePointer<Double>], _ n: Int, _ out: UnsafeMutablePointer<Double>) {
        let k = x.count, w = EntryGroup.scalarCount
        var point = [Double](repeating: 0, count: k)
        func entries(_ range: Range<Int>, _ point: inout [Double]) {
            for e in range {
                for a in 0..<k { point[a] = x[a][e] }
                out[e] = f(point)
            }
        }
        var group = [EntryLanes<EntryGroup>](repeating: 0, count: k)
        forEachEntryGroup(n, width: w) { e, flag in
            group.withUnsafeMutableBufferPointer { group in
                for a in 0..<k { group[a] = EntryLanes(loadLanes(x[a] + e), fallback: flag) }
            }
            let r = f(group)
            if !flag.pointee { storeLanes(r.lanes, out + e) }
        } entries: {
            entries($0, &point)
        }
    }
}

// MARK: Value and gradient

extension Tensor {
    /// The value of `f` entry by entry and its gradient (one tensor per argument), all of
    /// `shape`: one evaluation per group of entries and argument on `Dual` lanes.
    /// - Precondition: 1 ≤ arguments ≤ 16, each already of `shape`.
    @inlinable
    static func localDerivatives<F: ScalarFunction>(
        _ f: F, _ arguments: [Tensor], shape: [Int]
    ) -> (value: Tensor, gradient: [Tensor]) {
        switch arguments.count {
        case ...2: localDerivatives(f, arguments, shape: shape, lanes: SIMD2<Double>.self)
        case ...4: localDerivatives(f, arguments, shape: shape, lanes: SIMD4<Double>.self)
        case ...8: localDerivatives(f, arguments, shape: shape, lanes: SIMD8<Double>.self)
        default: localDerivatives(f, arguments, shape: shape, lanes: SIMD16<Double>.self)
        }
    }

    /// `localDerivatives(f, arguments, shape:)` with `L` the per-entry route's lanes.
    @inlinable
    static func localDerivatives<F: ScalarFunction, L: SIMD>(
        _ f: F, _ arguments: [Tensor], shape: [Int], lanes: L.Type
    ) -> (value: Tensor, gradient: [Tensor]) where L.Scalar == Double {
        let k = arguments.count, n = shape.scalarCount
        guard n > 0 else { return (Tensor(unchecked: shape, []), arguments.map { _ in Tensor(unchecked: shape, []) }) }
        let outputs = withFirstElements(arguments.map(\.scalars)[...]) { x in
            filledArrays(Array(repeating: n, count: 1 + k)[...]) { out in
                let value = out[0], gradient = out[1...]
                let units: [L] = (0..<k).map { unitLanes($0) }
                var point = [MultiDual<L>](repeating: MultiDual(0), count: k)
                func entries(_ range: Range<Int>, _ point: inout [MultiDual<L>]) {
                    for e in range {
                        for a in 0..<k { point[a] = MultiDual(x[a][e], tangents: units[a]) }
                        let r = f(point)
                        value[e] = r.value
                        for a in 0..<k { gradient[1 + a][e] = r.tangents[a] }
                    }
                }
                var group = [Dual<EntryLanes<EntryGroup>>](repeating: 0, count: k)
                forEachEntryGroup(n, width: EntryGroup.scalarCount) { e, flag in
                    for a in 0..<k where !flag.pointee { // ∂/∂x_a: argument a's tangent 1
                        group.withUnsafeMutableBufferPointer { group in
                            for b in 0..<k {
                                group[b] = Dual(EntryLanes(loadLanes(x[b] + e), fallback: flag), tangent: EntryLanes(a == b ? 1 : 0))
                            }
                        }
                        let r = f(group)
                        if a == 0 { storeLanes(r.value.lanes, value + e) }
                        storeLanes(r.tangent.lanes, gradient[1 + a] + e)
                    }
                } entries: {
                    entries($0, &point)
                }
            }
        }
        return (Tensor(unchecked: shape, outputs[0]), outputs[1...].map { Tensor(unchecked: shape, $0) })
    }
}

// MARK: Value, gradient and their directional derivatives

extension Tensor {
    /// The value and gradient of `f` entry by entry, and their directional derivatives
    /// along `k` directions given per argument (`tangents[a]`: k × n, row-major, or nil for
    /// none): per group of entries, direction and argument, one evaluation on
    /// `Dual<Dual<…>>` lanes whose outer tangent carries the direction, so the gradient's
    /// derivative comes out as the Hessian times the direction without forming the Hessian.
    /// - Returns: value (n), gradient (one n-array per argument), the value's tangents
    ///   (k × n) and the gradient's tangents (one k × n array per argument).
    @inlinable
    static func localDerivatives<F: ScalarFunction>(
        _ f: F, _ arguments: [Tensor], tangents: [[Double]?], directions k: Int, shape: [Int]
    ) -> (value: Tensor, gradient: [Tensor], valueTangents: Tensor, gradientTangents: [Tensor]) {
        switch arguments.count {
        case ...2: localDerivatives(f, arguments, tangents: tangents, directions: k, shape: shape, lanes: SIMD2<Double>.self)
        case ...4: localDerivatives(f, arguments, tangents: tangents, directions: k, shape: shape, lanes: SIMD4<Double>.self)
        case ...8: localDerivatives(f, arguments, tangents: tangents, directions: k, shape: shape, lanes: SIMD8<Double>.self)
        default: localDerivatives(f, arguments, tangents: tangents, directions: k, shape: shape, lanes: SIMD16<Double>.self)
        }
    }

    /// The directional form with `L` the per-entry route's lanes.
    @inlinable
    static func localDerivatives<F: ScalarFunction, L: SIMD>(
        _ f: F, _ arguments: [Tensor], tangents: [[Double]?], directions k: Int, shape: [Int], lanes: L.Type
    ) -> (value: Tensor, gradient: [Tensor], valueTangents: Tensor, gradientTangents: [Tensor]) where L.Scalar == Double {
        let count = arguments.count, n = shape.scalarCount
        guard n > 0, k > 0 else {
            let (value, gradient) = localDerivatives(f, arguments, shape: shape)
            let none = Tensor(unchecked: [k] + shape, [Double](repeating: 0, count: k * n))
            return (value, gradient, none, gradient.map { _ in none })
        }
        let seeded = (0..<count).filter { tangents[$0] != nil }
        // Read: the arguments, then each seeded argument's tangents (direction d, entry e at d·n + e).
        // Written: value (n), gradient (count × n), value tangents (k·n), gradient tangents (count × k·n).
        let sizes = [n] + Array(repeating: n, count: count) + [k * n] + Array(repeating: k * n, count: count)
        let outputs = withFirstElements((arguments.map(\.scalars) + seeded.map { tangents[$0]! })[...]) { inputs in
            filledArrays(sizes[...]) { out in
                let x = inputs[..<count], value = out[0], gradient = out[1...count]
                let valueTangents = out[count + 1], gradientTangents = out[(count + 2)...]
                var seeds = [UnsafePointer<Double>?](repeating: nil, count: count)
                for (i, a) in seeded.enumerated() { seeds[a] = inputs[count + i] }
                func seed(_ a: Int, _ d: Int, _ e: Int) -> Double { seeds[a].map { $0[d * n + e] } ?? 0 }
                let units: [L] = (0..<count).map { unitLanes($0) }
                var point = [Dual<MultiDual<L>>](repeating: Dual(0), count: count)
                func entries(_ range: Range<Int>, direction d: Int, _ point: inout [Dual<MultiDual<L>>]) {
                    for e in range {
                        for a in 0..<count {
                            point[a] = Dual(MultiDual(x[a][e], tangents: units[a]), tangent: MultiDual(seed(a, d, e), tangents: .zero))
                        }
                        let r = f(point)
                        if d == 0 {
                            value[e] = r.value.value
                            for a in 0..<count { gradient[1 + a][e] = r.value.tangents[a] }
                        }
                        valueTangents[d * n + e] = r.tangent.value
                        for a in 0..<count { gradientTangents[count + 2 + a][d * n + e] = r.tangent.tangents[a] }
                    }
                }
                typealias Group = SecondOrderEntryGroup
                var group = [Dual<Dual<EntryLanes<Group>>>](repeating: 0, count: count)
                for d in 0..<k {
                    forEachEntryGroup(n, width: Group.scalarCount) { e, flag in
                        for a in 0..<count where !flag.pointee { // ∂/∂x_a: argument a's inner tangent 1
                            group.withUnsafeMutableBufferPointer { group in
                                for b in 0..<count {
                                    let t: Group = seeds[b].map { loadLanes($0 + d * n + e) } ?? .zero
                                    group[b] = Dual(
                                        Dual(EntryLanes(loadLanes(x[b] + e), fallback: flag), tangent: EntryLanes(a == b ? 1 : 0)),
                                        tangent: Dual(EntryLanes(t, fallback: flag), tangent: 0))
                                }
                            }
                            let r = f(group)
                            if a == 0 {
                                if d == 0 { storeLanes(r.value.value.lanes, value + e) }
                                storeLanes(r.tangent.value.lanes, valueTangents + d * n + e)
                            }
                            if d == 0 { storeLanes(r.value.tangent.lanes, gradient[1 + a] + e) }
                            storeLanes(r.tangent.tangent.lanes, gradientTangents[count + 2 + a] + d * n + e)
                        }
                    } entries: {
                        entries($0, direction: d, &point)
                    }
                }
            }
        }
        return (
            Tensor(unchecked: shape, outputs[0]), outputs[1...count].map { Tensor(unchecked: shape, $0) },
            Tensor(unchecked: [k] + shape, outputs[count + 1]), outputs[(count + 2)...].map { Tensor(unchecked: [k] + shape, $0) }
        )
    }
}

/// A unary elementwise operation seen as a scalar function of one argument.
@usableFromInline
struct ElementwiseOperationFunction: ScalarFunction {
    @usableFromInline let operation: ElementwiseOperation
    @inlinable init(_ operation: ElementwiseOperation) { self.operation = operation }
    @inlinable func callAsFunction<T: ADScalar>(_ x: [T]) -> T { operation.apply(to: x[0]) }
}

/// A binary elementwise operation seen as a scalar function of two arguments.
@usableFromInline
struct ElementwiseBinaryOperationFunction: ScalarFunction {
    @usableFromInline let operation: ElementwiseBinaryOperation
    @inlinable init(_ operation: ElementwiseBinaryOperation) { self.operation = operation }
    @inlinable func callAsFunction<T: ADScalar>(_ x: [T]) -> T { operation.apply(to: x[0], x[1]) }
}
