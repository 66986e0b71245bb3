// Running a plan: the stages are visited once each, first to last (a tangent program or a
// recording also gives the stage's value), accumulated factors multiplied in the matrix
// kernel, and recordings released as soon as their rows have been pulled back.

/// An accumulated part of a Jacobian chain, `A = F_hi·…·F_lo` (`d_{hi+1} × d_lo`), stored
/// by rows (A itself, row-major) or by columns (Aᵀ, row-major: one row per column of A).
struct DenseFactor {
    var stored: Matrix<Double>
    var layout: CompositionCostModel.Layout

    /// The factor in `layout` (a transposed copy where it differs).
    /// - Complexity: rows × columns copies when the layout changes.
    func laidOut(_ wanted: CompositionCostModel.Layout) -> DenseFactor {
        guard wanted != layout else { return self }
        let (r, c) = (stored.rows, stored.columns)
        let elements = [Double](unsafeUninitializedCapacity: r * c) { out, initialized in
            stored.elements.withUnsafeBufferPointer { source in
                if r * c > 0 { transposeCopy(source.baseAddress!, rows: r, columns: c, into: out.baseAddress!, stride: r) }
            }
            initialized = r * c
        }
        return DenseFactor(stored: Matrix(rows: c, columns: r, elements: elements), layout: wanted)
    }

    /// The product `left · right` (left covers the later stages) in the matrix kernel,
    /// delivered in `layout`: rows give `C = op(L)·op(R)`, columns `Cᵀ = op(R)ᵀ·op(L)ᵀ`,
    /// the operands read in place whatever their layout.
    /// - Complexity: rows(L) · columns(L) · columns(R) multiply-adds.
    static func product(_ left: DenseFactor, _ right: DenseFactor, layout: CompositionCostModel.Layout) -> DenseFactor {
        // L is p × q, R is q × r.
        let p = left.layout == .rows ? left.stored.rows : left.stored.columns
        let q = left.layout == .rows ? left.stored.columns : left.stored.rows
        let r = right.layout == .rows ? right.stored.columns : right.stored.rows
        let (m, n) = layout == .rows ? (p, r) : (r, p)
        let elements = [Double](unsafeUninitializedCapacity: m * n) { out, initialized in
            initialized = m * n
            guard m * n > 0 else { return }
            guard q > 0 else { out.update(repeating: 0); return }
            left.stored.elements.withUnsafeBufferPointer { l in
                right.stored.elements.withUnsafeBufferPointer { rr in
                    if layout == .rows { // C = L·R
                        MatrixMultiplication.multiply(
                            m: m, n: n, k: q, l.baseAddress!, lda: left.stored.columns,
                            transposedA: left.layout == .columns, rr.baseAddress!,
                            ldb: right.stored.columns, transposedB: right.layout == .columns,
                            into: out.baseAddress!, ldc: n)
                    } else { // Cᵀ = Rᵀ·Lᵀ
                        MatrixMultiplication.multiply(
                            m: m, n: n, k: q, rr.baseAddress!, lda: right.stored.columns,
                            transposedA: right.layout == .rows, l.baseAddress!,
                            ldb: left.stored.columns, transposedB: left.layout == .rows,
                            into: out.baseAddress!, ldc: n)
                    }
                }
            }
        }
        return DenseFactor(stored: Matrix(rows: m, columns: n, elements: elements), layout: layout)
    }
}

/// One run of a plan on a composition at a point, tracking the tape bytes held.
struct PlanExecution {
    let composition: Composition
    let dimensions: [Int]
    let budget: Int
    var heldBytes = 0

    /// Checks that stage `i` produced its planned number of entries.
    func check(_ value: Tensor, stage i: Int) throws {
        if value.scalarCount != dimensions[i + 1] {
            throw DifferentiationError.outputCountChanged(first: dimensions[i + 1], then: value.scalarCount)
        }
    }

    /// Records stages `range` in order from `x`: their recordings and the last value.
    mutating func record(_ range: ClosedRange<Int>, from x: Tensor) throws -> (recordings: [StageRecording], value: Tensor) {
        var value = x, recordings: [StageRecording] = []
        for i in range {
            let recording = try composition.stages[i].recordBody(value)
            try check(recording.value, stage: i)
            heldBytes += recording.tapeBytes
            if heldBytes > budget { throw DifferentiationError.tapeBudgetExceeded(maximumBytes: budget) }
            recordings.append(recording)
            value = recording.value
        }
        return (recordings, value)
    }

    /// Pushes the rows of `block` (directions, `lanes × d_lo`) through stages `range` by tangents.
    func push(_ seeds: StageSeeds, through range: ClosedRange<Int>, from x: Tensor) throws -> (block: Matrix<Double>, value: Tensor) {
        var value = x, seeds = seeds, block = Matrix<Double>(rows: 0, columns: 0)
        for i in range {
            let result = try composition.stages[i].tangentsBody(value, seeds)
            try check(result.value, stage: i)
            (value, block) = (result.value, result.tangents)
            seeds = .rows(block)
        }
        return (block, value)
    }

    /// Pulls `seeds` (cotangent rows) back through `recordings`, last first, and releases them.
    mutating func pull(_ seeds: StageSeeds, through recordings: [StageRecording]) -> Matrix<Double> {
        var seeds = seeds, block = Matrix<Double>(rows: 0, columns: 0)
        for recording in recordings.reversed() {
            block = recording.pullback(seeds)
            seeds = .rows(block)
            heldBytes -= recording.tapeBytes
        }
        return block
    }

    /// Runs `step` from the value `x` entering its first stage: its factor (in `layout`,
    /// or as it comes) and the value leaving its last stage.
    mutating func run(_ step: CompositionPlan.Step, from x: Tensor, layout: CompositionCostModel.Layout?) throws -> (
        factor: DenseFactor, value: Tensor
    ) {
        var factor: DenseFactor, value: Tensor
        switch step {
        case let .tangents(r):
            let (block, y) = try push(.identity(dimensions[r.lowerBound]), through: r, from: x)
            (factor, value) = (DenseFactor(stored: block, layout: .columns), y)
        case let .adjoints(r):
            let (recordings, y) = try record(r, from: x)
            (factor, value) = (DenseFactor(stored: pull(.identity(dimensions[r.upperBound + 1]), through: recordings), layout: .rows), y)
        case let .product(l, r):
            let (right, y) = try run(r, from: x, layout: nil)
            let (left, z) = try run(l, from: y, layout: nil)
            return (DenseFactor.product(left, right, layout: layout ?? .rows), z)
        case let .pushTangents(f, through):
            let (inner, y) = try run(f, from: x, layout: .columns)
            let (block, z) = try push(.rows(inner.stored), through: through, from: y)
            (factor, value) = (DenseFactor(stored: block, layout: .columns), z)
        case let .pullAdjoints(g, through):
            let (recordings, y) = try record(through, from: x)
            let (inner, z) = try run(g, from: y, layout: .rows)
            (factor, value) = (DenseFactor(stored: pull(.rows(inner.stored), through: recordings), layout: .rows), z)
        }
        if let layout { factor = factor.laidOut(layout) }
        return (factor, value)
    }
}

extension Composition {
    /// The value and Jacobian at `x` by `plan`'s steps.
    /// - Throws: ``DifferentiationError`` where a stage refuses its input, returns another
    ///   number of entries than the plan was made for, or the recordings held at once
    ///   exceed ``TapeBudget/maximumBytes``.
    func run(_ plan: CompositionPlan, at x: Tensor) throws -> (value: Tensor, jacobian: Matrix<Double>) {
        guard plan.dimensions.count == count + 1 else {
            throw DifferentiationError.inputCount(expected: plan.dimensions.count - 1, got: count)
        }
        guard x.scalarCount == plan.dimensions[0] else {
            throw DifferentiationError.inputCount(expected: plan.dimensions[0], got: x.scalarCount)
        }
        var execution = PlanExecution(composition: self, dimensions: plan.dimensions, budget: TapeBudget.maximumBytes)
        let (factor, value) = try execution.run(plan.root, from: x, layout: .rows)
        return (value, factor.stored)
    }
}
