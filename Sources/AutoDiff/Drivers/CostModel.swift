import Foundation

/// What each way of building a Jacobian costs for one function on this machine, and
/// so which way `.auto` takes.
///
/// The model has four measured constants: one plain evaluation, one chunked forward
/// pass, one recording and one chunked reverse sweep, each timed on the user's own
/// function at its own point. From them:
///
///     forward ≈ ⌈n/k_f⌉ · pass                 (no tape)
///     reverse ≈ recording + ⌈m/k_r⌉ · sweep    (one tape, many sweeps)
///
/// with k_f = ``ChunkSize/automatic(for:)`` of n and k_r that of m, and the passes or
/// sweeps after the first divided over the cores ``Parallelism/automatic`` would use.
/// `.auto` takes the smaller prediction, or builds the Jacobian by colouring when the
/// probe found it sparse enough (``prefersSparse``). A fixed rule (forward iff n ≤ m, or ADOL-C's
/// n/2 < m) ignores that a recording costs several passes and that a sweep is cheaper
/// than a pass; the calibrated model does not.
///
/// Calibrations are cached per function type and shape (n, m), so the probe runs once.
public struct CostModel: Sendable, Equatable {
    /// Inputs n and outputs m of the calibrated function.
    public var inputs: Int, outputs: Int
    /// Seconds of one plain `Double` evaluation.
    public var primalSeconds: Double
    /// Seconds of one forward pass carrying ``forwardChunk`` tangents.
    public var forwardPassSeconds: Double
    /// Lanes per forward pass.
    public var forwardChunk: ChunkSize
    /// Seconds of one recording (evaluation on the tape).
    public var recordingSeconds: Double
    /// Seconds of one reverse sweep carrying ``reverseChunk`` adjoints.
    public var sweepSeconds: Double
    /// Adjoints per sweep.
    public var reverseChunk: ChunkSize
    /// Cores the model may assume (1 for a serial prediction).
    public var cores: Int
    /// The Jacobian by colouring, as seen at the probe point (nil when not measured:
    /// n or m of 8 or less, where one chunked pass or sweep already covers every direction).
    public var sparse: SparseEstimate?

    /// A model from known costs (for tests, or costs measured elsewhere).
    public init(
        inputs: Int, outputs: Int, primalSeconds: Double, forwardPassSeconds: Double,
        recordingSeconds: Double, sweepSeconds: Double, cores: Int = 1
    ) {
        self.inputs = inputs
        self.outputs = outputs
        self.primalSeconds = primalSeconds
        self.forwardPassSeconds = forwardPassSeconds
        self.forwardChunk = .automatic(for: inputs)
        self.recordingSeconds = recordingSeconds
        self.sweepSeconds = sweepSeconds
        self.reverseChunk = .automatic(for: outputs)
        self.cores = cores
    }

    /// Forward passes a Jacobian needs (``work(_:)`` in `.forward`).
    public var forwardPasses: Int { work(.forward).passes }
    /// Reverse sweeps a Jacobian needs (``work(_:)`` in `.reverse`).
    public var reverseSweeps: Int { work(.reverse).sweeps }

    /// The predicted seconds of a dense Jacobian in `mode` (`.auto`: of what it picks,
    /// colouring included).
    public func predictedSeconds(_ mode: DifferentiationMode) -> Double {
        switch mode {
        case .forward:
            return forwardPassSeconds + spread(forwardPasses - 1, forwardPassSeconds)
        case .reverse:
            guard outputs > 0 else { return recordingSeconds }
            return recordingSeconds + sweepSeconds + spread(reverseSweeps - 1, sweepSeconds)
        case .auto:
            return prefersSparse ? predictedSparseSeconds! : predictedSeconds(choice)
        }
    }

    /// The dense mode with the smaller prediction (forward on a tie: it needs no memory).
    public var choice: DifferentiationMode {
        predictedSeconds(.forward) <= predictedSeconds(.reverse) ? .forward : .reverse
    }

    /// Predicted seconds of the Jacobian by colouring at a new point: detection and
    /// colouring there (the pattern is never reused across points: a branch may differ),
    /// then ⌈colours/k⌉ chunked passes (forward plan) or one recording and one sweep per
    /// colour (reverse plan). Nil without a ``sparse`` estimate.
    public var predictedSparseSeconds: Double? {
        guard let sparse else { return nil }
        let lanes = forwardChunk.rawValue
        let passes =
            sparse.mode == .reverse
            ? recordingSeconds + Double(sparse.colors) * sweepSeconds
            : Double((sparse.colors + lanes - 1) / lanes) * forwardPassSeconds
        return sparse.detectionSeconds + passes
    }

    /// Whether `.auto` builds a Jacobian by colouring (then scattered into the dense
    /// matrix) rather than densely in ``choice``'s mode: when that is predicted at least
    /// 1.5 times faster (a margin for the colours differing at another point).
    public var prefersSparse: Bool {
        guard let sparseSeconds = predictedSparseSeconds else { return false }
        return 1.5 * sparseSeconds < predictedSeconds(choice)
    }

    /// Seconds of `count` items of `seconds` each after the first, over the cores that
    /// ``Parallelism/automatic`` would use for them.
    func spread(_ count: Int, _ seconds: Double) -> Double {
        guard count > 0 else { return 0 }
        let threads = cores <= 1 ? 1 : Swift.min(cores, Parallelism.automatic.threadCount(remaining: count, secondsPerItem: seconds))
        return Double((count + threads - 1) / threads) * seconds
    }
}

extension CostModel {
    /// Measures the model on `f` at `x`: each building block run three times, the fastest
    /// kept (the first run warms caches). Not cached; see ``calibrated(for:at:outputs:)``.
    /// - Parameter f: the function.
    /// - Parameter x: the point, one value per input.
    /// - Parameter known: (`outputs:`) the output count already seen, if any; every probe call must
    ///   return it.
    /// - Throws: ``DifferentiationError`` for a wrong-length `x` or an output count that
    ///   changes between calls.
    /// - Complexity: 3 evaluations, 3 forward passes, 3 recordings and 3 sweeps, and for
    ///   n, m > 8 three sparsity detections with their colourings. Inlinable,
    ///   so the probe runs the function specialised, as the drivers will.
    @inlinable
    public static func measure<F: VectorFunction>(_ f: F, at x: [Double], outputs known: Int? = nil) throws -> CostModel {
        try MissingRuleSink.collecting {
            try validateInputs(count: x.count, declared: f.inputCount)
            var expected = known ?? f.outputCount
            var checked = false
            func check(_ count: Int) throws {
                if let m = expected, m != count {
                    if !checked, let declared = f.outputCount, declared == m {
                        throw DifferentiationError.outputCount(expected: declared, got: count)
                    }
                    throw DifferentiationError.outputCountChanged(first: m, then: count)
                }
                expected = count
                checked = true
            }
            func fastest(_ body: () throws -> Void) rethrows -> Double {
                var best = Double.infinity
                for _ in 0..<3 {
                    let start = monotonicSeconds()
                    try body()
                    best = Swift.min(best, monotonicSeconds() - start)
                }
                return best
            }
            let primal = try fastest { try check(f(x).count) }
            let m = expected!
            let n = x.count
            var model = CostModel(
                inputs: n, outputs: m, primalSeconds: primal, forwardPassSeconds: 0,
                recordingSeconds: 0, sweepSeconds: 0,
                cores: Parallelism.cores)
            model.forwardPassSeconds = try fastest { try check(timeOneForwardPass(f, at: x, chunk: model.forwardChunk)) }
            var tape = Tape<Double>(reservingCapacity: 16)
            var inputs: [Tracked<Double>] = [], outputs: [Tracked<Double>] = []
            model.recordingSeconds = try fastest {
                tape = Tape<Double>(reservingFromPrevious: 4 * n + 256)
                inputs = tape.variables(x)
                outputs = f(inputs)
                try check(outputs.count)
            }
            // One sweep: the last k_r outputs seeded (the sweep then starts near the top of the
            // tape, as most of a Jacobian's sweeps do), their k_r rows read from all n inputs'
            // adjoints as a Jacobian does (at large n that read is much of a sweep's cost), by
            // the path `reverseJacobian` takes: scalar sweeps for one row at a time, else the
            // vector sweep.
            let seeded = Array(outputs.suffix(model.reverseChunk.rawValue))
            model.sweepSeconds = fastest {
                if model.reverseChunk == .one {
                    _ = tape.pullback(seeds: seeded.map { ($0, 1) }, inputs: inputs)
                } else {
                    _ = tape.jacobianMatrix(outputs: seeded, inputs: inputs, chunk: model.reverseChunk, parallelism: .serial)
                }
            }
            if n > 8 && m > 8 { // below, one chunked pass or sweep covers every direction
                var plan: SparseJacobianPlan? = nil
                let seconds = try fastest { plan = try SparseJacobianPlan(of: f, at: x) }
                model.sparse = SparseEstimate(mode: plan!.mode, colors: plan!.colorCount, detectionSeconds: seconds)
            }
            return model
        }
    }

    /// One forward pass of `f` with `chunk` lanes (seeded on the first inputs); returns
    /// the output count.
    @inlinable
    static func timeOneForwardPass<F: VectorFunction>(_ f: F, at x: [Double], chunk: ChunkSize) throws -> Int {
        func run<L: SIMD>(_: L.Type) -> Int where L.Scalar == Double {
            var inputs = x.map { MultiDual<L>($0) }
            for j in 0..<Swift.min(L.scalarCount, inputs.count) { inputs[j].tangents[j] = 1 }
            return f(inputs).count
        }
        switch chunk {
        case .one: return f(x.indices.map { Dual(x[$0], tangent: $0 == 0 ? 1 : 0) }).count
        case .two: return run(SIMD2<Double>.self)
        case .four: return run(SIMD4<Double>.self)
        case .eight: return run(SIMD8<Double>.self)
        case .sixteen: return run(SIMD16<Double>.self)
        }
    }

    /// The model of `f` at `x`, measured on first use for this function type and shape
    /// and cached for the process (a cache, not shared computation state: lock-protected).
    /// - Parameter f: the function.
    /// - Parameter x: the point, one value per input.
    /// - Parameter outputs: the output count, if already known (saves an evaluation).
    @inlinable
    public static func calibrated<F: VectorFunction>(for f: F, at x: [Double], outputs: Int? = nil) throws -> CostModel {
        let m = outputs ?? f.outputCount ?? f(x).count
        let type = Swift.type(of: f) as Any.Type
        if let model = CostModelCache.shared.model(of: type, inputs: x.count, outputs: m) { return model }
        let model = try measure(f, at: x, outputs: m)
        CostModelCache.shared.store(model, of: type)
        return model
    }

    /// The model `.auto` goes by for `f` at `x` (`autoJacobian(of:at:chunk:parallelism:)`),
    /// with no evaluation of `f` once calibrated: that of the declared output count, else
    /// the one this function type last used at `x.count` inputs (`carriedOver`: its output
    /// count comes from another call, so the Jacobian checks it), else measured now, the
    /// probe's first evaluation learning m.
    @inlinable
    static func forAuto<F: VectorFunction>(_ f: F, at x: [Double]) throws -> (model: CostModel, carriedOver: Bool) {
        if let m = f.outputCount { return (try calibrated(for: f, at: x, outputs: m), false) }
        let type = Swift.type(of: f) as Any.Type
        if let latest = CostModelCache.shared.latestModel(of: type, inputs: x.count) { return (latest, true) }
        let model = try measure(f, at: x)
        CostModelCache.shared.store(model, of: type)
        return (model, false)
    }
}

/// What the probe saw of a Jacobian by colouring: the plan's mode and colours at the
/// probe point and the seconds of detecting and colouring the pattern.
public struct SparseEstimate: Sendable, Equatable {
    /// `.forward` (columns coloured) or `.reverse` (rows coloured).
    public var mode: DifferentiationMode
    /// Colours of the plan: passes or sweeps of one sparse Jacobian.
    public var colors: Int
    /// Seconds of ``jacobianSparsity(of:at:)`` plus the colouring.
    public var detectionSeconds: Double

    /// An estimate from known costs.
    public init(mode: DifferentiationMode, colors: Int, detectionSeconds: Double) {
        self.mode = mode
        self.colors = colors
        self.detectionSeconds = detectionSeconds
    }
}

/// Calibrated cost models by function type and shape, and per function type and input
/// count the one used last.
@usableFromInline
final class CostModelCache: @unchecked Sendable {
    /// A function type at one shape.
    struct Shape: Hashable {
        let type: ObjectIdentifier, inputs: Int, outputs: Int
    }
    /// A function type at one input count.
    struct FunctionAndInputs: Hashable {
        let type: ObjectIdentifier, inputs: Int
    }
    @usableFromInline static let shared = CostModelCache()
    private let lock = NSLock()
    private var models: [Shape: CostModel] = [:]
    /// The model stored or looked up last per function type and input count (its
    /// ``CostModel/outputs`` tell which shape).
    private var latest: [FunctionAndInputs: CostModel] = [:]

    /// The model of `type` at this shape, if calibrated; it becomes the type's latest at
    /// `inputs` inputs.
    @usableFromInline
    func model(of type: Any.Type, inputs: Int, outputs: Int) -> CostModel? {
        lock.lock(); defer { lock.unlock() }
        let id = ObjectIdentifier(type)
        let key = FunctionAndInputs(type: id, inputs: inputs)
        if let model = latest[key], model.outputs == outputs { return model }
        guard let model = models[Shape(type: id, inputs: inputs, outputs: outputs)] else { return nil }
        latest[key] = model
        return model
    }

    /// The model of `type` at `inputs` inputs stored or looked up last, if any.
    @usableFromInline
    func latestModel(of type: Any.Type, inputs: Int) -> CostModel? {
        lock.lock(); defer { lock.unlock() }
        return latest[FunctionAndInputs(type: ObjectIdentifier(type), inputs: inputs)]
    }

    /// Stores `model` for `type` at the model's shape (its inputs and outputs), as the
    /// type's latest at that input count.
    @usableFromInline
    func store(_ model: CostModel, of type: Any.Type) {
        lock.lock(); defer { lock.unlock() }
        let id = ObjectIdentifier(type)
        models[Shape(type: id, inputs: model.inputs, outputs: model.outputs)] = model
        latest[FunctionAndInputs(type: id, inputs: model.inputs)] = model
    }
}
