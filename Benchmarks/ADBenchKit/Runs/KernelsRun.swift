// `adbench kernels`: one core's FMA peak, then the matrix-product kernel timed on each shape,
// operand form, variant and thread count, every product checked by Freivalds' test.
import AutoDiff

/// How the operands are stored: op(A) = A or Aᵀ, op(B) = B or Bᵀ.
public enum OperandForm: String, CaseIterable, Sendable, Codable {
    case plain = "A·B", transposedA = "Aᵀ·B", transposedB = "A·Bᵀ", both = "Aᵀ·Bᵀ"

    var transposesA: Bool { self == .transposedA || self == .both }
    var transposesB: Bool { self == .transposedB || self == .both }
}

/// One core's measured FMA peak for one variant.
public struct PeakRow: Sendable, Codable, Equatable {
    /// The variant whose widest registers the loop used.
    public var variant: String
    /// Median GFLOP/s of the loop of independent fused multiply-adds.
    public var gflops: Double
}

/// One timed product.
public struct KernelRow: Sendable, Codable, Equatable {
    /// The product's shape.
    public var shape: KernelShape
    /// Which operands were stored transposed.
    public var operands: OperandForm
    /// Threads the product used.
    public var threads: Int
    /// The kernel variant.
    public var variant: String
    /// Median seconds per product.
    public var seconds: Double
    /// 2·m·k·n / seconds, in units of 10^9.
    public var gflops: Double
    /// GFLOP/s over (threads × the highest one-core peak).
    public var fractionOfPeak: Double
    /// Seconds over those of A·B with the same variant and threads (1 for A·B).
    public var ratioToPlain: Double
    /// One thread's seconds over these (1 for one thread).
    public var speedup: Double
    /// Freivalds' test: max over rows of |C·x − op(A)·(op(B)·x)| over its magnitude.
    public var checkError: Double
    /// Whether the check failed.
    public var wrong: Bool
}

/// Everything `adbench kernels` measured.
public struct KernelsResult: Sendable, Codable, Equatable {
    /// The FMA peak of each variant this CPU runs.
    public var peaks: [PeakRow]
    /// The timed products.
    public var rows: [KernelRow]
    /// The highest one-core peak (GFLOP/s), the reference of `fractionOfPeak`.
    public var peak: Double { peaks.map(\.gflops).max() ?? .nan }
}

/// Median GFLOP/s of `variant`'s FMA loop (calls of ~1 ms).
func measureFMAPeak(_ variant: MatrixMultiplication.Variant, sampling: SamplingOptions) throws -> Double {
    let iterations = 40_000_000 / variant.fmaLoopFlopsPerIteration
    let sample = try Sampler(options: sampling).measure { variant.fmaLoop(iterations: iterations) }
    return Double(iterations * variant.fmaLoopFlopsPerIteration) / sample.median * 1e-9
}

/// Runs `adbench kernels`.
/// - Complexity: about (shapes × forms × thread counts × variants + peaks) × `minTime` seconds.
public func runKernels(_ options: KernelsOptions, progress: (Int, String) -> Void = { _, _ in }) throws -> KernelsResult {
    let peaks = try MatrixMultiplication.Variant.supported.map {
        PeakRow(variant: $0.rawValue, gflops: try measureFMAPeak($0, sampling: options.sampling))
    }
    let peak = peaks.map(\.gflops).max()!
    var rows: [KernelRow] = []
    var step = 0
    for name in options.variants {
        guard let variant = MatrixMultiplication.Variant(rawValue: name) else { continue }
        for shape in options.shapes {
            step += 1
            progress(step, "\(variant.rawValue) \(shape)")
            rows += try timeShape(shape, variant: variant, options: options, peak: peak)
        }
    }
    return KernelsResult(peaks: peaks, rows: rows)
}

/// Times every form and thread count of one shape, interleaved.
func timeShape(_ shape: KernelShape, variant: MatrixMultiplication.Variant, options: KernelsOptions, peak: Double) throws -> [KernelRow] {
    let (m, k, n) = (shape.m, shape.k, shape.n)
    var g = LCG(seed: 16)
    let a = (0..<(m * k)).map { _ in g.nextUniform() }, b = (0..<(k * n)).map { _ in g.nextUniform() }
    let x = (0..<n).map { _ in g.nextUniform() }
    let forms = options.transposed ? OperandForm.allCases : [.plain]
    let threadCounts = options.threads > 1 && shape.multiplyAdds >= Double(options.parallelFrom) ? [1, options.threads] : [1]
    let cases = threadCounts.flatMap { t in forms.map { (form: $0, threads: t) } }
    var outputs = [[Double]](repeating: [Double](repeating: 0, count: m * n), count: cases.count)
    let samples: [Sample] = try a.withUnsafeBufferPointer { a in
        try b.withUnsafeBufferPointer { b in
            let c = UnsafeMutablePointer<Double>.allocate(capacity: cases.count * m * n)
            defer { c.deallocate() }
            let bodies: [() throws -> Void] = cases.enumerated().map { index, item in
                {
                    MatrixMultiplication.multiply(
                        m: m, n: n, k: k, a.baseAddress!, lda: item.form.transposesA ? m : k, transposedA: item.form.transposesA,
                        b.baseAddress!, ldb: item.form.transposesB ? k : n, transposedB: item.form.transposesB,
                        into: c + index * m * n, ldc: n, parallelism: item.threads == 1 ? .serial : .threads(item.threads),
                        variant: variant)
                }
            }
            let samples = try Sampler(options: options.sampling).measure(interleaving: bodies)
            for index in cases.indices { outputs[index] = Array(UnsafeBufferPointer(start: c + index * m * n, count: m * n)) }
            return samples
        }
    }
    return cases.indices.map { index in
        let (form, threads) = cases[index]
        let seconds = samples[index].median
        let plain = cases.firstIndex { $0.form == .plain && $0.threads == threads }!
        let single = cases.firstIndex { $0.form == form && $0.threads == 1 }!
        let error = freivaldsError(shape, form: form, a: a, b: b, c: outputs[index], x: x)
        let gflops = 2 * shape.multiplyAdds / seconds * 1e-9
        return KernelRow(
            shape: shape, operands: form, threads: threads, variant: variant.rawValue, seconds: seconds,
            gflops: gflops, fractionOfPeak: gflops / (Double(threads) * peak),
            ratioToPlain: seconds / samples[plain].median, speedup: samples[single].median / seconds,
            checkError: error, wrong: !(error <= 1e-10))
    }
}

/// Freivalds' test of C = op(A)·op(B): max over rows i of |(C·x)_i − (op(A)·(op(B)·x))_i|
/// divided by Σ_p |op(A)_ip|·Σ_j |op(B)_pj·x_j| (rounding leaves ~(k + n)·ε; a wrong
/// product leaves O(1) with probability ~1 for random x).
/// - Complexity: O(m·k + k·n + m·n), independent of the kernel.
func freivaldsError(_ shape: KernelShape, form: OperandForm, a: [Double], b: [Double], c: [Double], x: [Double]) -> Double {
    let (m, k, n) = (shape.m, shape.k, shape.n)
    func opA(_ i: Int, _ p: Int) -> Double { form.transposesA ? a[p * m + i] : a[i * k + p] }
    func opB(_ p: Int, _ j: Int) -> Double { form.transposesB ? b[j * k + p] : b[p * n + j] }
    var bx = [Double](repeating: 0, count: k), bxMagnitude = [Double](repeating: 0, count: k)
    for p in 0..<k {
        for j in 0..<n {
            bx[p] += opB(p, j) * x[j]
            bxMagnitude[p] += abs(opB(p, j) * x[j])
        }
    }
    var worst = 0.0
    for i in 0..<m {
        var cx = 0.0, abx = 0.0, magnitude = Double.leastNormalMagnitude
        for j in 0..<n { cx += c[i * n + j] * x[j] }
        for p in 0..<k {
            abx += opA(i, p) * bx[p]
            magnitude += abs(opA(i, p)) * bxMagnitude[p]
        }
        let error = abs(cx - abx) / magnitude
        if error.isNaN { return .nan }
        worst = max(worst, error)
    }
    return worst
}
