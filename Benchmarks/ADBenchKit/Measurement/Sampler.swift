// Timing loops: warm-up, batches long enough for the clock, repetition until a minimum
// time or a number of samples, median and minimum; several bodies interleaved round by
// round so that a ratio between them sees the same machine state (frequency, other load).

/// How long and how often to time each body.
public struct SamplingOptions: Sendable, Codable, Equatable {
    /// Keep sampling a body until it has run this many seconds in total (default 0.2 s)...
    public var minTime: Double
    /// ...or until it has this many samples, whichever comes first (`nil`: no limit).
    public var repetitions: Int?

    /// Sampling for `minTime` seconds per body, or `repetitions` samples if that comes first.
    public init(minTime: Double = 0.2, repetitions: Int? = nil) {
        self.minTime = minTime
        self.repetitions = repetitions
    }

    /// At least this many samples before the time limit may stop sampling (3, fewer if `repetitions` is lower).
    var minimumSamples: Int { min(3, repetitions ?? 3) }

    /// A body that has run this long stops after its first sample, however few samples it has.
    var maximumTime: Double { max(1.0, 5 * minTime) }

    /// The time one sample aims for: calls are batched up to it so that the clock's
    /// resolution and overhead (~30 ns) do not matter.
    var targetSampleTime: Double { min(1e-3, max(2e-5, minTime / 50)) }
}

/// The timing of one body: seconds per call.
public struct Sample: Sendable, Codable, Equatable {
    /// The median over samples of the seconds per call.
    public var median: Double
    /// The fastest sample's seconds per call.
    public var min: Double
    /// The number of samples taken (after warm-up).
    public var samples: Int
    /// Calls per sample (a batch of calls is timed as one sample when a call is short).
    public var callsPerSample: Int
}

/// Consumes a value so that the optimiser cannot delete the work that produced it.
/// - Complexity: O(1); an opaque, non-inlined call that folds the value's bytes into a sink.
public final class BlackHole: @unchecked Sendable {
    // Only touched from the thread that owns the sampler; read back in `checksum`.
    private var bits: UInt64 = 0

    /// A sink with a zero checksum.
    public init() {}

    /// Folds `value`'s in-line bytes into the checksum.
    @inline(never)
    public func consume<T>(_ value: T) {
        withUnsafeBytes(of: value) { bytes in
            for byte in bytes.prefix(16) { bits = bits &* 31 &+ UInt64(byte) }
        }
    }

    /// A value depending on everything consumed (printing it is never needed; reading it is).
    public var checksum: UInt64 { bits }
}

/// Times bodies: warm-up, batching, repetition, interleaving.
public struct Sampler {
    /// The stopping rule.
    public let options: SamplingOptions
    /// Where the results go so that the work is not optimised away.
    public let sink = BlackHole()

    /// A sampler following `options`.
    public init(options: SamplingOptions = SamplingOptions()) { self.options = options }

    /// Times one body. See ``measure(interleaving:)``.
    /// - Complexity: about `options.minTime` seconds (or `repetitions` batches) plus one warm-up call.
    /// - Throws: whatever the body throws.
    public func measure<R>(_ body: () throws -> R) throws -> Sample {
        try withoutActuallyEscaping(body) { body in
            try measure(interleaving: [{ sink.consume(try body()) }])[0]
        }
    }

    /// Times several bodies interleaved: one warm-up call each (which also sizes its batch),
    /// then rounds in which every unfinished body takes one sample. A body stops when it has
    /// run `minTime` seconds with at least 3 samples, or has `repetitions` samples, or has
    /// run `maximumTime` seconds. The bodies should consume their results in ``sink``.
    /// - Returns: one ``Sample`` per body, in order.
    /// - Throws: whatever a body throws (sampling stops).
    /// - Complexity: about `bodies.count × minTime` seconds.
    public func measure(interleaving bodies: [() throws -> Void]) throws -> [Sample] {
        var batch = [Int](repeating: 1, count: bodies.count)
        for (k, body) in bodies.enumerated() {
            let start = MonotonicClock.nanoseconds()
            try body()
            let once = max(MonotonicClock.seconds(since: start), 1e-9)
            batch[k] = once >= options.targetSampleTime ? 1 : min(1 << 20, Int(options.targetSampleTime / once) + 1)
        }
        var perCall = [[Double]](repeating: [], count: bodies.count)
        var spent = [Double](repeating: 0, count: bodies.count)
        var done = [Bool](repeating: false, count: bodies.count)
        while done.contains(false) {
            for (k, body) in bodies.enumerated() where !done[k] {
                let start = MonotonicClock.nanoseconds()
                for _ in 0..<batch[k] { try body() }
                let elapsed = MonotonicClock.seconds(since: start)
                spent[k] += elapsed
                perCall[k].append(elapsed / Double(batch[k]))
                let count = perCall[k].count
                done[k] =
                    count >= (options.repetitions ?? .max)
                    || (spent[k] >= options.minTime && count >= options.minimumSamples)
                    || spent[k] >= options.maximumTime
            }
        }
        return perCall.indices.map { k in
            let sorted = perCall[k].sorted()
            return Sample(median: median(ofSorted: sorted), min: sorted[0], samples: sorted.count, callsPerSample: batch[k])
        }
    }
}

/// The median of a sorted, non-empty array (the mean of the middle two for an even count).
func median(ofSorted values: [Double]) -> Double {
    let mid = values.count / 2
    return values.count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2
}
