import Foundation

/// What each way of building an array function's Jacobian costs on this machine, measured
/// on the function itself, and so which way `.auto` takes.
///
/// Four building blocks are timed once at the first point (best of a few runs): a forward
/// pass with 1 and with `batch` directions, a recording, and a sweep with 1 and with
/// `batch` cotangents. A pass or sweep with k directions is modelled as `a + b·k` through
/// the two measurements, so
///
///     forward ≈ Σ over ⌈N/k_f⌉ passes of (a_f + b_f·k)
///     reverse ≈ recording + Σ over ⌈M/k_r⌉ sweeps of (a_r + b_r·k)
///
/// The calibration is cached per function type, input shapes and output shape.
public struct TensorCostModel: Sendable, Equatable {
    /// Inputs' entries N and output entries M.
    public var inputs: Int, outputs: Int
    /// Directions per forward pass and cotangents per sweep the drivers use.
    public var forwardBatch: Int, reverseBatch: Int
    /// Seconds of a forward pass: fixed part and per direction.
    public var forwardFixed: Double, forwardPerDirection: Double
    /// Seconds of one recording.
    public var recordingSeconds: Double
    /// Seconds of a sweep: fixed part and per cotangent.
    public var sweepFixed: Double, sweepPerCotangent: Double

    /// The predicted seconds of the Jacobian in `mode` (`.auto`: of the choice).
    public func predictedSeconds(_ mode: DifferentiationMode) -> Double {
        switch mode {
        case .forward: return batches(inputs, forwardBatch, forwardFixed, forwardPerDirection)
        case .reverse: return recordingSeconds + batches(outputs, reverseBatch, sweepFixed, sweepPerCotangent)
        case .auto: return predictedSeconds(choice)
        }
    }

    /// The mode with the smaller prediction (forward on a tie: it needs no recording).
    public var choice: DifferentiationMode {
        predictedSeconds(.forward) <= predictedSeconds(.reverse) ? .forward : .reverse
    }

    func batches(_ count: Int, _ batch: Int, _ fixed: Double, _ perItem: Double) -> Double {
        guard count > 0 else { return 0 }
        let full = count / batch, rest = count % batch
        return Double(full) * (fixed + perItem * Double(batch)) + (rest > 0 ? fixed + perItem * Double(rest) : 0)
    }

    /// The model for `f` at `x`: measured on the first call for this function type and
    /// input shapes, then taken from the cache.
    /// - Throws: what the drivers throw for `f` at `x`.
    public static func calibrated<F: TensorFunction>(for f: F, at x: [Tensor]) throws -> TensorCostModel {
        // Functions of one type and input shapes differ by their output (P2's m): the key
        // holds it, declared or from one plain evaluation.
        let output = try f.outputShape ?? ShapeMismatchSink.collecting { f(x).shape }
        let key = TensorCostModelCache.Key(function: ObjectIdentifier(F.self), inputShapes: x.map(\.shape), outputShape: output)
        if let model = TensorCostModelCache.shared.model(for: key) { return model }
        let model = try measure(f, at: x)
        TensorCostModelCache.shared.store(model, for: key)
        return model
    }

    /// Times the building blocks on `f` at `x`.
    static func measure<F: TensorFunction>(_ f: F, at x: [Tensor]) throws -> TensorCostModel {
        try validateTensorInputs(f, x)
        let n = x.reduce(0) { $0 + $1.scalarCount }
        let y = try ShapeMismatchSink.collecting { f(x) }
        let m = y.scalarCount
        let kf = defaultBatch(count: n, size: n), kr = defaultBatch(count: m, size: Swift.max(m, n))
        func pass(_ k: Int) -> Double {
            bestSeconds { _ = f(seededInputs(x, first: 0, count: Swift.min(k, Swift.max(1, n)))) }
        }
        let (f1, fk) = n == 0 ? (0, 0) : (pass(1), pass(kf))
        let tape = TensorTape<Tensor>()
        let inputs = x.map { tape.variable($0) }
        var output = f(inputs)
        let recording = bestSeconds {
            let t = TensorTape<Tensor>()
            output = f(x.map { t.variable($0) })
        }
        output = f(inputs)
        func sweep(_ k: Int) -> Double {
            guard output.isRecorded, m > 0 else { return 0 }
            let seed = Tensor.zeros(shape: [k] + output.shape)
            return bestSeconds { _ = tape.cotangents(seeds: [(output.index, seed)], directions: k) }
        }
        let (s1, sk) = (sweep(1), sweep(Swift.max(1, kr)))
        func line(_ one: Double, _ many: Double, _ k: Int) -> (Double, Double) {
            guard k > 1 else { return (one, 0) }
            let slope = Swift.max(0, (many - one) / Double(k - 1))
            return (Swift.max(0, one - slope), slope)
        }
        let (ff, fd) = line(f1, fk, kf), (sf, sd) = line(s1, sk, kr)
        return TensorCostModel(
            inputs: n, outputs: m, forwardBatch: Swift.max(1, kf), reverseBatch: Swift.max(1, kr),
            forwardFixed: ff, forwardPerDirection: fd, recordingSeconds: recording,
            sweepFixed: sf, sweepPerCotangent: sd)
    }

    /// The best of several runs of `body` (at least 3, until 2 ms have passed, at most 20).
    static func bestSeconds(_ body: () -> Void) -> Double {
        var best = Double.infinity, total = 0.0, runs = 0
        while runs < 3 || (total < 2e-3 && runs < 20) {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
            best = Swift.min(best, seconds)
            total += seconds
            runs += 1
        }
        return best
    }
}

/// Calibrated array cost models, per function type and input shapes.
final class TensorCostModelCache: @unchecked Sendable {
    static let shared = TensorCostModelCache()
    private let lock = NSLock()
    private var models: [Key: TensorCostModel] = [:]

    /// A function type and the shapes it was calibrated at (hashing a few integers, where a
    /// string of the type's name cost more than a small Jacobian's difference between modes).
    struct Key: Hashable {
        let function: ObjectIdentifier
        let inputShapes: [[Int]]
        let outputShape: [Int]
    }

    func model(for key: Key) -> TensorCostModel? {
        lock.lock(); defer { lock.unlock() }
        return models[key]
    }

    func store(_ model: TensorCostModel, for key: Key) {
        lock.lock(); defer { lock.unlock() }
        models[key] = model
    }
}
