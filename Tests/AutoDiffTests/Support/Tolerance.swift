import Testing
import AutoDiff

// Mixed absolute/relative comparison. Each tolerance below is a statement about how
// far two routes may honestly differ; none is so loose that a wrong rule passes (a
// wrong partial is off by O(1) relative, at least a million times these bounds; the
// "Test harness" suite checks that the helper rejects errors just above its bounds).

/// How far two numbers may differ: `|a − b| <= absolute + relative · max(|a|, |b|)`.
struct Tolerance: Sendable, CustomStringConvertible {
    var relative: Double
    var absolute: Double

    /// Two routes that both compute derivatives exactly up to rounding (forward vs
    /// reverse, AD vs hand formula, AD vs Swift's `_Differentiation`): a few thousand
    /// ulps of relative error, plus an absolute floor of the same size times the
    /// magnitude `scale` of the quantities compared (entries that cancel to ~0 in one
    /// route can be ~1e-16·scale in the other).
    static func exact(scale: Double = 1) -> Tolerance {
        Tolerance(relative: 1e-12, absolute: 1e-12 * scale)
    }

    /// Central finite differences against an exact derivative: see
    /// ``FiniteDifferences`` for why ~1e-10·scale is the expected error; 1e-6 relative
    /// with a 1e-8·scale floor leaves two orders of margin and still fails on any
    /// wrong rule.
    static func finiteDifference(scale: Double = 1) -> Tolerance {
        Tolerance(relative: 1e-6, absolute: 1e-8 * scale)
    }

    /// Whether `a` and `b` agree within this tolerance. NaN never agrees.
    func accepts(_ a: Double, _ b: Double) -> Bool {
        guard a.isFinite, b.isFinite else { return a == b }
        return Swift.abs(a - b) <= absolute + relative * Swift.max(Swift.abs(a), Swift.abs(b))
    }

    var description: String { "rel \(relative), abs \(absolute)" }
}

/// The largest magnitude among `values`, at least 1: the scale of an absolute floor.
func magnitudeScale(_ values: [Double]...) -> Double {
    values.joined().reduce(1) { Swift.max($0, Swift.abs($1)) }
}

/// Expects `actual` and `expected` to have the same length and agree entrywise.
func expectClose(
    _ actual: [Double], _ expected: [Double], _ tolerance: Tolerance, _ what: @autoclosure () -> String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.count == expected.count else {
        Issue.record("\(what()): \(actual.count) entries, expected \(expected.count)", sourceLocation: sourceLocation)
        return
    }
    for k in actual.indices where !tolerance.accepts(actual[k], expected[k]) {
        Issue.record(
            "\(what()) [\(k)]: \(actual[k]) vs \(expected[k]) (diff \(actual[k] - expected[k]), \(tolerance))",
            sourceLocation: sourceLocation)
    }
}

/// Expects two matrices of the same shape that agree entrywise.
func expectClose(
    _ actual: Matrix<Double>, _ expected: Matrix<Double>, _ tolerance: Tolerance,
    _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation
) {
    guard actual.rows == expected.rows, actual.columns == expected.columns else {
        Issue.record(
            "\(what()): shape \(actual.rows)×\(actual.columns), expected \(expected.rows)×\(expected.columns)",
            sourceLocation: sourceLocation)
        return
    }
    expectClose(actual.elements, expected.elements, tolerance, what(), sourceLocation: sourceLocation)
}

/// Σ a_k b_k.
func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }

/// J·v for a row-major matrix.
func multiply(_ j: Matrix<Double>, _ v: [Double]) -> [Double] {
    (0..<j.rows).map { i in dot(j.row(i), v) }
}

/// uᵀ·J for a row-major matrix.
func multiply(_ u: [Double], _ j: Matrix<Double>) -> [Double] {
    (0..<j.columns).map { k in dot(u, j.column(k)) }
}

/// Expects `pattern` to hold every numerically nonzero entry of `matrix` (a detected
/// sparsity pattern may hold more, never less).
func expectPatternCovers(
    _ pattern: SparsityPattern, _ matrix: Matrix<Double>, _ what: @autoclosure () -> String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for i in 0..<matrix.rows {
        for j in 0..<matrix.columns where matrix[i, j] != 0 && !pattern.contains(row: i, column: j) {
            Issue.record("\(what()): (\(i), \(j)) is \(matrix[i, j]) but not in the pattern", sourceLocation: sourceLocation)
        }
    }
}
