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
        // Flat buffers written through pointers: argument a's entry e at a·n + e, the
        // gradient's ∂f/∂x_a at a·n + e, the Hessian's ∂²f/∂x_j∂x_a at (j·k + a)·n + e.
        let inputs = arguments.flatMap(\.scalars)
        var value = [Double](repeating: 0, count: n)
        var gradient = [Double](repeating: 0, count: k * n)
        var hessian = [Double](repeating: 0, count: secondOrder ? k * k * n : 0)
        let units: [L] = (0..<k).map { unitLanes($0) }
        inputs.withUnsafeBufferPointer { x in
            value.withUnsafeMutableBufferPointer { v in
                gradient.withUnsafeMutableBufferPointer { g in
                    hessian.withUnsafeMutableBufferPointer { h in
                        if secondOrder {
                            var point = [Dual<MultiDual<L>>](repeating: Dual(0), count: k)
                            for e in 0..<n {
                                for j in 0..<k { // direction j: the row ∂/∂x_j of the gradient
                                    for a in 0..<k {
                                        point[a] = Dual(
                                            MultiDual(x[a * n + e], tangents: units[a]),
                                            tangent: MultiDual(a == j ? 1 : 0, tangents: .zero))
                                    }
                                    let r = f(point)
                                    if j == 0 {
                                        v[e] = r.value.value
                                        for a in 0..<k { g[a * n + e] = r.value.tangents[a] }
                                    }
                                    for a in 0..<k { h[(j * k + a) * n + e] = r.tangent.tangents[a] }
                                }
                            }
                        } else {
                            var point = [MultiDual<L>](repeating: MultiDual(0), count: k)
                            for e in 0..<n {
                                for a in 0..<k { point[a] = MultiDual(x[a * n + e], tangents: units[a]) }
                                let r = f(point)
                                v[e] = r.value
                                for a in 0..<k { g[a * n + e] = r.tangents[a] }
                            }
                        }
                    }
                }
            }
        }
        func slice(_ buffer: [Double], _ i: Int) -> Tensor { Tensor(unchecked: shape, Array(buffer[(i * n)..<((i + 1) * n)])) }
        return (
            Tensor(unchecked: shape, value), (0..<k).map { slice(gradient, $0) },
            secondOrder ? (0..<k).map { j in (0..<k).map { slice(hessian, j * k + $0) } } : []
        )
    }
}

extension Tensor {
    /// The value and gradient of `f` entry by entry, and their directional derivatives
    /// along `k` directions given per argument (`tangents[a]`: k × n, row-major, or nil for
    /// none): one evaluation per entry and direction on `Dual<MultiDual>`, whose outer
    /// tangent carries the direction, so the gradient's derivative comes out as the
    /// Hessian times the direction without forming the Hessian.
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

    @inlinable
    static func localDerivatives<F: ScalarFunction, L: SIMD>(
        _ f: F, _ arguments: [Tensor], tangents: [[Double]?], directions k: Int, shape: [Int], lanes: L.Type
    ) -> (value: Tensor, gradient: [Tensor], valueTangents: Tensor, gradientTangents: [Tensor]) where L.Scalar == Double {
        let count = arguments.count, n = shape.scalarCount
        let inputs = arguments.flatMap(\.scalars)
        let seeds = tangents.flatMap { $0 ?? [Double](repeating: 0, count: k * n) } // argument a, direction d, entry e at (a·k + d)·n + e
        var value = [Double](repeating: 0, count: n), gradient = [Double](repeating: 0, count: count * n)
        var valueTangents = [Double](repeating: 0, count: k * n)
        var gradientTangents = [Double](repeating: 0, count: count * k * n) // argument a, direction d, entry e at (a·k + d)·n + e
        let units: [L] = (0..<count).map { unitLanes($0) }
        var point = [Dual<MultiDual<L>>](repeating: Dual(0), count: count)
        inputs.withUnsafeBufferPointer { x in
            seeds.withUnsafeBufferPointer { t in
                for d in 0..<k {
                    for e in 0..<n {
                        for a in 0..<count {
                            point[a] = Dual(
                                MultiDual(x[a * n + e], tangents: units[a]),
                                tangent: MultiDual(t[(a * k + d) * n + e], tangents: .zero))
                        }
                        let r = f(point)
                        if d == 0 {
                            value[e] = r.value.value
                            for a in 0..<count { gradient[a * n + e] = r.value.tangents[a] }
                        }
                        valueTangents[d * n + e] = r.tangent.value
                        for a in 0..<count { gradientTangents[(a * k + d) * n + e] = r.tangent.tangents[a] }
                    }
                }
            }
        }
        func slice(_ buffer: [Double], _ i: Int, _ size: Int, _ shape: [Int]) -> Tensor {
            Tensor(unchecked: shape, Array(buffer[(i * size)..<((i + 1) * size)]))
        }
        return (
            Tensor(unchecked: shape, value), (0..<count).map { slice(gradient, $0, n, shape) },
            Tensor(unchecked: [k] + shape, valueTangents), (0..<count).map { slice(gradientTangents, $0, k * n, [k] + shape) }
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
