import Testing
import AutoDiff

// Concurrency: tapes belong to a computation, not to the process.
//
// Every driver creates its own tape (or none) and releases it before returning, so
// several tasks can differentiate at once. Results are values: `Matrix<Double>`,
// `[Double]`, `Dual<Double>` are Sendable and travel out of the tasks below (the
// compiler checks that: a child task's result must be Sendable).
//
// `Tape` and `Tracked` are deliberately NOT Sendable: a tracked value is an index into a
// tape's unsynchronised storage, and the tape frees that storage when its recording
// ends. Sending either to another task would let two threads append to one tape, or
// one read a tape another has freed; Swift 6 rejects `group.addTask { tracked }`. A
// task that wants a derivative records on a tape of its own.
//
// Each task below computes something different (forward / reverse / chunked Jacobians,
// gradients, HVPs, JVP/VJP, second derivatives) at 25 points; the results must equal a
// serial run bit for bit: same operations in the same order, nothing shared.

/// R^5 → R^4 with every kind of operation, Sendable (plain struct).
struct ConcurrentVector: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let s = x.reduce(T(0.5)) { $0 + T.sin($1) * $1 }
        return [
            T.exp(x[0] * 0.3) * x[1] - s,
            T.tanh(x[2] / (1.5 + x[3] * x[3])) + T.square(s),
            T.log(onePlus: T.sigmoid(x[4])) * x[0] + T.max(x[1], x[2]),
            T.atan2(y: x[3], x: 2 + x[4]) * T.hypot(x[0], x[1])
        ]
    }
}

/// R^5 → R: a sum of the vector function's outputs, squared.
struct ConcurrentScalar: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        ConcurrentVector()(x).reduce(T(0)) { $0 + T.square($1) }
    }
}

/// The 25 points of task `kind`.
func concurrentPoints(kind: Int) -> [[Double]] {
    (0..<25).map { k in (0..<5).map { j in Double((kind * 31 + k * 7 + j * 3) % 17) / 10 - 0.8 } }
}

/// What task `kind` computes, flattened: a different driver per kind.
func concurrentWork(kind: Int) throws -> [Double] {
    var out: [Double] = []
    let v = ConcurrentVector(), s = ConcurrentScalar()
    for x in concurrentPoints(kind: kind) {
        switch kind {
        case 0: out += try forwardJacobian(of: v, at: x, chunk: .one).jacobian.elements
        case 1: out += try forwardJacobian(of: v, at: x, chunk: .four).jacobian.elements
        case 2: out += try reverseJacobian(of: v, at: x, chunk: .one).jacobian.elements
        case 3: out += try reverseJacobian(of: v, at: x, chunk: .eight).jacobian.elements
        case 4: out += try gradient(of: s, at: x, mode: .reverse)
        case 5: out += try gradient(of: s, at: x, mode: .forward)
        case 6: out += try hvp(of: s, at: x, direction: [1, -1, 0.5, 0, 2])
        default:
            out += try jvp(of: v, at: x, direction: [0.5, 1, -1, 2, 0]).tangent
            out += try vjp(of: v, at: x, cotangent: [1, 2, -1, 0.5]).cotangent
        }
    }
    return out
}

@Suite struct ConcurrencyTests {
    @Test func eightConcurrentTasksMatchSerialRunsBitForBit() async throws {
        let serial = try (0..<8).map(concurrentWork)
        for _ in 0..<3 { // a few rounds, so tasks overlap in different ways
            let concurrent = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
                for kind in 0..<8 { group.addTask { (kind, try concurrentWork(kind: kind)) } }
                var results = [[Double]](repeating: [], count: 8)
                for try await (kind, result) in group { results[kind] = result }
                return results
            }
            for kind in 0..<8 {
                #expect(concurrent[kind] == serial[kind], "task \(kind)")
                #expect(!serial[kind].isEmpty && serial[kind].allSatisfy(\.isFinite))
            }
        }
        // The routes agree with each other too (the tasks computed real derivatives).
        let x = concurrentPoints(kind: 0)[0]
        let forward = try forwardJacobian(of: ConcurrentVector(), at: x, chunk: .one).jacobian
        let reverse = try reverseJacobian(of: ConcurrentVector(), at: x, chunk: .one).jacobian
        #expect(zip(forward.elements, reverse.elements).allSatisfy { Swift.abs($0 - $1) <= 1e-12 * Swift.max(1, Swift.abs($0)) })
    }

    @Test func matricesAndDualsCrossTaskBoundaries() async throws {
        // Matrix<Double> and Dual<Double> are returned from child tasks (a compile-time
        // Sendable check) and equal what a serial run gives.
        let x = concurrentPoints(kind: 3)[4]
        let serialJacobian = try reverseJacobian(of: ConcurrentVector(), at: x).jacobian
        let serialSecond = try jvp(
            of: ConcurrentScalar(), at: x.map { Dual($0, tangent: 1) },
            direction: [Dual](repeating: Dual(1, tangent: 0), count: 5))
        async let jacobian = Task { try reverseJacobian(of: ConcurrentVector(), at: x).jacobian }.value
        async let second = Task {
            try jvp(
                of: ConcurrentScalar(), at: x.map { Dual($0, tangent: 1) },
                direction: [Dual](repeating: Dual(1, tangent: 0), count: 5))
        }.value
        let (j, d) = try await (jacobian, second)
        #expect(j == serialJacobian)
        #expect(d.tangent == serialSecond.tangent && d.tangent.tangent == serialSecond.tangent.tangent)
        // Compile-time checks: these values may cross task boundaries (no runtime assertion).
        requireSendable(
            j, d.tangent, ChunkSize.four, DifferentiationMode.reverse,
            DifferentiationError.inputCount(expected: 1, got: 2), MultiDual<SIMD4<Double>>(1),
            HVPMode.reverseOverReverse)
    }

    @Test func manyTapesOfDifferentSizesAtOnce() async throws {
        // Tapes of very different sizes recorded at once share only the block cache.
        struct Chain: ScalarFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
                var s = T(0)
                for (i, v) in x.enumerated() { s = T.sin(s + v * Double(i % 7 + 1)) }
                return s
            }
        }
        let sizes = [1, 10, 100, 1000, 5000, 3, 300, 2000]
        let points = sizes.map { n in (0..<n).map { Double($0 % 13) / 13 - 0.4 } }
        let serial = try points.map { try gradient(of: Chain(), at: $0) }
        let concurrent = try await withThrowingTaskGroup(of: (Int, [Double]).self) { group in
            for (k, x) in points.enumerated() {
                group.addTask {
                    var g: [Double] = []
                    for _ in 0..<5 { g = try gradient(of: Chain(), at: x) }
                    return (k, g)
                }
            }
            var results = [[Double]](repeating: [], count: sizes.count)
            for try await (k, g) in group { results[k] = g }
            return results
        }
        #expect(concurrent == serial)
    }
}

/// Compiles only if every argument's type is Sendable.
private func requireSendable<each V: Sendable>(_ values: repeat each V) {}
