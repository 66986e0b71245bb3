import Testing
import AutoDiff
import ADBenchKit

// A step of adding an elementary function (CONTRIBUTING.md): the fuzz generator draws it.
// Its programs, recorded, must hold every operation of the tape (AutoDiffTests'
// OperationTableTests and CorpusCoverageTests check the other steps).

@Suite struct FuzzOperationCoverageTests {
    @Test func fuzzProgramsRecordEveryTapeOperation() {
        var generator = FuzzGenerator(seed: 20_240_601)
        var seen = Set<Operation>()
        for _ in 0..<400 {
            let program = generator.program()
            withRecording { tape in
                _ = program(program.point.map(tape.variable))
                seen.formUnion((0..<tape.count).map(tape.operation(at:)))
            }
        }
        let missing = Operation.allCases.filter { !seen.contains($0) }
        #expect(missing.isEmpty, "operations no fuzz program records: \(missing)")
    }
}
