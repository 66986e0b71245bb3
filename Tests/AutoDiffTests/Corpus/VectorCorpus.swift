import AutoDiff
import Foundation

// R^n → R^m members, from R^1 → R^3 up to R^20 → R^30.

let vectorFunctions: [any CorpusVectorFunction] = [
    PolarToCartesian(), SphericalToCartesian(), Helix(), ElementwiseActivations(), StableSoftmax(),
    Tridiagonal(), TwoLayerChain(), ConstantOutputs(), LorenzField(), IteratedMap(),
    ConstantOperandForms(), Arrow(), BlockDiagonal()
]

/// Binary operations with one constant `T` operand (each recorded as its constant form:
/// pow(c, x), atan2 with a constant argument, hypot with a constant).
struct ConstantOperandForms: CorpusVectorFunction {
    var name: String { "constant operand forms" }
    var point: [Double] { [0.9, -0.4] }
    func callAsFunction<T: ADScalar>(_ p: [T]) -> [T] {
        let (a, b) = (p[0], p[1])
        return [
            T.pow(T(2.5), a), T.pow(a, T(1.5)), T.atan2(y: a, x: T(0.5)), T.atan2(y: T(0.5), x: b),
            T.hypot(a, T(2)), T.hypot(T(2), b)
        ]
    }
    func jacobianFormula(_ p: [Double]) -> [[Double]]? {
        let (a, b) = (p[0], p[1])
        return [
            [pow(2.5, a) * log(2.5), 0], [1.5 * pow(a, 0.5), 0],
            [0.5 / (0.25 + a * a), 0], [0, -0.5 / (b * b + 0.25)],
            [a / hypot(a, 2), 0], [0, b / hypot(2, b)]
        ]
    }
}

/// (r, θ) ↦ (r cos θ, r sin θ).
struct PolarToCartesian: CorpusVectorFunction {
    var name: String { "polar" }
    var point: [Double] { [1.5, 0.6] }
    func callAsFunction<T: ADScalar>(_ p: [T]) -> [T] { [p[0] * T.cos(p[1]), p[0] * T.sin(p[1])] }
    func jacobianFormula(_ p: [Double]) -> [[Double]]? {
        let (r, t) = (p[0], p[1])
        return [[cos(t), -r * sin(t)], [sin(t), r * cos(t)]]
    }
}

/// (r, θ, φ) ↦ (r sin θ cos φ, r sin θ sin φ, r cos θ).
struct SphericalToCartesian: CorpusVectorFunction {
    var name: String { "spherical" }
    var point: [Double] { [2.0, 0.7, -1.1] }
    var inputCount: Int? { 3 }
    var outputCount: Int? { 3 }
    func callAsFunction<T: ADScalar>(_ p: [T]) -> [T] {
        let (r, t, f) = (p[0], p[1], p[2])
        return [r * T.sin(t) * T.cos(f), r * T.sin(t) * T.sin(f), r * T.cos(t)]
    }
    func jacobianFormula(_ p: [Double]) -> [[Double]]? {
        let (r, t, f) = (p[0], p[1], p[2])
        return [
            [sin(t) * cos(f), r * cos(t) * cos(f), -r * sin(t) * sin(f)],
            [sin(t) * sin(f), r * cos(t) * sin(f), r * sin(t) * cos(f)],
            [cos(t), -r * sin(t), 0]
        ]
    }
}

/// t ↦ (cos t, sin t, t / 2π): R^1 → R^3, dividing by a constant built from π.
struct Helix: CorpusVectorFunction {
    var name: String { "helix" }
    var point: [Double] { [0.8] }
    var inputCount: Int? { 1 }
    var outputCount: Int? { 3 }
    func callAsFunction<T: ADScalar>(_ t: [T]) -> [T] { [T.cos(t[0]), T.sin(t[0]), t[0] / (2 * T.pi)] }
    func jacobianFormula(_ t: [Double]) -> [[Double]]? { [[-sin(t[0])], [cos(t[0])], [1 / (2 * Double.pi)]] }
}

/// Elementwise sigmoid, softplus, relu, abs, square, expMinusOne: a diagonal Jacobian.
struct ElementwiseActivations: CorpusVectorFunction {
    var name: String { "activations" }
    var point: [Double] { [0.3, -1.2, 0.8, -0.6, 1.7, 0.2] }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        [T.sigmoid(x[0]), T.softplus(x[1]), T.relu(x[2]), T.abs(x[3]), T.square(x[4]), T.expMinusOne(x[5])]
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        let d = [1 / (1 + exp(-x[0])) * (1 - 1 / (1 + exp(-x[0]))), 1 / (1 + exp(-x[1])), 1, -1, 2 * x[4], exp(x[5])]
        return (0..<6).map { i in (0..<6).map { j in i == j ? d[i] : 0 } }
    }
}

/// softmax(x) with the maximum subtracted first: J = diag(s) − s sᵀ.
struct StableSoftmax: CorpusVectorFunction {
    var name: String { "softmax" }
    var point: [Double] { [0.5, -0.2, 1.1, 0.3, -0.9] }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var m = x[0]
        for xi in x where xi > m { m = xi }
        let e = x.map { T.exp($0 - m) }
        var total = T(0)
        for ei in e { total += ei }
        return e.map { $0 / total }
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        let e: [Double] = x.map { exp($0) }
        let total: Double = e.reduce(0, +)
        let s: [Double] = e.map { $0 / total }
        return s.indices.map { i -> [Double] in
            s.indices.map { j -> Double in (i == j ? s[i] : 0) - s[i] * s[j] }
        }
    }
}

/// PROBLEMS.md P5 on R^10: F_i = x_{i−1} − 2x_i + x_{i+1} + h² sin x_i, x from uniform(1);
/// any n (sparsity tests run it from 1 to 200).
struct Tridiagonal: CorpusVectorFunction {
    static let n = 10
    var name: String { "tridiagonal P5" }
    var point: [Double] { TestLCG.uniform(seed: 1, count: Self.n) }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let n = x.count, h = 1 / Double(n + 1)
        return (0..<n).map { i in
            var f = -2 * x[i] + h * h * T.sin(x[i])
            if i > 0 { f += x[i - 1] }
            if i < n - 1 { f += x[i + 1] }
            return f
        }
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        let n = x.count, h = 1 / Double(n + 1)
        return (0..<n).map { i in
            (0..<n).map { j in
                j == i ? -2 + h * h * cos(x[i]) : (j == i - 1 || j == i + 1 ? 1 : 0)
            }
        }
    }
    /// The n × n tridiagonal pattern.
    static func pattern(_ n: Int) throws -> SparsityPattern {
        try SparsityPattern(
            rows: n, columns: n,
            rowColumns: (0..<n).map { i in
                [i - 1, i, i + 1].filter { $0 >= 0 && $0 < n }
            })
    }
}

/// Arrow on R^12 (any n >= 1): F_0 = Σ x_j², F_i = x_0 · x_i + exp(x_i) for i > 0: one
/// dense row, one dense column, a diagonal.
struct Arrow: CorpusVectorFunction {
    var name: String { "arrow" }
    var point: [Double] { TestLCG.uniform(seed: 15, count: 12) }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var first = T(0)
        for v in x { first += v * v }
        return [first] + (1..<x.count).map { x[0] * x[$0] + T.exp(x[$0]) }
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        let first: [Double] = x.map { 2 * $0 }
        let rest: [[Double]] = (1..<x.count).map { i -> [Double] in
            x.indices.map { j -> Double in j == 0 ? x[i] : (j == i ? x[0] + exp(x[i]) : 0) }
        }
        return [first] + rest
    }
    /// Row 0 full, row i > 0 at columns 0 and i.
    static func pattern(_ n: Int) throws -> SparsityPattern {
        try SparsityPattern(rows: n, columns: n, rowColumns: [Array(0..<n)] + (1..<n).map { [0, $0] })
    }
}

/// Blocks of 3 on R^11 (any n; the last block shorter): F_i = tanh(Σ block) · x_i +
/// atan2(block first, 2 + block last²).
struct BlockDiagonal: CorpusVectorFunction {
    var name: String { "block diagonal" }
    var point: [Double] { TestLCG.uniform(seed: 16, count: 11) }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        (0..<x.count).map { i in
            let b = i / 3 * 3
            let block = Array(x[b..<min(b + 3, x.count)])
            return T.tanh(block.reduce(T(0), +)) * x[i] + T.atan2(y: block[0], x: 2 + T.square(block.last!))
        }
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        x.indices.map { i in
            let b = i / 3 * 3, e = min(b + 3, x.count)
            let t = tanh(x[b..<e].reduce(0, +)), first = x[b], last = x[e - 1]
            let u = 2 + last * last, r = u * u + first * first
            return x.indices.map { j in
                guard j >= b && j < e else { return 0 }
                var d = (1 - t * t) * x[i] + (j == i ? t : 0)
                if j == b { d += u / r }
                if j == e - 1 { d -= first * 2 * last / r }
                return d
            }
        }
    }
    /// Each row covers its block of 3.
    static func pattern(_ n: Int) throws -> SparsityPattern {
        try SparsityPattern(
            rows: n, columns: n,
            rowColumns: (0..<n).map { i in
                Array((i / 3 * 3)..<min(i / 3 * 3 + 3, n))
            })
    }
}

/// y = W2 tanh(W1 x + b) on R^20 → R^30 (hidden width 16, LCG seeds 21–24):
/// J = W2 diag(1 − t²) W1.
struct TwoLayerChain: CorpusVectorFunction {
    static let w1 = TestLCG.matrix(seed: 21, rows: 16, columns: 20, scale: 1 / 20.0.squareRoot())
    static let b = TestLCG.uniform(seed: 22, count: 16)
    static let w2 = TestLCG.matrix(seed: 23, rows: 30, columns: 16, scale: 0.25)
    var name: String { "two-layer chain" }
    var point: [Double] { TestLCG.uniform(seed: 24, count: 20) }
    var inputCount: Int? { 20 }
    var outputCount: Int? { 30 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let t: [T] = (0..<16).map { k in
            var z = T(Self.b[k])
            for j in 0..<20 { z += Self.w1[k][j] * x[j] }
            return T.tanh(z)
        }
        return (0..<30).map { i in
            var y = T(0)
            for k in 0..<16 { y += Self.w2[i][k] * t[k] }
            return y
        }
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        let d: [Double] = (0..<16).map { k in
            let t = tanh(Self.b[k] + zip(Self.w1[k], x).reduce(0) { $0 + $1.0 * $1.1 })
            return 1 - t * t
        }
        return (0..<30).map { i in
            (0..<20).map { j in (0..<16).reduce(0) { $0 + Self.w2[i][$1] * d[$1] * Self.w1[$1][j] } }
        }
    }
}

/// Outputs that are an input itself, a constant, an operation on constants only, and a
/// product: rows e_0, 0, 0 and (−1, x2, x1).
struct ConstantOutputs: CorpusVectorFunction {
    var name: String { "constant outputs" }
    var point: [Double] { [0.5, -1.5, 2.5] }
    var outputCount: Int? { 4 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        [x[0], T(2.5), T.pi * 2 + T(1), x[1] * x[2] - x[0]]
    }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? {
        [[1, 0, 0], [0, 0, 0], [0, 0, 0], [-1, x[2], x[1]]]
    }
}

/// The Lorenz vector field (σ, ρ, β) = (10, 28, 8/3): constants on both sides.
struct LorenzField: CorpusVectorFunction {
    var name: String { "lorenz" }
    var point: [Double] { [1.2, -0.7, 3.1] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> [T] {
        let (x, y, z) = (v[0], v[1], v[2])
        return [10 * (y - x), x * (28 - z) - y, x * y - 8.0 / 3.0 * z]
    }
    func jacobianFormula(_ v: [Double]) -> [[Double]]? {
        let (x, y, z) = (v[0], v[1], v[2])
        return [[-10, 10, 0], [28 - z, -1, -x], [y, x, -8.0 / 3.0]]
    }
}

/// Twelve explicit Euler steps of a nonlinear flow: a deep composition whose Jacobian
/// has no practical hand formula (checked against the other mode and differences only).
struct IteratedMap: CorpusVectorFunction {
    var name: String { "iterated map (no formula)" }
    var point: [Double] { [0.3, -0.2, 0.5] }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> [T] {
        var (a, b, c) = (v[0], v[1], v[2])
        for _ in 0..<12 {
            let da = T.sin(b) - 0.5 * a * c
            let db = T.cos(a) * c - T.tanh(b)
            let dc = a * b - T.sqrt(1 + c * c)
            a += 0.1 * da; b += 0.1 * db; c += 0.1 * dc
        }
        return [a, b, c, a * b * c]
    }
}
