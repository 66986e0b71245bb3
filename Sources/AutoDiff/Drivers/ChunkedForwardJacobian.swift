/// Forward Jacobian of a `Double` function, `Lanes.scalarCount` columns per pass.
///
/// Pass p seeds inputs j ∈ [p·k, p·k + k) with the unit tangent of lane j − p·k; output
/// i's lane l is then `J[i, p·k + l]`. The first pass runs alone (it fixes m and times a
/// pass); the others split across threads by `parallelism`, each writing its own columns.
/// - Complexity: ⌈n/k⌉ evaluations on ``MultiDual`` (each ~2–3 primal costs plus O(k)
///   SIMD tangent work per operation); no tape.
@inlinable
func chunkedForwardJacobian<F: VectorFunction, Lanes: SIMD>(
    of f: F, at x: [Double], lanes: Lanes.Type, parallelism: Parallelism
) throws -> (value: [Double], jacobian: Matrix<Double>) where Lanes.Scalar == Double {
    let n = x.count, k = Lanes.scalarCount
    let passes = (n + k - 1) / k
    let seedless = x.map { MultiDual<Lanes>($0) }

    /// Pass p: seeds its columns, evaluates, writes them into J (row stride n).
    func pass(_ p: Int, _ inputs: inout [MultiDual<Lanes>], into J: UnsafeMutablePointer<Double>?, rows: Int) -> [MultiDual<Lanes>] {
        let start = p * k, end = Swift.min(start + k, n)
        for j in start..<end { inputs[j].tangents[j - start] = 1 }
        let y = f(inputs)
        for j in start..<end { inputs[j].tangents = .zero }
        if let J, y.count == rows {
            for i in 0..<rows {
                let t = y[i].tangents
                for j in start..<end { J[i * n + j] = t[j - start] }
            }
        }
        return y
    }

    var inputs = seedless
    let began = monotonicSeconds()
    let first = pass(0, &inputs, into: nil, rows: 0)
    let secondsPerPass = monotonicSeconds() - began
    try validateOutputs(count: first.count, declared: f.outputCount)
    let m = first.count
    let threads = parallelism.threadCount(remaining: passes - 1, secondsPerItem: secondsPerPass)
    var changed = [Int](repeating: m, count: threads)
    // Uninitialised: the passes write every entry (their columns of every row), so the
    // result's pages are first touched by the threads that fill them, not zeroed up front.
    let elements = [Double](unsafeUninitializedCapacity: m * n) { J, initialized in
        initialized = m * n
        for i in 0..<m {
            for j in 0..<Swift.min(k, n) { J[i * n + j] = first[i].tangents[j] }
        }
        if threads <= 1 { // the common small case: no per-thread copies
            for p in 1..<Swift.max(passes, 1) {
                let y = pass(p, &inputs, into: J.baseAddress!, rows: m)
                if y.count != m && changed[0] == m { changed[0] = y.count } // the first change
            }
            return
        }
        changed.withUnsafeMutableBufferPointer { changed in
            let J = UnsafeSendable(J.baseAddress!), changed = UnsafeSendable(changed.baseAddress!)
            var perThreadInputs = [[MultiDual<Lanes>]](repeating: seedless, count: threads)
            perThreadInputs.withUnsafeMutableBufferPointer { buffers in
                let buffers = UnsafeSendable(buffers.baseAddress!)
                forEachItem(from: 1, to: passes, threads: threads) { t, p in
                    let y = pass(p, &buffers.value[t], into: J.value, rows: m)
                    if y.count != m && changed.value[t] == m { changed.value[t] = y.count } // the first change
                }
            }
        }
    }
    if let other = changed.first(where: { $0 != m }) {
        throw DifferentiationError.outputCountChanged(first: m, then: other)
    }
    return (first.map(\.value), Matrix(rows: m, columns: n, elements: elements))
}

/// Dispatches a chunk size to the SIMD type that carries it.
@inlinable
func chunkedForwardJacobian<F: VectorFunction>(
    of f: F, at x: [Double], chunk: ChunkSize, parallelism: Parallelism
) throws -> (value: [Double], jacobian: Matrix<Double>) {
    switch chunk {
    case .one, .two: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD2<Double>.self, parallelism: parallelism)
    case .four: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD4<Double>.self, parallelism: parallelism)
    case .eight: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD8<Double>.self, parallelism: parallelism)
    case .sixteen: try chunkedForwardJacobian(of: f, at: x, lanes: SIMD16<Double>.self, parallelism: parallelism)
    }
}
