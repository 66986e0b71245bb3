import Foundation

// The Jacobian drivers for compositions: the two end-to-end orders, the cheapest
// bracketing, and `.auto` choosing among them by the measured cost model.

/// How the Jacobian of a ``Composition`` is accumulated.
public enum CompositionMode: String, CaseIterable, Sendable, CustomStringConvertible {
    /// Forward mode: the `d_0` columns of the identity pushed through every stage by
    /// tangents (``CompositionCostModel/forwardPlan``). Needs no calibration, no tape.
    case forward
    /// Reverse mode: every stage recorded, the `d_k` rows of the identity pulled back
    /// through them by adjoints (``CompositionCostModel/reversePlan``). Needs no calibration.
    case reverse
    /// The end-to-end order the measured model predicts faster, or the bracketed plan
    /// where that is predicted at least ``CompositionMode/autoMargin`` faster still (a
    /// margin for the model's error where the orders are close).
    case auto
    /// The plan the model predicts cheapest (``CompositionCostModel/optimalPlan(tapeBudget:)``),
    /// within ``TapeBudget/maximumBytes`` of recordings held at once.
    case bracketed

    /// How much faster (as a fraction) `.auto` needs the bracketed plan predicted before
    /// it leaves the better end-to-end order: 0.1.
    public static let autoMargin = 0.1

    /// The raw name.
    public var description: String { rawValue }
}

/// The plan `mode` runs for `f` at `x`, with its prediction.
///
/// ```swift
/// let plan = try jacobianPlan(of: hourglass, at: x)
/// print(plan)  // (f4·f3 by tangents, 4 columns) · (f2·f1 by adjoints, 4 rows): predicted 61.2 µs
/// ```
/// - Throws: ``DifferentiationError`` where a stage refuses its input.
/// - Complexity: the model's calibration at the first call for this composition's stage
///   types and dimensions (``CompositionCostModel/calibrated(for:at:)``) and the O(k³)
///   programme's first run for this mode and ``TapeBudget/maximumBytes``; then look-ups.
public func jacobianPlan(of f: Composition, at x: Tensor, mode: CompositionMode = .bracketed) throws -> CompositionPlan {
    let key = CompositionPlanMemo.Key(mode: mode, budget: TapeBudget.maximumBytes, dimensions: try f.dimensions(at: x))
    if let plan = f.memo.plan(key) { return plan }
    let (model, modelKey) = try CompositionCostModel.calibratedWithKey(for: f, at: x)
    let plan = CompositionCostCache.shared.plan(modelKey + "|" + mode.rawValue + "|" + String(key.budget)) {
        model.plan(for: mode, tapeBudget: key.budget)
    }
    f.memo.store(plan, key)
    return plan
}

/// The plans one composition's Jacobians ran, kept with the composition so that a
/// repeated Jacobian finds its plan without building the cost cache's key.
final class CompositionPlanMemo: @unchecked Sendable {
    /// What a plan depends on besides the stages.
    struct Key: Hashable {
        let mode: CompositionMode, budget: Int, dimensions: [Int]
    }
    private let lock = NSLock()
    private var plans: [Key: CompositionPlan] = [:]

    func plan(_ key: Key) -> CompositionPlan? {
        lock.lock(); defer { lock.unlock() }
        return plans[key]
    }

    func store(_ plan: CompositionPlan, _ key: Key) {
        lock.lock(); defer { lock.unlock() }
        plans[key] = plan
    }
}

extension CompositionCostModel {
    /// The plan `mode` stands for under this model.
    public func plan(for mode: CompositionMode, tapeBudget: Int? = nil) -> CompositionPlan {
        switch mode {
        case .forward: return forwardPlan
        case .reverse: return reversePlan
        case .bracketed: return optimalPlan(tapeBudget: tapeBudget)
        case .auto:
            let reverse = reversePlan
            let fits = tapeBudget.map { reverse.peakTapeBytes <= $0 } ?? true
            let endToEnd = fits && reverse.predictedSeconds < forwardPlan.predictedSeconds ? reverse : forwardPlan
            let best = optimalPlan(tapeBudget: tapeBudget)
            return best.predictedSeconds < (1 - CompositionMode.autoMargin) * endToEnd.predictedSeconds ? best : endToEnd
        }
    }
}

/// The value and Jacobian `J[i, j] = ∂f_i/∂x_j` of a composition at `x` (all entries of
/// `x`, row-major, as columns; all entries of the last stage's output as rows).
///
/// - Parameter f: the composition.
/// - Parameter x: the first stage's input.
/// - Parameter mode: `.forward` and `.reverse` run the end-to-end orders stage by stage
///   (no calibration); `.bracketed` the cheapest plan of the composition's measured
///   ``CompositionCostModel``; `.auto` (default) the better end-to-end order unless the
///   bracketed plan is predicted clearly faster. Every mode gives the same matrix up to
///   rounding.
/// - Throws: ``DifferentiationError`` where a stage refuses its input or changes its
///   number of outputs, or the recordings held at once exceed ``TapeBudget/maximumBytes``.
/// - Complexity: the plan's parts, ``CompositionPlan/predictedSeconds``: each stage runs
///   once, as a tangent program (`.forward`: `d_0` lanes) or a recording and an adjoint
///   program (`.reverse`: `d_k` lanes); plus the dense products a bracketed plan makes.
public func valueWithJacobian(of f: Composition, at x: Tensor, mode: CompositionMode = .auto) throws -> (value: Tensor, jacobian: Matrix<Double>) {
    switch mode {
    case .forward, .reverse:
        let d = try f.dimensions(at: x)
        let k = f.count
        let step: CompositionPlan.Step = mode == .forward ? .tangents(0...(k - 1)) : .adjoints(0...(k - 1))
        let plan = CompositionPlan(root: step, dimensions: d, names: (0..<k).map(f.name(of:)), predictedSeconds: .nan, peakTapeBytes: 0)
        return try f.run(plan, at: x)
    case .auto, .bracketed:
        return try f.run(try jacobianPlan(of: f, at: x, mode: mode), at: x)
    }
}

/// The Jacobian of a composition; see ``valueWithJacobian(of:at:mode:)-(Composition,_,_)``.
public func jacobian(of f: Composition, at x: Tensor, mode: CompositionMode = .auto) throws -> Matrix<Double> {
    try valueWithJacobian(of: f, at: x, mode: mode).jacobian
}

/// The Jacobian of a composition at a vector `x`; see ``valueWithJacobian(of:at:mode:)-(Composition,_,_)``.
public func jacobian(of f: Composition, at x: [Double], mode: CompositionMode = .auto) throws -> Matrix<Double> {
    try valueWithJacobian(of: f, at: Tensor(x), mode: mode).jacobian
}

/// The value and Jacobian of a composition at `x` by a plan made before (at another point,
/// or by hand with ``CompositionCostModel/plan(_:)``).
/// - Throws: ``DifferentiationError`` where the composition's dimensions at `x` are not
///   the plan's, a stage refuses its input, or the recordings held at once exceed
///   ``TapeBudget/maximumBytes``.
/// - Complexity: the plan's parts; no calibration.
public func valueWithJacobian(of f: Composition, at x: Tensor, plan: CompositionPlan) throws -> (value: Tensor, jacobian: Matrix<Double>) {
    try f.run(plan, at: x)
}

/// The Jacobian of a composition at `x` by `plan`; see ``valueWithJacobian(of:at:plan:)``.
public func jacobian(of f: Composition, at x: Tensor, plan: CompositionPlan) throws -> Matrix<Double> {
    try f.run(plan, at: x).jacobian
}
