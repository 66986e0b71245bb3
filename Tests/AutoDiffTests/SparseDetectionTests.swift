import Testing
import AutoDiff

// Patterns detected on the corpus's banded members (Tridiagonal, Arrow, BlockDiagonal, at
// several sizes) and on a function whose pattern follows its branch.

/// A branch: output 0 depends on x_1 only when x_0 > 0.
struct BranchDependentPattern: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        [x[0] > 0 ? x[0] * x[1] : x[0], T.relu(x[1]) + T.max(x[0], x[1])]
    }
}

@Suite struct SparseDetection {
    @Test(arguments: [1, 2, 5, 40]) func tridiagonalPatternIsFound(n: Int) throws {
        var rng = TestLCG(seed: UInt64(n))
        let p = try jacobianSparsity(of: Tridiagonal(), at: rng.vector(n))
        #expect(p == (try Tridiagonal.pattern(n)))
        #expect(p.nonzeroCount == 3 * n - 2)
    }

    @Test(arguments: [2, 7, 30]) func arrowPatternIsFound(n: Int) throws {
        var rng = TestLCG(seed: 100 + UInt64(n))
        #expect(try jacobianSparsity(of: Arrow(), at: rng.vector(n)) == Arrow.pattern(n))
    }

    @Test(arguments: [3, 8, 30]) func blockDiagonalPatternIsFound(n: Int) throws {
        var rng = TestLCG(seed: 200 + UInt64(n))
        #expect(try jacobianSparsity(of: BlockDiagonal(), at: rng.vector(n)) == BlockDiagonal.pattern(n))
    }

    // The detected pattern contains every numerically nonzero entry of the dense Jacobian.
    @Test func patternCoversTheDenseJacobian() throws {
        var rng = TestLCG(seed: 300)
        let x = rng.vector(10)
        for (p, j) in [
            (try jacobianSparsity(of: Arrow(), at: x), try jacobian(of: Arrow(), at: x)),
            (try jacobianSparsity(of: BlockDiagonal(), at: x), try jacobian(of: BlockDiagonal(), at: x))
        ] {
            expectPatternCovers(p, j, "detected pattern")
        }
    }

    // Branches follow the point; kinks (relu, max) keep both operands.
    @Test func branchesFollowThePoint() throws {
        let positive = try jacobianSparsity(of: BranchDependentPattern(), at: [1.0, -2])
        let negative = try jacobianSparsity(of: BranchDependentPattern(), at: [-1.0, -2])
        #expect(Array(positive.columns(inRow: 0)) == [0, 1])
        #expect(Array(negative.columns(inRow: 0)) == [0])
        #expect(Array(negative.columns(inRow: 1)) == [0, 1])
    }

    @Test func patternBasicsAndErrors() throws {
        let p = try SparsityPattern(rows: 2, columns: 3, rowColumns: [[2, 0, 2], [1]])
        #expect(p.rowStart == [0, 2, 3] && p.columnIndex == [0, 2, 1])
        #expect(p.transposed.transposed == p)
        #expect(p.transposed == (try SparsityPattern(rows: 3, columns: 2, rowColumns: [[0], [1], [0]])))
        #expect(p.description == "x.x\n.x.")
        #expect(throws: SparsityError.columnOutOfRange(row: 1, column: 3, columns: 3)) {
            try SparsityPattern(rows: 2, columns: 3, rowColumns: [[0], [3]])
        }
        #expect(throws: SparsityError.unsortedRow(row: 0)) {
            try SparsityPattern(rows: 1, columns: 3, rowStart: [0, 2], columnIndex: [2, 1])
        }
        #expect(throws: SparsityError.rowOffsets(rows: 2, nonzeros: 1)) {
            try SparsityPattern(rows: 2, columns: 3, rowStart: [0, 1], columnIndex: [1])
        }
        #expect(throws: DifferentiationError.self) {
            try jacobianSparsity(of: SpFixedInputs(), at: [1.0])
        }
    }
}

struct SpFixedInputs: VectorFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { x }
    var inputCount: Int? { 2 }
}

@Suite struct SparseAccumulation {
    // `s += term` (in place) and `s = s + term` give the same sets, in any order of terms.
    struct Sum: VectorFunction {
        let inPlace: Bool
        func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
            var s = T(0)
            for i in [5, 1, 7, 0, 3, 3, 9, 2] {
                let term = x[i] * x[(i + 4) % x.count]
                if inPlace { s += term } else { s = s + term }
                if inPlace { s -= x[i] } else { s = s - x[i] }
            }
            return [s]
        }
    }

    @Test func inPlaceAccumulationMatchesTheUnion() throws {
        let x = (0..<10).map { Double($0) / 10 }
        let a = try jacobianSparsity(of: Sum(inPlace: true), at: x)
        let b = try jacobianSparsity(of: Sum(inPlace: false), at: x)
        #expect(a == b)
        #expect(Array(a.columns(inRow: 0)) == [0, 1, 2, 3, 4, 5, 6, 7, 9])
        struct Scalar: ScalarFunction {
            let inPlace: Bool
            func callAsFunction<T: ADScalar>(_ x: [T]) -> T { Sum(inPlace: inPlace)(x)[0] }
        }
        let h = try hessianSparsity(of: Scalar(inPlace: true), at: x)
        #expect(h == (try hessianSparsity(of: Scalar(inPlace: false), at: x)))
        #expect(h.contains(row: 5, column: 9) && h.contains(row: 9, column: 5) && !h.contains(row: 5, column: 5))
    }
}
