// Arithmetic entry by entry with broadcasting: the primal (Tensor), the forward rule
// (DualTensor) and the reverse rule (TrackedTensor) of each operator side by side.
// Broadcasting is undone in one place: `unbroadcast` (reverse) and
// `DualTensor.completed` (forward).

// MARK: Primal

extension Tensor: ADTensor {
    /// The tensor itself (a plain tensor carries no derivative).
    @inlinable public init(_ constant: Tensor) { self = constant }
    /// The tensor itself.
    @inlinable public var primal: Tensor { self }

    @inlinable public static func + (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, operation: "+") { $0 + $1 } }
    @inlinable public static func - (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, operation: "-") { $0 - $1 } }
    @inlinable public static func * (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, operation: "*") { $0 * $1 } }
    @inlinable public static func / (lhs: Tensor, rhs: Tensor) -> Tensor { broadcasting(lhs, rhs, operation: "/") { $0 / $1 } }
    @inlinable public static prefix func - (operand: Tensor) -> Tensor { operand.map { -$0 } }

    @inlinable public func adding(_ c: Double) -> Tensor { map { $0 + c } }
    @inlinable public func subtracted(from c: Double) -> Tensor { map { c - $0 } }
    @inlinable public func multiplied(by c: Double) -> Tensor { map { $0 * c } }
    @inlinable public func divided(by c: Double) -> Tensor { map { $0 / c } }
    @inlinable public func divided(into c: Double) -> Tensor { map { c / $0 } }

    /// `g · factor` entry by entry, exactly 0 where `g` is 0 (an infinite local derivative
    /// must not turn a direction that is not being differentiated into NaN).
    @inlinable
    static func multiplyKeepingZeros(_ g: Tensor, _ factor: Tensor) -> Tensor {
        if g.scalars.count == 1, broadcasts(g.shape, to: factor.shape) { // a reduction's cotangent
            let c = g.scalars[0]
            return c == 0 ? Tensor(repeating: 0, shape: factor.shape) : factor.multiplied(by: c)
        }
        // The factor's entries repeat along g's leading axes (a per-entry local derivative
        // times a batch of direction-major tangents or cotangents) or each repeats along its
        // trailing axes (times entry-major tangents): the same vector loop per block or run.
        let n = g.scalars.count, block = factor.scalars.count
        let leading = g.shape == factor.shape || (block > 0 && repeatsAlongLeadingAxes(factor.shape, in: g.shape))
        guard leading || (block > 0 && repeatsAlongTrailingAxes(factor.shape, in: g.shape)) else {
            return broadcasting(g, factor, operation: "*") { $0 == 0 ? 0 : $0 * $1 }
        }
        return Tensor(
            unchecked: g.shape,
            filled(n) { out in
                g.scalars.withUnsafeBufferPointer { x in
                    factor.scalars.withUnsafeBufferPointer { y in
                        let (x, y, out) = (x.baseAddress!, y.baseAddress!, out.baseAddress!)
                        if leading {
                            for start in stride(from: 0, to: n, by: block) {
                                multiplyKeepingZeros(x + start, y, factorStride: 1, into: out + start, count: block)
                            }
                        } else {
                            let run = n / block
                            for e in 0..<block {
                                multiplyKeepingZeros(x + e * run, y + e, factorStride: 0, into: out + e * run, count: run)
                            }
                        }
                    }
                }
            })
    }

    /// Whether `inner` broadcast to `outer` only repeats it whole along leading axes
    /// (it has no more axes, and without leading ones its shape is a suffix of `outer`'s).
    @inlinable
    static func repeatsAlongLeadingAxes(_ inner: [Int], in outer: [Int]) -> Bool {
        let core = inner.drop { $0 == 1 }
        return inner.count <= outer.count && outer.suffix(core.count).elementsEqual(core)
    }

    /// Whether `inner` broadcast to `outer` repeats each of its entries along trailing axes
    /// (the same rank; `outer`'s leading axes, then ones: `[e, 1]` against `[e, k]`).
    @inlinable
    static func repeatsAlongTrailingAxes(_ inner: [Int], in outer: [Int]) -> Bool {
        guard inner.count == outer.count else { return false }
        let common = zip(inner, outer).prefix { $0 == $1 }.count
        return inner[common...].allSatisfy { $0 == 1 }
    }

    /// `out[i] = x[i] == 0 ? 0 : x[i] · y[i · factorStride]` for `count` entries (stride 0:
    /// one factor for all), eight per step as a vector product and a select (a branch per
    /// entry kept the loop scalar).
    @inlinable
    static func multiplyKeepingZeros(
        _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, factorStride: Int,
        into out: UnsafeMutablePointer<Double>, count: Int
    ) {
        typealias Group = SIMD8<Double>
        let w = Group.scalarCount
        var i = 0
        while i + w <= count {
            let a: Group = loadLanes(x + i), b: Group = factorStride == 0 ? Group(repeating: y[0]) : loadLanes(y + i)
            storeLanes((a * b).replacing(with: 0, where: a .== .zero), out + i)
            i += w
        }
        while i < count {
            out[i] = x[i] == 0 ? 0 : x[i] * y[i * factorStride]
            i += 1
        }
    }
}

extension Tensor {
    /// `total + part` in place when the two have one shape (the sweep holds its cotangents
    /// alone, so no copy is made; a shared one is copied first), else `total + part`.
    @inlinable
    public static func accumulate(_ part: Tensor, into total: inout Tensor) {
        guard total.storedShape == part.storedShape else {
            total = total + part
            return
        }
        total.unitRows = nil // no longer rows of the identity once added to
        part.storedScalars.withUnsafeBufferPointer { p in
            total.storedScalars.withUnsafeMutableBufferPointer { t in
                for i in 0..<t.count { t[i] += p[i] }
            }
        }
    }
}

// MARK: Forward

extension DualTensor {
    @inlinable public static func + (lhs: DualTensor, rhs: DualTensor) -> DualTensor {
        let value = lhs.value + rhs.value
        if let sum = entryMajorSum(lhs, rhs, value: value, subtracting: false) { return sum }
        return DualTensor(unchecked: value, adding(lhs.tangents, rhs.tangents, shape: value.shape))
    }
    @inlinable public static func - (lhs: DualTensor, rhs: DualTensor) -> DualTensor {
        let value = lhs.value - rhs.value
        if let difference = entryMajorSum(lhs, rhs, value: value, subtracting: true) { return difference }
        return DualTensor(unchecked: value, adding(lhs.tangents, rhs.tangents.map { -$0 }, shape: value.shape))
    }
    /// Product rule: (a·b)' = a'·b + a·b'.
    @inlinable public static func * (lhs: DualTensor, rhs: DualTensor) -> DualTensor {
        let value = lhs.value * rhs.value, shape = value.shape
        let a = lhs.tangents.map { lifted($0, toRank: shape.count) * rhs.value }
        let b = rhs.tangents.map { lifted($0, toRank: shape.count) * lhs.value }
        return DualTensor(unchecked: value, adding(a, b, shape: shape))
    }
    /// Quotient rule with q = a/b: (a/b)' = (a' − q·b') / b.
    @inlinable public static func / (lhs: DualTensor, rhs: DualTensor) -> DualTensor {
        let q = lhs.value / rhs.value, shape = q.shape
        if q.scalars.allSatisfy(\.isFinite) && !rhs.value.scalars.contains(0) {
            let b = rhs.tangents.map { -(lifted($0, toRank: shape.count) * q) }
            return DualTensor(unchecked: q, adding(lhs.tangents, b, shape: shape).map { $0 / rhs.value })
        }
        // y = 0 or an infinite quotient somewhere: the partials 1/y and −q/y applied each to
        // its own tangent, zero tangents kept 0 (as the scalar layer and reverse mode do).
        let r = rhs.value.divided(into: 1), s = -(q * r)
        let a = lhs.tangents.map { Tensor.productKeepingZeros(lifted($0, toRank: shape.count), r) }
        let b = rhs.tangents.map { Tensor.productKeepingZeros(lifted($0, toRank: shape.count), s) }
        return DualTensor(unchecked: q, adding(a, b, shape: shape))
    }
    @inlinable public static prefix func - (operand: DualTensor) -> DualTensor {
        operand.withEntrywiseTangents(-operand.value) { -$0 }
    }

    @inlinable public func adding(_ c: Double) -> DualTensor { withEntrywiseTangents(value.adding(c)) { $0 } }
    @inlinable public func subtracted(from c: Double) -> DualTensor {
        withEntrywiseTangents(value.subtracted(from: c)) { -$0 }
    }
    @inlinable public func multiplied(by c: Double) -> DualTensor {
        withEntrywiseTangents(value.multiplied(by: c)) { $0.multiplied(by: c) }
    }
    @inlinable public func divided(by c: Double) -> DualTensor {
        withEntrywiseTangents(value.divided(by: c)) { $0.divided(by: c) }
    }
    /// c/b: value q = c/b, tangent −q·b'/b.
    @inlinable public func divided(into c: Double) -> DualTensor {
        let q = value.divided(into: c)
        return DualTensor(unchecked: q, DualTensor.scaled(tangents, by: -q / value, shape: q.shape))
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// ∂(x+y) = (1, 1): the add gate passes the cotangent to both operands.
    @inlinable public static func + (lhs: TrackedTensor, rhs: TrackedTensor) -> TrackedTensor {
        let value = lhs.value + rhs.value
        guard let tape = tape(of: lhs, rhs) else { return TrackedTensor(constant: value) }
        let (ra, rb, sa, sb) = (lhs.isRecorded, rhs.isRecorded, lhs.value.shape, rhs.value.shape)
        return tape.recordBinary(value, operation: "+", lhs.entry, rhs.entry) { g in
            (ra ? unbroadcast(g, to: sa) : nil, rb ? unbroadcast(g, to: sb) : nil)
        }
    }
    /// ∂(x−y) = (1, −1).
    @inlinable public static func - (lhs: TrackedTensor, rhs: TrackedTensor) -> TrackedTensor {
        let value = lhs.value - rhs.value
        guard let tape = tape(of: lhs, rhs) else { return TrackedTensor(constant: value) }
        let (ra, rb, sa, sb) = (lhs.isRecorded, rhs.isRecorded, lhs.value.shape, rhs.value.shape)
        return tape.recordBinary(value, operation: "-", lhs.entry, rhs.entry) { g in
            (ra ? unbroadcast(g, to: sa) : nil, rb ? unbroadcast(-g, to: sb) : nil)
        }
    }
    /// ∂(x·y) = (y, x): the multiply gate swaps its operands.
    @inlinable public static func * (lhs: TrackedTensor, rhs: TrackedTensor) -> TrackedTensor {
        let (x, y) = (lhs.value, rhs.value)
        let value = x * y
        guard let tape = tape(of: lhs, rhs) else { return TrackedTensor(constant: value) }
        let (ra, rb) = (lhs.isRecorded, rhs.isRecorded)
        return tape.recordBinary(value, operation: "*", lhs.entry, rhs.entry) { g in
            (ra ? unbroadcast(g * y, to: x.shape) : nil, rb ? unbroadcast(g * x, to: y.shape) : nil)
        }
    }
    /// ∂(x/y) = (1/y, −q/y) with q = x/y: one entry, not x·(1/y).
    @inlinable public static func / (lhs: TrackedTensor, rhs: TrackedTensor) -> TrackedTensor {
        let (x, y) = (lhs.value, rhs.value)
        let q = x / y
        guard let tape = tape(of: lhs, rhs) else { return TrackedTensor(constant: q) }
        let (ra, rb) = (lhs.isRecorded, rhs.isRecorded)
        return tape.recordBinary(q, operation: "/", lhs.entry, rhs.entry) { g in
            let gx = g / y
            return (ra ? unbroadcast(gx, to: x.shape) : nil, rb ? unbroadcast(-(gx * q), to: y.shape) : nil)
        }
    }
    @inlinable public static prefix func - (operand: TrackedTensor) -> TrackedTensor {
        unary(operand, -operand.value, "-x") { -$0 }
    }

    @inlinable public func adding(_ c: Double) -> TrackedTensor { TrackedTensor.unary(self, value.adding(c), "x + c") { $0 } }
    @inlinable public func subtracted(from c: Double) -> TrackedTensor {
        TrackedTensor.unary(self, value.subtracted(from: c), "c - x") { -$0 }
    }
    @inlinable public func multiplied(by c: Double) -> TrackedTensor {
        TrackedTensor.unary(self, value.multiplied(by: c), "c * x") { $0.multiplied(by: c) }
    }
    @inlinable public func divided(by c: Double) -> TrackedTensor {
        TrackedTensor.unary(self, value.divided(by: c), "x / c") { $0.divided(by: c) }
    }
    /// ∂(c/y) = −q/y with q = c/y.
    @inlinable public func divided(into c: Double) -> TrackedTensor {
        let y = value
        let q = y.divided(into: c)
        return TrackedTensor.unary(self, q, "c / x") { g in -((g / y) * q) }
    }

    /// Records `value`, computed from `x` alone, whose pullback maps the batched cotangent
    /// by `rule` (the result has x's shape); a constant `x` records nothing.
    @inlinable
    static func unary(
        _ x: TrackedTensor, _ value: V, _ name: String, savedBytes: Int = 0,
        _ rule: @escaping (V) -> V
    ) -> TrackedTensor {
        guard let tape = x.tape else { return TrackedTensor(constant: value) }
        return tape.recordUnary(value, operation: name, operand: x.index, savedBytes: savedBytes, pullback: rule)
    }
}
