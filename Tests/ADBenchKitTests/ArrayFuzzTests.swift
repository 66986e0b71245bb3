import Foundation
import Testing
import AutoDiff
import ADBenchKit

// The fuzzed cross-check at array level: random array programs (broadcast shapes, every
// elementwise function, matmul in every form, reductions, shape operations, select,
// elementwise maps), the array layer's forward = reverse = the scalar layer = central
// differences, HVPs against the scalar layer; a deliberately wrong rule is caught and
// shrunk; determinism and coverage of the generator.

/// The programs of an array campaign: program k's first draw.
func drawArrayPrograms(seed: UInt64, count: Int, _ configuration: ArrayFuzzConfiguration = ArrayFuzzConfiguration()) -> [ArrayFuzzProgram] {
    (0..<count).map { k in
        var generator = ArrayFuzzGenerator(seed: FuzzGenerator.programSeed(campaign: seed, index: k))
        return generator.program(configuration)
    }
}

@Suite struct ArrayFuzzTests {
    @Test func fixedSeedCampaignHasNoMismatch() {
        // AUTODIFF_ARRAY_FUZZ_COUNT=20000 swift test -c release --filter ArrayFuzzTests runs a long campaign.
        let count = ProcessInfo.processInfo.environment["AUTODIFF_ARRAY_FUZZ_COUNT"].flatMap { Int($0) } ?? 500
        let report = runArrayFuzzCampaign(count: count, seed: 20_240_601)
        print("array fuzz campaign:", report.summary)
        for failure in report.failures {
            print(failure.message, "\n", failure.shrunkMessage, "\n", failure.shrunk.swiftSource())
        }
        #expect(report.programs == count)
        #expect(report.mismatches == 0)
        #expect(report.operations >= 3 * count)
        // The skip rule must not hide the campaign: nearly every draw is checked.
        #expect(report.skipped * 20 < count)
        // Both kinds of program ran: at kinks (vs the scalar layer), and with one output entry.
        #expect(report.atKinks * 20 > count && report.singleEntryOutputs * 10 > count)
        #expect(report.differences.modes < ArrayFuzzTolerance().modes)
        #expect(report.differences.scalarLayer < ArrayFuzzTolerance().scalarLayer)
        #expect(report.differences.hvp < ArrayFuzzTolerance().hvp && report.differences.hvp > 0)
        #expect(report.differences.finiteDifference < ArrayFuzzTolerance().finiteDifference)
    }

    @Test func sameSeedSameProgramsOtherSeedOthers() {
        let a = drawArrayPrograms(seed: 7, count: 50), b = drawArrayPrograms(seed: 7, count: 50)
        #expect(a == b)
        #expect(a != drawArrayPrograms(seed: 8, count: 50))
        let first = runArrayFuzzCampaign(count: 30, seed: 99), second = runArrayFuzzCampaign(count: 30, seed: 99)
        #expect(first.operations == second.operations && first.skipped == second.skipped)
        #expect(first.differences == second.differences && first.families == second.families)
    }

    @Test func programsCoverEveryOperationFormAndShape() throws {
        let programs = drawArrayPrograms(seed: 20_240_601, count: 600)
        var seen = Set<String>()
        for p in programs {
            let shapes = try #require(p.registerShapes(), "\(p.swiftSource())")
            for s in p.point.map(\.shape) { seen.insert("input rank \(s.count)") }
            for (i, s) in p.point.map(\.shape).enumerated() where i > 0 {
                let earlier = p.point[..<i].map(\.shape).filter { $0.count >= 2 }
                if s.isEmpty { seen.insert("scalar input") }
                if earlier.contains(where: { s == [$0[$0.count - 1]] }) { seen.insert("bias row input") }
                if earlier.contains(where: { s.count == $0.count && s[0] == $0[0] && s.dropFirst().allSatisfy { $0 == 1 } }) {
                    seen.insert("column input")
                }
            }
            seen.insert("output rank \(Swift.min(shapes[p.output].count, 3))")
            if p.atKinks { seen.insert("at kinks") }
            for operation in p.instructions {
                seen.insert(operation.family.rawValue)
                switch operation {
                case .arithmetic(let o, _, _): seen.insert("arithmetic \(o)")
                case .compound(let o, _, _): seen.insert("compound \(o)")
                case .withConstant(let form, _, _): seen.insert("constant form \(form)")
                case .unary(let o, _): seen.insert("unary \(o)")
                case .binary(let o, _, _): seen.insert("binary \(o)")
                case .matmul(let a, let ta, let b, let tb):
                    let (ra, rb) = (shapes[a].count, shapes[b].count)
                    seen.insert("matmul rank \(Swift.min(ra, 3))·\(Swift.min(rb, 3))")
                    if ta && ra >= 2 { seen.insert("matmul transposed left") }
                    if tb && rb >= 2 { seen.insert("matmul transposed right") }
                case .reduce(let o, _, let axes, let squeeze):
                    seen.insert("\(o) \(axes == nil ? "all" : squeeze ? "squeezing" : "along")")
                    if axes?.contains(where: { $0 < 0 }) == true { seen.insert("negative axis") }
                case .transpose(_, let p): seen.insert(p == nil ? "transposed()" : "transposed(permutation:)")
                case .reshape(_, let target): if target.contains(-1) { seen.insert("reshape -1") }
                case .select(let mask, _, _):
                    seen.insert("select \(mask.comparison)\(mask.rhs == nil ? " constant" : "")\(mask.negated ? " negated" : "")")
                case .map(let map, _): seen.insert("map \(map)")
                case .concatenate(let parts, _): seen.insert("concatenate \(Swift.min(parts.count, 3)) parts")
                default: break
                }
            }
        }
        var expected = Set(ArrayFuzzFamily.allCases.map(\.rawValue))
        expected.formUnion((0...3).flatMap { ["input rank \($0)", "output rank \($0)"] })
        expected.formUnion([
            "scalar input", "bias row input", "column input", "at kinks", "negative axis", "reshape -1",
            "transposed()", "transposed(permutation:)", "matmul transposed left", "matmul transposed right",
            "concatenate 2 parts", "concatenate 3 parts"
        ])
        expected.formUnion(ArrayFuzzArithmetic.allCases.map { "arithmetic \($0)" })
        expected.formUnion(ArrayFuzzCompound.allCases.map { "compound \($0)" })
        expected.formUnion(ArrayFuzzConstantForm.allCases.map { "constant form \($0)" })
        expected.formUnion(ElementwiseOperation.all.filter { $0 != .power(2) }.map { "unary \($0)" })
        expected.formUnion((-2...4).map { "unary \(ElementwiseOperation.power($0))" })
        expected.formUnion(ElementwiseBinaryOperation.allCases.map { "binary \($0)" })
        // matrix·matrix, matrix·vector, vector·matrix, vector·vector, batched on either side.
        expected.formUnion(["2·2", "2·1", "1·2", "1·1", "3·3", "3·2", "2·3", "3·1", "1·3"].map { "matmul rank \($0)" })
        expected.formUnion(ArrayFuzzReduction.allCases.flatMap { o in ["all", "along", "squeezing"].map { "\(o) \($0)" } })
        expected.formUnion(ArrayFuzzComparison.allCases.flatMap { c in ["", " constant"].map { "select \(c)\($0)" } })
        expected.insert("select greater negated")
        expected.formUnion(ArrayFuzzMap.allCases.map { "map \($0)" })
        #expect(expected.subtracting(seen).isEmpty, "never drawn: \(expected.subtracting(seen).sorted())")
        // Every draw fits its shapes and is inside its domains with the margins at its point.
        for p in programs.prefix(200) {
            #expect(p.point.allSatisfy { $0.scalars.allSatisfy { Swift.abs($0) <= 1.5 } && $0.rank <= 3 })
            #expect(checkArrayFuzzProgram(p) != .skipped(.outsideDomain), "\(p.swiftSource())")
        }
    }

    @Test func programsAtKinksSitExactlyOnKinksAndTies() {
        // Programs drawn at kinks compare the conventions (relu'(0) = 0, a tie goes to the
        // first argument) with the scalar layer: they must actually reach them.
        var hits = Set<String>()
        var agreeing = 0
        for p in drawArrayPrograms(seed: 11, count: 2000) where p.atKinks {
            let v = p.values(p.point)
            for operation in p.instructions {
                switch operation {
                case .unary(let o, let a) where (o == .relu || o == .abs) && v[a].scalars.contains(0): hits.insert("\(o) at 0")
                case .binary(let o, let a, let b) where (o == .min || o == .max) && (v[a] - v[b]).scalars.contains(0):
                    hits.insert("\(o) tie")
                case .select(let m, _, _) where (v[m.lhs] - (m.rhs.map { v[$0] } ?? Tensor(m.constant))).scalars.contains(0):
                    hits.insert("select tie")
                default: break
                }
            }
            if agreeing < 40 && checkArrayFuzzProgram(p) == .agree { agreeing += 1 }
        }
        #expect(hits == ["relu at 0", "abs at 0", "min tie", "max tie", "select tie"], "\(hits)")
        #expect(agreeing == 40)
    }

    @Test(arguments: [
        ArrayFuzzFamily.matmul, .reduce, .unary, .binary, .arithmetic, .slice, .concatenate, .pad,
        .broadcast, .transpose, .select, .map
    ])
    func wrongReverseRuleIsFoundAndShrunk(family: ArrayFuzzFamily) throws {
        let fault = ArrayFuzzFault(family: family)
        let report = runArrayFuzzCampaign(count: 60, seed: 5, fault: fault, keepFailures: 1)
        #expect(runArrayFuzzCampaign(count: 60, seed: 5).mismatches == 0) // the same programs agree without it
        #expect(report.mismatches > 0)
        let failure = try #require(report.failures.first)
        #expect(failure.message.contains("reverseJacobian") || failure.message.contains("vjp") || failure.message.contains("gradient"))
        let shrunk = failure.shrunk
        #expect(checkArrayFuzzProgram(shrunk).isMismatch)
        #expect(shrunk.instructions.contains { $0.family == family }, "\(shrunk.swiftSource())")
        #expect(shrunk.instructions.count <= 3 && shrunk.inputCount <= 2, "\(shrunk.swiftSource())")
        #expect(shrunk.instructions.count < failure.program.instructions.count || failure.program.instructions.count <= 3)
        let source = shrunk.swiftSource()
        #expect(source.contains("struct Reproducer: TensorFunction {"))
        #expect(source.contains("func callAsFunction<T: ADTensor>(_ x: [T]) -> T {"))
        #expect(source.contains("static let point: [Tensor] = ["))
    }

    @Test func ruleWrongInBothArrayModesIsCaughtByTheScalarLayer() throws {
        // Forward and reverse mode wrong the same way agree with each other; the scalar
        // layer (independent rules) and central differences must catch it.
        let fault = ArrayFuzzFault(family: .unary, scope: .arrayLayer)
        let report = runArrayFuzzCampaign(count: 60, seed: 5, fault: fault, keepFailures: 1)
        #expect(report.mismatches > 0)
        let failure = try #require(report.failures.first)
        #expect(failure.message.contains("scalar layer's reverseJacobian"), "\(failure.message)")
        #expect(failure.shrunk.instructions.count <= 2, "\(failure.shrunk.swiftSource())")
        // With the scalar layer's comparison out of the way, central differences catch it.
        var loose = ArrayFuzzTolerance()
        loose.scalarLayer = .infinity
        let program = ArrayFuzzProgram(point: [Tensor([0.3, -0.7])], instructions: [.unary(.tanh, 0)], output: 1, fault: fault)
        guard case .mismatch(let message) = checkArrayFuzzProgram(program, tolerance: loose) else {
            Issue.record("not caught without the scalar layer")
            return
        }
        #expect(message.hasPrefix("forwardJacobian[0, 0] = "))
        #expect(message.contains("but central differences[0, 0] = "))
        #expect(checkArrayFuzzProgram(program).isMismatch)
        #expect(checkArrayFuzzProgram(ArrayFuzzProgram(point: program.point, instructions: program.instructions, output: 1)) == .agree)
    }

    @Test func shrinkerKeepsFailingAndStopsAtAFixedPoint() throws {
        // A predicate that "fails" whenever the output depends on a tanh: the minimum is
        // one tanh of one input.
        func outputUsesTanh(_ p: ArrayFuzzProgram) -> Bool {
            var live: Set<Int> = [p.output]
            for i in p.instructions.indices.reversed() where live.contains(p.inputCount + i) {
                if case .unary(.tanh, _) = p.instructions[i] { return true }
                live.formUnion(p.instructions[i].operands)
            }
            return false
        }
        var generator = ArrayFuzzGenerator(seed: 3)
        var program = generator.program(ArrayFuzzConfiguration(inputs: 3...3, instructions: 12...12, kinkShare: 0))
        program.instructions.append(.unary(.tanh, program.output))
        program.output = program.registerCount - 1
        let shrunk = shrinkArrayFuzzProgram(program, stillFails: outputUsesTanh)
        #expect(shrunk.instructions == [.unary(.tanh, 0)], "\(shrunk.swiftSource())")
        #expect(shrunk.inputCount == 1 && shrunk.output == 1)
        #expect(shrunk.point[0].scalars.allSatisfy { $0 == $0.rounded() })
    }

    @Test func printedSourceIsTheGoldenReproducer() throws {
        let source = goldenArrayProgram.swiftSource(name: "GoldenArrayReproducer")
        #expect(source == goldenArraySource, "\(source)")
        // The printed struct is pasted in ArrayFuzzGolden.swift: it computes the same
        // value and Jacobian.
        let program = goldenArrayProgram
        #expect(checkArrayFuzzProgram(program) == .agree)
        #expect(program(program.point) == GoldenArrayReproducer()(GoldenArrayReproducer.point))
        let expected = try forwardJacobian(of: GoldenArrayReproducer(), at: GoldenArrayReproducer.point)
        let got = try forwardJacobian(of: program, at: program.point) // the same route: the same bits
        #expect(expected.value == got.value && expected.jacobian == got.jacobian)
    }

    @Test func arrayCommandReportsAndExits() {
        let ok = runArrayFuzzCommand(count: 20, seed: 1)
        #expect(ok.exitCode == 0)
        #expect(ok.report.hasPrefix("fuzz (array level): forward = reverse = the scalar layer = central differences"))
        #expect(ok.report.contains("programs 20, operations ") && ok.report.contains("mismatches 0"))
        #expect(ok.report.contains("operations by family: constant "))
        let bad = runArrayFuzzCommand(count: -1, seed: 1)
        #expect(bad.exitCode == 2 && bad.report.hasPrefix("error:"))
    }
}
