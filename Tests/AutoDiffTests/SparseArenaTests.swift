import Testing
import AutoDiff

// Index sets in the detection arena: small sets merged, large ones extended in place at
// the top of their buffer. Every pattern here is checked against an independent route:
// the nonzeros of the dense Jacobian at a random point (random coefficients, so no entry
// of these functions cancels numerically).

/// Outputs built by every accumulation style, over sets that outgrow the small buffer:
/// ascending and descending `+=`, `s = s + t`, `s = t + s`, two accumulators growing in
/// turn (neither stays at the top), and products of two large sets.
struct ArenaAccumulations: VectorFunction {
    let weights: [Double]
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let n = x.count
        var ascending = T(0), descending = T(0), plain = T(0), flipped = T(0)
        var even = T(0), odd = T(0)
        for j in 0..<n {
            ascending += weights[j] * x[j]
            descending += weights[n - 1 - j] * T.sin(x[n - 1 - j])
            plain = plain + x[j] * weights[(j + 1) % n]
            flipped = T.square(x[(j * 7) % n]) + flipped
            if j % 2 == 0 { even += weights[j] * x[j] } else { odd += x[j] * x[j] }
        }
        let firstHalf = (0..<(n / 2)).reduce(T(0)) { $0 + weights[$1] * x[$1] }
        let secondHalf = ((n / 2)..<n).reduce(T(0)) { $0 + weights[$1] * x[$1] }
        let product = firstHalf * secondHalf
        let mixed = even * T.exp(odd / Double(n))
        let slice = (3..<(n - 3)).reduce(T(0)) { $0 + x[$1] * weights[$1] } + x[1]
        return [ascending, descending, plain, flipped, even, odd, product, mixed, slice, x[n / 3]]
    }
}

/// A random program: values combine pairs picked by a seeded generator (the structure
/// depends on the seed only, never on values), a few accumulators grow over the run.
struct RandomDAG: VectorFunction {
    let seed: UInt64
    let outputs: Int
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        var rng = TestLCG(seed: seed)
        var pool = x
        var accumulators = [T](repeating: T(0), count: 3)
        for _ in 0..<(4 * x.count) {
            let a = pool[rng.below(pool.count)], b = pool[rng.below(pool.count)]
            let c = 0.5 + rng.uniform() / 4
            let value: T =
                switch rng.below(5) {
                case 0: a + c * b
                case 1: a * T.sin(b) + c
                case 2: T.sin(a) * c + b
                case 3: T.atan(a + b) // atan' never rounds to 0 here (tanh' would, saturated)
                default: a
                }
            pool.append(value)
            accumulators[rng.below(3)] += c * value
        }
        return Array(pool.suffix(outputs)) + accumulators
    }
}

/// The dense Jacobian's nonzeros as a pattern.
func numericalPattern(_ j: Matrix<Double>) throws -> SparsityPattern {
    try SparsityPattern(
        rows: j.rows, columns: j.columns,
        rowColumns: (0..<j.rows).map { r in
            (0..<j.columns).filter { j[r, $0] != 0 }
        })
}

@Suite struct SparseArena {
    @Test(arguments: [8, 17, 40, 300]) func accumulationsMatchTheDenseJacobian(n: Int) throws {
        var rng = TestLCG(seed: 900 + UInt64(n))
        let f = ArenaAccumulations(weights: (0..<n).map { _ in 1 + rng.uniform() / 2 })
        let x = rng.vector(n).map { $0 + 2 } // away from 0: no x·x or sin'(x) vanishes
        let detected = try jacobianSparsity(of: f, at: x)
        #expect(detected == (try numericalPattern(jacobian(of: f, at: x, mode: .reverse))))
        #expect(detected.columns(inRow: 0).count == n) // a full row: the large buffer
    }

    @Test(arguments: 0..<40) func randomProgramsMatchTheDenseJacobian(seed: Int) throws {
        var rng = TestLCG(seed: 7_000 + UInt64(seed))
        let n = 3 + rng.below(30)
        let f = RandomDAG(seed: UInt64(seed), outputs: 1 + rng.below(12))
        let x = rng.vector(n)
        let detected = try jacobianSparsity(of: f, at: x)
        #expect(detected == (try numericalPattern(jacobian(of: f, at: x, mode: .forward))))
    }

    // Detection repeated (pooled memory reused) and run concurrently gives the same pattern.
    @Test func repeatedAndConcurrentDetectionAgree() async throws {
        let f = ArenaAccumulations(weights: (0..<64).map { 1 + Double($0) / 100 })
        let x = (0..<64).map { 2 + Double($0) / 64 }
        let first = try jacobianSparsity(of: f, at: x)
        let patterns = try await withThrowingTaskGroup(of: SparsityPattern.self) { group in
            for _ in 0..<8 { group.addTask { try jacobianSparsity(of: f, at: x) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(patterns.allSatisfy { $0 == first })
        #expect(try jacobianSparsity(of: f, at: x) == first)
    }

    // Inside the evaluation a tracer reads its own set.
    @Test func tracerReportsItsSetDuringTheEvaluation() throws {
        struct Probe: VectorFunction {
            func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
                let y = x[2] * x[0] + x[2]
                if let t = y as? SparsityTracer {
                    #expect(t.indices == [0, 2])
                    #expect(t.description.hasSuffix("{0, 2}"))
                    #expect(SparsityTracer(3).indices.isEmpty)
                }
                return [y]
            }
        }
        #expect(Array(try jacobianSparsity(of: Probe(), at: [1, 2, 3]).columns(inRow: 0)) == [0, 2])
    }
}
