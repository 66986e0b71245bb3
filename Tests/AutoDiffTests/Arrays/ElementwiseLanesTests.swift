import AutoDiff
import Testing

// The elementwise map evaluates groups of entries in SIMD lanes, and a group whose lanes
// would branch apart entry by entry. Each entry must come out as the scalar layer computes
// it alone (up to the sign of a zero): the value as `Double`, the partials as `Dual`, the directional second
// derivatives as `Dual<Dual>`, at kinks, NaN and infinity too, in whole groups and in the
// tail past the last one.

/// One elementwise operation as a map.
private struct Unary: ScalarFunction {
    let operation: ElementwiseOperation
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { operation.apply(to: x[0]) }
}

/// One binary elementwise operation as a map.
private struct Binary: ScalarFunction {
    let operation: ElementwiseBinaryOperation
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { operation.apply(to: x[0], x[1]) }
}

/// Branches on a comparison, on `primal` and on `isZero`: lanes of one group take
/// different paths unless all their entries agree.
private struct Branching: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        let a = x[0], b = x[1]
        var r = a < b ? a * a * b : T.sin(a) - b
        if a.primal > 0.75 { r = r + 3 * a }
        if (a - b).isZero { r = r * 2 }
        return r
    }
}

/// Branches only on `primal` (the value read as one number).
private struct BranchingOnPrimal: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0].primal > 0.35 ? 3 * x[0] * x[1] : x[0] - x[1] }
}

/// Branches only on `isZero`.
private struct BranchingOnZero: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { (x[0] - 0.1).isZero ? x[1] : x[0] * x[1] }
}

/// Equal (a zero's sign aside: a group that falls back computes partials on `MultiDual`,
/// whose rules may give −0 where `Dual`'s give +0), or both NaN.
private func same(_ x: Double, _ y: Double) -> Bool { x == y || (x.isNaN && y.isNaN) }

/// 21 entries (two groups of eight and a tail of five) with kinks, signed zeros, NaN and
/// infinities among ordinary values.
private let awkward: [Double] = [
    0.3, -1.2, 0, -0.0, 1, -1, 0.5, 2.5,
    .nan, .infinity, -.infinity, 1e300, -3.75, 0.999, 7, 0.01,
    -0.4, 1.7, 0, 4, -6
]

@Suite("Elementwise map in SIMD lanes") struct ElementwiseLanesTests {
    @Test(arguments: ElementwiseOperation.all)
    func unaryValuesAndPartialsEqualTheScalarLayersEntryByEntry(_ operation: ElementwiseOperation) {
        let x = Tensor(shape: [awkward.count], scalars: awkward)
        let value = Tensor.elementwise(Unary(operation: operation), [x])
        let (withPartials, partials) = Tensor.elementwiseWithPartials(Unary(operation: operation), [x])
        for (e, v) in awkward.enumerated() {
            let d = operation.apply(to: Dual(v, tangent: 1))
            #expect(same(value.scalars[e], operation.apply(to: v)), "\(operation)(\(v)) = \(value.scalars[e])")
            #expect(same(withPartials.scalars[e], d.value), "\(operation)(\(v)) with partials")
            #expect(same(partials[0].scalars[e], d.tangent), "\(operation)'(\(v)) = \(partials[0].scalars[e]), Dual: \(d.tangent)")
        }
    }

    /// The array operations' own value-and-derivative pass (no map): relu's vector loop
    /// and every other operation's per-entry `Dual` evaluation.
    @Test(arguments: ElementwiseOperation.all)
    func valueAndDerivativeEqualDualsEntryByEntry(_ operation: ElementwiseOperation) {
        let (value, derivative) = Tensor.applyingWithDerivative(operation, to: Tensor(shape: [awkward.count], scalars: awkward))
        for (e, v) in awkward.enumerated() {
            let d = operation.apply(to: Dual(v, tangent: 1))
            #expect(same(value.scalars[e], d.value) && value.scalars[e].sign == d.value.sign || d.value.isNaN, "\(operation)(\(v))")
            #expect(same(derivative.scalars[e], d.tangent), "\(operation)'(\(v)) = \(derivative.scalars[e]), Dual: \(d.tangent)")
        }
    }

    @Test(arguments: ElementwiseBinaryOperation.allCases)
    func binaryValuesAndPartialsEqualTheScalarLayersEntryByEntry(_ operation: ElementwiseBinaryOperation) {
        let y = awkward.indices.map { awkward[($0 * 7 + 3) % awkward.count] }
        let (value, partials) = Tensor.elementwiseWithPartials(
            Binary(operation: operation), [Tensor(shape: [awkward.count], scalars: awkward), Tensor(shape: [y.count], scalars: y)])
        for e in awkward.indices {
            let dx = operation.apply(to: Dual(awkward[e], tangent: 1), Dual(y[e]))
            let dy = operation.apply(to: Dual(awkward[e]), Dual(y[e], tangent: 1))
            #expect(same(value.scalars[e], operation.apply(to: awkward[e], y[e])), "\(operation)(\(awkward[e]), \(y[e]))")
            #expect(same(partials[0].scalars[e], dx.tangent), "∂x \(operation)(\(awkward[e]), \(y[e]))")
            #expect(same(partials[1].scalars[e], dy.tangent), "∂y \(operation)(\(awkward[e]), \(y[e]))")
        }
    }

    @Test(arguments: [0, 1, 2])
    func groupsWhoseLanesBranchApartMatchEntryByEntryEvaluation(_ which: Int) {
        // Within each group of eight some entries take each branch (and some are ties).
        let a = (0..<37).map { Double($0 % 5) * 0.4 - 0.3 }, b = (0..<37).map { Double($0 % 3) * 0.5 - 0.2 }
        let x = [Tensor(shape: [37], scalars: a), Tensor(shape: [37], scalars: b)]
        func check<F: ScalarFunction>(_ f: F) {
            let value = Tensor.elementwise(f, x)
            let (_, partials) = Tensor.elementwiseWithPartials(f, x)
            for e in a.indices {
                #expect(same(value.scalars[e], f([a[e], b[e]])), "\(F.self) at entry \(e)")
                #expect(same(partials[0].scalars[e], f([Dual(a[e], tangent: 1), Dual(b[e])]).tangent), "∂a at entry \(e)")
                #expect(same(partials[1].scalars[e], f([Dual(a[e]), Dual(b[e], tangent: 1)]).tangent), "∂b at entry \(e)")
            }
        }
        switch which {
        case 0: check(Branching())
        case 1: check(BranchingOnPrimal())
        default: check(BranchingOnZero())
        }
    }

    @Test func directionalSecondDerivativesMatchNestedDuals() {
        // Two directions on the first argument, none on the second; a branching function,
        // so some groups go entry by entry.
        let n = 19
        let a = (0..<n).map { Double($0 % 5) * 0.4 - 0.3 }, b = (0..<n).map { Double($0 % 3) * 0.5 - 0.2 }
        let t = (0..<(2 * n)).map { Double($0 % 7) * 0.25 - 0.5 } // direction d, entry e at d·n + e
        let x = DualTensor(Tensor(shape: [n], scalars: a), tangents: Tensor(shape: [2, n], scalars: t))
        let (value, partials) = DualTensor.elementwiseWithPartials(Branching(), [x, DualTensor(Tensor(shape: [n], scalars: b), tangents: nil)])
        for d in 0..<2 {
            for e in 0..<n {
                for i in 0..<2 { // ∂f/∂x_i and its derivative along direction d
                    let r = Branching()([
                        Dual(Dual(a[e], tangent: i == 0 ? 1 : 0), tangent: Dual(t[d * n + e], tangent: 0)),
                        Dual(Dual(b[e], tangent: i == 1 ? 1 : 0), tangent: Dual(0, tangent: 0))
                    ])
                    #expect(same(value.value.scalars[e], r.value.value))
                    #expect(same(value.tangents!.scalars[d * n + e], r.tangent.value), "value tangent \(d), \(e)")
                    #expect(same(partials[i].value.scalars[e], r.value.tangent), "∂\(i) at \(e)")
                    #expect(same(partials[i].tangents!.scalars[d * n + e], r.tangent.tangent), "∂\(i) tangent \(d), \(e)")
                }
            }
        }
    }
}

/// The schedule of lane attempts after groups fall back: 1, 2, 4, … groups skipped (at most
/// 64), back to trying every group after an attempt succeeds.
@Suite("Lane attempts after a fallback") struct LaneBackoffTests {
    @Test func skipsDoubleWhileAttemptsFailAndResetOnSuccess() {
        var backoff = LaneBackoffProbe()
        var skipped: [Int] = []
        for _ in 0..<8 { skipped.append(backoff.failAndCountSkips()) }
        #expect(skipped == [1, 2, 4, 8, 16, 32, 64, 64])
        #expect(backoff.succeedAndCountSkips() == 0)
        #expect(backoff.failAndCountSkips() == 1)
    }
}
