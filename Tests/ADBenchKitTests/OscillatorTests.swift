import Testing
import AutoDiff
@testable import ADBenchKit

// P6, the oscillator's loop: PROBLEMS.md's check values by the generic code and by hand;
// the hand-coded adjoint against central differences of the hand-coded loop; AutoDiff's
// full tape, forward mode and every checkpointing schedule against the hand-coded adjoint.

@Suite struct OscillatorTests {
    @Test func referenceValuesAtAThousandSteps() throws {
        let p = P6Oscillator(steps: 1000)
        let ref = try #require(p.reference)
        #expect(close(p.primal(p.point), ref.value!, relative: 1e-11))
        #expect(close(p.handPrimal(p.point), ref.value!, relative: 1e-11))
        #expect(close(p.handDerivative(at: p.point).sum, ref.derivativeSum, relative: 1e-11))
        #expect(close(try p.derivative(at: p.point, mode: .reverse).sum, ref.derivativeSum, relative: 1e-11))
        #expect(close(try p.derivative(at: p.point, mode: .forward).sum, ref.derivativeSum, relative: 1e-11))
    }

    // PROBLEMS.md prints the whole gradient at N = 10^4.
    @Test func gradientAtTenThousandSteps() throws {
        let p = P6Oscillator(steps: 10_000)
        let expected = [0.91401551504, 0.0571664455702, 0.190925781962, -4.33282354138, 0.0494209531086]
        let hand = P6Oscillator.handGradient(p.point, steps: 10_000)
        #expect(close(hand.value, p.reference!.value!, relative: 1e-11))
        let checkpointed = try gradient(of: p.function, at: p.point, schedule: .binomial(snapshots: 30))
        for k in 0..<5 {
            #expect(close(hand.gradient[k], expected[k], relative: 1e-10), "hand entry \(k)")
            #expect(close(checkpointed[k], expected[k], relative: 1e-10), "binomial(30) entry \(k)")
        }
    }

    // The hand-coded adjoint against central differences of the hand-coded loop (an
    // independent route: no AD, no adjoint), at a point away from PROBLEMS.md's.
    @Test func handAdjointMatchesCentralDifferences() {
        let z = [0.7, -0.4, 1.6, 0.3, 0.9], steps = 400
        let g = P6Oscillator.handGradient(z, steps: steps).gradient
        for k in 0..<5 {
            let h = 1e-5 * Swift.max(1, Swift.abs(z[k]))
            var plus = z, minus = z
            plus[k] += h
            minus[k] -= h
            let fd = (P6Oscillator.handValue(plus, steps: steps) - P6Oscillator.handValue(minus, steps: steps)) / (plus[k] - minus[k])
            #expect(Swift.abs(g[k] - fd) <= 1e-7 * Swift.max(1, Swift.abs(fd)), "entry \(k): \(g[k]) vs \(fd)")
        }
    }

    // Every schedule adbench times, and the full tape, against the hand-coded adjoint to
    // ~1e-12 (two routes exact up to rounding), at a point away from PROBLEMS.md's.
    @Test(arguments: [1, 7, 300]) func autoDiffMatchesTheHandCodedAdjoint(steps: Int) throws {
        let p = P6Oscillator(steps: steps)
        let z = [0.7, -0.4, 1.6, 0.3, 0.9]
        let hand = P6Oscillator.handGradient(z, steps: steps)
        let full = try valueWithGradient(of: p.function, at: z)
        #expect(close(full.value, hand.value, relative: 1e-13))
        for schedule in [CheckpointSchedule.storeAll] + checkpointSchedules(steps: steps) + [.binomial(snapshots: 1)] {
            let r = try valueWithGradient(of: p.function, at: z, schedule: schedule)
            #expect(r.value == full.value)
            for k in 0..<5 {
                #expect(
                    Swift.abs(r.gradient[k] - hand.gradient[k]) <= 1e-12 * Swift.max(1, Swift.abs(hand.gradient[k])),
                    "\(schedule) entry \(k)")
            }
        }
    }

    // The rows and notes `problems` makes for P6: each schedule checked, its tape the
    // schedule's peak (one step's for binomial), the notes naming memory and time.
    @Test func problemsRowsAndNotes() throws {
        var result = ProblemsResult(rows: [], notes: [])
        try measureProblem(P6Oscillator(steps: 1000), sampling: SamplingOptions(minTime: 0.001, repetitions: 1), into: &result)
        let notes = checkpointNotes(result.rows)
        for schedule in checkpointSchedules(steps: 1000) {
            let row = try #require(result.rows.first { $0.derivative == CheckpointLabel.row(schedule) })
            #expect(!row.wrong && row.reference != nil)
            // Binomial: one step at a time, the largest the last (5 inputs, 58 step entries, 3 of the loss).
            if case .binomial = schedule { #expect(row.tapeEntries == 5 + 58 + 3) }
            #expect(notes.joined().contains("\(schedule): tape "))
        }
        let full = try #require(result.rows.first { $0.derivative == CheckpointLabel.fullTape })
        #expect(full.tapeEntries == 5 + 58 * 1000 + 3)
        #expect(notes.count == 2 && notes[1].hasPrefix("P6 oscillator N=1000: full tape 58008 entries"))
    }
}
