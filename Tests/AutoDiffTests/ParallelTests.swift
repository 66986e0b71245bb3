import Foundation
import Testing
import AutoDiff

@Suite struct ParallelJacobians {
    let f = MixingLayers(m: 37)
    let x: [Double] = (0..<29).map { j in
        let t = Double(j)
        return 0.05 * t - 0.7
    }

    @Test(arguments: [Parallelism.threads(2), .threads(3), .automatic])
    func parallelEqualsSerialBitForBit(parallelism: Parallelism) throws {
        for chunk in ChunkSize.allCases {
            let serialForward = try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: .serial)
            let parallelForward = try forwardJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
            #expect(serialForward.jacobian == parallelForward.jacobian, "forward chunk \(chunk)")
            #expect(serialForward.value == parallelForward.value)
            let serialReverse = try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: .serial)
            let parallelReverse = try reverseJacobian(of: f, at: x, chunk: chunk, parallelism: parallelism)
            #expect(serialReverse.jacobian == parallelReverse.jacobian, "reverse chunk \(chunk)")
        }
    }

    @Test func automaticRule() {
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let threshold = Parallelism.automaticThresholdSeconds
        #expect(Parallelism.serial.threadCount(remaining: 100, secondsPerItem: 1) == 1)
        #expect(Parallelism.threads(4).threadCount(remaining: 2, secondsPerItem: 0) == 2)
        #expect(Parallelism.threads(4).threadCount(remaining: 10, secondsPerItem: 0) == 4)
        #expect(Parallelism.automatic.threadCount(remaining: 1, secondsPerItem: 1) == 1) // one item: nothing to share
        #expect(Parallelism.automatic.threadCount(remaining: 10, secondsPerItem: 1e-6) == 1) // not worth waking a core
        // At the threshold every core takes part, never more cores than items.
        #expect(Parallelism.automatic.threadCount(remaining: 2, secondsPerItem: threshold / 2) == min(cores, 2))
        #expect(Parallelism.automatic.threadCount(remaining: 2, secondsPerItem: threshold / 2.5) == 1)
        #expect(Parallelism.automatic.threadCount(remaining: 1000, secondsPerItem: 1e-3) == cores)
    }
}
