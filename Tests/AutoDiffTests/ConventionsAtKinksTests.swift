import Foundation
import Testing
import AutoDiff

// Every row of the tables in the DocC article Conventions at Kinks
// (Sources/AutoDiff/AutoDiff.docc/ConventionsAtKinks.md): the value and the gradient the
// article states, by forward mode and by reverse mode. A row that changes here changes there.

/// One elementary function (or a small composite) by name, in one or two inputs.
private struct KinkRow: ScalarFunction, CustomStringConvertible {
    let name: String
    var description: String { name }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        switch name {
        case "relu": T.relu(v[0])
        case "abs": T.abs(v[0])
        case "max": T.max(v[0], v[1])
        case "min": T.min(v[0], v[1])
        case "branch": v[0] > 1 ? v[0] * v[0] : 3 * v[0] // x² above 1, 3x below
        case "sqrt": T.sqrt(v[0])
        case "log": T.log(v[0])
        case "logOnePlus": T.log(onePlus: v[0])
        case "asin": T.asin(v[0])
        case "acos": T.acos(v[0])
        case "pow": T.pow(v[0], v[1])
        case "powZero": T.pow(v[0], 0)
        case "divide": v[0] / v[1]
        case "atan2": T.atan2(y: v[0], x: v[1])
        case "hypot": T.hypot(v[0], v[1])
        default: preconditionFailure("no row \(name)")
        }
    }
}

/// Equal, NaN included (the article states where a NaN comes out).
private func same(_ a: [Double], _ b: [Double]) -> Bool {
    a.count == b.count && zip(a, b).allSatisfy { $0.isNaN ? $1.isNaN : $0 == $1 }
}

private let nan = Double.nan, inf = Double.infinity

/// (function, point, value, gradient by forward mode, gradient by reverse mode)
private let rows: [(String, [Double], Double, [Double], [Double])] = [
    ("relu", [0], 0, [0], [0]),
    ("relu", [nan], nan, [1], [1]), // NaN propagates (returned as it is, its derivative passing through)
    ("abs", [0], 0, [0], [0]),
    ("abs", [-2], 2, [-1], [-1]),
    ("max", [1, 1], 1, [1, 0], [1, 0]),
    ("min", [1, 1], 1, [1, 0], [1, 0]),
    ("max", [nan, 1], nan, [1, 0], [1, 0]),
    ("max", [1, nan], 1, [1, 0], [1, 0]),
    ("branch", [1], 3, [3], [3]),
    ("sqrt", [0], 0, [inf], [inf]),
    ("sqrt", [-1], nan, [nan], [nan]),
    ("log", [0], -inf, [inf], [inf]),
    ("log", [-1], nan, [-1], [-1]),
    ("logOnePlus", [-1], -inf, [inf], [inf]),
    ("logOnePlus", [-2], nan, [-1], [-1]),
    ("asin", [1], Double.pi / 2, [inf], [inf]),
    ("asin", [-1], -Double.pi / 2, [inf], [inf]),
    ("acos", [1], 0, [-inf], [-inf]),
    ("acos", [-1], Double.pi, [-inf], [-inf]),
    ("pow", [-2, 2], 4, [-4, 0], [-4, 0]),
    ("pow", [0, 0.5], 0, [inf, 0], [inf, 0]),
    ("powZero", [0], 1, [0], [0]),
    ("divide", [1, 0], inf, [inf, -inf], [inf, -inf]),
    ("atan2", [0, 0], 0, [nan, nan], [nan, nan]),
    ("hypot", [0, 0], 0, [nan, nan], [nan, nan])
]

@Test func reluOfNaNOnPlainValues() {
    #expect(Double.relu(.nan).isNaN && Float.relu(.nan).isNaN, "plain evaluation uses IEEE <=")
}

@Test(arguments: rows.indices)
func conventionsTableRow(_ index: Int) throws {
    let (name, point, value, forward, reverse) = rows[index]
    let f = KinkRow(name: name)
    let (v, g) = try valueWithGradient(of: f, at: point, mode: .reverse)
    #expect(same([v], [value]), "\(name) at \(point): value \(v)")
    #expect(same(g, reverse), "\(name) at \(point): reverse gradient \(g)")
    let gf = try gradient(of: f, at: point, mode: .forward)
    #expect(same(gf, forward), "\(name) at \(point): forward gradient \(gf)")
    // One input at a time through Dual (jvp) as well as through MultiDual lanes above.
    for j in point.indices {
        let e = point.indices.map { $0 == j ? 1.0 : 0.0 }
        let t = try jvp(of: f, at: point, direction: e).tangent
        #expect(same([t], [forward[j]]), "\(name) at \(point): jvp along input \(j) is \(t)")
    }
}

/// The array rows: ties in `max(alongAxes:)` (and a NaN entry), and `select`.
private struct ArrayKinkRow: TensorFunction {
    let name: String
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        switch name {
        case "max": p[0].max(alongAxes: [0])
        case "select": T.select(p[0] .> 0, p[0], p[0] * 2).sum()
        default: preconditionFailure("no row \(name)")
        }
    }
}

@Test func conventionsArrayRows() throws {
    let tie = try valueWithGradient(of: ArrayKinkRow(name: "max"), at: [Tensor([1, 3, 3])])
    #expect(tie.value == 3 && tie.gradient[0].scalars == [0, 1, 0], "the first maximal entry takes it")
    let withNaN = try valueWithGradient(of: ArrayKinkRow(name: "max"), at: [Tensor([1, .nan, 3])])
    #expect(withNaN.value.isNaN && withNaN.gradient[0].scalars == [0, 1, 0], "a NaN entry wins")
    let select = try gradient(of: ArrayKinkRow(name: "select"), at: [Tensor([-1, 0, 2])])
    #expect(select[0].scalars == [2, 2, 1], "each entry from the array it was taken from")
    let forward = try forwardJacobian(of: ArrayKinkRow(name: "select"), at: [Tensor([-1, 0, 2])]).jacobian
    #expect(forward.elements == [2, 2, 1])
}
