import Testing
import AutoDiff
@testable import ADBenchKit

// `adbench kernels`: its options and errors, and a tiny run whose rows and checks hold.

func kernels(_ line: String) throws -> KernelsOptions {
    guard case let .kernels(options) = try parse(line) else { Issue.record("not kernels: \(line)"); return KernelsOptions() }
    return options
}

@Suite struct KernelsCommandTests {
    @Test func defaultsAreTheKernelTable() throws {
        let options = try kernels("kernels")
        #expect(
            options.shapes.map(\.description) == [
                "64³", "128³", "256³", "512³", "1024³",
                "(64×32)·(32×64)", "(64×64)·(64×10)", "(512×64)·(64×512)"
            ])
        #expect(options.variants == [MatrixMultiplication.Variant.fastest.rawValue])
        #expect(options.threads >= 2 && options.transposed)
        #expect(options.sampling == SamplingOptions() && options.output == OutputOptions())
    }

    @Test func everyOption() throws {
        let options = try kernels(
            "kernels --shapes 96,64X32x10 --variants portable --threads 3 --parallel-from 1000 --plain-only "
                + "--min-time 0.01 --repetitions 4 --format csv --output k.csv")
        #expect(options.shapes == [KernelShape(m: 96, k: 96, n: 96), KernelShape(m: 64, k: 32, n: 10)])
        #expect(options.variants == ["portable"] && options.threads == 3 && !options.transposed)
        #expect(options.parallelFrom == 1000 && KernelsOptions().parallelFrom == 512 * 512 * 512)
        #expect(options.sampling == SamplingOptions(minTime: 0.01, repetitions: 4))
        #expect(options.output.format == .csv && options.output.path == "k.csv")
        #expect(try kernels("kernels --variants all").variants == MatrixMultiplication.Variant.supported.map(\.rawValue))
        #expect(try kernels("kernels --threads 1").threads == 1)
    }

    @Test func helpNamesTheOptions() throws {
        let help = try parse("kernels --help").helpText ?? ""
        #expect(help.hasPrefix("usage: adbench kernels"))
        for option in ["--shapes", "--variants", "--threads", "--parallel-from", "--plain-only", "--min-time", "--format"] {
            #expect(help.contains(option), "\(option)")
        }
        #expect(try parse("--help").helpText?.contains("kernels") == true)
    }

    @Test(arguments: [
        ("kernels --shapes 64x32", "malformed shape '64x32' in '--shapes 64x32' (expected MxKxN or N, each at least 1)"),
        ("kernels --shapes 0", "malformed shape '0' in '--shapes 0' (expected MxKxN or N, each at least 1)"),
        ("kernels --shapes 8,,9", "malformed shape '' in '--shapes 8,,9' (expected MxKxN or N, each at least 1)"),
        ("kernels --variants sse", "unknown value 'sse' in '--variants sse' (expected any of: portable, avx2, avx512, all)"),
        ("kernels --threads 0", "'--threads 0' is too small (expected at least 1)"),
        ("kernels --shapes 4000", "the product 4000³ needs 6.4e+10 multiply-adds (limit 3e+10, about a second per call)"),
        (
            "kernels --shapes 1x1000000000x1",
            "the product (1×1000000000)·(1000000000×1) would need about 14.9 GiB of memory, more than the limit of 3.73 GiB on this machine"
        )
    ])
    func badInput(line: String, message: String) {
        #expect(failure(line)?.message == message)
    }

    @Test func unsupportedVariantIsRefused() {
        guard let missing = MatrixMultiplication.Variant.allCases.first(where: { !$0.isSupported }) else { return }
        #expect(failure("kernels --variants \(missing.rawValue)")?.message.hasPrefix("this CPU cannot run the \(missing.rawValue) variant") == true)
    }

    @Test func tinyRunHasEveryRowAndPassesItsChecks() throws {
        var options = KernelsOptions()
        options.shapes = [KernelShape(m: 7, k: 5, n: 9)]
        options.variants = MatrixMultiplication.Variant.supported.map(\.rawValue)
        options.sampling = SamplingOptions(minTime: 0.001, repetitions: 3)
        (options.threads, options.parallelFrom) = (2, 1)
        let result = try runKernels(options)
        #expect(result.peaks.count == MatrixMultiplication.Variant.supported.count && result.peak > 0)
        #expect(result.rows.count == 8 * options.variants.count)
        for row in result.rows {
            #expect(!row.wrong && row.checkError < 1e-14 && row.seconds > 0 && [1, 2].contains(row.threads))
            #expect(row.operands != .plain || row.ratioToPlain == 1)
            #expect(row.threads != 1 || row.speedup == 1)
        }
        let rendered = kernelsTable(result.rows).text
        #expect(rendered.contains("(7×5)·(5×9)") && rendered.contains("Aᵀ·Bᵀ"))
    }

    @Test func freivaldsCatchesAWrongProduct() {
        let shape = KernelShape(m: 3, k: 4, n: 5)
        var g = LCG(seed: 3)
        let a = (0..<12).map { _ in g.nextUniform() }, b = (0..<20).map { _ in g.nextUniform() }, x = (0..<5).map { _ in g.nextUniform() }
        for form in OperandForm.allCases {
            var c = [Double](repeating: 0, count: 15)
            for i in 0..<3 {
                for j in 0..<5 {
                    for p in 0..<4 {
                        let opA = form.transposesA ? a[p * 3 + i] : a[i * 4 + p]
                        let opB = form.transposesB ? b[j * 4 + p] : b[p * 5 + j]
                        c[i * 5 + j] += opA * opB
                    }
                }
            }
            #expect(freivaldsError(shape, form: form, a: a, b: b, c: c, x: x) < 1e-15)
            c[7] += 1e-3
            #expect(freivaldsError(shape, form: form, a: a, b: b, c: c, x: x) > 1e-6)
        }
    }
}
