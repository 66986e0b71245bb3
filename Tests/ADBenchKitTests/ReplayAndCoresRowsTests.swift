import AutoDiff
import Testing
@testable import ADBenchKit

// `adbench problems` rows for issue 5's replay and two-core targets: each row checked
// against the hand-coded derivative; the notes say met or NOT met from the medians.

@Suite struct ReplayAndCoresRowsTests {
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

    @Test func coresRowsOnlyForLargeJacobians() throws {
        let small = P2Chain(n: 8, m: 8)
        func jacobianOf(_ p: P2Chain) -> (DifferentiationMode, Parallelism) throws -> Matrix<Double> {
            { try jacobian(of: p.function, at: p.point, mode: $0, parallelism: $1) }
        }
        #expect(try coresMeasurements(small, sink: BlackHole(), jacobian: jacobianOf(small)).isEmpty)
        let wide = P2Chain(n: 512, m: 8)
        #expect(try coresMeasurements(wide, sink: BlackHole(), jacobian: jacobianOf(wide)).isEmpty)
        let large = P2Chain(n: 16, m: 16)
        let rows = try coresMeasurements(large, sink: BlackHole(), minimumSize: 16, jacobian: jacobianOf(large))
        #expect(rows.map(\.label) == ["jacobian forward, 1 core", "jacobian forward, 2 threads",
                                      "jacobian reverse, 1 core", "jacobian reverse, 2 threads"])
        for extra in rows {
            var row = MeasuredRow(problem: "P2", n: 16, m: 16, derivative: extra.label, seconds: 1, minSeconds: 1, primalSeconds: 1)
            extra.fill(&row)
            #expect(!row.wrong && row.maxAbsError! < 1e-12)
        }
    }

    @Test func notesSayMetOrNot() {
        func row(_ problem: String, _ label: String, _ seconds: Double) -> MeasuredRow {
            MeasuredRow(problem: problem, n: 1, m: 1, derivative: label, seconds: seconds, minSeconds: seconds, primalSeconds: seconds)
        }
        let rows = [
            row("P1", "gradient reverse", 2), row("P1", ReplayLabel.gradient, 1),
            row("P2", "jacobian reverse", 1), row("P2", ReplayLabel.jacobian, 1.25),
            row("P2", ReplayLabel.cores(.forward, threads: 1), 2), row("P2", ReplayLabel.cores(.forward, threads: 2), 1),
            row("P2", ReplayLabel.cores(.reverse, threads: 1), 1.2), row("P2", ReplayLabel.cores(.reverse, threads: 2), 1),
        ]
        let notes = replayAndCoresNotes(rows)
        #expect(notes.count == 3)
        #expect(notes[0].hasSuffix("2.00x faster: met"))
        #expect(notes[1].hasSuffix("0.800x faster: NOT met"))
        #expect(notes[2].hasSuffix("forward 2.00x, reverse 1.20x (below 1.6x)"))
    }
}
