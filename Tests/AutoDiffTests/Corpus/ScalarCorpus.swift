import AutoDiff
import Foundation

// R^n → R members (n >= 2), with hand gradients.

let multivariateFunctions: [any CorpusScalarFunction] = [
    ExtendedRosenbrock(), Atan2TimesHypot(), RealPower(), KinksAwayFromKinks(), MinMaxGates(),
    LogSumExp(), MixedConstantForms(), BranchyLoop(), RepeatedUse(), Quadratic20(), ElementaryMix(),
    PreaccumulatedMix()
]

/// Σ 100 (x_{i+1} − x_i²)² + (1 − x_i)² over a loop, on any n >= 2 (tests also run it
/// at other points and sizes).
struct ExtendedRosenbrock: CorpusScalarFunction {
    var name: String { "rosenbrock" }
    var point: [Double] { [-1.2, 1.0, 0.8, -0.5, 0.3] }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T(0)
        for i in 0..<(x.count - 1) {
            s += 100 * T.square(x[i + 1] - x[i] * x[i]) + T.square(1 - x[i])
        }
        return s
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        var g = [Double](repeating: 0, count: x.count)
        for i in 0..<(x.count - 1) {
            let r = x[i + 1] - x[i] * x[i]
            g[i] += -400 * x[i] * r - 2 * (1 - x[i])
            g[i + 1] += 200 * r
        }
        return g
    }
    /// Tridiagonal: H_ii = [i < n−1] (1200 x_i² − 400 x_{i+1} + 2) + [i > 0] 200,
    /// H_{i,i+1} = H_{i+1,i} = −400 x_i.
    func hessianFormula(_ x: [Double]) -> [[Double]]? {
        let n = x.count
        var h = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<(n - 1) {
            h[i][i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
            h[i + 1][i + 1] += 200
            h[i][i + 1] = -400 * x[i]
            h[i + 1][i] = -400 * x[i]
        }
        return h
    }
}

/// θ · r for the point (x, y) in the second quadrant: atan2 and hypot.
struct Atan2TimesHypot: CorpusScalarFunction {
    var name: String { "atan2(y, x) * hypot(x, y)" }
    var point: [Double] { [-0.8, 0.6] }
    var inputCount: Int? { 2 }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.atan2(y: v[1], x: v[0]) * T.hypot(v[0], v[1]) }
    func gradientFormula(_ v: [Double]) -> [Double]? {
        let (x, y) = (v[0], v[1])
        let r = (x * x + y * y).squareRoot(), theta = atan2(y, x)
        return [(theta * x - y) / r, (x + theta * y) / r]
    }
}

/// x^y + y^2.5: real powers, one with a constant exponent.
struct RealPower: CorpusScalarFunction {
    var name: String { "pow(x, y) + pow(y, 2.5)" }
    var point: [Double] { [1.7, 2.3] }
    var inputCount: Int? { 2 }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.pow(v[0], v[1]) + T.pow(v[1], 2.5) }
    func gradientFormula(_ v: [Double]) -> [Double]? {
        let (x, y) = (v[0], v[1])
        return [y * pow(x, y - 1), pow(x, y) * log(x) + 2.5 * pow(y, 1.5)]
    }
}

/// softplus, relu on both sides, abs on both sides, min against a constant.
struct KinksAwayFromKinks: CorpusScalarFunction {
    var name: String { "softplus + relu + abs + min" }
    var point: [Double] { [0.3, 0.7, -0.4, 1.1, -0.9, 0.6] }
    var inputCount: Int? { 6 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        T.softplus(x[0]) + T.relu(x[1]) + T.relu(x[2]) + T.abs(x[3]) + T.abs(x[4])
            + T.min(x[5], T(0.25)) * x[1]
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        [1 / (1 + exp(-x[0])), 1 + 0.25, 0, 1, -1, 0]
    }
}

/// max(x0, x1) · min(x2, x3) + max(x0·x2, x1 + x3): max and min route the derivative.
struct MinMaxGates: CorpusScalarFunction {
    var name: String { "max/min gates" }
    var point: [Double] { [0.3, -0.7, 1.2, 0.4] }
    var inputCount: Int? { 4 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        T.max(x[0], x[1]) * T.min(x[2], x[3]) + T.max(x[0] * x[2], x[1] + x[3])
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        // At the point: max(x0, x1) = x0, min(x2, x3) = x3, x0·x2 > x1 + x3.
        [x[3] + x[2], 0, x[0], x[0]]
    }
}

/// log Σ exp(x_i), shifted by the maximum (found by comparisons in a loop).
struct LogSumExp: CorpusScalarFunction {
    var name: String { "logsumexp" }
    var point: [Double] { [0.2, -1.3, 0.9, 0.4, -0.1, 1.6] }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var m = x[0]
        for xi in x.dropFirst() { m = T.max(m, xi) }
        var s = T(0)
        for xi in x { s += T.exp(xi - m) }
        return m + T.log(s)
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        let e: [Double] = x.map { exp($0) }
        let total: Double = e.reduce(0, +)
        return e.map { $0 / total }
    }
}

/// Every arithmetic form with a Double constant on each side, compound assignments
/// with constants and variables, unary minus and π.
struct MixedConstantForms: CorpusScalarFunction {
    var name: String { "constant forms" }
    var point: [Double] { [0.7, 1.3, -0.4, 1.1] }
    var inputCount: Int? { 4 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        let (a, b, c, d) = (x[0], x[1], x[2], x[3])
        var s = (2 + a) * (b + 3) // c + x, x + c
        s = s - (1.5 - c) / (d - 0.5) // c - x, x - c, x / y
        s = s + 4 / a + b / 4 // c / x, x / c
        s = s + 2 * c + d * 3 // c * x, x * c
        s += 1.0; s -= 0.25; s *= 1.5; s /= 2.0
        s *= a; s /= b // compound with variables
        s += -c // unary minus
        s -= T.pi * d
        return s
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        let (a, b, c, d) = (x[0], x[1], x[2], x[3])
        let p = (2 + a) * (b + 3) - (1.5 - c) / (d - 0.5) + 4 / a + b / 4 + 2 * c + 3 * d
        let k = 0.75, q = (p + 0.75) * k
        let dp = [
            (b + 3) - 4 / (a * a), (2 + a) + 0.25, 1 / (d - 0.5) + 2,
            (1.5 - c) / ((d - 0.5) * (d - 0.5)) + 3
        ]
        return [
            k * dp[0] * a / b + q / b, k * dp[1] * a / b - q * a / (b * b),
            k * dp[2] * a / b - 1, k * dp[3] * a / b - Double.pi
        ]
    }
}

/// A loop whose body branches on each value: comparisons with a literal on the left
/// and with a Double variable on the right.
struct BranchyLoop: CorpusScalarFunction {
    static let threshold = 0.25
    var name: String { "branchy loop" }
    var point: [Double] { [0.9, -0.3, 0.4, 1.2, 0.1, 0.3, -1.1, 0.7] }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        let threshold = Self.threshold
        var s = T(0)
        for (i, xi) in x.enumerated() {
            if 0.5 < xi {
                s += xi * xi
            } else if xi < threshold {
                s -= T.sin(xi) * Double(i + 1)
            } else {
                s += T.cosh(xi)
            }
        }
        return s
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        x.enumerated().map { i, xi in
            xi > 0.5 ? 2 * xi : (xi < Self.threshold ? -Double(i + 1) * cos(xi) : sinh(xi))
        }
    }
}

/// One input used in many places (each use contributes; the adjoints add up).
struct RepeatedUse: CorpusScalarFunction {
    var name: String { "x used many times" }
    var point: [Double] { [0.6, 1.4] }
    var inputCount: Int? { 2 }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        let x = v[0], y = v[1]
        return x * x * x + T.exp(x) * x - x / y + T.square(x * y)
    }
    func gradientFormula(_ v: [Double]) -> [Double]? {
        let x = v[0], y = v[1]
        return [3 * x * x + exp(x) * (1 + x) - 1 / y + 2 * x * y * y, x / (y * y) + 2 * x * x * y]
    }
}

/// ½ xᵀAx + bᵀx on R^20 with A, b from the LCG (seeds 11, 12; x from seed 13).
struct Quadratic20: CorpusScalarFunction {
    static let a = TestLCG.matrix(seed: 11, rows: 20, columns: 20)
    static let b = TestLCG.uniform(seed: 12, count: 20)
    var name: String { "quadratic R^20" }
    var point: [Double] { TestLCG.uniform(seed: 13, count: 20) }
    var inputCount: Int? { 20 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T(0)
        for i in 0..<20 {
            var row = T(0)
            for j in 0..<20 { row += Self.a[i][j] * x[j] }
            s += 0.5 * x[i] * row + Self.b[i] * x[i]
        }
        return s
    }
    func gradientFormula(_ x: [Double]) -> [Double]? {
        (0..<20).map { k in
            var g = Self.b[k]
            for j in 0..<20 { g += 0.5 * (Self.a[k][j] + Self.a[j][k]) * x[j] }
            return g
        }
    }
    func hessianFormula(_ x: [Double]) -> [[Double]]? {
        (0..<20).map { i in (0..<20).map { j in 0.5 * (Self.a[i][j] + Self.a[j][i]) } }
    }
}

/// Most elementary functions at once, coupling neighbours and (through exp and atan2)
/// x_0 with x_{n−1}; any n >= 2 (second-order tests run it up to n = 100). Its Hessian is
/// banded plus the corners.
struct ElementaryMix: CorpusScalarFunction {
    var name: String { "elementary mix" }
    var point: [Double] { TestLCG.uniform(seed: 14, count: 8).map { 0.5 * $0 } }
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
