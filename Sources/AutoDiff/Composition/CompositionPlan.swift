import Foundation

/// An order of accumulating a composition's Jacobian `J = F_k · … · F_1`: which sub-chains
/// are accumulated by tangents or by adjoints, which accumulated parts are multiplied, and
/// which are pushed through neighbouring stages matrix-free; with its predicted seconds.
///
/// A plan is a value: found once by ``CompositionCostModel/optimalPlan(tapeBudget:)`` (or
/// ``jacobianPlan(of:at:mode:)``), it runs at any other point of the same composition with
/// ``jacobian(of:at:plan:)``. It prints the order, outputs first, stages by name:
///
///     (f4·f3 by tangents, 4 columns) · (f2·f1 by adjoints, 4 rows): predicted 61 µs
///
/// reads "`F_4·F_3` accumulated by pushing the 4 columns of the identity through f3 and f4,
/// `F_2·F_1` by pulling the 4 rows of the identity back through f2 and f1 after recording
/// them, and the two multiplied as dense matrices".
public struct CompositionPlan: Sendable, Equatable, CustomStringConvertible {
    /// One node of a plan; stage indices are 0-based (stage i maps `d_i` entries to
    /// `d_{i+1}`, printed `f(i+1)`), ranges cover consecutive stages.
    public indirect enum Step: Sendable, Equatable, Hashable {
        /// `F_hi·…·F_lo` by tangents: the `d_lo` columns of the identity pushed through the
        /// stages, one tangent program with `d_lo` lanes each. Gives the factor by columns.
        case tangents(ClosedRange<Int>)
        /// `F_hi·…·F_lo` by adjoints: each stage recorded, then the `d_{hi+1}` rows of the
        /// identity pulled back through them, one adjoint program with that many lanes
        /// each. Gives the factor by rows.
        case adjoints(ClosedRange<Int>)
        /// The dense product of two accumulated neighbours: `left` covers the later stages.
        /// Costs `d_{hi+1}·d_s·d_lo` multiply-adds in the library's matrix kernel.
        case product(Step, Step)
        /// An accumulated factor's columns pushed through the later `stages` by tangents
        /// (matrix-free: those stages' Jacobians are never formed).
        case pushTangents(Step, through: ClosedRange<Int>)
        /// An accumulated factor's rows pulled back through the earlier `stages` by
        /// adjoints, each of them recorded first.
        case pullAdjoints(Step, through: ClosedRange<Int>)

        /// The stages the step covers.
        public var stages: ClosedRange<Int> {
            switch self {
            case let .tangents(r), let .adjoints(r): r
            case let .product(l, r): r.stages.lowerBound...l.stages.upperBound
            case let .pushTangents(f, through): f.stages.lowerBound...through.upperBound
            case let .pullAdjoints(g, through): through.lowerBound...g.stages.upperBound
            }
        }

        /// Whether the step is well formed: ranges of neighbouring parts adjacent, all
        /// inside `0..<count`.
        public func isValid(stageCount count: Int) -> Bool {
            switch self {
            case let .tangents(r), let .adjoints(r): return r.lowerBound >= 0 && r.upperBound < count
            case let .product(l, r):
                return l.isValid(stageCount: count) && r.isValid(stageCount: count) && r.stages.upperBound + 1 == l.stages.lowerBound
            case let .pushTangents(f, through):
                return f.isValid(stageCount: count) && f.stages.upperBound + 1 == through.lowerBound && through.upperBound < count
            case let .pullAdjoints(g, through):
                return g.isValid(stageCount: count) && through.upperBound + 1 == g.stages.lowerBound && through.lowerBound >= 0
            }
        }

        /// The step as text, stages named by `names`, counts from `dimensions` (d_0 … d_k).
        public func rendered(names: [String], dimensions: [Int]) -> String {
            func chain(_ r: ClosedRange<Int>) -> String { r.reversed().map { names[$0] }.joined(separator: "·") }
            func render(_ s: Step, nested: Bool) -> String {
                switch s {
                case let .tangents(r): return "(\(chain(r)) by tangents, \(dimensions[r.lowerBound]) columns)"
                case let .adjoints(r): return "(\(chain(r)) by adjoints, \(dimensions[r.upperBound + 1]) rows)"
                case let .product(l, r):
                    let inner = render(l, nested: true) + " · " + render(r, nested: true)
                    return nested ? "(" + inner + ")" : inner
                case let .pushTangents(f, through):
                    return "(\(chain(through)) by tangents on the \(dimensions[f.stages.lowerBound]) columns of \(render(f, nested: true)))"
                case let .pullAdjoints(g, through):
                    return "(\(chain(through)) by adjoints on the \(dimensions[g.stages.upperBound + 1]) rows of \(render(g, nested: true)))"
                }
            }
            return render(self, nested: false)
        }

        /// The same accumulation written canonically: a push of tangents through more
        /// stages merged into the sub-chain it continues (`.tangents` or an earlier push),
        /// likewise for adjoints. Costs and results do not change.
        public var canonical: Step {
            switch self {
            case .tangents, .adjoints: return self
            case let .product(l, r): return .product(l.canonical, r.canonical)
            case let .pushTangents(f, through):
                switch f.canonical {
                case let .tangents(r): return .tangents(r.lowerBound...through.upperBound)
                case let .pushTangents(g, earlier): return .pushTangents(g, through: earlier.lowerBound...through.upperBound)
                case let other: return .pushTangents(other, through: through)
                }
            case let .pullAdjoints(g, through):
                switch g.canonical {
                case let .adjoints(r): return .adjoints(through.lowerBound...r.upperBound)
                case let .pullAdjoints(h, later): return .pullAdjoints(h, through: through.lowerBound...later.upperBound)
                case let other: return .pullAdjoints(other, through: through)
                }
            }
        }
    }

    /// The plan's steps.
    public let root: Step
    /// `d_0, …, d_k` of the composition it was made for.
    public let dimensions: [Int]
    /// The stage names it prints.
    public let names: [String]
    /// Seconds the cost model predicts for the whole Jacobian.
    public let predictedSeconds: Double
    /// The most tape bytes held at once (recordings kept alive while later stages run).
    public let peakTapeBytes: Int

    /// A plan with its prediction (normally made by ``CompositionCostModel/plan(_:)``).
    public init(root: Step, dimensions: [Int], names: [String], predictedSeconds: Double, peakTapeBytes: Int) {
        precondition(
            root.isValid(stageCount: dimensions.count - 1) && root.stages == 0...(dimensions.count - 2),
            "CompositionPlan: the steps must cover stages 0...\(dimensions.count - 2) in order")
        self.root = root
        self.dimensions = dimensions
        self.names = names
        self.predictedSeconds = predictedSeconds
        self.peakTapeBytes = peakTapeBytes
    }

    /// The order alone: `(f4·f3 by tangents, 4 columns) · (f2·f1 by adjoints, 4 rows)`.
    public var order: String { root.rendered(names: names, dimensions: dimensions) }

    /// Whether the plan is forward mode's order (tangents through every stage).
    public var isForward: Bool { root == .tangents(0...(dimensions.count - 2)) }
    /// Whether the plan is reverse mode's order (adjoints through every stage).
    public var isReverse: Bool { root == .adjoints(0...(dimensions.count - 2)) }

    /// The order and the prediction: `… : predicted 61 µs` (and the tape held, if any).
    public var description: String {
        var text = order + ": predicted " + formatDuration(predictedSeconds)
        if peakTapeBytes > 0 { text += ", tape " + formatBytes(peakTapeBytes) }
        return text
    }
}

/// Seconds as `61.2 µs`, `1.23 ms`, `3.4 s` (three significant digits).
func formatDuration(_ seconds: Double) -> String {
    if seconds >= 1 { return String(format: "%.3g s", seconds) }
    if seconds >= 1e-3 { return String(format: "%.3g ms", seconds * 1e3) }
    return String(format: "%.3g µs", seconds * 1e6)
}

/// Bytes as `512 B`, `12.3 KB`, `3.4 MB` (three significant digits).
func formatBytes(_ bytes: Int) -> String {
    let b = Double(bytes), kilo = 1024.0
    if b >= kilo * kilo * kilo { return String(format: "%.3g GB", b / (kilo * kilo * kilo)) }
    if b >= kilo * kilo { return String(format: "%.3g MB", b / (kilo * kilo)) }
    if b >= kilo { return String(format: "%.3g KB", b / kilo) }
    return "\(bytes) B"
}
