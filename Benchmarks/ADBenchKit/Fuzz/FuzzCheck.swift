// The cross-check of one fuzzed program: every Jacobian driver and chunk size against
// forward mode (tight), and forward mode against central finite differences (looser),
// with the rules that decide when finite differences cannot be trusted (a skip).
import AutoDiff
import Foundation

/// Why a program was not checked against finite differences.
public enum FuzzSkipReason: String, CaseIterable, Sendable {
    /// An operation is outside its domain (or too near an edge or kink) at the point.
    case outsideDomain
    /// A finite-difference point crosses a kink, branch cut or domain edge.
    case branchSwitch
    /// Central differences at steps h and 2h disagree: their own error is too large to
    /// judge the derivative by.
    case illConditioned
}

/// The outcome of checking one program.
public enum FuzzVerdict: Sendable, Equatable {
    /// Every driver and chunk agreed with forward mode and with finite differences.
    case agree
    /// A disagreement, described in one line.
    case mismatch(String)
    /// Not checkable at its point (counted, not a failure).
    case skipped(FuzzSkipReason)

    /// Whether this is a mismatch.
    public var isMismatch: Bool { if case .mismatch = self { true } else { false } }
    /// A mismatch's description, else nil.
    public var mismatchMessage: String? { if case .mismatch(let message) = self { message } else { nil } }
}

/// The tolerances of the check, each relative to `max(1, |reference entry|)`.
public struct FuzzTolerance: Sendable, Equatable {
    /// Between AD Jacobians (drivers, chunk sizes, modes) and values: they differ only by
    /// the order of floating-point sums and products.
    public var modes: Double
    /// Between forward mode and central differences.
    public var finiteDifference: Double
    /// Largest |FD(h) − FD(2h)| accepted before a program counts as ill-conditioned.
    /// It is kept 10× below ``finiteDifference``, so an accepted program's differences
    /// are at least 10× more accurate than the tolerance they are judged with.
    public var conditioning: Double

    /// The defaults: 1e-11, 1e-6, 1e-7 (the reasons are in FuzzCampaign.swift).
    public init(modes: Double = 1e-11, finiteDifference: Double = 1e-6, conditioning: Double = 1e-7) {
        self.modes = modes
        self.finiteDifference = finiteDifference
        self.conditioning = conditioning
    }
}

/// Checks one program at its point.
///
/// 1. Every operation must be inside its domain with a margin at the point (else
///    ``FuzzVerdict/skipped(_:)``).
/// 2. The reference is `forwardJacobian(chunk: .one)` (one ``Dual`` pass per column). Its
///    value must match plain evaluation; `forwardJacobian` and `reverseJacobian` at every
///    ``ChunkSize`` must match it within `tolerance.modes`.
///    A ``RecordedFunction`` replayed at a nearby point must equal a fresh recording there
///    bit for bit, in either replay layout, or report that a comparison flipped (``checkFuzzReplay(_:at:)``).
/// 3. Central differences FD(h) and FD(2h), h = cbrt(ε)·max(1, |x_j|), need every
///    operation inside its domain and on the same side of every kink at x ± h·e_j and
///    x ± 2h·e_j (else skip: branch switch). If they differ by more than
///    `tolerance.conditioning`, skip (ill-conditioned); else the reference must match
///    FD(h) within `tolerance.finiteDifference`.
/// - Complexity: 4n + 1 plain evaluations, n `Dual` evaluations, about 2n/k chunked
///   evaluations per chunk size k, and 7 recordings with their sweeps plus one replay.
public func checkFuzzProgram(
    _ program: FuzzProgram, tolerance: FuzzTolerance = FuzzTolerance(),
    valueLimit: Double = 100
) -> FuzzVerdict {
    var differences = FuzzDifferences()
    return checkFuzzProgram(program, tolerance: tolerance, valueLimit: valueLimit, differences: &differences)
}

/// The largest relative differences a check saw (each relative to max(1, |reference|)).
public struct FuzzDifferences: Sendable, Equatable {
    /// Between AD routes (drivers, chunk sizes, modes).
    public var modes = 0.0
    /// Between forward mode and central differences, over programs that were compared.
    public var finiteDifference = 0.0

    /// No differences seen yet.
    public init() {}

    /// The larger of each.
    public mutating func formMaximum(_ other: FuzzDifferences) {
        modes = Swift.max(modes, other.modes)
        finiteDifference = Swift.max(finiteDifference, other.finiteDifference)
    }
}

/// ``checkFuzzProgram(_:tolerance:valueLimit:)``, also raising `differences` to the
/// largest differences it saw.
public func checkFuzzProgram(
    _ program: FuzzProgram, tolerance: FuzzTolerance, valueLimit: Double,
    differences: inout FuzzDifferences
) -> FuzzVerdict {
    let x = program.point, n = x.count
    guard n == program.inputs, program.outputs.allSatisfy({ $0 < n + program.instructions.count }) else {
        return .skipped(.outsideDomain)
    }
    guard let (plain, branches) = checkedEvaluation(program, at: x, margin: 1, limit: valueLimit) else {
        return .skipped(.outsideDomain)
    }
    // AD: the reference and every other route.
    let m = program.outputs.count
    let reference: (value: [Double], jacobian: Matrix<Double>)
    do {
        reference = try forwardJacobian(of: program, at: x, chunk: .one)
    } catch {
        return .mismatch("forwardJacobian(chunk: .one) threw \(error)")
    }
    if let problem = fuzzCompare(reference.value, plain, tolerance.modes, "forward value", "plain value") {
        return .mismatch(problem)
    }
    if let bad = reference.jacobian.elements.firstIndex(where: { !$0.isFinite }) {
        return .mismatch("forward J[\(bad / Swift.max(n, 1)), \(bad % Swift.max(n, 1))] = \(reference.jacobian.elements[bad]) at an in-domain point")
    }
    for chunk in ChunkSize.allCases {
        for reverse in [false, true] {
            let name = "\(reverse ? "reverse" : "forward")Jacobian(chunk: .\(chunk.fuzzName))"
            do {
                let other =
                    reverse
                    ? try reverseJacobian(of: program, at: x, chunk: chunk)
                    : try forwardJacobian(of: program, at: x, chunk: chunk)
                if let problem = fuzzCompare(other.value, plain, tolerance.modes, name + " value", "plain value")
                    ?? fuzzCompare(other.jacobian, reference.jacobian, tolerance.modes, name, "forwardJacobian(chunk: .one)")
                {
                    return .mismatch(problem)
                }
                differences.modes = Swift.max(differences.modes, relativeDifference(other.jacobian, reference.jacobian))
            } catch {
                return .mismatch("\(name) threw \(error)")
            }
        }
    }
    // Replay at a nearby point: equal to a fresh recording there, or a detected flip.
    if let problem = checkFuzzReplay(program, at: x) { return .mismatch(problem) }
    // Finite differences, with their validity checks.
    var fd = [Matrix<Double>](repeating: Matrix(rows: m, columns: n), count: 2)
    for j in 0..<n {
        let h = Foundation.cbrt(Double.ulpOfOne) * Swift.max(1, Swift.abs(x[j]))
        for (s, step) in [h, 2 * h].enumerated() {
            var plus = x, minus = x
            plus[j] += step
            minus[j] -= step
            guard let (fp, plusBranches) = checkedEvaluation(program, at: plus, margin: 0, limit: .infinity),
                let (fm, minusBranches) = checkedEvaluation(program, at: minus, margin: 0, limit: .infinity),
                plusBranches == branches, minusBranches == branches
            else { return .skipped(.branchSwitch) }
            for i in 0..<m { fd[s][i, j] = (fp[i] - fm[i]) / (plus[j] - minus[j]) }
        }
    }
    // Finite differences: trusted only where h and 2h agree.
    for e in 0..<(m * n)
    where Swift.abs(fd[0].elements[e] - fd[1].elements[e])
        > tolerance.conditioning * Swift.max(1, Swift.abs(fd[0].elements[e]))
    {
        return .skipped(.illConditioned)
    }
    if let problem = fuzzCompare(
        reference.jacobian, fd[0], tolerance.finiteDifference,
        "forwardJacobian", "central differences")
    {
        return .mismatch(problem)
    }
    differences.finiteDifference = Swift.max(differences.finiteDifference, relativeDifference(reference.jacobian, fd[0]))
    return .agree
}

/// max |a − b| / max(1, |b|) over the entries.
func relativeDifference(_ a: Matrix<Double>, _ b: Matrix<Double>) -> Double {
    var worst = 0.0
    for (u, v) in zip(a.elements, b.elements) { worst = Swift.max(worst, Swift.abs(u - v) / Swift.max(1, Swift.abs(v))) }
    return worst
}

/// The program's outputs at `x` and the side of every kink, or nil if an operation is
/// outside its domain (with `margin`, see ``FuzzOperation/isInDomain(_:_:c:k:margin:limit:)``).
/// - Complexity: one plain evaluation.
func checkedEvaluation(_ program: FuzzProgram, at x: [Double], margin: Double, limit: Double)
    -> (outputs: [Double], branches: [Int8])?
{
    var values = x
    values.reserveCapacity(x.count + program.instructions.count)
    var branches: [Int8] = []
    for instruction in program.instructions {
        let a = values[instruction.a], b = values[instruction.b]
        let operation = instruction.operation
        guard operation.isInDomain(a, b, c: instruction.c, k: instruction.k, margin: margin, limit: limit) else {
            return nil
        }
        if operation.hasKink || operation == .atan2 { branches.append(operation.branch(a, b)) }
        values.append(operation.evaluate(a, b, c: instruction.c, k: instruction.k))
    }
    return (program.outputs.map { values[$0] }, branches)
}

/// A one-line description of the first entry where `a` and `b` differ by more than
/// `tolerance · max(1, |b|)`, or nil.
func fuzzCompare(_ a: [Double], _ b: [Double], _ tolerance: Double, _ nameA: String, _ nameB: String) -> String? {
    guard a.count == b.count else { return "\(nameA) has \(a.count) entries, \(nameB) \(b.count)" }
    for i in a.indices where !(Swift.abs(a[i] - b[i]) <= tolerance * Swift.max(1, Swift.abs(b[i]))) {
        return "\(nameA)[\(i)] = \(a[i]) but \(nameB)[\(i)] = \(b[i])"
    }
    return nil
}

/// Like the array form for matrices, naming the entry (i, j).
func fuzzCompare(_ a: Matrix<Double>, _ b: Matrix<Double>, _ tolerance: Double, _ nameA: String, _ nameB: String) -> String? {
    guard a.rows == b.rows, a.columns == b.columns else {
        return "\(nameA) is \(a.rows)×\(a.columns), \(nameB) \(b.rows)×\(b.columns)"
    }
    for e in a.elements.indices
    where !(Swift.abs(a.elements[e] - b.elements[e]) <= tolerance * Swift.max(1, Swift.abs(b.elements[e]))) {
        let i = e / a.columns, j = e % a.columns
        return "\(nameA) J[\(i), \(j)] = \(a.elements[e]) but \(nameB) J[\(i), \(j)] = \(b.elements[e])"
    }
    return nil
}

extension ChunkSize {
    /// The case name (`one`, `two`, ...), as Swift source spells it.
    var fuzzName: String {
        switch self {
        case .one: "one"
        case .two: "two"
        case .four: "four"
        case .eight: "eight"
        case .sixteen: "sixteen"
        }
    }
}
