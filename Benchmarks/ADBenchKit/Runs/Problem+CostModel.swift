// What AutoDiff's calibrated cost model predicts for a benchmark problem: the mode
// `.auto` takes, the passes and sweeps each mode makes, and the seconds it expects.
import AutoDiff

extension BenchmarkProblem {
    /// The cost model AutoDiff's `.auto` uses for this problem's function at its point
    /// (the same cache entry the drivers use), or `nil` for problems whose derivative is
    /// not a plain gradient or Jacobian (P3's Hessian-vector product).
    /// - Throws: ``DifferentiationError`` from the calibration probe.
    /// - Complexity: the first call per function type and shape runs the probe (a few
    ///   evaluations, passes, recordings and sweeps); later calls read the cache.
    public func costModel() throws -> CostModel? {
        switch self {
        case let p as P1Rosenbrock: try CostModel.calibrated(for: ScalarAsVectorFunction(p.function), at: p.point)
        case let p as P2Chain: try CostModel.calibrated(for: p.function, at: p.point, outputs: p.outputCount)
        case let p as P4MLP: try CostModel.calibrated(for: ScalarAsVectorFunction(p.function), at: p.point)
        case let p as P5Tridiagonal: try CostModel.calibrated(for: p.function, at: p.point, outputs: p.outputCount)
        default: nil
        }
    }
}

/// The work and prediction of one mode under a cost model.
struct ModePlan {
    /// The mode actually run (`.auto` resolved).
    var resolved: DifferentiationMode
    /// Evaluation passes (forward: ⌈n/k⌉ chunked passes; reverse: 1 recording).
    var passes: Int
    /// Reverse sweeps (⌈m/k⌉ chunked sweeps; 0 for forward).
    var sweeps: Int
    /// The model's predicted seconds, if there is a model.
    var predicted: Double?
    /// What runs, for labels: "forward", "reverse" or "sparse forward, 3 colours".
    var picked: String

    /// The plan of `mode` for `problem`: from its cost model when it has one (for `.auto`
    /// possibly a Jacobian by colouring), else from the problem's own pass/sweep counts
    /// and the fixed rule.
    init(_ mode: DifferentiationMode, problem: any BenchmarkProblem, model: CostModel?) {
        if let model, mode == .auto, model.prefersSparse, let sparse = model.sparse {
            resolved = sparse.mode
            let lanes = model.forwardChunk.rawValue
            passes = sparse.mode == .forward ? (sparse.colors + lanes - 1) / lanes : 1
            sweeps = sparse.mode == .forward ? 0 : sparse.colors
            predicted = model.predictedSeconds(mode)
            picked = "sparse \(sparse.mode), \(sparse.colors) colours"
            return
        }
        if let model {
            resolved = mode == .auto ? model.choice : mode
            passes = resolved == .forward ? model.forwardPasses : 1
            sweeps = resolved == .forward ? 0 : model.reverseSweeps
            predicted = model.predictedSeconds(mode)
        } else {
            resolved = mode.resolved(inputs: problem.inputCount, outputs: problem.outputCount)
            passes = problem.passes(for: mode)
            sweeps = problem.sweeps(for: mode)
            predicted = nil
        }
        picked = resolved.rawValue
    }
}
