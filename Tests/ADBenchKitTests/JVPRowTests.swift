import AutoDiff
import Testing
@testable import ADBenchKit

// `adbench problems`'s P1 J·v row (forward mode's cost): its check against a
// central difference of f along v, and its note.

@Suite struct JVPRowTests {
    @Test func rowIsCheckedAgainstTheHandGradientAndACentralDifference() throws {
        let problem = P1Rosenbrock(n: 100)
        var result = ProblemsResult(rows: [], notes: [])
        try measureProblem(problem, sampling: tiny, into: &result)
        let row = try #require(result.rows.first { $0.derivative == JVPLabel.row })
        #expect(!row.wrong && row.maxAbsError! < 1e-9)
        let x = problem.point, v = LCG.vector(seed: 5, count: x.count), h = 1e-5
        let difference = (problem.primal(zip(x, v).map { $0 + h * $1 }) - problem.primal(zip(x, v).map { $0 - h * $1 })) / (2 * h)
        #expect(abs(row.check! - difference) <= 1e-6 * abs(difference), "J·v \(row.check!) vs central difference \(difference)")
        #expect(jvpTargetNotes(result.rows).first?.hasPrefix("P1 rosenbrock n=100: jvp forward") == true)
    }

    @Test func noteSaysMetOrNot() {
        func row(_ label: String, _ ratio: Double) -> MeasuredRow {
            MeasuredRow(problem: "P1", n: 2, m: 1, derivative: label, seconds: ratio, minSeconds: ratio, primalSeconds: 1)
        }
        let notes = jvpTargetNotes([row(JVPLabel.row, 2.5), row(JVPLabel.row, 3.5), row("gradient reverse", 40)])
        #expect(notes.count == 2)
        #expect(notes[0].hasSuffix("(target: at most 3.00x): met"))
        #expect(notes[1].hasSuffix("NOT met"))
    }
}
