import AutoDiff
import Foundation

/// Central finite differences: the derivative-free reference every AD result is
/// checked against.
///
/// Column j is `(f(x + h e_j) − f(x − h e_j)) / (x_j⁺ − x_j⁻)` with
/// `h = cbrt(ε) · max(1, |x_j|)` (ε = 2^−52, so h ≈ 6e-6 for |x_j| <= 1).
///
/// Why that step: the central quotient's truncation error is `h² |f'''| / 6`
/// (O(h²): the even Taylor terms cancel), and evaluating f in floating point adds a
/// rounding error of about `ε |f| / h` (each value is off by ~ε|f|, then divided by 2h).
/// The sum `h²|f'''|/6 + ε|f|/h` is smallest at `h ~ cbrt(3ε |f| / |f'''|)`, i.e.
/// `cbrt(ε)` times the scale of x when f and f''' are of similar size; the error is then
/// about `ε^(2/3) ≈ 4e-11` times the scale of f. Scaling h by `max(1, |x_j|)` keeps the
/// step meaningful relative to x_j, and dividing by the difference of the rounded
/// points `x_j⁺ − x_j⁻` (not by 2h) removes the error of representing x ± h.
/// The corpus's test points sit at least 1e-2 from every branch switch or kink, far
/// beyond h, so both evaluations take the same branch.
enum FiniteDifferences {
    /// The step for a coordinate of value `xj`.
    static func step(_ xj: Double) -> Double {
        Foundation.cbrt(Double.ulpOfOne) * Swift.max(1, Swift.abs(xj))
    }

    /// The m × n central-difference Jacobian of `f` at `x`.
    static func jacobian<F: VectorFunction>(of f: F, at x: [Double]) -> Matrix<Double> {
        columns(at: x) { f($0) }
    }

    /// The central-difference gradient of an R^n → R function.
    static func gradient<F: ScalarFunction>(of f: F, at x: [Double]) -> [Double] {
        jacobian(of: ScalarAsVectorFunction(f), at: x).row(0)
    }

    /// The Hessian as central differences of a gradient (column k from steps in x_k),
    /// for second-order checks: with a hand gradient the route is derivative-free past
    /// the formula; with an AD gradient, it checks the second order against the first.
    static func hessian(gradient: ([Double]) throws -> [Double], at x: [Double]) rethrows -> Matrix<Double> {
        try columns(at: x, gradient)
    }

    /// The Jacobian of the map `g` at `x`, column k from central steps in x_k.
    private static func columns(at x: [Double], _ g: ([Double]) throws -> [Double]) rethrows -> Matrix<Double> {
        let m = try g(x).count, n = x.count
        var j = Matrix<Double>(rows: m, columns: n)
        for k in 0..<n {
            var plus = x, minus = x
            let h = step(x[k])
            plus[k] += h
            minus[k] -= h
            let width = plus[k] - minus[k]
            let gp = try g(plus), gm = try g(minus)
            for i in 0..<m { j[i, k] = (gp[i] - gm[i]) / width }
        }
        return j
    }

    /// H·v as the central difference of a gradient along v: (∇f(x + hv) − ∇f(x − hv)) / 2h,
    /// h = cbrt(ε) · max(1, max |x_i|) / max |v_i| (the step of ``step(_:)`` along v).
    static func hessianVectorProduct(
        gradient: ([Double]) throws -> [Double], at x: [Double],
        direction v: [Double]
    ) rethrows -> [Double] {
        let size = v.reduce(0) { Swift.max($0, Swift.abs($1)) }
        guard size > 0 else { return [Double](repeating: 0, count: x.count) }
        let h = step(x.reduce(0) { Swift.max($0, Swift.abs($1)) }) / size
        let gp = try gradient(zip(x, v).map { $0 + h * $1 }), gm = try gradient(zip(x, v).map { $0 - h * $1 })
        return zip(gp, gm).map { ($0 - $1) / (2 * h) }
    }
}
