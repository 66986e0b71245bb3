// Elementary functions entry by entry: the primal (Tensor), the forward rule (DualTensor)
// and the reverse rule (TrackedTensor) side by side. Every function is the scalar layer's
// own (`ElementwiseOperation.apply(to:)`); its derivative comes from evaluating that
// function on `Dual` numbers, so values and conventions at kinks are the scalar layer's.

// MARK: Primal and local derivatives

extension Tensor: TensorTapeValue {
    @inlinable
    public static func applying(_ operation: ElementwiseOperation, to x: Tensor) -> Tensor {
        operation.withFunction(on: Double.self) { f in x.map(f) }
    }

    @inlinable
    public static func applying(_ operation: ElementwiseBinaryOperation, to x: Tensor, _ y: Tensor) -> Tensor {
        broadcasting(x, y, operation: operation.description) { operation.apply(to: $0, $1) }
    }

    /// The value and derivative from one evaluation on `Dual<Double>` per entry (relu:
    /// the same values by a select per entry, a loop the compiler vectorizes).
    @inlinable
    public static func applyingWithDerivative(_ operation: ElementwiseOperation, to x: Tensor) -> (value: Tensor, derivative: Tensor) {
        let n = x.scalarCount
        var derivative = [Double]()
        let value = x.scalars.withUnsafeBufferPointer { xs in
            if case .relu = operation {
                // x itself where x > 0 or NaN (derivative 1), else 0 (derivative 0): Dual's relu.
                derivative = filled(n) { d in
                    for i in 0..<n { d[i] = xs[i] <= 0 ? 0 : 1 }
                }
                return filled(n) { out in
                    for i in 0..<n { out[i] = xs[i] <= 0 ? 0 : xs[i] }
                }
            }
            return operation.withFunction(on: Dual<Double>.self) { f in
                var d = [Double]()
                let out = filled(n) { out in
                    d = filled(n) { d in
                        for i in 0..<n {
                            let r = f(Dual<Double>(xs[i], tangent: 1))
                            out[i] = r.value
                            d[i] = r.tangent
                        }
                    }
                }
                derivative = d
                return out
            }
        }
        return (Tensor(unchecked: x.shape, value), Tensor(unchecked: x.shape, derivative))
    }

    /// The value and both partials from one evaluation on a two-lane ``MultiDual`` per
    /// entry of the broadcast shape.
    @inlinable
    public static func applyingWithPartials(
        _ operation: ElementwiseBinaryOperation, to x: Tensor, _ y: Tensor
    ) -> (value: Tensor, dx: Tensor, dy: Tensor) {
        guard let shape = broadcastShape(x.shape, y.shape) else {
            let nan = applying(operation, to: x, y) // reports the mismatch
            return (nan, nan, nan)
        }
        let a = x.expanded(to: shape), b = y.expanded(to: shape)
        let n = shape.scalarCount
        var dx = [Double](), dy = [Double]()
        let value = filled(n) { out in
            dx = filled(n) { dx in
                dy = filled(n) { dy in
                    for i in 0..<n {
                        let r = operation.apply(
                            to: MultiDual(a.scalars[i], tangents: SIMD2(1, 0)),
                            MultiDual(b.scalars[i], tangents: SIMD2(0, 1)))
                        out[i] = r.value
                        dx[i] = r.tangents[0]
                        dy[i] = r.tangents[1]
                    }
                }
            }
        }
        return (Tensor(unchecked: shape, value), Tensor(unchecked: shape, dx), Tensor(unchecked: shape, dy))
    }

    /// `g · factor`, exactly 0 where `g` is 0.
    @inlinable
    public static func productKeepingZeros(_ g: Tensor, _ factor: Tensor) -> Tensor { multiplyKeepingZeros(g, factor) }

    /// True: relu's and square's derivatives are a comparison and a doubling.
    @inlinable public static var recomputesDerivatives: Bool { true }

    /// relu and square in one pass over g (their derivatives as `Dual` computes them:
    /// `x ≤ 0 ? 0 : 1` and `2·(1·x)`), eight entries per step as vector products and
    /// selects (a branch per entry kept the loop scalar); other functions evaluate the
    /// derivative first.
    @inlinable
    public static func productWithDerivative(_ g: Tensor, of operation: ElementwiseOperation, at x: Tensor) -> Tensor {
        let n = x.scalarCount
        guard operation.recomputesDerivative, n > 0, g.shape.dropFirst().elementsEqual(x.shape) else {
            return productKeepingZeros(g, applyingWithDerivative(operation, to: x).derivative)
        }
        typealias Group = SIMD8<Double>
        let isRelu = operation == .relu
        @inline(__always) func derivative(_ v: Group) -> Group {
            isRelu ? Group(repeating: 1).replacing(with: 0, where: v .<= 0) : 2 * (1 * v)
        }
        @inline(__always) func derivative(_ v: Double) -> Double { isRelu ? (v <= 0 ? 0 : 1) : 2 * (1 * v) }
        return Tensor(
            unchecked: g.shape,
            filled(g.scalarCount) { out in
                g.scalars.withUnsafeBufferPointer { gs in
                    x.scalars.withUnsafeBufferPointer { xs in
                        let gp = gs.baseAddress!, xp = xs.baseAddress!, o = out.baseAddress!
                        for start in stride(from: 0, to: gs.count, by: n) {
                            var i = 0
                            while i + Group.scalarCount <= n {
                                let a: Group = loadLanes(gp + start + i)
                                storeLanes((a * derivative(loadLanes(xp + i))).replacing(with: 0, where: a .== .zero), o + start + i)
                                i += Group.scalarCount
                            }
                            while i < n {
                                let gi = gp[start + i]
                                o[start + i] = gi == 0 ? 0 : gi * derivative(xp[i])
                                i += 1
                            }
                        }
                    }
                }
            })
    }
}

// MARK: Forward

extension DualTensor {
    /// f(x), with tangents t·f'(x) (exactly 0 where t is 0).
    @inlinable
    public static func applying(_ operation: ElementwiseOperation, to x: DualTensor) -> DualTensor {
        guard !x.isConstant else { return DualTensor(unchecked: Tensor.applying(operation, to: x.value), nil) }
        let (value, derivative) = Tensor.applyingWithDerivative(operation, to: x.value)
        if x.isEntryMajor, let t = x.storedTangents {
            // Row e of the entry-major tangents times derivative e.
            let perRow = derivative.reshaped(to: [derivative.scalarCount, 1])
            return DualTensor(unchecked: value, entryMajor: Tensor.multiplyKeepingZeros(t, perRow))
        }
        return DualTensor(unchecked: value, scaled(x.tangents, by: derivative, shape: value.shape))
    }

    /// f(x, y), with tangents tx·∂f/∂x + ty·∂f/∂y.
    @inlinable
    public static func applying(_ operation: ElementwiseBinaryOperation, to x: DualTensor, _ y: DualTensor) -> DualTensor {
        if x.isConstant && y.isConstant {
            return DualTensor(unchecked: Tensor.applying(operation, to: x.value, y.value), nil)
        }
        let (value, dx, dy) = Tensor.applyingWithPartials(operation, to: x.value, y.value)
        let shape = value.shape
        return DualTensor(
            unchecked: value,
            adding(
                scaled(x.tangents, by: dx, shape: shape),
                scaled(y.tangents, by: dy, shape: shape), shape: shape))
    }
}

// MARK: Reverse

extension TrackedTensor {
    /// Records f(x) with its derivative saved; the pullback multiplies by it (a zero
    /// cotangent stays zero where the derivative is infinite).
    @inlinable
    public static func applying(_ operation: ElementwiseOperation, to x: TrackedTensor) -> TrackedTensor {
        guard let tape = x.tape else { return TrackedTensor(constant: V.applying(operation, to: x.value)) }
        if V.recomputesDerivatives && operation.recomputesDerivative && !tape.isDiagnosing {
            // The derivative comes back in the pullback, from the operand (shared, not copied).
            let operand = x.value
            return tape.recordUnary(V.applying(operation, to: operand), operation: operation.description, operand: x.index) { g in
                V.productWithDerivative(g, of: operation, at: operand)
            }
        }
        let (value, derivative) = V.applyingWithDerivative(operation, to: x.value)
        if tape.isDiagnosing {
            tape.diagnoseDerivative(derivative.primal, operand: x.primal, operation: operation.description)
            tape.diagnoseKinks(operation.kinks(in: x.primal), operation: operation.description, what: "at 0")
        }
        return tape.recordUnary(
            value, operation: operation.description, operand: x.index,
            savedBytes: 8 * derivative.shape.scalarCount
        ) { g in
            V.productKeepingZeros(g, derivative)
        }
    }

    /// Records f(x, y) with both partials saved.
    @inlinable
    public static func applying(_ operation: ElementwiseBinaryOperation, to x: TrackedTensor, _ y: TrackedTensor) -> TrackedTensor {
        guard let tape = tape(of: x, y) else { return TrackedTensor(constant: V.applying(operation, to: x.value, y.value)) }
        let (value, dx, dy) = V.applyingWithPartials(operation, to: x.value, y.value)
        if tape.isDiagnosing, let shape = broadcastShape(x.shape, y.shape) {
            let (a, b) = (x.primal.expanded(to: shape), y.primal.expanded(to: shape))
            tape.diagnoseDerivative(dx.primal, operand: a, operation: operation.description)
            tape.diagnoseDerivative(dy.primal, operand: b, operation: operation.description)
            if operation == .min || operation == .max {
                tape.diagnoseKinks(
                    zip(a.scalars, b.scalars).reduce(0) { $0 + ($1.0 == $1.1 ? 1 : 0) },
                    operation: operation.description, what: "tied (the first argument takes the derivative)")
            }
        }
        let (rx, ry, sx, sy) = (x.isRecorded, y.isRecorded, x.value.shape, y.value.shape)
        return tape.recordBinary(
            value, operation: operation.description, x.entry, y.entry,
            savedBytes: 16 * value.shape.scalarCount
        ) { g in
            (
                rx ? unbroadcast(V.productKeepingZeros(g, dx), to: sx) : nil,
                ry ? unbroadcast(V.productKeepingZeros(g, dy), to: sy) : nil
            )
        }
    }
}
