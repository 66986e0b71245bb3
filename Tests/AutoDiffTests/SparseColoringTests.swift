import Testing
import AutoDiff

@Suite struct SparseColoring {
    /// A random m × n pattern with about `density` of the entries, seeded.
    static func randomPattern(seed: UInt64, rows m: Int, columns n: Int, density: Double) throws -> SparsityPattern {
        var rng = TestLCG(seed: seed)
        let rows = (0..<m).map { _ in (0..<n).filter { _ in (rng.uniform() + 1) / 2 < density } }
        return try SparsityPattern(rows: m, columns: n, rowColumns: rows)
    }

    @Test(arguments: Array(UInt64(1)...UInt64(25))) func greedyColoringIsValidOnRandomPatterns(seed: UInt64) throws {
        let m = 5 + Int(seed % 7) * 6, n = 4 + Int(seed % 5) * 9
        let density = [0.05, 0.1, 0.3, 0.6][Int(seed % 4)]
        let p = try Self.randomPattern(seed: seed, rows: m, columns: n, density: density)
        let columns = Coloring.columns(of: p)
        #expect(columns.isValidColumnColoring(of: p))
        #expect(columns.colors.count == n)
        let maxRow = (0..<m).map { p.columns(inRow: $0).count }.max() ?? 0
        #expect(columns.count >= maxRow) // a row's columns all need distinct colours
        #expect(columns.count <= n)
        let rows = Coloring.rows(of: p)
        #expect(rows.isValidRowColoring(of: p))
        #expect(rows.colors.count == m)
        // The checker itself can fail: merging two colours that share a row is caught.
        if let row = (0..<m).first(where: { p.columns(inRow: $0).count >= 2 }) {
            let cols = Array(p.columns(inRow: row))
            var bad = columns.colors
            bad[cols[1]] = bad[cols[0]]
            #expect(!Coloring(colors: bad).isValidColumnColoring(of: p))
        }
    }

    @Test(arguments: [3, 4, 10, 1000]) func tridiagonalNeedsExactlyThreeColours(n: Int) throws {
        let p = try Tridiagonal.pattern(n)
        #expect(Coloring.columns(of: p).count == 3)
        #expect(Coloring.rows(of: p).count == 3)
        #expect(SparseJacobianPlan(pattern: p).colorCount == 3)
    }

    @Test func arrowAndBlockDiagonal() throws {
        // Arrow: column 0 meets every column in row 0: n colours for columns, same for rows.
        #expect(Coloring.columns(of: try Arrow.pattern(20)).count == 20)
        // Blocks of 3: 3 colours whatever n.
        #expect(Coloring.columns(of: try BlockDiagonal.pattern(30)).count == 3)
        // Diagonal: 1 colour.
        let diagonal = try SparsityPattern(rows: 5, columns: 5, rowColumns: (0..<5).map { [$0] })
        #expect(Coloring.columns(of: diagonal).count == 1)
        // One dense row, other rows empty: columns need n colours, rows 1 — `.auto` picks reverse.
        let denseRow = try SparsityPattern(rows: 4, columns: 6, rowColumns: [Array(0..<6), [], [], []])
        let plan = SparseJacobianPlan(pattern: denseRow)
        #expect(plan.mode == .reverse && plan.colorCount == 1)
    }

    @Test func groupsAndInvalidColoringError() throws {
        let p = try Tridiagonal.pattern(6)
        let c = Coloring.columns(of: p)
        #expect(c.groups.flatMap { $0 }.sorted() == Array(0..<6))
        #expect(throws: SparsityError.invalidColoring(ofRows: false)) {
            try SparseJacobianPlan(pattern: p, coloring: Coloring(colors: [0, 0, 0, 0, 0, 0]), mode: .forward)
        }
        #expect(throws: SparsityError.invalidColoring(ofRows: true)) {
            try SparseJacobianPlan(pattern: p, coloring: Coloring(colors: [0, 1]), mode: .reverse)
        }
    }
}
