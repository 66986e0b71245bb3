// `adbench kernels`: its options, their help, and their parsing.
import AutoDiff
import Foundation

/// One matrix product's shape: (m × k)·(k × n).
public struct KernelShape: Sendable, Equatable, Codable, CustomStringConvertible {
    /// Rows of the left operand and of the product.
    public var m: Int
    /// The shared dimension (the length of each sum).
    public var k: Int
    /// Columns of the right operand and of the product.
    public var n: Int

    /// The shape (m × k)·(k × n).
    public init(m: Int, k: Int, n: Int) { (self.m, self.k, self.n) = (m, k, n) }

    /// Multiply-adds of the product (m·k·n).
    public var multiplyAdds: Double { Double(m) * Double(k) * Double(n) }

    /// `256³` for a cube, else `(64×32)·(32×64)`.
    public var description: String {
        m == k && k == n ? "\(m)³" : "(\(m)×\(k))·(\(k)×\(n))"
    }

    /// The shapes of the kernel table: squares 64...1024 and the array layer's typical
    /// products (a layer's batch, a narrow output layer, a wide outer layer).
    public static let table: [KernelShape] =
        [64, 128, 256, 512, 1024].map { KernelShape(m: $0, k: $0, n: $0) } + [
            KernelShape(m: 64, k: 32, n: 64), KernelShape(m: 64, k: 64, n: 10), KernelShape(m: 512, k: 64, n: 512)
        ]
}

/// `adbench kernels`: which products, variants and thread counts to time.
public struct KernelsOptions: Sendable, Equatable, Codable {
    /// The products to time.
    public var shapes = KernelShape.table
    /// The kernel variants, by name (default: the fastest this CPU supports).
    public var variants = [MatrixMultiplication.Variant.fastest.rawValue]
    /// Threads of the parallel rows (1: none).
    public var threads = max(2, ProcessInfo.processInfo.activeProcessorCount)
    /// Products with at least this many multiply-adds also get the parallel rows (default 512³).
    public var parallelFrom = 512 * 512 * 512
    /// Whether to time the transposed operand forms (Aᵀ·B, A·Bᵀ, Aᵀ·Bᵀ) too.
    public var transposed = true
    /// How long and how often to time each product.
    public var sampling = SamplingOptions()
    /// Where and how to report (not encoded).
    public var output = OutputOptions()

    /// The defaults.
    public init() {}

    private enum CodingKeys: String, CodingKey { case shapes, variants, threads, parallelFrom, transposed, sampling }
}

/// The spec of `adbench kernels`.
let kernelsCommand = CommandSpec(
    name: "kernels", summary: "the matrix-product kernel: GFLOP/s against the core's FMA peak",
    details: "Measures one core's peak (a loop of independent fused multiply-adds on each variant's widest registers), then times "
        + "C = op(A)·op(B) on each shape with plain and transposed operands, on one thread and on "
        + "--threads threads (from --parallel-from multiply-adds). Each product is checked against A·(B·x) for a random x (Freivalds).",
    options: [
        OptionSpec("shapes", value: "LIST", help: "products MxKxN ((M×K)·(K×N)) or N (N³), e.g. 256,64x64x10 (default: the kernel table)"),
        OptionSpec("variants", value: "LIST", help: "portable, avx2, avx512 or all (those this CPU runs); default: the fastest"),
        OptionSpec("threads", value: "N", help: "threads of the parallel rows (default: the cores, at least 2; 1: none)"),
        OptionSpec("parallel-from", value: "N", help: "parallel rows for products of at least N multiply-adds (default 134217728 = 512³)"),
        OptionSpec("plain-only", help: "time A·B only (no transposed operands)")
    ] + samplingOptions + [formatOption, outputOption])

/// Reads and checks `kernels`' options: shapes that fit in memory and time, variants this CPU runs.
func kernelsOptions(_ parsed: ParsedCommand, usage: String, memoryLimit: Double) throws(UsageError) -> KernelsOptions {
    var options = KernelsOptions()
    if let text = parsed.string("shapes") {
        options.shapes = []
        for entry in text.split(separator: ",", omittingEmptySubsequences: false).map({ String($0).trimmingSpaces() }) {
            let parts = entry.lowercased().split(separator: "x", omittingEmptySubsequences: false).map { Int(String($0).trimmingSpaces()) }
            guard parts.count == 1 || parts.count == 3, parts.allSatisfy({ ($0 ?? 0) >= 1 }) else {
                throw UsageError("malformed shape '\(entry)' in '--shapes \(text)' (expected MxKxN or N, each at least 1)", usage: usage)
            }
            let sizes = parts.map { $0! }
            options.shapes.append(
                sizes.count == 1
                    ? KernelShape(m: sizes[0], k: sizes[0], n: sizes[0])
                    : KernelShape(m: sizes[0], k: sizes[1], n: sizes[2]))
        }
    }
    let names = MatrixMultiplication.Variant.allCases.map(\.rawValue)
    if let chosen = try parsed.choiceList("variants", in: names + ["all"], usage: usage) {
        let supported = MatrixMultiplication.Variant.supported.map(\.rawValue)
        if chosen.contains("all") {
            options.variants = supported
        } else if let unsupported = chosen.first(where: { !supported.contains($0) }) {
            throw UsageError("this CPU cannot run the \(unsupported) variant (it runs: \(supported.joined(separator: ", ")))", usage: usage)
        } else {
            options.variants = chosen
        }
    }
    options.threads = try parsed.integer("threads", usage: usage) ?? options.threads
    options.parallelFrom = try parsed.integer("parallel-from", usage: usage) ?? options.parallelFrom
    options.transposed = !parsed.flag("plain-only")
    options.sampling = try sampling(parsed, usage: usage)
    options.output = try outputOptions(parsed, usage: usage)
    for shape in options.shapes {
        let (m, k, n) = (Double(shape.m), Double(shape.k), Double(shape.n))
        try checkMemory(8 * (m * k + k * n + 2 * m * n), what: "the product \(shape)", limit: memoryLimit, usage: usage)
        if shape.multiplyAdds > maximumMultiplyAdds {
            throw UsageError(
                "the product \(shape) needs \(String(format: "%.3g", shape.multiplyAdds)) multiply-adds (limit \(String(format: "%.3g", maximumMultiplyAdds)), about a second per call)",
                usage: usage)
        }
    }
    return options
}
