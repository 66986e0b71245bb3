import Testing
@testable import ADBenchKit

// The sampler's stopping rule and statistics (no timing assertions: counts only).

@Suite struct SamplerTests {
    @Test func repetitionsBoundTheSamples() throws {
        var calls = 0
        let sample = try Sampler(options: SamplingOptions(minTime: 100, repetitions: 4)).measure {
            calls += 1; return calls
        }
        #expect(sample.samples == 4)
        #expect(calls == 1 + 4 * sample.callsPerSample) // one warm-up call, then 4 batches
        #expect(sample.min <= sample.median && sample.min > 0)
    }

    @Test func minTimeStopsAfterAtLeastThreeSamples() throws {
        let sample = try Sampler(options: SamplingOptions(minTime: 1e-9)).measure { (0..<100).reduce(0, +) }
        #expect(sample.samples == 3)
    }

    @Test func interleavedBodiesEachGetTheirSamples() throws {
        var order: [Int] = []
        let samples = try Sampler(options: SamplingOptions(minTime: 100, repetitions: 2)).measure(interleaving: [
            { order.append(0) }, { order.append(1) }
        ])
        #expect(samples.count == 2 && samples.allSatisfy { $0.samples == 2 })
        // Warm-up 0 then 1, then rounds alternate between the bodies.
        #expect(order.prefix(2) == [0, 1])
        let rounds = Array(order.dropFirst(2))
        let firstBatch = samples[0].callsPerSample
        #expect(rounds.prefix(firstBatch).allSatisfy { $0 == 0 })
        #expect(rounds[firstBatch] == 1)
    }

    @Test func errorsPropagate() {
        struct Boom: Error {}
        #expect(throws: Boom.self) { try Sampler(options: SamplingOptions(repetitions: 1)).measure { throw Boom() } }
    }

    @Test func medianOfSorted() {
        #expect(median(ofSorted: [1, 2, 10]) == 2)
        #expect(median(ofSorted: [1, 2, 4, 10]) == 3)
    }

    @Test func blackHoleAndCounters() {
        let hole = BlackHole()
        hole.consume(42)
        #expect(hole.checksum != 0)
        #expect(peakMemoryBytes().map { $0 > 1_000_000 } ?? true)
        #expect(MonotonicClock.nanoseconds() <= MonotonicClock.nanoseconds())
        #expect(BuildConfiguration.isDebug == (BuildConfiguration.debugWarning != nil))
    }
}
