import AutoDiff
import Testing
@testable import ADBenchKit

// `adbench problems` rows for record once, replay many: each replayed row checked
// against the hand-coded derivative; the note says met or NOT met from the medians.

@Suite struct ReplayRowsTests {
    @Test func replayedRowsAreChecked() throws {
        var result = ProblemsResult(rows: [], notes: [])
        try measureProblem(P1Rosenbrock(n: 100), sampling: tiny, into: &result)
        try measureProblem(P2Chain(n: 8, m: 8), sampling: tiny, into: &result)
        let gradient = try #require(result.rows.first { $0.derivative == ReplayLabel.gradient })
        #expect(!gradient.wrong && gradient.maxAbsError! < 1e-10)
        #expect(agreesWithReference(gradient.check!, gradient.reference!), "P1 n=100's sum of gradient entries")
        let jacobian = try #require(result.rows.first { $0.derivative == ReplayLabel.jacobian })
        #expect(!jacobian.wrong && jacobian.maxAbsError! < 1e-12)
    }

    @Test func notesSayMetOrNot() {
        func row(_ problem: String, _ label: String, _ seconds: Double) -> MeasuredRow {
            MeasuredRow(problem: problem, n: 1, m: 1, derivative: label, seconds: seconds, minSeconds: seconds, primalSeconds: seconds)
        }
        let rows = [
            row("P1", "gradient reverse", 2), row("P1", ReplayLabel.gradient, 1),
            row("P2", "jacobian reverse", 1), row("P2", ReplayLabel.jacobian, 1.25),
            row("P5", "jacobian reverse", 1)
        ]
        #expect(
            replayNotes(rows) == [
                "P1: replayed 1.00 s vs recording afresh 2.00 s, 2.00x faster (target: faster): met",
                "P2: replayed 1.25 s vs recording afresh 1.00 s, 0.800x faster (target: faster): NOT met"
            ])
    }
}
