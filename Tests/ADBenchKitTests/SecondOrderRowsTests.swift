import AutoDiff
import Testing
@testable import ADBenchKit

// `adbench problems` rows for P3 (the library's hvp in every mode, vᵀHv, the dense
// Hessian against separate products) and P5 (sparse Jacobians by colouring), each
// checked against the hand-coded derivative; wrong results and bad patterns caught.

@Suite struct SecondOrderRowsTests {
    @Test func p3RowsTimeTheLibraryInEveryMode() throws {
        var result = ProblemsResult(rows: [], notes: [])
        try measureProblem(P3HessianVector(n: 50), sampling: tiny, into: &result)
        #expect(
            result.rows.map(\.derivative) == [
                "primal", "hand primal", "hand hvp",
                "hvp forward over reverse", "hvp reverse over forward", "hvp reverse over reverse",
                HVPLabel.secondDerivative, "array primal", "array hvp forward over reverse",
                PreaccumulatedLabel.hvp
            ])
        // The preaccumulated term: one entry per term and one add, besides the inputs.
        #expect(result.rows.last?.tapeEntries == 50 + 2 * 49)
        #expect(result.rows.allSatisfy { !$0.wrong })
        let hand = P3HessianVector.handHessianVector(P3HessianVector(n: 50).point, P3HessianVector(n: 50).direction)
        for row in result.rows.dropFirst(3) where row.derivative != "array primal" {
            #expect(row.maxAbsError.map { $0 < 1e-9 } == true && row.ratioToHand != nil && row.ratioToPrimal > 0, "\(row.derivative)")
        }
        for row in result.rows[3..<6] {
            #expect(abs(row.check! - hand.reduce(0, +)) < 1e-9 && (row.tapeEntries ?? 0) > 0 && row.nsPerOperation != nil)
        }
        // Forward over reverse records f on Dual values: f's first-order entries, twice the bytes.
        #expect(result.rows[3].tapeEntries == P1Rosenbrock(n: 50).tapeEntries(at: P1Rosenbrock(n: 50).point))
        let dualTape = try P3HessianVector(n: 50).tapeSize(at: P3HessianVector(n: 50).point, hvpMode: .forwardOverReverse)
        #expect(result.rows[3].bytesPerEntry == Double(dualTape.bytes) / Double(dualTape.entries))
        #expect(result.rows[5].tapeEntries! > result.rows[3].tapeEntries!) // reverse over reverse: the backward pass too
        let curvature = result.rows[6]
        let v = P3HessianVector(n: 50).direction
        #expect(abs(curvature.reference! - zip(v, hand).reduce(0) { $0 + $1.0 * $1.1 }) < 1e-9)
        #expect(abs(curvature.check! - curvature.reference!) < 1e-9 * abs(curvature.reference!))
    }

    @Test func p3ReferenceSumAtPROBLEMSSize() throws {
        let p = P3HessianVector(n: 10000)
        for mode in HVPMode.allCases {
            let sum = try hvp(of: p.function, at: p.point, direction: p.direction, mode: mode).reduce(0, +)
            #expect(agreesWithReference(sum, -2978.09629431), "\(mode)")
        }
    }

    @Test func denseHessianAgainstSeparateProducts() throws {
        let rows = try measureHessianCost(n: 12, sampler: Sampler(options: tiny))
        #expect(rows.map(\.derivative) == ["primal", HVPLabel.handHessian, HVPLabel.hessian, HVPLabel.hessianForward, HVPLabel.separate])
        #expect(rows.allSatisfy { $0.problem == "P3 hessian n=12" && !$0.wrong })
        let handSum = handRosenbrockHessian(LCG.vector(seed: 1, count: 12)).reduce(0, +)
        for row in rows.dropFirst(2) {
            #expect(row.maxAbsError.map { $0 < 1e-9 } == true && abs(row.check! - handSum) < 1e-9 && row.ratioToHand != nil)
        }
        let notes = hvpTargetNotes(rows)
        #expect(notes.count == 2 && notes[0] == HVPLabel.legend && notes[1].hasPrefix("P3 hessian n=12: dense hessian(of:at:) "))
        #expect(notes[1].contains("12 separate hvp calls") && notes[1].contains("(target: less than 1x)"))
    }

    @Test func problemsRunsTheHessianCostWithP3() throws {
        var options = ProblemsOptions()
        options.problems = ["hvp"]
        options.maxSize = 100 // P3's n = 10000 is above it; the 100-input Hessian is not
        options.sampling = tiny
        let result = try runProblems(options)
        #expect(result.rows.count == 5 && result.rows.allSatisfy { $0.problem == "P3 hessian n=100" && !$0.wrong })
        #expect(result.notes.contains { $0.hasPrefix("P3 hessian n=100: dense hessian(of:at:) ") && $0.contains("100 separate hvp calls") })
        options.maxSize = 99
        #expect(try runProblems(options).rows.isEmpty)
    }

    @Test func handHessianIsTheFiniteDifferenceOfTheHandGradient() {
        let x = LCG.vector(seed: 1, count: 7)
        let h = handRosenbrockHessian(x)
        for j in 0..<7 {
            var plus = x, minus = x
            plus[j] += 1e-5
            minus[j] -= 1e-5
            let gp = P1Rosenbrock.handGradient(plus), gm = P1Rosenbrock.handGradient(minus)
            for i in 0..<7 { #expect(abs((gp[i] - gm[i]) / 2e-5 - h[i * 7 + j]) < 1e-5 * (1 + abs(h[i * 7 + j]))) }
        }
    }

    @Test func p5SparseRowsAgainstTheBands() throws {
        var options = ProblemsOptions()
        options.problems = ["tridiag"]
        options.maxSize = 100
        options.sampling = tiny
        let result = try runProblems(options)
        let sparse = result.rows.filter { $0.derivative.hasPrefix("sparse ") }
        #expect(
            sparse.map(\.derivative) == [
                "sparse forward + detection (3 colours)", "sparse forward, plan reused (3 colours)",
                "sparse reverse + detection (3 colours)", "sparse reverse, plan reused (3 colours)"
            ])
        for row in sparse {
            #expect(!row.wrong && row.maxAbsError.map { $0 < 1e-12 } == true && row.ratioToHand != nil)
            #expect(row.reference == -1.99167971861 && agreesWithReference(row.check!, -1.99167971861))
        }
        #expect(sparse[3].tapeEntries != nil && sparse[3].nsPerOperation != nil && sparse[2].nsPerOperation == nil)
        let hand = try #require(result.rows.first { $0.derivative == "hand bands" })
        #expect(!hand.wrong && agreesWithReference(hand.check!, -1.99167971861))
        #expect(result.rows.contains { $0.derivative == "jacobian reverse" }) // dense modes alongside
        #expect(result.notes.count == 3 && result.notes[0] == SparseLabel.legend)
        #expect(result.notes[2].hasPrefix("P5 tridiag n=100: array jacobian "))
        #expect(result.notes[1].hasPrefix("P5 tridiag n=100: sparse Jacobian ") && result.notes[1].hasSuffix("3 colours: met"))
    }

    @Test func p5AboveTheDenseLimitTimesOnlyPrimalsAndSparse() throws {
        var result = ProblemsResult(rows: [], notes: [])
        try measureProblem(P5Tridiagonal(n: 2001), sampling: tiny, into: &result) // 2001² > 4e6 dense entries
        #expect(result.rows.map(\.derivative).filter { $0.hasPrefix("jacobian") }.isEmpty)
        #expect(result.rows.filter { $0.derivative.hasPrefix("sparse ") }.count == 4)
        #expect(result.rows.allSatisfy { !$0.wrong })
        #expect(
            result.notes == [
                "P5 tridiag n=2001: dense jacobian of 4004001 entries (32.0 MB each copy) skipped; only the primals and the sparse rows are timed"
            ])
    }

    @Test func bandErrorCatchesWrongValuesAndPatterns() throws {
        let p = P5Tridiagonal(n: 6)
        let bands = P5Tridiagonal.handBands(p.point)
        let good = try sparseJacobian(of: p.function, at: p.point)
        #expect(bandError(good, bands) < 1e-15)
        var off = good
        off.values[4] += 1e-6
        #expect(abs(bandError(off, bands) - 1e-6) < 1e-12)
        let dense = try SparseMatrix(
            Matrix(rows: 6, columns: 6, elements: P5Tridiagonal.handDenseJacobian(p.point)),
            pattern: try SparsityPattern(rows: 6, columns: 6, rowColumns: (0..<6).map { _ in Array(0..<6) }))
        #expect(bandError(dense, bands) == .infinity) // a full pattern is not the tridiagonal one
        var row = MeasuredRow(problem: "p", n: 6, m: 6, derivative: "d", seconds: 1, minSeconds: 1, primalSeconds: 1)
        row.setCheck(-1.99167971861, reference: -1.99167971861, maxAbsError: bandError(off, bands), tolerance: 1e-8)
        #expect(row.wrong)
        row.setCheck(-1.9916797, reference: -1.99167971861, maxAbsError: 0, tolerance: 1e-8)
        #expect(row.wrong)
        row.setCheck(-1.99167971861, reference: -1.99167971861, maxAbsError: 0, tolerance: 1e-8)
        #expect(!row.wrong)
    }

    @Test func sweepOfP3RunsTheLibraryHVP() throws {
        var options = SweepOptions()
        options.problem = "hvp"
        options.inputs = [20]
        options.outputs = nil
        options.modes = ["forward", "reverse", "auto", "hand"]
        options.sampling = tiny
        let result = try runSweep(options)
        #expect(result.cells.count == 4 && !result.cells.hasWrongResult)
        let p = P3HessianVector(n: 20)
        let forward = try #require(result.cells.cell(n: 20, m: 20, mode: "forward"))
        let forwardTape = try p.tapeSize(at: p.point, hvpMode: .forwardOverReverse)
        #expect(forward.sweeps == 1 && forward.tapeBytes == forwardTape.bytes)
        #expect(
            forwardTape.bytes <= forwardTape.entries * Tape<Dual<Double>>.bytesPerBinaryEntry
                && forwardTape.bytes >= forwardTape.entries * Tape<Dual<Double>>.bytesPerUnaryEntry)
        let reverse = try #require(result.cells.cell(n: 20, m: 20, mode: "reverse"))
        #expect(reverse.tapeEntries == p.tapeEntries(at: p.point))
        #expect(result.notes.contains { $0.hasPrefix("P3 hvp: forward = the library's hvp forward over reverse") })
        let library = try p.derivative(at: p.point, mode: .reverse)
        #expect(library == DerivativeResult(vector: try hvp(of: p.function, at: p.point, direction: p.direction, mode: .reverseOverForward)))
        #expect(library.maxAbsDifference(from: p.handDerivative(at: p.point)) < 1e-9)
        var command = SweepCommand()
        command.options = options
        let output = execute(.sweep(command), progress: false)
        #expect(output.status == .success && output.text.contains("no forward/reverse crossover") && !output.text.contains("Verdict:"))
    }

    @Test func targetNotesSayMetOrNot() {
        func row(_ problem: String, _ label: String, ratio: Double) -> MeasuredRow {
            MeasuredRow(problem: problem, n: 1, m: 1, derivative: label, seconds: ratio, minSeconds: ratio, primalSeconds: 1)
        }
        let hvpRows = [row("P3 hvp n=10000", "hvp forward over reverse", ratio: 25)]
        #expect(
            hvpTargetNotes(hvpRows) == [
                HVPLabel.legend, "P3 hvp n=10000: hvp forward over reverse 25.0x the primal, recording included (target: at most 20x): NOT met"
            ])
        let sparse = [
            row("P5 tridiag n=10000", SparseLabel.detected(.forward, colors: 3), ratio: 30),
            row("P5 tridiag n=10000", SparseLabel.detected(.reverse, colors: 3), ratio: 20),
            row("P5 tridiag n=10000", SparseLabel.reused(.forward, colors: 3), ratio: 4),
            row("P5 tridiag n=10000", SparseLabel.reused(.reverse, colors: 4), ratio: 9)
        ]
        #expect(
            sparseTargetNotes(sparse) == [
                SparseLabel.legend,
                "P5 tridiag n=10000: sparse Jacobian 20.0x the primal with detection included (reverse; at most 25x: met), "
                    + "4.00x with the plan reused (forward; at most 8x: met), 3 colours: NOT met"
            ])
    }
}
