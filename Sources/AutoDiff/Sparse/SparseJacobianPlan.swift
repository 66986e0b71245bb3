/// A sparsity pattern with a colouring and the bookkeeping to recover entries from
/// compressed products: built once, reused at every later point with the same pattern
/// (the common case in Newton iterations).
///
/// ```swift
/// let plan = try SparseJacobianPlan(of: f, at: x0)          // detect + colour, once
/// for _ in 0..<iterations {
///     let J = try sparseJacobian(of: f, at: x, plan: plan)   // colorCount passes
///     ...
/// }
/// ```
/// In `.forward` mode pass c seeds tangent 1 on every column of colour c and reads
/// entry (i, j) from output i's tangent; in `.reverse` mode sweep c seeds adjoint 1 on
/// every row of colour c and reads entry (i, j) from input j's adjoint.
public struct SparseJacobianPlan: Equatable, Sendable {
    /// The Jacobian's structural nonzeros (m × n).
    public let pattern: SparsityPattern
    /// `.forward` (colours columns, one forward lane per colour) or `.reverse` (colours
    /// rows, one recording and ⌈colours/8⌉ sweeps with the colours as adjoint lanes).
    public let mode: DifferentiationMode
    /// Colours of the columns (forward) or rows (reverse).
    public let coloring: Coloring

    /// Per colour c, the seeded columns (forward) or rows (reverse) are
    /// `seeds[seedStart[c] ..< seedStart[c + 1]]`.
    @usableFromInline let seedStart: [Int]
    @usableFromInline let seeds: [Int]
    /// Per colour c, the nonzeros it recovers are `entryStart[c] ..< entryStart[c + 1]`
    /// of `entryPosition` (index into the values) and `entrySource` (the output row
    /// whose tangent, or the input column whose adjoint, holds the value).
    @usableFromInline let entryStart: [Int]
    @usableFromInline let entryPosition: [Int]
    @usableFromInline let entrySource: [Int]

    /// The number of passes (forward) or sweeps (reverse) one Jacobian costs.
    public var colorCount: Int { coloring.count }

    /// A plan for `pattern`, coloured greedily (see ``Coloring``).
    /// - Parameter pattern: the Jacobian's structural nonzeros.
    /// - Parameter mode: `.forward` colours columns, `.reverse` rows; `.auto` colours
    ///   both and takes the one with fewer colours (forward on a tie: it needs no tape);
    ///   the rows are not coloured when the columns' colours already reach the rows' lower
    ///   bound (the longest column's length).
    /// - Complexity: O(Σ over rows of (row length)²) for each colouring computed.
    public init(pattern: SparsityPattern, mode: DifferentiationMode = .auto) {
        var resolved = mode
        var coloring: Coloring
        switch mode {
        case .forward: coloring = .columns(of: pattern)
        case .reverse: coloring = .rows(of: pattern)
        case .auto:
            coloring = .columns(of: pattern)
            resolved = .forward
            // A row colouring needs at least as many colours as the longest column has
            // entries (those rows all share it): skip it when it cannot win.
            if coloring.count > pattern.longestColumn {
                let rows = Coloring.rows(of: pattern)
                if rows.count < coloring.count { coloring = rows; resolved = .reverse }
            }
        }
        self.init(pattern: pattern, mode: resolved, coloring: coloring)
    }

    /// A plan from a given colouring (e.g. a known one).
    /// - Throws: ``SparsityError/invalidColoring(ofRows:)`` when `coloring` is not a valid column colouring (`.forward`) or row colouring
    ///   (`.reverse`, `.auto` means forward) of `pattern`.
    public init(pattern: SparsityPattern, coloring: Coloring, mode: DifferentiationMode) throws {
        let resolved: DifferentiationMode = mode == .reverse ? .reverse : .forward
        let valid =
            resolved == .forward
            ? coloring.isValidColumnColoring(of: pattern) : coloring.isValidRowColoring(of: pattern)
        guard valid else { throw SparsityError.invalidColoring(ofRows: resolved == .reverse) }
        self.init(pattern: pattern, mode: resolved, coloring: coloring)
    }

    /// Detects the pattern of `f`'s Jacobian at `x` (``jacobianSparsity(of:at:)``) and
    /// colours it.
    /// - Throws: ``DifferentiationError`` for a wrong-length `x` or output count.
    /// - Complexity: one traced evaluation plus the colouring.
    @inlinable
    public init<F: VectorFunction>(of f: F, at x: [Double], mode: DifferentiationMode = .auto) throws {
        self.init(pattern: try jacobianSparsity(of: f, at: x), mode: mode)
    }

    init(pattern: SparsityPattern, mode: DifferentiationMode, coloring: Coloring) {
        self.pattern = pattern
        self.mode = mode
        self.coloring = coloring
        let k = coloring.count
        // Seeds grouped by colour (counting sort).
        var seedStart = [Int](repeating: 0, count: k + 1)
        for c in coloring.colors { seedStart[c + 1] += 1 }
        for c in 0..<k { seedStart[c + 1] += seedStart[c] }
        var seeds = [Int](repeating: 0, count: coloring.colors.count)
        var next = seedStart
        for (s, c) in coloring.colors.enumerated() { seeds[next[c]] = s; next[c] += 1 }
        // Nonzeros grouped by the colour of their column (forward) or row (reverse).
        var entryStart = [Int](repeating: 0, count: k + 1)
        var entryColor = [Int](repeating: 0, count: pattern.nonzeroCount)
        var entryOther = [Int](repeating: 0, count: pattern.nonzeroCount)
        for i in 0..<pattern.rows {
            for p in pattern.rowStart[i]..<pattern.rowStart[i + 1] {
                let j = pattern.columnIndex[p]
                entryColor[p] = mode == .reverse ? coloring.colors[i] : coloring.colors[j]
                entryOther[p] = mode == .reverse ? j : i
                entryStart[entryColor[p] + 1] += 1
            }
        }
        for c in 0..<k { entryStart[c + 1] += entryStart[c] }
        var entryPosition = [Int](repeating: 0, count: pattern.nonzeroCount)
        var entrySource = [Int](repeating: 0, count: pattern.nonzeroCount)
        next = entryStart
        for p in 0..<pattern.nonzeroCount {
            let c = entryColor[p]
            entryPosition[next[c]] = p
            entrySource[next[c]] = entryOther[p]
            next[c] += 1
        }
        self.seedStart = seedStart
        self.seeds = seeds
        self.entryStart = entryStart
        self.entryPosition = entryPosition
        self.entrySource = entrySource
    }
}
