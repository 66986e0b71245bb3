#if canImport(_Differentiation)
    import _Differentiation

    // P1 and P4 differentiated by Swift's built-in `_Differentiation` (the compiler's
    // reverse mode), for `adbench compare`. P1 is written the way a user writes a loop over
    // `[Double]`; P4 the way a framework would: a few array operations with registered
    // derivatives (`@derivative(of:)`: matmul, relu, softmax cross-entropy, sum of squares)
    // composed by the compiler.

    /// Whether this toolchain has `_Differentiation` (true in this branch).
    public let builtinDifferentiationAvailable = true

    /// Rosenbrock (P1) as a `@differentiable(reverse)` loop over `[Double]`.
    /// - Complexity: 5(n − 1) operations. Its compiler-generated pullback is O(n²): each
    ///   `Array` subscript's pullback materialises a full n-entry tangent array, so keep
    ///   n <= ~10^4 when timing it.
    @differentiable(reverse)
    public func builtinRosenbrock(_ x: [Double]) -> Double {
        var s = 0.0
        let last = withoutDerivative(at: x.count) - 1
        if last < 1 { return s }
        for i in 0..<last {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1 - x[i]
            s = s + 100 * a * a + b * b
        }
        return s
    }

    /// ∇f of Rosenbrock by `_Differentiation.gradient(at:of:)`.
    /// - Complexity: see ``builtinRosenbrock(_:)``: O(n²) time from the array pullbacks.
    public func builtinRosenbrockGradient(_ x: [Double]) -> [Double] {
        let g = _Differentiation.gradient(at: x, of: builtinRosenbrock)
        return dense(g, count: x.count)
    }

    // MARK: P4 from array operations with registered derivatives

    /// `A·B` (row-major, A `p × q`, B `q × r`), differentiable in both factors.
    @differentiable(reverse,wrt: (a, b))
    func builtinMatMul(_ a: [Double], _ b: [Double], _ p: Int, _ q: Int, _ r: Int) -> [Double] {
        matMul(a, b, p, q, r)
    }

    @derivative(of: builtinMatMul, wrt: (a, b))
    func builtinMatMulVJP(_ a: [Double], _ b: [Double], _ p: Int, _ q: Int, _ r: Int)
        -> (value: [Double], pullback: ([Double].TangentVector) -> ([Double].TangentVector, [Double].TangentVector))
    {
        (
            matMul(a, b, p, q, r),
            { g in
                let gc = dense(g, count: p * r)
                return (
                    .init(matMul(gc, transpose(b, q, r), p, r, q)), // G·Bᵀ
                    .init(matMul(transpose(a, p, q), gc, q, p, r))
                ) // Aᵀ·G
            }
        )
    }

    /// max(0, x) elementwise.
    @differentiable(reverse)
    func builtinReLU(_ x: [Double]) -> [Double] { x.map { Swift.max(0, $0) } }

    @derivative(of: builtinReLU)
    func builtinReLUVJP(_ x: [Double]) -> (value: [Double], pullback: ([Double].TangentVector) -> [Double].TangentVector) {
        (
            builtinReLU(x),
            { g in
                let gc = dense(g, count: x.count)
                return .init((0..<x.count).map { x[$0] > 0 ? gc[$0] : 0 })
            }
        )
    }

    /// mean_k [logsumexp(Z_k) − Z_{k, y_k}] for Z `batch × classes`.
    @differentiable(reverse,wrt: z)
    func builtinCrossEntropy(_ z: [Double], _ labels: [Int], _ classes: Int) -> Double {
        crossEntropyAndGradient(z, labels, classes).value
    }

    @derivative(of: builtinCrossEntropy, wrt: z)
    func builtinCrossEntropyVJP(_ z: [Double], _ labels: [Int], _ classes: Int)
        -> (value: Double, pullback: (Double) -> [Double].TangentVector)
    {
        let (value, g) = crossEntropyAndGradient(z, labels, classes)
        return (value, { s in .init(g.map { $0 * s }) })
    }

    /// The loss and its gradient `(softmax(Z) − onehot(y)) / batch`.
    func crossEntropyAndGradient(_ z: [Double], _ labels: [Int], _ c: Int) -> (value: Double, gradient: [Double]) {
        let b = labels.count
        var g = [Double](repeating: 0, count: z.count)
        var total = 0.0
        for k in 0..<b {
            var largest = -Double.infinity
            for o in 0..<c { largest = Swift.max(largest, z[k * c + o]) }
            var sumExp = 0.0
            for o in 0..<c { let e = Double.exp(z[k * c + o] - largest); g[k * c + o] = e; sumExp += e }
            total += Double.log(sumExp) + largest - z[k * c + labels[k]]
            for o in 0..<c { g[k * c + o] /= sumExp * Double(b) }
            g[k * c + labels[k]] -= 1 / Double(b)
        }
        return (total / Double(b), g)
    }

    /// Σ w².
    @differentiable(reverse)
    func builtinSumOfSquares(_ w: [Double]) -> Double { w.reduce(0) { $0 + $1 * $1 } }

    @derivative(of: builtinSumOfSquares)
    func builtinSumOfSquaresVJP(_ w: [Double]) -> (value: Double, pullback: (Double) -> [Double].TangentVector) {
        (builtinSumOfSquares(w), { s in .init(w.map { 2 * s * $0 }) })
    }

    /// A pullback's tangent as a dense array (the zero tangent may come as an empty array).
    func dense(_ t: [Double].TangentVector, count: Int) -> [Double] {
        t.base.count == count ? t.base : [Double](repeating: 0, count: count)
    }

    extension P4MLP {
        /// J(W1, W2) composed from the registered operations, differentiable in both.
        @differentiable(reverse,wrt: (w1, w2))
        public func builtinLoss(_ w1: [Double], _ w2: [Double]) -> Double {
            let f = withoutDerivative(at: function)
            let hidden = builtinReLU(builtinMatMul(f.data, w1, f.batch, f.inputs, f.hidden))
            let z = builtinMatMul(hidden, w2, f.batch, f.hidden, f.classes)
            return builtinCrossEntropy(z, f.labels, f.classes)
                + f.lambda * (builtinSumOfSquares(w1) + builtinSumOfSquares(w2))
        }

        /// J and its gradient (W1 then W2, 2688 entries, like ``handDerivative(at:)``) by
        /// `_Differentiation.valueWithGradient(at:_:of:)` at the parameter vector `p`.
        /// - Complexity: about three times the primal's b·h·(d + c) multiply-adds.
        public func builtinValueAndGradient(_ p: [Double]) -> (value: Double, gradient: [Double]) {
            let split = function.inputs * function.hidden
            let w1 = Array(p[0..<split]), w2 = Array(p[split...])
            let (value, (g1, g2)) = _Differentiation.valueWithGradient(at: w1, w2) { a, b in builtinLoss(a, b) }
            return (value, dense(g1, count: w1.count) + dense(g2, count: w2.count))
        }
    }
#else
    /// Whether this toolchain has `_Differentiation` (false: `adbench compare` skips).
    public let builtinDifferentiationAvailable = false
#endif
