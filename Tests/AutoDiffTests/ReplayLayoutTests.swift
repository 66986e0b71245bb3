import Foundation
import Testing
import AutoDiff

// Replays in level order (`RecordedFunction.Layout`): a copy of the recording evaluated
// one run of one operation at a time, its partials written back into the recording. The
// same rules on the same operands, the same sweeps: values and derivatives must equal a
// fresh recording's bit for bit (every operation in both layouts: ReplayTests).

/// A wide function: the same few operations on every input (runs of n entries per depth).
struct WideSum: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T(0)
        for i in 0..<(x.count - 1) { s += 100 * T.square(x[i + 1] - x[i] * x[i]) + T.exp(-x[i]) * x[i] }
        return s
    }
}

/// A chain: every operation depends on the one before (one entry per depth).
struct Chain: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = x[0]
        for k in 0..<40 { s = T.sin(s) * x[k % x.count] + 0.5 }
        return s
    }
}

@Suite struct ReplayLayout {
    let start = Replay().start, points = Replay().points

    @Test func automaticLaysOutWideRecordingsOnly() throws {
        let x = (0..<200).map { 0.5 + 0.01 * Double($0) }, y = x.map { $0 * 1.01 }
        let wide = try RecordedFunction(WideSum(), at: x)
        let replayed = try wide.gradient(at: y), fresh = try gradient(of: WideSum(), at: y)
        #expect(wide.isInLevelOrder)
        #expect(try wide.value(at: y) == [WideSum()(y)])
        #expect(replayed == fresh)
        // The derivative against a hand-derived one, not only against the other route.
        let hand = (0..<x.count).map { i -> Double in
            var g = 0.0
            if i + 1 < y.count {
                let a: Double = y[i + 1] - y[i] * y[i]
                g += -400 * y[i] * a + Foundation.exp(-y[i]) * (1 - y[i])
            }
            if i > 0 { g += 200 * (y[i] - y[i - 1] * y[i - 1]) }
            return g
        }
        #expect(zip(replayed, hand).allSatisfy { abs($0 - $1) <= 1e-11 * max(1, abs($1)) })

        let chain = try RecordedFunction(Chain(), at: start)
        #expect(try chain.gradient(at: points[0]) == gradient(of: Chain(), at: points[0]))
        #expect(!chain.isInLevelOrder)
        // Past the size limit a replay is memory-bound: automatic keeps recording order.
        let big = (0..<50_000).map { 0.5 + 1e-5 * Double($0) }
        let large = try RecordedFunction(WideSum(), at: big)
        #expect(large.byteCount > RecordedFunction.automaticLevelOrderBytes)
        _ = try large.value(at: big.map { $0 * 1.01 })
        #expect(!large.isInLevelOrder)
        let inOrder = try RecordedFunction(WideSum(), at: x, layout: .recordingOrder)
        #expect(try inOrder.gradient(at: y) == fresh && !inOrder.isInLevelOrder)
    }

    @Test func branchesAreCheckedInLevelOrder() throws {
        let throwing = try RecordedFunction(Piecewise(), at: [2.0, 1.0], onBranchChange: .throwError, layout: .levelOrder)
        #expect(throws: DifferentiationError.branchChanged(comparison: 0, of: 1)) {
            try throwing.gradient(at: [0.5, 1.0])
        }
        #expect(throwing.isInLevelOrder)
        #expect(try throwing.gradient(at: [3.0, 2.0]) == gradient(of: Piecewise(), at: [3.0, 2.0]))

        let afresh = try RecordedFunction(Piecewise(), at: [2.0, 1.0], layout: .levelOrder)
        #expect(try afresh.gradient(at: [0.5, 1.0]) == gradient(of: Piecewise(), at: [0.5, 1.0]))
        #expect(afresh.recordings == 2 && !afresh.isInLevelOrder) // a new recording, not replayed yet
        _ = try afresh.gradient(at: [0.25, 1.0]) // replayed: laid out again
        #expect(afresh.isInLevelOrder && afresh.recordings == 2)
    }
}
