import Foundation

// Measuring a composition's cost model: each stage's programs at the lane counts its chain
// can ask for, the dense products of every split, and transposes; cached per stage type
// and dimensions, so every stage is measured once per process.

extension CompositionCostModel {
    /// The model of `f` at `x`: every part a plan can run, timed on this machine (the
    /// median of at least five runs after a warm-up) and cached. Per stage i (`d_i → d_{i+1}`):
    /// the recording, the tangent program seeded with the identity and with `d_lo` general
    /// directions for every earlier `lo`, the adjoint sweeps seeded with the identity and
    /// with `d_{hi+1}` general rows for every later `hi`; the dense products
    /// `d_{hi+1} × d_{s+1} · d_{s+1} × d_lo` of every split; the cost of a transposed entry.
    ///
    /// Stages of one function type and dimensions share their measurements (a stage's
    /// weights do not change what it costs), and a composition's whole model is cached by
    /// its stages' types and its dimensions: later calls cost one look-up (plus one
    /// evaluation to learn the dimensions where stages do not declare them).
    /// - Throws: ``DifferentiationError`` where a stage refuses its input.
    /// - Complexity: one plain evaluation, then per stage one recording and about 2k
    ///   timed programs, and O(k³) timed products — once per composition shape.
    public static func calibrated(for f: Composition, at x: Tensor) throws -> CompositionCostModel {
        try calibratedWithKey(for: f, at: x).model
    }

    /// ``calibrated(for:at:)`` and the key the model is cached under (its stages' types,
    /// dimensions and names), under which plans made from it are cached too.
    static func calibratedWithKey(for f: Composition, at x: Tensor) throws -> (model: CompositionCostModel, key: String) {
        let d = try f.dimensions(at: x)
        var modelKey = ""
        for i in 0..<f.count {
            modelKey += f.stages[i].level + "|" + f.stages[i].functionType + "|" + String(d[i]) + "→" + String(d[i + 1]) + " ∘ "
        }
        for i in 0..<f.count { modelKey += f.name(of: i) + "," }
        let cache = CompositionCostCache.shared
        if let model = cache.model(modelKey) { return (model, modelKey) }
        let keys = (0..<f.count).map { "\(f.stages[$0].level)|\(f.stages[$0].functionType)|\(d[$0])→\(d[$0 + 1])" }
        let names = (0..<f.count).map(f.name(of:))
        let values = try f.intermediateValues(at: x)
        var stages: [StageCost] = []
        for i in 0..<f.count {
            stages.append(try measureStage(f.stages[i], key: keys[i], at: values[i], dimensions: d, index: i))
        }
        var products: [ProductShape: Double] = [:]
        for lo in 0..<f.count {
            for hi in lo..<f.count {
                for s in lo..<hi {
                    let shape = ProductShape(rows: d[hi + 1], inner: d[s + 1], columns: d[lo])
                    products[shape] = cache.value("product|\(shape.rows)×\(shape.inner)×\(shape.columns)") { timeProduct(shape) }
                }
            }
        }
        let transposeRate = cache.value("transpose per entry") { timeTransposeEntry() }
        let perMultiplyAdd = cache.value("product per multiply-add") {
            timeProduct(ProductShape(rows: 128, inner: 128, columns: 128)) / Double(128 * 128 * 128)
        }
        let model = CompositionCostModel(
            dimensions: d, stages: stages, productSeconds: products,
            secondsPerMultiplyAdd: perMultiplyAdd, secondsPerTransposedEntry: transposeRate,
            names: names)
        cache.store(model, modelKey)
        return (model, modelKey)
    }

    /// The programs of stage `i` at its input `x`, each looked up or timed.
    static func measureStage(_ stage: CompositionStage, key: String, at x: Tensor, dimensions d: [Int], index i: Int) throws -> StageCost {
        let cache = CompositionCostCache.shared
        var recording = try stage.recordBody(x)
        let recordingSeconds = try cache.throwingValue(key + "|recording") { try medianSeconds { recording = try stage.recordBody(x) } }
        let identityTangent = try cache.throwingValue(key + "|tangents identity") {
            try medianSeconds { _ = try stage.tangentsBody(x, .identity(d[i])) }
        }
        var tangents: [Int: Double] = [:]
        for lanes in Set(d[0..<i]) {
            let seeds = StageSeeds.rows(filledSeeds(rows: lanes, columns: d[i]))
            tangents[lanes] = try cache.throwingValue(key + "|tangents \(lanes)") {
                try medianSeconds { _ = try stage.tangentsBody(x, seeds) }
            }
        }
        let identitySweep = cache.value(key + "|sweep identity") {
            medianSeconds { _ = recording.pullback(.identity(d[i + 1])) }
        }
        var sweeps: [Int: Double] = [:]
        for lanes in Set(d[(i + 1)...].dropFirst()) {
            let seeds = StageSeeds.rows(filledSeeds(rows: lanes, columns: d[i + 1]))
            sweeps[lanes] = cache.value(key + "|sweep \(lanes)") { medianSeconds { _ = recording.pullback(seeds) } }
        }
        let bytes = Int(cache.value(key + "|tape bytes") { Double(recording.tapeBytes) })
        return StageCost(
            recordingSeconds: recordingSeconds, tapeBytes: bytes, identityTangentSeconds: identityTangent,
            tangentSeconds: tangents, identitySweepSeconds: identitySweep, sweepSeconds: sweeps)
    }

    /// A `rows × columns` matrix of nonzero entries (timing seeds: values do not matter).
    static func filledSeeds(rows: Int, columns: Int) -> Matrix<Double> {
        Matrix(rows: rows, columns: columns, elements: (0..<(rows * columns)).map { 1 / Double(1 + $0 % 7) })
    }

    /// Seconds of one dense product of `shape` as plans run it.
    static func timeProduct(_ shape: ProductShape) -> Double {
        let left = DenseFactor(stored: filledSeeds(rows: shape.rows, columns: shape.inner), layout: .rows)
        let right = DenseFactor(stored: filledSeeds(rows: shape.inner, columns: shape.columns), layout: .rows)
        return medianSeconds { _ = DenseFactor.product(left, right, layout: .rows) }
    }

    /// Seconds per entry of a transposed copy (of a 256 × 256 factor).
    static func timeTransposeEntry() -> Double {
        let factor = DenseFactor(stored: filledSeeds(rows: 256, columns: 256), layout: .rows)
        return medianSeconds { _ = factor.laidOut(.columns) } / Double(256 * 256)
    }

    /// The median seconds of `body` over at least 5 runs after one warm-up, more while
    /// they add up to under 2 ms (at most 25).
    static func medianSeconds(_ body: () throws -> Void) rethrows -> Double {
        try body()
        var samples: [Double] = [], total = 0.0
        while samples.count < 5 || (total < 2e-3 && samples.count < 25) {
            let start = monotonicSeconds()
            try body()
            let seconds = monotonicSeconds() - start
            samples.append(seconds)
            total += seconds
        }
        samples.sort()
        return samples[samples.count / 2]
    }
}

/// Measured parts and whole models of compositions, shared by the process.
final class CompositionCostCache: @unchecked Sendable {
    static let shared = CompositionCostCache()
    private let lock = NSLock()
    private var values: [String: Double] = [:]
    private var models: [String: CompositionCostModel] = [:]
    private var plans: [String: CompositionPlan] = [:]

    /// The value under `key`, measured by `measure` (outside the lock) when missing.
    func value(_ key: String, _ measure: () -> Double) -> Double {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = measure()
        lock.lock(); defer { lock.unlock() }
        values[key] = v
        return v
    }

    /// ``value(_:_:)`` for a measurement that can throw.
    func throwingValue(_ key: String, _ measure: () throws -> Double) throws -> Double {
        lock.lock()
        if let v = values[key] { lock.unlock(); return v }
        lock.unlock()
        let v = try measure()
        lock.lock(); defer { lock.unlock() }
        values[key] = v
        return v
    }

    func model(_ key: String) -> CompositionCostModel? {
        lock.lock(); defer { lock.unlock() }
        return models[key]
    }

    func store(_ model: CompositionCostModel, _ key: String) {
        lock.lock(); defer { lock.unlock() }
        models[key] = model
    }

    /// The plan under `key`, made by `make` (outside the lock) when missing: the
    /// programme runs once per model, mode and budget, not at every Jacobian.
    func plan(_ key: String, _ make: () -> CompositionPlan) -> CompositionPlan {
        lock.lock()
        if let p = plans[key] { lock.unlock(); return p }
        lock.unlock()
        let p = make()
        lock.lock(); defer { lock.unlock() }
        plans[key] = p
        return p
    }

    /// Forgets every measurement (for a fresh calibration, e.g. after the machine's load changed).
    func removeAll() {
        lock.lock(); defer { lock.unlock() }
        values.removeAll()
        models.removeAll()
        plans.removeAll()
    }
}
