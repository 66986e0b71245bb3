// Local derivatives entry by entry, by forward mode on scalars: how the array layer turns
// a scalar function (an elementary function, or a user's ScalarFunction mapped over
// arrays) into one array operation with its partials, computed in the same pass.

/// A `SIMD` vector of `Double` lanes with lane `j` set to 1.
@inlinable
func unitLanes<L: SIMD>(_ j: Int) -> L where L.Scalar == Double {
    var v = L.zero
    v[j] = 1
    return v
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
                return ShapeMismatchSink.report(ShapeMismatch(operation: operation, shapes: shapes,
                                                              reason: "shapes do not broadcast")) { nil }
            }
            shape = b
        }
        return shape
    }

    /// The value of `f` entry by entry, its gradient (one tensor per argument) and, when
    /// `secondOrder`, its Hessian (`hessian[i][j]` = ∂²f/∂x_i∂x_j), all of `shape`.
    ///
    /// One evaluation per entry on ``MultiDual`` with one lane per argument; with
    /// `secondOrder`, one evaluation per entry and argument on `Dual<MultiDual>`.
    /// - Precondition: 1 ≤ arguments ≤ 16, each already of `shape`.
    @inlinable
    static func localDerivatives<F: ScalarFunction>(
        _ f: F, _ arguments: [Tensor], shape: [Int], secondOrder: Bool
    ) -> (value: Tensor, gradient: [Tensor], hessian: [[Tensor]]) {
        switch arguments.count {
        case ...2: localDerivatives(f, arguments, shape: shape, secondOrder: secondOrder, lanes: SIMD2<Double>.self)
        case ...4: localDerivatives(f, arguments, shape: shape, secondOrder: secondOrder, lanes: SIMD4<Double>.self)
        case ...8: localDerivatives(f, arguments, shape: shape, secondOrder: secondOrder, lanes: SIMD8<Double>.self)
        default: localDerivatives(f, arguments, shape: shape, secondOrder: secondOrder, lanes: SIMD16<Double>.self)
        }
    }

    @inlinable
    static func localDerivatives<F: ScalarFunction, L: SIMD>(
        _ f: F, _ arguments: [Tensor], shape: [Int], secondOrder: Bool, lanes: L.Type
    ) -> (value: Tensor, gradient: [Tensor], hessian: [[Tensor]]) where L.Scalar == Double {
        let k = arguments.count, n = shape.scalarCount
        var value = [Double](repeating: 0, count: n)
        var gradient = [[Double]](repeating: [Double](repeating: 0, count: n), count: k)
        var hessian = [[[Double]]](repeating: [], count: secondOrder ? k : 0)
        for i in hessian.indices { hessian[i] = [[Double]](repeating: [Double](repeating: 0, count: n), count: k) }
        let units: [L] = (0..<k).map { unitLanes($0) }
        if secondOrder {
            var point = [Dual<MultiDual<L>>](repeating: Dual(0), count: k)
            for e in 0..<n {
                for j in 0..<k {  // direction j: the row ∂/∂x_j of the gradient
                    for a in 0..<k {
                        point[a] = Dual(MultiDual(arguments[a].scalars[e], tangents: units[a]),
                                        tangent: MultiDual(a == j ? 1 : 0, tangents: .zero))
                    }
                    let r = f(point)
                    if j == 0 {
                        value[e] = r.value.value
                        for a in 0..<k { gradient[a][e] = r.value.tangents[a] }
                    }
                    for a in 0..<k { hessian[j][a][e] = r.tangent.tangents[a] }
                }
            }
        } else {
            var point = [MultiDual<L>](repeating: MultiDual(0), count: k)
            for e in 0..<n {
                for a in 0..<k { point[a] = MultiDual(arguments[a].scalars[e], tangents: units[a]) }
                let r = f(point)
                value[e] = r.value
                for a in 0..<k { gradient[a][e] = r.tangents[a] }
            }
        }
        return (Tensor(unchecked: shape, value), gradient.map { Tensor(unchecked: shape, $0) },
                hessian.map { $0.map { Tensor(unchecked: shape, $0) } })
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
