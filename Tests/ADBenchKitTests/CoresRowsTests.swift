import AutoDiff
import Testing
@testable import ADBenchKit

// `adbench problems` rows for parallelism: the dense Jacobian on one core and two
// threads, only for large Jacobians, each row checked against the hand-coded
// derivative; the note says where two threads fall below the target.

@Suite struct CoresRowsTests {
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
        #expect(
            rows.map(\.label) == [
                "jacobian forward, 1 core", "jacobian forward, 2 threads",
                "jacobian reverse, 1 core", "jacobian reverse, 2 threads"
            ])
        for extra in rows {
            var row = MeasuredRow(problem: "P2", n: 16, m: 16, derivative: extra.label, seconds: 1, minSeconds: 1, primalSeconds: 1)
            extra.fill(&row)
            #expect(!row.wrong && row.maxAbsError! < 1e-12)
        }
        // A wrong Jacobian is caught.
        let wrong = try coresMeasurements(large, sink: BlackHole(), minimumSize: 16) { mode, parallelism in
            var j = try jacobianOf(large)(mode, parallelism)
            j.elements[0] += 1e-3
            return j
        }
        var row = MeasuredRow(problem: "P2", n: 16, m: 16, derivative: "d", seconds: 1, minSeconds: 1, primalSeconds: 1)
        wrong[0].fill(&row)
        #expect(row.wrong)
    }

    @Test func notesSayWhereTwoThreadsFallBelowTheTarget() {
        func row(_ label: String, _ seconds: Double) -> MeasuredRow {
            MeasuredRow(problem: "P2", n: 1, m: 1, derivative: label, seconds: seconds, minSeconds: seconds, primalSeconds: seconds)
        }
        let rows = [
            row(CoresLabel.row(.forward, threads: 1), 2), row(CoresLabel.row(.forward, threads: 2), 1),
            row(CoresLabel.row(.reverse, threads: 1), 1.2), row(CoresLabel.row(.reverse, threads: 2), 1)
        ]
        #expect(coresNotes(rows) == ["P2: two threads vs one core (target: at least 1.60x): forward 2.00x, reverse 1.20x (below 1.60x)"])
        #expect(coresNotes(Array(rows.prefix(1))).isEmpty)
    }
}
