// ScalarTensor's operations: each defined entry by entry through the scalar layer, the
// obvious way (no fused rules, no preaccumulation), so that it is an independent route.

extension ScalarTensor: ADTensor {
    /// A constant: each entry `Scalar(value)`.
    public init(_ constant: Tensor) { self.init(shape: constant.shape, elements: constant.scalars.map { Scalar($0) }) }

    public static func + (lhs: ScalarTensor, rhs: ScalarTensor) -> ScalarTensor { lhs.broadcasting(rhs, "+", +) }
    public static func - (lhs: ScalarTensor, rhs: ScalarTensor) -> ScalarTensor { lhs.broadcasting(rhs, "-", -) }
    public static func * (lhs: ScalarTensor, rhs: ScalarTensor) -> ScalarTensor { lhs.broadcasting(rhs, "*", *) }
    public static func / (lhs: ScalarTensor, rhs: ScalarTensor) -> ScalarTensor { lhs.broadcasting(rhs, "/", /) }
    public static prefix func - (operand: ScalarTensor) -> ScalarTensor { operand.mapped { -$0 } }
    public func adding(_ c: Double) -> ScalarTensor { mapped { $0 + c } }
    public func subtracted(from c: Double) -> ScalarTensor { mapped { c - $0 } }
    public func multiplied(by c: Double) -> ScalarTensor { mapped { $0 * c } }
    public func divided(by c: Double) -> ScalarTensor { mapped { $0 / c } }
    public func divided(into c: Double) -> ScalarTensor { mapped { c / $0 } }

    func mapped(_ f: (Scalar) -> Scalar) -> ScalarTensor { ScalarTensor(shape: shape, elements: elements.map(f)) }

    public static func applying(_ operation: ElementwiseOperation, to x: ScalarTensor) -> ScalarTensor {
        x.mapped { operation.apply(to: $0) }
    }
    public static func applying(_ operation: ElementwiseBinaryOperation, to x: ScalarTensor, _ y: ScalarTensor) -> ScalarTensor {
        x.broadcasting(y, operation.description) { operation.apply(to: $0, $1) }
    }
    public static func elementwise<F: ScalarFunction>(_ f: F, _ arguments: [ScalarTensor]) -> ScalarTensor {
        guard let shape = Tensor.commonShape(arguments.map(\.shape), operation: "elementwise") else { return arguments[0] }
        let args = arguments.map { $0.expanded(to: shape).elements }
        return ScalarTensor(shape: shape, elements: (0..<shape.scalarCount).map { e in f(args.map { $0[e] }) })
    }

    /// The matrix product by its definition: Σ_p op(A)[i, p]·op(B)[p, j], batch by batch.
    public static func matmul(_ a: ScalarTensor, transposed ta: Bool, _ b: ScalarTensor, transposed tb: Bool) -> ScalarTensor {
        let s: MatrixProductShapes
        do { s = try MatrixProductShapes(a.shape, transposed: ta, b.shape, transposed: tb) } catch {
            return ShapeMismatchSink.report(error) { a }
        }
        let batch = Array(s.promoted.dropLast(2))
        let pa = ScalarTensor(shape: s.a, elements: a.elements).expanded(to: batch + s.a.suffix(2)).elements
        let pb = ScalarTensor(shape: s.b, elements: b.elements).expanded(to: batch + s.b.suffix(2)).elements
        let (m, n, p) = (s.m, s.n, s.p)
        let (lda, ldb) = (s.a[s.a.count - 1], s.b[s.b.count - 1])
        var out: [Scalar] = []
        for t in 0..<batch.scalarCount {
            let oa = t * s.a.suffix(2).scalarCount, ob = t * s.b.suffix(2).scalarCount
            for i in 0..<m {
                for j in 0..<n {
                    var sum = Scalar(0)
                    for q in 0..<p {
                        let x = s.transposeA ? pa[oa + q * lda + i] : pa[oa + i * lda + q]
                        let y = s.transposeB ? pb[ob + j * ldb + q] : pb[ob + q * ldb + j]
                        sum = q == 0 ? x * y : sum + x * y
                    }
                    out.append(sum)
                }
            }
        }
        return ScalarTensor(shape: s.result, elements: out)
    }

    /// Entries of each reduced block, in row-major order, for the reductions.
    func blocks(_ axes: [Int], _ name: String) -> (shape: [Int], blocks: [[Scalar]])? {
        guard let a = Tensor.normalizedAxes(axes, rank: shape.count, shape: shape, operation: name) else { return nil }
        let (bases, block) = Tensor(unchecked: shape, [Double](repeating: 0, count: shape.scalarCount)).reductionOffsets(a)
        return (Tensor.keptShape(shape, reducing: a), bases.map { base in block.map { elements[base + $0] } })
    }

    public func sum(alongAxes axes: [Int]) -> ScalarTensor {
        guard let (shape, blocks) = blocks(axes, "sum(alongAxes:)") else { return self }
        return ScalarTensor(shape: shape, elements: blocks.map { $0.dropFirst().reduce($0.first ?? Scalar(0), +) })
    }
    /// The running `Scalar.max`, which keeps the earlier entry on a tie.
    public func max(alongAxes axes: [Int]) -> ScalarTensor {
        guard let (shape, blocks) = blocks(axes, "max(alongAxes:)") else { return self }
        return ScalarTensor(shape: shape, elements: blocks.map { $0.dropFirst().reduce($0[0]) { Scalar.max($0, $1) } })
    }
    /// log Σ exp(x − m) + m with m the block's primal maximum held constant.
    public func logSumExp(alongAxes axes: [Int]) -> ScalarTensor {
        guard let (shape, blocks) = blocks(axes, "logSumExp(alongAxes:)") else { return self }
        return ScalarTensor(
            shape: shape,
            elements: blocks.map { block in
                let m = block.map(\.primal).max() ?? 0
                let shift = m.isFinite ? m : 0
                return Scalar.log(block.map { Scalar.exp($0 - shift) }.dropFirst().reduce(Scalar.exp(block[0] - shift), +)) + shift
            })
    }

    public func reshaped(to shape: [Int]) -> ScalarTensor {
        let moved = positions { $0.reshaped(to: shape) }
        return gathered(moved.positions, shape: moved.shape)
    }
    public func transposed(permutation: [Int]) -> ScalarTensor {
        let moved = positions { $0.transposed(permutation: permutation) }
        return gathered(moved.positions, shape: moved.shape)
    }
    public func broadcasted(to shape: [Int]) -> ScalarTensor {
        let moved = positions { $0.broadcasted(to: shape) }
        return gathered(moved.positions, shape: moved.shape)
    }
    public func slice(_ range: Range<Int>, alongAxis axis: Int) -> ScalarTensor {
        let moved = positions { $0.slice(range, alongAxis: axis) }
        return gathered(moved.positions, shape: moved.shape)
    }
    /// Padding entries are the constant `value`.
    public func padded(alongAxis axis: Int, before: Int, after: Int, with value: Double) -> ScalarTensor {
        let moved = positions { $0.padded(alongAxis: axis, before: before, after: after, with: .nan) }
        return ScalarTensor(shape: moved.shape, elements: moved.positions.map { $0 >= 0 ? elements[$0] : Scalar(value) })
    }
    public static func concatenate(_ parts: [ScalarTensor], alongAxis axis: Int) -> ScalarTensor {
        var offset = 0
        let indices = parts.map { part -> Tensor in
            defer { offset += part.shape.scalarCount }
            return Tensor(unchecked: part.shape, (0..<part.shape.scalarCount).map { Double(offset + $0) })
        }
        let joined = Tensor.concatenate(indices, alongAxis: axis)
        let all = parts.flatMap(\.elements)
        return ScalarTensor(shape: joined.shape, elements: joined.scalars.map { all[Int($0)] })
    }
    public static func select(_ mask: TensorMask, _ whereTrue: ScalarTensor, _ whereFalse: ScalarTensor) -> ScalarTensor {
        guard let s1 = broadcastShape(whereTrue.shape, whereFalse.shape), let shape = broadcastShape(mask.shape, s1) else {
            return ShapeMismatchSink.report(
                ShapeMismatch(
                    operation: "select(_:_:_:)",
                    shapes: [mask.shape, whereTrue.shape, whereFalse.shape], reason: "shapes do not broadcast")
            ) { whereTrue }
        }
        let m = mask.tensor.expanded(to: shape).scalars
        let a = whereTrue.expanded(to: shape).elements, b = whereFalse.expanded(to: shape).elements
        return ScalarTensor(shape: shape, elements: (0..<m.count).map { m[$0] != 0 ? a[$0] : b[$0] })
    }
}

/// An array function seen as a ``VectorFunction`` of all its inputs' entries (one input
/// after another, each row-major) to its output's entries, evaluated on ``ScalarTensor``:
/// so every scalar driver (forward, reverse, sparse, second order) applies to it, and the
/// scalar and array layers can be compared on the same code.
public struct TensorAsVectorFunction<Base: TensorFunction>: VectorFunction {
    /// The wrapped function.
    public let base: Base
    /// The shapes of its inputs.
    public let inputShapes: [[Int]]

    /// Wraps `base` for inputs of `inputShapes`.
    public init(_ base: Base, inputShapes: [[Int]]) {
        self.base = base
        self.inputShapes = inputShapes
    }

    /// The entries of `base` applied to `x` cut into the inputs.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var offset = 0
        let inputs = inputShapes.map { shape -> ScalarTensor<T> in
            defer { offset += shape.scalarCount }
            return ScalarTensor(shape: shape, elements: Array(x[offset..<(offset + shape.scalarCount)]))
        }
        return base(inputs).elements
    }

    /// The total number of input entries.
    public var inputCount: Int? { inputShapes.reduce(0) { $0 + $1.scalarCount } }

    /// The input entries of `tensors`, one input after another.
    public static func flatten(_ tensors: [Tensor]) -> [Double] { tensors.flatMap(\.scalars) }
}
