import Foundation
import Testing
import AutoDiff
import ADBenchKit

// The fuzzed cross-check: random programs over every ADScalar operation, forward =
// reverse (every chunk size) = central differences; the shrinker; determinism.

/// A hand-written program whose printed source is pasted below as `GoldenReproducer`,
/// so the printer's output is known to compile and to compute the same function.
let goldenProgram = FuzzProgram(
    inputs: 2,
    instructions: [
        FuzzInstruction(.sin, 0),
        FuzzInstruction(.multiplyAssign, 2, 1),
        FuzzInstruction(.constantDivide, 1, c: -0.5),
        FuzzInstruction(.powInt, 3, k: 3),
        FuzzInstruction(.atan2, 4, 0),
        FuzzInstruction(.logOnePlus, 2),
        FuzzInstruction(.constant, c: 1.25),
        FuzzInstruction(.max, 7, 8)
    ],
    outputs: [5, 9, 6, 0],
    point: [0.5, -0.75])

struct GoldenReproducer: VectorFunction {
    static let point: [Double] = [0.5, -0.75]
    var inputCount: Int? { 2 }
    var outputCount: Int? { 4 }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let v2 = T.sin(x[0])
        var v3 = v2
        v3 *= x[1]
        let v4 = Double(-0.5) / x[1]
        let v5 = T.pow(v3, 3 as Int)
        let v6 = T.atan2(y: v4, x: x[0])
        let v7 = T.log(onePlus: v2)
        let v8 = T(1.25)
        let v9 = T.max(v7, v8)
        return [v5, v9, v6, x[0]]
    }
}

/// The programs of a campaign: program k's first draw.
func drawPrograms(seed: UInt64, count: Int) -> [FuzzProgram] {
    (0..<count).map { k in
        var generator = FuzzGenerator(seed: FuzzGenerator.programSeed(campaign: seed, index: k))
        return generator.program()
    }
}

@Suite struct FuzzTests {
    @Test func fixedSeedCampaignHasNoMismatch() {
        // AUTODIFF_FUZZ_COUNT=100000 swift test -c release --filter fixedSeedCampaign runs a long campaign.
        let count = ProcessInfo.processInfo.environment["AUTODIFF_FUZZ_COUNT"].flatMap { Int($0) } ?? 2000
        let report = runFuzzCampaign(count: count, seed: 20_240_601)
        print("fuzz campaign:", report.summary)
        for failure in report.failures {
            print(failure.message, "\n", failure.shrunkMessage, "\n", failure.shrunk.swiftSource())
        }
        #expect(report.programs == count)
        #expect(report.mismatches == 0)
        #expect(report.operations >= 5 * count)
        // The skip rule must not hide the campaign: nearly every draw is checked.
        #expect(report.skipped * 20 < count)
        // Agreeing programs agreed far inside the tolerances.
        #expect(report.differences.modes < FuzzTolerance().modes)
        #expect(report.differences.finiteDifference < FuzzTolerance().finiteDifference)
    }

    @Test func sameSeedSameProgramsOtherSeedOthers() {
        let a = drawPrograms(seed: 7, count: 50), b = drawPrograms(seed: 7, count: 50)
        #expect(a == b)
        #expect(a != drawPrograms(seed: 8, count: 50))
        let first = runFuzzCampaign(count: 40, seed: 99), second = runFuzzCampaign(count: 40, seed: 99)
        #expect(first.operations == second.operations && first.skipped == second.skipped)
        #expect(first.differences == second.differences)
    }

    @Test func programsCoverEveryOperationAndShape() {
        let programs = drawPrograms(seed: 20_240_601, count: 400)
        let used = Set(programs.flatMap { $0.instructions.map(\.operation) })
        #expect(used == Set(FuzzOperation.allCases), "never drawn: \(Set(FuzzOperation.allCases).subtracting(used))")
        #expect(Set(programs.map(\.inputs)) == Set(1...8))
        #expect(Set(programs.map(\.outputs.count)) == Set(1...8))
        for p in programs {
            #expect((5...30).contains(p.instructions.count) || p.instructions.count < 5)
            #expect(p.point.count == p.inputs && p.point.allSatisfy { Swift.abs($0) <= 1.5 })
            // Every draw is inside its domains with the margins at its point.
            #expect(checkFuzzProgram(p) != .skipped(.outsideDomain))
        }
    }

    @Test(arguments: [FuzzOperation.sin, .divide, .softplus, .max, .powInt])
    func injectedFaultIsFoundAndShrunk(operation: FuzzOperation) throws {
        let fault = FuzzFault(operation: operation)
        let report = runFuzzCampaign(count: 200, seed: 5, fault: fault, keepFailures: 1)
        // Without the fault the same programs agree; with it, every program that uses the
        // operation on a recorded operand must fail.
        #expect(runFuzzCampaign(count: 200, seed: 5).mismatches == 0)
        #expect(report.mismatches > 0)
        let failure = try #require(report.failures.first)
        // Found by the reverse Jacobian, or by the replay: the hook's `a − a.primal` keeps
        // the recorded primal as a constant, so a replay at a moved point differs (a
        // program whose faulty entry has a zero adjoint shows it only there).
        #expect(failure.message.contains("reverseJacobian") || failure.message.contains("replayed value"), "\(failure.message)")
        let shrunk = failure.shrunk
        #expect(checkFuzzProgram(shrunk).isMismatch)
        #expect(shrunk.instructions.count <= 2, "\(shrunk.swiftSource())")
        #expect(shrunk.instructions.count < failure.program.instructions.count || failure.program.instructions.count <= 2)
        #expect(shrunk.instructions.contains { $0.operation == operation })
        #expect(shrunk.inputs <= operation.arity && shrunk.outputs.count == 1, "\(shrunk.swiftSource())")
        let source = shrunk.swiftSource()
        #expect(source.contains("struct Reproducer: VectorFunction {"))
        #expect(source.contains("func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {"))
        #expect(source.contains("static let point: [Double] = ["))
    }

    @Test func shrinkerKeepsFailingAndStopsAtAFixedPoint() {
        // A predicate that "fails" whenever an output depends on a `tanh`: the minimum is
        // one tanh of an input.
        func outputsUseTanh(_ p: FuzzProgram) -> Bool {
            var live = Set(p.outputs)
            for i in p.instructions.indices.reversed() where live.contains(p.inputs + i) {
                let instruction = p.instructions[i]
                if instruction.operation == .tanh { return true }
                live.formUnion([instruction.a, instruction.b].prefix(instruction.operation.arity))
            }
            return false
        }
        var generator = FuzzGenerator(seed: 3)
        var program = generator.program(FuzzConfiguration(inputs: 6...6, outputs: 5...5, instructions: 30...30))
        program.instructions.append(FuzzInstruction(.tanh, program.inputs + 10))
        program.outputs.append(program.inputs + program.instructions.count - 1)
        #expect(outputsUseTanh(program))
        let shrunk = shrinkFuzzProgram(program, stillFails: outputsUseTanh)
        #expect(shrunk.instructions == [FuzzInstruction(.tanh, 0)])
        #expect(shrunk.inputs == 1 && shrunk.outputs == [1])
        #expect(shrunk.point.count == 1 && shrunk.point[0] == shrunk.point[0].rounded())
    }

    @Test func printedSourceIsTheGoldenReproducer() throws {
        let source = goldenProgram.swiftSource(name: "GoldenReproducer")
        // The printed struct is pasted above; it must compute the same values and Jacobian.
        for line in [
            "let v2 = T.sin(x[0])", "var v3 = v2", "v3 *= x[1]", "let v4 = Double(-0.5) / x[1]",
            "let v5 = T.pow(v3, 3 as Int)", "let v6 = T.atan2(y: v4, x: x[0])",
            "let v7 = T.log(onePlus: v2)", "let v8 = T(1.25)", "let v9 = T.max(v7, v8)",
            "return [v5, v9, v6, x[0]]", "static let point: [Double] = [0.5, -0.75]",
            "var inputCount: Int? { 2 }", "var outputCount: Int? { 4 }"
        ] {
            #expect(source.contains(line), "missing: \(line)\n\(source)")
        }
        #expect(goldenProgram(goldenProgram.point) == GoldenReproducer()(GoldenReproducer.point))
        let expected = try forwardJacobian(of: GoldenReproducer(), at: GoldenReproducer.point, chunk: .one)
        let got = try reverseJacobian(of: goldenProgram, at: goldenProgram.point, chunk: .one)
        #expect(expected.jacobian == got.jacobian)
        #expect(checkFuzzProgram(goldenProgram) == .agree)
    }

    @Test func fuzzCommandReportsAndExits() {
        let ok = runFuzzCommand(count: 25, seed: 1)
        #expect(ok.exitCode == 0)
        #expect(ok.report.contains("programs 25, operations "))
        #expect(ok.report.contains("mismatches 0"))
        let bad = runFuzzCommand(count: -1, seed: 1)
        #expect(bad.exitCode == 2 && bad.report.hasPrefix("error:"))
    }
}
