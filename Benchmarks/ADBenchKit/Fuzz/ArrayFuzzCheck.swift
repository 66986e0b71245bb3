// The cross-check of one fuzzed array program: the array layer's forward Jacobian
// against its reverse Jacobian, its other drivers and the scalar layer running the same
// code (tight), against central differences (looser), and, for one output entry, the
// array HVP against the scalar layer's HVP.
import AutoDiff
import Foundation

/// The tolerances of the array check. Jacobians and HVPs from two AD routes are compared
/// relative to max(1, largest |reference entry|) (normwise: each is a sum taken in
/// different orders, whose rounding is relative to its terms), J·v relative to
/// max(1, max|J|·Σ|v_j|), values and central differences relative to max(1, |entry|).
/// The reasons for the numbers are in ArrayFuzzCampaign.swift.
public struct ArrayFuzzTolerance: Sendable, Equatable {
    /// Between the array layer's routes (forward, reverse, batch sizes, jvp, vjp, gradient).
    public var modes: Double
    /// Between the array layer and the scalar layer (Jacobian and value).
    public var scalarLayer: Double
    /// Between the array layer's and the scalar layer's Hessian-vector products.
    public var hvp: Double
    /// Between forward mode and central differences.
    public var finiteDifference: Double
    /// Largest |FD(h) − FD(2h)| accepted before a program counts as ill-conditioned.
    public var conditioning: Double

    /// The defaults: 1e-12, 1e-12, 1e-9, 1e-6, 1e-7.
    public init(
        modes: Double = 1e-12, scalarLayer: Double = 1e-12, hvp: Double = 1e-9, finiteDifference: Double = 1e-6,
        conditioning: Double = 1e-7
    ) {
        self.modes = modes
        self.scalarLayer = scalarLayer
        self.hvp = hvp
        self.finiteDifference = finiteDifference
        self.conditioning = conditioning
    }
}

/// The largest relative differences an array check saw.
public struct ArrayFuzzDifferences: Sendable, Equatable {
    /// Between the array layer's routes.
    public var modes = 0.0
    /// Between the array and scalar layers' Jacobians and values.
    public var scalarLayer = 0.0
    /// Between the array and scalar layers' Hessian-vector products.
    public var hvp = 0.0
    /// Between forward mode and central differences.
    public var finiteDifference = 0.0

    /// None seen yet.
    public init() {}

    /// The larger of each.
    public mutating func formMaximum(_ other: ArrayFuzzDifferences) {
        modes = Swift.max(modes, other.modes)
        scalarLayer = Swift.max(scalarLayer, other.scalarLayer)
        hvp = Swift.max(hvp, other.hvp)
        finiteDifference = Swift.max(finiteDifference, other.finiteDifference)
    }
}

/// How a comparison scales the difference of each entry.
enum ArrayFuzzScale {
    /// max(1, |reference entry|).
    case entry
    /// max(1, largest |reference entry|): for results of sums taken in different orders,
    /// whose rounding is relative to the terms, not to a sum that may cancel.
    case normwise
    /// max(1, scales[e]) (a product's Σ|terms|).
    case given([Double])
}

/// Compares `a` with the reference `b` entry by entry: the worst |a − b| / scale, and a
/// description of the first entry beyond `tolerance` (nil if none).
func arrayFuzzCompare(
    _ a: [Double], _ b: [Double], _ tolerance: Double, _ nameA: String, _ nameB: String,
    scale: ArrayFuzzScale = .entry, columns: Int? = nil
) -> (worst: Double, problem: String?) {
    guard a.count == b.count else { return (.infinity, "\(nameA) has \(a.count) entries, \(nameB) \(b.count)") }
    var worst = 0.0
    let largest = b.reduce(0) { Swift.max($0, Swift.abs($1)) }
    for e in a.indices {
        let s: Double
        switch scale {
        case .entry: s = Swift.abs(b[e])
        case .normwise: s = largest
        case .given(let scales): s = scales[e]
        }
        let d = Swift.abs(a[e] - b[e]) / Swift.max(1, s)
        guard d <= tolerance else { // NaN lands here too
            let at = columns.map { "[\(e / Swift.max(1, $0)), \(e % Swift.max(1, $0))]" } ?? "[\(e)]"
            return (d, "\(nameA)\(at) = \(a[e]) but \(nameB)\(at) = \(b[e])")
        }
        worst = Swift.max(worst, d)
    }
    return (worst, nil)
}

/// Deterministic entries in [−1, 1] for directions and cotangents.
func arrayFuzzDirection(_ count: Int, seed: UInt64) -> [Double] {
    var g = LCG(seed: seed)
    return (0..<count).map { _ in g.nextUniform() }
}

/// Checks one array program at its point.
///
/// 1. Shapes must fit (by ArrayFuzzShapes.swift's rules; else skipped), the array layer
///    must accept them too and give each register that shape, and every operation must
///    be inside its domain with the margins of ArrayFuzzDomain.swift (else skipped).
/// 2. The reference is the array layer's `forwardJacobian`. Its value must match plain
///    evaluation; `forwardJacobian(batch: 3)`, `reverseJacobian` (default batch and 2: partial batches),
///    `jvp`, `vjp` (against J·v and Jᵀ·u) and, for one output entry, `gradient` must match
///    it within `tolerance.modes`; the scalar layer's `reverseJacobian` of
///    ``TensorAsVectorFunction`` (value and Jacobian) within `tolerance.scalarLayer`.
/// 3. The array `hvp` of the output (one entry) or of Σ u ⊙ output (several) must match
///    the scalar layer's `hvp` of the same code within `tolerance.hvp`.
/// 4. Unless the program was drawn at kinks: central differences FD(h) and FD(2h),
///    h = cbrt(ε)·max(1, |x_j|), need every operation inside its domain and on the same
///    side of every kink at x ± h·e_j and x ± 2h·e_j (else skipped: branch switch); if
///    they differ by more than `tolerance.conditioning`, skipped (ill-conditioned); else
///    the reference must match FD(h) within `tolerance.finiteDifference`.
/// - Complexity: for N input and M output entries: about 2 + N/3 batched forward passes,
///   3 recordings with about 2 + M/2 sweeps, one scalar-layer recording with M sweeps, one HVP
///   each way, and 4N + 1 plain evaluations.
public func checkArrayFuzzProgram(
    _ program: ArrayFuzzProgram, tolerance: ArrayFuzzTolerance = ArrayFuzzTolerance(),
    valueLimit: Double = 100
) -> FuzzVerdict {
    var differences = ArrayFuzzDifferences()
    return checkArrayFuzzProgram(program, tolerance: tolerance, valueLimit: valueLimit, differences: &differences)
}

/// ``checkArrayFuzzProgram(_:tolerance:valueLimit:)``, also raising `differences` to the
/// largest differences it saw.
public func checkArrayFuzzProgram(
    _ program: ArrayFuzzProgram, tolerance: ArrayFuzzTolerance, valueLimit: Double,
    differences: inout ArrayFuzzDifferences
) -> FuzzVerdict {
    guard let shapes = program.registerShapes() else { return .skipped(.outsideDomain) }
    let x = program.point, flat = program.flatPoint, n = flat.count
    // The array drivers run first: a shape the array layer rejects is thrown, not trapped.
    let reference: (value: Tensor, jacobian: Matrix<Double>)
    do { reference = try forwardJacobian(of: program, at: x) } catch { return .mismatch("forwardJacobian threw \(error)") }
    guard reference.value.shape == shapes[program.output] else {
        return .mismatch("forwardJacobian's value has shape \(reference.value.shape), expected \(shapes[program.output])")
    }
    let margins = ArrayFuzzMargins.atPoint(exactKinks: program.atKinks, limit: valueLimit)
    guard let (values, branches) = checkedArrayEvaluation(program, at: x, margins) else { return .skipped(.outsideDomain) }
    for (k, v) in values.enumerated() where v.shape != shapes[k] {
        return .mismatch("register \(k) has shape \(v.shape), expected \(shapes[k])")
    }
    let plain = values[program.output].scalars, m = plain.count
    if let problem = arrayFuzzCompare(reference.value.scalars, plain, tolerance.modes, "forward value", "plain value").problem {
        return .mismatch(problem)
    }
    let J = reference.jacobian.elements
    if let bad = J.firstIndex(where: { !$0.isFinite }) {
        return .mismatch("forwardJacobian J[\(bad / Swift.max(n, 1)), \(bad % Swift.max(n, 1))] = \(J[bad]) at an in-domain point")
    }
    // The array layer's other routes.
    func route(_ name: String, _ tol: Double, _ worst: inout Double, _ body: () throws -> (value: [Double], jacobian: [Double])) -> String? {
        do {
            let (value, jacobian) = try body()
            if let problem = arrayFuzzCompare(value, plain, tol, name + " value", "plain value").problem { return problem }
            let (d, problem) = arrayFuzzCompare(jacobian, J, tol, name, "forwardJacobian", scale: .normwise, columns: n)
            worst = Swift.max(worst, d)
            return problem
        } catch {
            return "\(name) threw \(error)"
        }
    }
    let routes: [(String, () throws -> (value: [Double], jacobian: [Double]))] = [
        (
            "forwardJacobian(batch: 3)",
            {
                let r = try forwardJacobian(of: program, at: x, batch: 3); return (r.value.scalars, r.jacobian.elements)
            }
        ),
        (
            "reverseJacobian",
            {
                let r = try reverseJacobian(of: program, at: x); return (r.value.scalars, r.jacobian.elements)
            }
        ),
        (
            "reverseJacobian(batch: 2)",
            {
                let r = try reverseJacobian(of: program, at: x, batch: 2); return (r.value.scalars, r.jacobian.elements)
            }
        )
    ]
    for (name, body) in routes {
        if let problem = route(name, tolerance.modes, &differences.modes, body) { return .mismatch(problem) }
    }
    let twin = TensorAsVectorFunction(program, inputShapes: x.map(\.shape))
    if let problem = route(
        "scalar layer's reverseJacobian", tolerance.scalarLayer, &differences.scalarLayer,
        {
            let r = try AutoDiff.reverseJacobian(of: twin, at: flat); return (r.value, r.jacobian.elements)
        })
    {
        return .mismatch(problem)
    }
    if let problem = checkArrayProducts(program, J: J, m: m, tolerance: tolerance, differences: &differences) {
        return .mismatch(problem)
    }
    if program.atKinks { return .agree }
    return checkArrayFiniteDifferences(program, J: J, m: m, branches: branches, tolerance: tolerance, differences: &differences)
}

/// Step 2's products (jvp, vjp, gradient against the reference J) and step 3 (the HVP).
func checkArrayProducts(
    _ program: ArrayFuzzProgram, J: [Double], m: Int, tolerance: ArrayFuzzTolerance,
    differences: inout ArrayFuzzDifferences
) -> String? {
    let x = program.point, flat = program.flatPoint, n = flat.count
    let v = arrayFuzzDirection(n, seed: 91), u = arrayFuzzDirection(m, seed: 92)
    let jv = (0..<m).map { i in (0..<n).reduce(0.0) { $0 + J[i * n + $1] * v[$1] } }
    let ju = (0..<n).map { j in (0..<m).reduce(0.0) { $0 + u[$1] * J[$1 * n + j] } }
    // J·v and Jᵀ·u are judged relative to max|J|·Σ|v| (and Σ|u|): the reference J's own
    // rounding, relative to max|J|, is summed over the direction's entries.
    let largest = J.reduce(0) { Swift.max($0, Swift.abs($1)) }
    let jvScale = [Double](repeating: largest * v.reduce(0) { $0 + Swift.abs($1) }, count: m)
    let juScale = [Double](repeating: largest * u.reduce(0) { $0 + Swift.abs($1) }, count: n)
    do {
        let tangent = try jvp(of: program, at: x, direction: program.at(v)).tangent.scalars
        var (d, problem) = arrayFuzzCompare(tangent, jv, tolerance.modes, "jvp", "J·v", scale: .given(jvScale))
        if let problem { return problem }
        differences.modes = Swift.max(differences.modes, d)
        let outputShape = program.outputShape ?? []
        let cotangents = try vjp(of: program, at: x, cotangent: Tensor(shape: outputShape, scalars: u)).cotangents
        (d, problem) = arrayFuzzCompare(cotangents.flatMap(\.scalars), ju, tolerance.modes, "vjp", "Jᵀ·u", scale: .given(juScale))
        if let problem { return problem }
        differences.modes = Swift.max(differences.modes, d)
        if m == 1 {
            let g = try gradient(of: program, at: x).flatMap(\.scalars)
            (d, problem) = arrayFuzzCompare(g, J, tolerance.modes, "gradient", "forwardJacobian", scale: .normwise)
            if let problem { return problem }
            differences.modes = Swift.max(differences.modes, d)
        }
        // Second order: the array HVP (forward over reverse on the array tape) against the
        // scalar layer's HVP of the same code; of Σ u ⊙ output when there are several entries.
        guard m > 0 else { return nil }
        let loss = ArrayFuzzWeightedSum(program: program, weights: m == 1 ? nil : Tensor(shape: outputShape, scalars: u))
        let product = try hvp(of: loss, at: x, direction: program.at(v)).flatMap(\.scalars)
        let twin = ArrayFuzzFirstEntry(base: TensorAsVectorFunction(loss, inputShapes: x.map(\.shape)))
        let scalarProduct = try AutoDiff.hvp(of: twin, at: flat, direction: v)
        (d, problem) = arrayFuzzCompare(product, scalarProduct, tolerance.hvp, "hvp", "scalar layer's hvp", scale: .normwise)
        if let problem { return problem }
        differences.hvp = Swift.max(differences.hvp, d)
    } catch {
        return "a product driver threw \(error)"
    }
    return nil
}

/// Step 4: the reference against central differences, with the validity checks.
func checkArrayFiniteDifferences(
    _ program: ArrayFuzzProgram, J: [Double], m: Int, branches: [Int32],
    tolerance: ArrayFuzzTolerance, differences: inout ArrayFuzzDifferences
) -> FuzzVerdict {
    let flat = program.flatPoint, n = flat.count
    var fd = [[Double]](repeating: [Double](repeating: 0, count: m * n), count: 2)
    for j in 0..<n {
        let h = Foundation.cbrt(Double.ulpOfOne) * Swift.max(1, Swift.abs(flat[j]))
        for (s, step) in [h, 2 * h].enumerated() {
            var plus = flat, minus = flat
            plus[j] += step
            minus[j] -= step
            guard let (vp, bp) = checkedArrayEvaluation(program, at: program.at(plus), .inside),
                let (vm, bm) = checkedArrayEvaluation(program, at: program.at(minus), .inside)
            else {
                return .skipped(.branchSwitch)
            }
            guard bp == branches, bm == branches else { return .skipped(.branchSwitch) }
            let fp = vp[program.output].scalars, fm = vm[program.output].scalars
            for i in 0..<m { fd[s][i * n + j] = (fp[i] - fm[i]) / (2 * step) }
        }
    }
    for e in 0..<(m * n) where Swift.abs(fd[0][e] - fd[1][e]) > tolerance.conditioning * Swift.max(1, Swift.abs(fd[0][e])) {
        return .skipped(.illConditioned)
    }
    let (d, problem) = arrayFuzzCompare(J, fd[0], tolerance.finiteDifference, "forwardJacobian", "central differences", columns: n)
    if let problem { return .mismatch(problem) }
    differences.finiteDifference = Swift.max(differences.finiteDifference, d)
    return .agree
}
