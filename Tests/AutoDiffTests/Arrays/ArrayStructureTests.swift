import AutoDiff
import Testing

// Matrix products, reductions, shape operations, select and the elementwise map, each
// checked three ways by checkArrayDerivatives.

/// op(A)·op(B), then a tanh so that the result is not linear in each operand.
struct Product: TensorFunction {
    let transposeA: Bool, transposeB: Bool
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        T.tanh(matmul(p[0], transposed: transposeA, p[1], transposed: transposeB))
    }
}

/// A reduction of x² + x (so a sum is not linear).
struct Reduction: TensorFunction {
    enum Kind: String, CaseIterable, Sendable { case sum, mean, max, logSumExp, sumSqueezing, maxSqueezing }
    let kind: Kind, axes: [Int]
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0] * p[0] + p[0]
        switch kind {
        case .sum: return x.sum(alongAxes: axes)
        case .mean: return x.mean(alongAxes: axes)
        case .max: return x.max(alongAxes: axes)
        case .logSumExp: return x.logSumExp(alongAxes: axes)
        case .sumSqueezing: return T.exp(x.sum(alongAxes: axes)).reshaped(to: [-1])
        case .maxSqueezing: return x.max(alongAxes: axes).reshaped(to: [-1]) * 2
        }
    }
}

/// Shape operations, each followed by an elementwise square (a nonlinear consumer).
struct ShapeOperation: TensorFunction {
    enum Kind: String, CaseIterable, Sendable { case reshape, transpose, permute, broadcast, slice, sliceIndex, pad, concatenate }
    let kind: Kind
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0] // [2, 3, 4]
        let y: T
        switch kind {
        case .reshape: y = x.reshaped(to: [4, -1])
        case .transpose: y = x.reshaped(to: [6, 4]).transposed()
        case .permute: y = x.transposed(permutation: [2, 0, 1])
        case .broadcast: y = x.sum(alongAxes: 1).broadcasted(to: [5, 2, 3, 4])
        case .slice: y = x.slice(1..<3, alongAxis: 2) + x.slice(0..<2, alongAxis: -1)
        case .sliceIndex: y = x.slice(1, alongAxis: 1)
        case .pad: y = x.padded(alongAxis: 1, before: 2, after: 1, with: 0.5)
        case .concatenate: y = T.concatenate([x, T.exp(x), p[1]], alongAxis: 0)
        }
        return y * y
    }
}

/// A piecewise function: x² where x > y, else 3y (broadcast mask).
struct PiecewiseArray: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { T.select(p[0] .> p[1], p[0] * p[0], 3 * p[1]) }
}

/// Rosenbrock's term as a user's scalar function, mapped over two arrays.
struct RosenbrockTerm: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { 100 * T.square(v[1] - v[0] * v[0]) + T.square(1 - v[0]) }
}

/// A three-argument scalar function mapped with broadcasting.
struct Blend: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.sin(v[0]) * v[1] + T.exp(v[2] * v[0]) }
}

struct Mapped: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        T.elementwise(RosenbrockTerm(), [p[0], p[1]]) + T.elementwise(Blend(), [p[0], p[1], p[2]])
    }
}

@Suite("Array structure three ways")
struct ArrayStructureTests {
    /// Shapes of (A, B) for op(A)·op(B), stored shapes before transposition is applied.
    static let productCases: [([Int], [Int])] = [
        ([3, 4], [4, 2]), ([3, 4], [4]), ([4], [4, 2]), ([4], [4]), ([2, 3, 4], [4, 5]), ([3, 4], [2, 4, 5]),
        ([2, 3, 4], [2, 4, 5]), ([2, 1, 3, 4], [5, 4, 2]), ([1, 4], [4, 1]), ([0, 4], [4, 3])
    ]

    @Test(arguments: [(false, false), (true, false), (false, true), (true, true)])
    func matrixProduct(_ flags: (Bool, Bool)) throws {
        for (a, b) in Self.productCases {
            // Stored shapes for transposed operands: swap the last two axes of a matrix.
            func stored(_ s: [Int], _ t: Bool) -> [Int] { t && s.count >= 2 ? s.dropLast(2) + [s[s.count - 1], s[s.count - 2]] : s }
            let x = randomTensors([stored(a, flags.0), stored(b, flags.1)], seed: 13)
            try checkArrayDerivatives(Product(transposeA: flags.0, transposeB: flags.1), at: x)
        }
    }

    @Test(arguments: Reduction.Kind.allCases)
    func reduction(_ kind: Reduction.Kind) throws {
        for axes in [[0], [1], [2], [-1], [0, 2], [0, 1, 2]] {
            try checkArrayDerivatives(Reduction(kind: kind, axes: axes), at: randomTensors([[2, 3, 4]], seed: 17))
        }
    }

    @Test(arguments: ShapeOperation.Kind.allCases)
    func shapeOperation(_ kind: ShapeOperation.Kind) throws {
        try checkArrayDerivatives(ShapeOperation(kind: kind), at: randomTensors([[2, 3, 4], [1, 3, 4]], seed: 19))
    }

    @Test func padAndSliceAtTheEdges() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.padded(alongAxis: 1, before: 1, after: 2, with: 9).scalars == [9, 1, 2, 3, 9, 9, 9, 4, 5, 6, 9, 9])
        #expect(x.padded(alongAxis: 0, before: 0, after: 1, with: 0).scalars == [1, 2, 3, 4, 5, 6, 0, 0, 0])
        #expect(x.slice(1..<3, alongAxis: 1).scalars == [2, 3, 5, 6])
        #expect(x.slice(1..<1, alongAxis: 0).shape == [0, 3])
        let empty = Tensor(shape: [0], scalars: [])
        #expect(empty.padded(alongAxis: 0, before: 2, after: 1, with: 7).scalars == [7, 7, 7])
        #expect(empty.slice(0..<0, alongAxis: 0).shape == [0])
    }

    @Test func selectByMask() throws {
        for (a, b) in [([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 1])] {
            try checkArrayDerivatives(PiecewiseArray(), at: randomTensors([a, b], seed: 23))
        }
    }

    @Test func elementwiseMapOfUserFunctions() throws {
        try checkArrayDerivatives(Mapped(), at: randomTensors([[2, 3], [2, 3], [3]], seed: 29))
    }

    /// The map is ONE tape entry, however many operations the scalar function has.
    @Test func elementwiseMapRecordsOneEntry() {
        let tape = TensorTape<Tensor>()
        let x = randomTensors([[4], [4]], seed: 31).map { tape.variable($0) }
        _ = TrackedTensor.elementwise(RosenbrockTerm(), x)
        #expect(tape.operations == ["input", "input", "elementwise"])
    }
}

/// A matrix-vector chain whose Jacobians start and end at identity seeds.
struct SmallChain: TensorFunction {
    let w1: Tensor, w2: Tensor
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { matmul(T(w2), T.tanh(matmul(T(w1), p[0]))) }
}

@Suite("Array Jacobians in batches")
struct ArrayBatchTests {
    /// Seeds are rows of the identity; a product by such rows copies rows of the other
    /// operand. Every batch size (so every offset of the block) gives the same Jacobian.
    @Test func everyBatchSizeGivesTheSameJacobian() throws {
        let w = randomTensors([[5, 7], [6, 5]], seed: 43)
        let f = SmallChain(w1: w[0], w2: w[1])
        let x = randomTensors([[7]], seed: 47)
        let reference = try forwardJacobian(of: f, at: x, batch: 7).jacobian
        expectClose(reference, finiteDifferenceJacobian(f, at: x), .finiteDifference(), "forward vs differences")
        for batch in 1...8 {
            expectClose(try forwardJacobian(of: f, at: x, batch: batch).jacobian, reference, .exact(), "forward, batch \(batch)")
            expectClose(try reverseJacobian(of: f, at: x, batch: batch).jacobian, reference, .exact(), "reverse, batch \(batch)")
        }
    }

    /// An output that does not depend on the inputs carries no tangents: its Jacobian (both modes) is
    /// zeros however the passes are split (entries no pass writes must still be zero).
    @Test func anOutputIndependentOfTheInputsHasAZeroJacobian() throws {
        struct Constant: TensorFunction {
            func callAsFunction<T: ADTensor>(_ x: [T]) -> T { T(Tensor(shape: [3], scalars: [1, 2, 3])) }
        }
        let x = randomTensors([[5]], seed: 61)
        for batch in [nil, 2, 5] {
            let (value, jacobian) = try forwardJacobian(of: Constant(), at: x, batch: batch)
            #expect(value.scalars == [1, 2, 3])
            #expect(jacobian.rows == 3 && jacobian.columns == 5)
            #expect(jacobian.elements.allSatisfy { $0 == 0 }, "batch \(String(describing: batch)): \(jacobian.elements)")
            let reverse = try reverseJacobian(of: Constant(), at: x, batch: batch).jacobian
            #expect(reverse.rows == 3 && reverse.columns == 5 && reverse.elements.allSatisfy { $0 == 0 })
        }
    }

    /// A constant matrix times a vector with one direction runs as one two-row product: its
    /// value must equal the plain product bit for bit, its tangent the product with the
    /// direction, for a wide matrix (groups of four rows and a tail, a tail of k).
    @Test func aMatrixTimesAVectorWithOneDirectionEqualsTheSeparateProducts() {
        let a = randomTensors([[67, 13]], seed: 71)[0], b = randomTensors([[13], [13]], seed: 73)
        let y = DualTensor.matmul(DualTensor(a), transposed: false, DualTensor(b[0], tangents: b[1].reshaped(to: [1, 13])), transposed: false)
        #expect(y.value.scalars == Tensor.matmul(a, transposed: false, b[0], transposed: false).scalars)
        #expect(y.tangents?.shape == [1, 67])
        #expect(y.tangents?.scalars == Tensor.matmul(a, transposed: false, b[1], transposed: false).scalars)
    }

    /// A reverse Jacobian whose first cotangent product is a copy (the seed is rows of the
    /// identity) equals the one computed with the kernel (a non-identity seed scaled back).
    @Test func seedCopiesEqualTheKernelsProduct() throws {
        let w = randomTensors([[5, 7], [6, 5]], seed: 59)
        let f = SmallChain(w1: w[0], w2: w[1])
        let x = randomTensors([[7]], seed: 61)
        let copied = try reverseJacobian(of: f, at: x, batch: 4).jacobian
        for i in 0..<6 {
            var u = [Double](repeating: 0, count: 6)
            u[i] = 2 // not a row of the identity: the kernel multiplies
            let row = try vjp(of: f, at: x, cotangent: Tensor(u)).cotangents[0].scalars.map { $0 / 2 }
            #expect(row == copied.row(i))
        }
    }
}
