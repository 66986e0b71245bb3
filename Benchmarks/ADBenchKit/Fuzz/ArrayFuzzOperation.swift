// The instruction set of fuzzed array programs: one case per family of ADTensor
// operations, each naming the registers it reads, evaluated on any ADTensor.
import AutoDiff

/// `x ∘ y` of two arrays, entry by entry with broadcasting.
public enum ArrayFuzzArithmetic: String, Hashable, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/"
}

/// A compound assignment `var v = x; v ∘= y` (the forms ``ADTensor`` has).
public enum ArrayFuzzCompound: String, Hashable, Sendable, CaseIterable {
    case addAssign = "+=", subtractAssign = "-=", multiplyAssign = "*="
}

/// Arithmetic with a `Double` constant on one side (`x + c`, `c / x`, ...).
public enum ArrayFuzzConstantForm: Hashable, Sendable, CaseIterable {
    case addConstant, constantAdd, subtractConstant, constantSubtract
    case multiplyConstant, constantMultiply, divideConstant, constantDivide

    /// The operator.
    var symbol: String {
        switch self {
        case .addConstant, .constantAdd: "+"
        case .subtractConstant, .constantSubtract: "-"
        case .multiplyConstant, .constantMultiply: "*"
        case .divideConstant, .constantDivide: "/"
        }
    }

    /// Whether the constant is the left operand.
    var constantFirst: Bool { [.constantAdd, .constantSubtract, .constantMultiply, .constantDivide].contains(self) }
}

/// The reductions of ``ADTensor``.
public enum ArrayFuzzReduction: String, Hashable, Sendable, CaseIterable {
    case sum, mean, max, logSumExp
}

/// A comparison giving a ``TensorMask``.
public enum ArrayFuzzComparison: String, Hashable, Sendable, CaseIterable {
    case less = ".<", lessOrEqual = ".<=", greater = ".>", greaterOrEqual = ".>="

    /// The comparison on plain values.
    func holds(_ a: Double, _ b: Double) -> Bool {
        switch self {
        case .less: a < b
        case .lessOrEqual: a <= b
        case .greater: a > b
        case .greaterOrEqual: a >= b
        }
    }
}

/// The mask of a select: `register ∘ other` (another register, or `constant` when
/// `other` is nil), negated by `!` when `negated`.
public struct ArrayFuzzMask: Hashable, Sendable {
    /// The comparison.
    public var comparison: ArrayFuzzComparison
    /// The left register.
    public var lhs: Int
    /// The right register, or nil for ``constant``.
    public var rhs: Int?
    /// The right operand when ``rhs`` is nil.
    public var constant: Double
    /// Whether the mask is negated.
    public var negated: Bool

    /// A mask description.
    public init(_ comparison: ArrayFuzzComparison, _ lhs: Int, _ rhs: Int?, constant: Double = 0, negated: Bool = false) {
        self.comparison = comparison
        self.lhs = lhs
        self.rhs = rhs
        self.constant = constant
        self.negated = negated
    }
}

/// One instruction of a fuzzed array program: `v[k] = operation(v[...])`, registers
/// numbered inputs first, then one per instruction.
public enum ArrayFuzzOperation: Hashable, Sendable {
    /// A constant array (no derivative flows through it).
    case constant(Tensor)
    /// `a ∘ b`.
    case arithmetic(ArrayFuzzArithmetic, Int, Int)
    /// `var v = a; v ∘= b`.
    case compound(ArrayFuzzCompound, Int, Int)
    /// `-a`.
    case negate(Int)
    /// `a ∘ c` or `c ∘ a`.
    case withConstant(ArrayFuzzConstantForm, Int, Double)
    /// An elementary function entry by entry.
    case unary(ElementwiseOperation, Int)
    /// `pow`, `atan2`, `hypot`, `min`, `max` entry by entry.
    case binary(ElementwiseBinaryOperation, Int, Int)
    /// `matmul(a, transposed:, b, transposed:)`.
    case matmul(Int, Bool, Int, Bool)
    /// A reduction over `axes` (nil: all axes, to rank 0), keeping them or squeezing them.
    case reduce(ArrayFuzzReduction, Int, axes: [Int]?, squeeze: Bool)
    /// `a.reshaped(to:)` (one length may be -1).
    case reshape(Int, [Int])
    /// `a.transposed(permutation:)`, or `a.transposed()` when nil.
    case transpose(Int, [Int]?)
    /// `a.slice(range, alongAxis:)`.
    case slice(Int, Range<Int>, axis: Int)
    /// `a.slice(index, alongAxis:)`: one index, the axis dropped.
    case index(Int, Int, axis: Int)
    /// `T.concatenate(parts, alongAxis:)`.
    case concatenate([Int], axis: Int)
    /// `a.padded(alongAxis:before:after:with:)`.
    case pad(Int, axis: Int, before: Int, after: Int, value: Double)
    /// `a.broadcasted(to:)`.
    case broadcast(Int, [Int])
    /// `T.select(mask, whereTrue, whereFalse)`.
    case select(ArrayFuzzMask, Int, Int)
    /// `T.elementwise(map, arguments)`: a built-in ``ScalarFunction`` as one operation.
    case map(ArrayFuzzMap, [Int])

    /// The registers the operation reads, in order (a select: its mask's, then its sides).
    public var operands: [Int] {
        switch self {
        case .constant: []
        case .arithmetic(_, let a, let b), .compound(_, let a, let b), .binary(_, let a, let b), .matmul(let a, _, let b, _): [a, b]
        case .negate(let a), .withConstant(_, let a, _), .unary(_, let a), .reduce(_, let a, _, _), .reshape(let a, _),
            .transpose(let a, _), .slice(let a, _, _), .index(let a, _, _), .pad(let a, _, _, _, _), .broadcast(let a, _):
            [a]
        case .concatenate(let parts, _): parts
        case .select(let mask, let t, let f): [mask.lhs] + (mask.rhs.map { [$0] } ?? []) + [t, f]
        case .map(_, let arguments): arguments
        }
    }

    /// The same operation reading `registers` instead (as many as ``operands``).
    public func withOperands(_ r: [Int]) -> ArrayFuzzOperation {
        precondition(r.count == operands.count)
        switch self {
        case .constant: return self
        case .arithmetic(let o, _, _): return .arithmetic(o, r[0], r[1])
        case .compound(let o, _, _): return .compound(o, r[0], r[1])
        case .binary(let o, _, _): return .binary(o, r[0], r[1])
        case .matmul(_, let ta, _, let tb): return .matmul(r[0], ta, r[1], tb)
        case .negate: return .negate(r[0])
        case .withConstant(let form, _, let c): return .withConstant(form, r[0], c)
        case .unary(let o, _): return .unary(o, r[0])
        case .reduce(let o, _, let axes, let squeeze): return .reduce(o, r[0], axes: axes, squeeze: squeeze)
        case .reshape(_, let shape): return .reshape(r[0], shape)
        case .transpose(_, let p): return .transpose(r[0], p)
        case .slice(_, let range, let axis): return .slice(r[0], range, axis: axis)
        case .index(_, let i, let axis): return .index(r[0], i, axis: axis)
        case .pad(_, let axis, let before, let after, let value):
            return .pad(r[0], axis: axis, before: before, after: after, value: value)
        case .broadcast(_, let shape): return .broadcast(r[0], shape)
        case .concatenate(_, let axis): return .concatenate(r, axis: axis)
        case .select(var mask, _, _):
            mask.lhs = r[0]
            if mask.rhs != nil { mask.rhs = r[1] }
            return .select(mask, r[r.count - 2], r[r.count - 1])
        case .map(let map, _): return .map(map, r)
        }
    }

    /// The operation on registers `v` of any ``ADTensor``.
    /// - Complexity: one array operation of `T` (a select also one comparison).
    public func evaluate<T: ADTensor>(_ v: [T]) -> T {
        switch self {
        case .constant(let c): return T(c)
        case .arithmetic(let o, let a, let b):
            switch o {
            case .add: return v[a] + v[b]
            case .subtract: return v[a] - v[b]
            case .multiply: return v[a] * v[b]
            case .divide: return v[a] / v[b]
            }
        case .compound(let o, let a, let b):
            var r = v[a]
            switch o {
            case .addAssign: r += v[b]
            case .subtractAssign: r -= v[b]
            case .multiplyAssign: r *= v[b]
            }
            return r
        case .negate(let a): return -v[a]
        case .withConstant(let form, let a, let c):
            let x = v[a]
            switch form {
            case .addConstant: return x + c
            case .constantAdd: return c + x
            case .subtractConstant: return x - c
            case .constantSubtract: return c - x
            case .multiplyConstant: return x * c
            case .constantMultiply: return c * x
            case .divideConstant: return x / c
            case .constantDivide: return c / x
            }
        case .unary(let o, let a): return T.applying(o, to: v[a])
        case .binary(let o, let a, let b):
            switch o { // the named forms, as users write them
            case .pow: return T.pow(v[a], v[b])
            case .atan2: return T.atan2(y: v[a], x: v[b])
            case .hypot: return T.hypot(v[a], v[b])
            case .min: return T.min(v[a], v[b])
            case .max: return T.max(v[a], v[b])
            }
        case .matmul(let a, let ta, let b, let tb): return AutoDiff.matmul(v[a], transposed: ta, v[b], transposed: tb)
        case .reduce(let o, let a, let axes, let squeeze): return reduced(v[a], o, axes, squeeze)
        case .reshape(let a, let shape): return v[a].reshaped(to: shape)
        case .transpose(let a, let p): return p.map { v[a].transposed(permutation: $0) } ?? v[a].transposed()
        case .slice(let a, let range, let axis): return v[a].slice(range, alongAxis: axis)
        case .index(let a, let i, let axis): return v[a].slice(i, alongAxis: axis)
        case .concatenate(let parts, let axis): return T.concatenate(parts.map { v[$0] }, alongAxis: axis)
        case .pad(let a, let axis, let before, let after, let value):
            return v[a].padded(alongAxis: axis, before: before, after: after, with: value)
        case .broadcast(let a, let shape): return v[a].broadcasted(to: shape)
        case .select(let m, let t, let f):
            let mask = m.rhs.map { compare(v[m.lhs], v[$0], m.comparison) } ?? compare(v[m.lhs], m.constant, m.comparison)
            return T.select(m.negated ? !mask : mask, v[t], v[f])
        case .map(let map, let arguments): return map.apply(arguments.map { v[$0] })
        }
    }

    /// The family of the operation (for coverage counts and test-only faults).
    public var family: ArrayFuzzFamily {
        switch self {
        case .constant: .constant
        case .arithmetic: .arithmetic
        case .compound: .compound
        case .negate: .negate
        case .withConstant: .withConstant
        case .unary: .unary
        case .binary: .binary
        case .matmul: .matmul
        case .reduce: .reduce
        case .reshape: .reshape
        case .transpose: .transpose
        case .slice: .slice
        case .index: .index
        case .concatenate: .concatenate
        case .pad: .pad
        case .broadcast: .broadcast
        case .select: .select
        case .map: .map
        }
    }
}

/// The families of ``ArrayFuzzOperation``, one per case.
public enum ArrayFuzzFamily: String, Hashable, Sendable, CaseIterable {
    case constant, arithmetic, compound, negate, withConstant, unary, binary, matmul, reduce
    case reshape, transpose, slice, index, concatenate, pad, broadcast, select, map
}

/// A reduction in the spelling users write: `x.sum()`, `x.sum(alongAxes:)`,
/// `x.sum(squeezingAxes: ...)` (variadic only, so spelled out per axis count).
func reduced<T: ADTensor>(_ x: T, _ o: ArrayFuzzReduction, _ axes: [Int]?, _ squeeze: Bool) -> T {
    guard let axes else {
        switch o {
        case .sum: return x.sum()
        case .mean: return x.mean()
        case .max: return x.max()
        case .logSumExp: return x.logSumExp()
        }
    }
    if !squeeze {
        switch o {
        case .sum: return x.sum(alongAxes: axes)
        case .mean: return x.mean(alongAxes: axes)
        case .max: return x.max(alongAxes: axes)
        case .logSumExp: return x.logSumExp(alongAxes: axes)
        }
    }
    precondition((1...3).contains(axes.count), "squeezing 1 to 3 axes")
    let (a, b, c) = (axes[0], axes.count > 1 ? axes[1] : axes[0], axes.count > 2 ? axes[2] : axes[0])
    switch (o, axes.count) {
    case (.sum, 1): return x.sum(squeezingAxes: a)
    case (.sum, 2): return x.sum(squeezingAxes: a, b)
    case (.sum, _): return x.sum(squeezingAxes: a, b, c)
    case (.mean, 1): return x.mean(squeezingAxes: a)
    case (.mean, 2): return x.mean(squeezingAxes: a, b)
    case (.mean, _): return x.mean(squeezingAxes: a, b, c)
    case (.max, 1): return x.max(squeezingAxes: a)
    case (.max, 2): return x.max(squeezingAxes: a, b)
    case (.max, _): return x.max(squeezingAxes: a, b, c)
    case (.logSumExp, 1): return x.logSumExp(squeezingAxes: a)
    case (.logSumExp, 2): return x.logSumExp(squeezingAxes: a, b)
    case (.logSumExp, _): return x.logSumExp(squeezingAxes: a, b, c)
    }
}

/// `lhs ∘ rhs` as a mask.
func compare<T: ADTensor>(_ lhs: T, _ rhs: T, _ c: ArrayFuzzComparison) -> TensorMask {
    switch c {
    case .less: lhs .< rhs
    case .lessOrEqual: lhs .<= rhs
    case .greater: lhs .> rhs
    case .greaterOrEqual: lhs .>= rhs
    }
}

/// `lhs ∘ c` as a mask.
func compare<T: ADTensor>(_ lhs: T, _ rhs: Double, _ c: ArrayFuzzComparison) -> TensorMask {
    switch c {
    case .less: lhs .< rhs
    case .lessOrEqual: lhs .<= rhs
    case .greater: lhs .> rhs
    case .greaterOrEqual: lhs .>= rhs
    }
}
