#if canImport(_Differentiation)
    import _Differentiation

    // P2 through Swift's `_Differentiation`: the chain y = W3 tanh(W2 tanh(W1 x)) from two
    // operations with registered derivatives (W·v and elementwise tanh); the Jacobian row by
    // row from one `valueWithPullback` and m pullbacks (the toolchain has no supported
    // forward mode, so there is no column-wise variant).

    /// `W·v` for a constant row-major `rows × columns` W, differentiable in v.
    @differentiable(reverse,wrt: v)
    func builtinMatVec(_ w: [Double], _ rows: Int, _ columns: Int, _ v: [Double]) -> [Double] {
        matVec(w, rows: rows, columns: columns, v)
    }

    @derivative(of: builtinMatVec, wrt: v)
    func builtinMatVecVJP(_ w: [Double], _ rows: Int, _ columns: Int, _ v: [Double])
        -> (value: [Double], pullback: ([Double].TangentVector) -> [Double].TangentVector)
    {
        (
            matVec(w, rows: rows, columns: columns, v),
            { u in
                let uc = dense(u, count: rows)
                return .init(matTransposeVec(w, rows: rows, columns: columns, uc)) // Wᵀ·u
            }
        )
    }

    /// tanh elementwise.
    @differentiable(reverse)
    func builtinTanh(_ v: [Double]) -> [Double] { v.map { Double.tanh($0) } }

    @derivative(of: builtinTanh)
    func builtinTanhVJP(_ v: [Double]) -> (value: [Double], pullback: ([Double].TangentVector) -> [Double].TangentVector) {
        let t = builtinTanh(v)
        return (
            t,
            { u in
                let uc = dense(u, count: t.count)
                return .init((0..<t.count).map { uc[$0] * (1 - t[$0] * t[$0]) })
            }
        )
    }

    extension P2Chain {
        /// `W3 tanh(W2 tanh(W1 x))` from the registered operations, differentiable in x.
        @differentiable(reverse)
        public func builtinOutputs(_ x: [Double]) -> [Double] {
            let f = withoutDerivative(at: function)
            let a1 = builtinTanh(builtinMatVec(f.w1, f.h, f.n, x))
            let a2 = builtinTanh(builtinMatVec(f.w2, f.h, f.h, a1))
            return builtinMatVec(f.w3, f.m, f.h, a2)
        }

        /// The m × n Jacobian by `_Differentiation.valueWithPullback(at:of:)`: one recorded
        /// evaluation and one pullback per output row (seeded with e_i).
        /// - Complexity: the primal plus m pullbacks, each about two primal costs.
        public func builtinJacobian(_ x: [Double]) -> DerivativeResult {
            let (value, pullback) = _Differentiation.valueWithPullback(at: x) { builtinOutputs($0) }
            let m = value.count, n = x.count
            var entries = [Double]()
            entries.reserveCapacity(m * n)
            var seed = [Double](repeating: 0, count: m)
            for i in 0..<m {
                seed[i] = 1
                entries += dense(pullback(.init(seed)), count: n)
                seed[i] = 0
            }
            return DerivativeResult(rows: m, columns: n, entries: entries)
        }
    }
#endif

/// The built-in (`_Differentiation`) derivative of `problem`, where this toolchain has
/// `_Differentiation` and the problem is expressed with it (P1 gradient, P2 row-wise
/// Jacobian, P4 gradient); nil otherwise (P3, P5, or no `_Differentiation`).
/// Note P1's built-in pullback is O(n²) (see ``builtinRosenbrock(_:)``): keep n <= ~10^4.
/// - Complexity: O(1) to build; calling it costs the derivative.
public func builtinDerivative(of problem: any BenchmarkProblem) -> (@Sendable ([Double]) -> DerivativeResult)? {
    #if canImport(_Differentiation)
        switch problem {
        case is P1Rosenbrock:
            return { DerivativeResult(vector: builtinRosenbrockGradient($0)) }
        case let p as P2Chain:
            return { p.builtinJacobian($0) }
        case let p as P4MLP:
            return { DerivativeResult(vector: p.builtinValueAndGradient($0).gradient) }
        default:
            return nil
        }
    #else
        return nil
    #endif
}
