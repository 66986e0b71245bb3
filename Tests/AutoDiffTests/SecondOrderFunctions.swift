import Foundation
import AutoDiff

// Test functions and references for the second-order and sparse tests (own names,
// prefixed `SO`, so they cannot collide with other test files).

/// f(x) = Σ_{i<n−1} 100 (x_{i+1} − x_i²)² + (1 − x_i)².
struct SORosenbrock: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T(0)
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i]
            let b = 1 - x[i]
            s += 100 * (a * a) + b * b
        }
        return s
    }

    /// The analytic (tridiagonal) Hessian:
    /// H_ii = [i < n−1] (1200 x_i² − 400 x_{i+1} + 2) + [i > 0] 200,
    /// H_{i,i+1} = H_{i+1,i} = −400 x_i.
    static func hessian(_ x: [Double]) -> [[Double]] {
        let n = x.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            if i < n - 1 {
                h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
                h[i][i + 1] = -400 * x[i]
                h[i + 1][i] = -400 * x[i]
            }
            if i > 0 { h[i][i] += 200 }
        }
        return h
    }

    /// The analytic gradient.
    static func gradient(_ x: [Double]) -> [Double] {
        let n = x.count
        return (0..<n).map { i in
            var g = 0.0
            if i < n - 1 { g += -400 * x[i] * (x[i + 1] - x[i] * x[i]) - 2 * (1 - x[i]) }
            if i > 0 { g += 200 * (x[i] - x[i - 1] * x[i - 1]) }
            return g
        }
    }
}

/// A function using most elementary functions, with couplings between neighbours and
/// one long-range coupling (x_0 with x_{n−1}).
struct SOMixed: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        let n = x.count
        var s = T.exp(0.1 * x[0] * x[n - 1]) + T.atan2(y: x[0], x: 2 + x[n - 1] * x[n - 1])
        for i in 0..<(n - 1) {
            let a = x[i], b = x[i + 1]
            s += T.sin(a) / (2 + T.cos(b))
            s += T.log(onePlus: a * a) * T.tanh(b)
            s += T.sqrt(3 + a) * T.sigmoid(b - a)
            let cube: T = T.pow(a, 3) * 0.1
            let soft: T = T.softplus(a * b)
            let hyp: T = T.hypot(a, 1 + b * b)
            s += cube + soft + hyp
            let base: T = 2 + T.square(b)
            let exponent: T = 0.5 + 0.1 * a
            let power: T = T.pow(base, exponent)
            let denominator: T = 3 + T.exp(a) * T.cosh(b)
            s += power + 1 / denominator
        }
        return s
    }
}

/// A deterministic generator (SplitMix64) for points, directions and random patterns.
struct SORandom {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [−1, 1).
    mutating func uniform() -> Double { Double(next() >> 11) / Double(1 << 53) * 2 - 1 }
    mutating func vector(_ n: Int) -> [Double] { (0..<n).map { _ in uniform() } }
    mutating func below(_ k: Int) -> Int { Int(next() % UInt64(k)) }
}

/// max_i |a_i − b_i| / max(1, max_i |b_i|).
func soRelativeError(_ a: [Double], _ b: [Double]) -> Double {
    precondition(a.count == b.count)
    let scale = max(1, b.map(Swift.abs).max() ?? 0)
    return zip(a, b).map { Swift.abs($0 - $1) }.max().map { $0 / scale } ?? 0
}

/// H·v for a dense Hessian given as rows.
func soTimes(_ h: [[Double]], _ v: [Double]) -> [Double] {
    h.map { row in zip(row, v).reduce(0) { $0 + $1.0 * $1.1 } }
}

/// Central finite differences of the (reverse-mode) gradient along v:
/// (∇f(x + εv) − ∇f(x − εv)) / 2ε.
func soFiniteDifferenceHVP<F: ScalarFunction>(_ f: F, _ x: [Double], _ v: [Double]) throws -> [Double] {
    let eps = 1e-5
    let plus = try gradient(of: f, at: zip(x, v).map { $0 + eps * $1 })
    let minus = try gradient(of: f, at: zip(x, v).map { $0 - eps * $1 })
    return zip(plus, minus).map { ($0 - $1) / (2 * eps) }
}
