/// The Jacobian of `f` at `x` as a ``SparseMatrix``, with its value, computed by
/// colouring: one compressed product per colour of `plan`, entries recovered directly.
///
/// `.forward` plans on `Double` carry the colours as the lanes of ``MultiDual`` passes
/// (⌈colours/8⌉ passes; tangent lane c is 1 on every column of colour c), on other
/// types one ``Dual`` pass per colour; `.reverse` plans record once on a ``Tape`` and sweep
/// with the colours as adjoint lanes on `Double` (⌈colours/8⌉ sweeps), once per colour on other types
/// (adjoint 1 on every row of the colour). Entries are exact up to rounding, the same
/// numbers as the dense Jacobian's, because structurally orthogonal columns (rows) never
/// add into the same output (input).
/// - Returns: `value = f(x)` and the m × n Jacobian on `plan.pattern`.
/// - Throws: ``DifferentiationError/inputCount(expected:got:)`` unless `x` has
///   `plan.pattern.columns` entries; ``DifferentiationError/outputCount(expected:got:)``
///   unless `f` returns `plan.pattern.rows` outputs.
/// - Complexity: forward ⌈`plan.colorCount`/8⌉ evaluations on `MultiDual` (on `Double`);
///   reverse one recorded
///   evaluation and `plan.colorCount` sweeps. Versus n passes or m sweeps dense.
@inlinable
public func valueWithSparseJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], plan: SparseJacobianPlan
) throws -> (value: [Value], jacobian: SparseMatrix<Value>) {
    try MissingRuleSink.collecting {
        try validateInputs(count: x.count, declared: f.inputCount)
        let p = plan.pattern
        try validateInputs(count: x.count, declared: p.columns)
        if plan.colorCount > 1, let double = DoubleFastPath<Value>() { // colours ride as lanes of passes or sweeps
            let (value, values) = try sparseInLanes(of: f, at: double.cast(x), plan: plan)
            return (double.cast(value), SparseMatrix(unchecked: p, double.cast(values, to: [Value].self)))
        }
        var values = [Value](repeating: .zero, count: p.nonzeroCount)
        if plan.mode == .reverse {
            let tape = Tape<Value>(reservingCapacity: 16 * x.count + 1024)
            return try withExtendedLifetime(tape) {
                let inputs = tape.variables(x)
                let outputs = f(inputs)
                try validateOutputs(count: outputs.count, declared: p.rows)
                for c in 0..<plan.colorCount {
                    let seeds = plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]]
                        .map { (output: outputs[$0], seed: Value(1)) }
                    let adjoints = tape.adjoints(seeds: seeds)
                    for e in plan.entryStart[c]..<plan.entryStart[c + 1] {
                        values[plan.entryPosition[e]] = adjoints[inputs[plan.entrySource[e]]]
                    }
                }
                return (outputs.map(\.value), SparseMatrix(unchecked: p, values))
            }
        }
        var value: [Value] = []
        var inputs = x.map { Dual($0, tangent: .zero) }
        for c in 0..<plan.colorCount {
            let seeded = plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]]
            for j in seeded { inputs[j].tangent = 1 }
            let y = f(inputs)
            for j in seeded { inputs[j].tangent = .zero }
            try validateOutputs(count: y.count, declared: p.rows)
            if c == 0 { value = y.map(\.value) }
            for e in plan.entryStart[c]..<plan.entryStart[c + 1] {
                values[plan.entryPosition[e]] = y[plan.entrySource[e]].tangent
            }
        }
        if plan.colorCount == 0 { // no nonzeros: one plain evaluation for the value
            value = f(x)
            try validateOutputs(count: value.count, declared: p.rows)
        }
        return (value, SparseMatrix(unchecked: p, values))
    }
}

/// The sparse Jacobian on `Double` with colour c in lane c mod k of forward pass (or
/// reverse sweep) ⌊c/k⌋, k = ``ChunkSize/automatic(for:)`` of the colour count: returns
/// f(x) and the values in `plan.pattern`'s order.
@inlinable
func sparseInLanes<F: VectorFunction>(
    of f: F, at x: [Double], plan: SparseJacobianPlan
) throws -> (value: [Double], values: [Double]) {
    func run<Lanes: SIMD>(_ lanes: Lanes.Type) throws -> (value: [Double], values: [Double]) where Lanes.Scalar == Double {
        plan.mode == .reverse
            ? try sparseReverseInLanes(of: f, at: x, plan: plan, lanes: lanes)
            : try sparseForwardInLanes(of: f, at: x, plan: plan, lanes: lanes)
    }
    switch ChunkSize.automatic(for: plan.colorCount) {
    case .one, .two: return try run(SIMD2<Double>.self)
    case .four: return try run(SIMD4<Double>.self)
    case .eight, .sixteen: return try run(SIMD8<Double>.self)
    }
}

/// Forward: colour c's columns seeded with tangent lane c − first of one `MultiDual` pass.
@inlinable
func sparseForwardInLanes<F: VectorFunction, Lanes: SIMD>(
    of f: F, at x: [Double], plan: SparseJacobianPlan, lanes: Lanes.Type
) throws -> (value: [Double], values: [Double]) where Lanes.Scalar == Double {
    let k = Lanes.scalarCount, p = plan.pattern
    var values = [Double](repeating: 0, count: p.nonzeroCount)
    var value: [Double] = []
    var inputs = x.map { MultiDual<Lanes>($0) }
    for first in stride(from: 0, to: plan.colorCount, by: k) {
        let colors = first..<Swift.min(first + k, plan.colorCount)
        for c in colors {
            for j in plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]] { inputs[j].tangents[c - first] = 1 }
        }
        let y = f(inputs)
        try validateOutputs(count: y.count, declared: p.rows)
        if first == 0 { value = y.map(\.value) }
        for c in colors {
            for j in plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]] { inputs[j].tangents = .zero }
            for e in plan.entryStart[c]..<plan.entryStart[c + 1] {
                values[plan.entryPosition[e]] = y[plan.entrySource[e]].tangents[c - first]
            }
        }
    }
    return (value, values)
}

/// Reverse: one recording, then colour c's rows seeded with adjoint lane c − first of
/// one vector sweep.
@inlinable
func sparseReverseInLanes<F: VectorFunction, Lanes: SIMD>(
    of f: F, at x: [Double], plan: SparseJacobianPlan, lanes: Lanes.Type
) throws -> (value: [Double], values: [Double]) where Lanes.Scalar == Double {
    let k = Lanes.scalarCount, p = plan.pattern
    let tape = Tape<Double>(reservingFromPrevious: 16 * x.count + 1024)
    return try withExtendedLifetime(tape) {
        let inputs = tape.variables(x)
        let outputs = f(inputs)
        try tape.checkBudget()
        try validateOutputs(count: outputs.count, declared: p.rows)
        var values = [Double](repeating: 0, count: p.nonzeroCount)
        let entries = Swift.max(tape.count, 1)
        let adjoints = UnsafeMutablePointer<Lanes>.allocate(capacity: entries)
        let live = UnsafeMutablePointer<UInt8>.allocate(capacity: entries)
        defer { adjoints.deallocate(); live.deallocate() }
        adjoints.initialize(repeating: .zero, count: entries)
        live.initialize(repeating: 0, count: entries)
        tape.withSecondPartialsByEntry { seconds in
            for first in stride(from: 0, to: plan.colorCount, by: k) {
                let colors = first..<Swift.min(first + k, plan.colorCount)
                var top = -1
                for c in colors {
                    for i in plan.seeds[plan.seedStart[c]..<plan.seedStart[c + 1]] where outputs[i].isRecorded {
                        let e = Int(outputs[i].index)
                        adjoints[e][c - first] += 1
                        live[e] = 1
                        top = Swift.max(top, e)
                    }
                }
                // The sweep leaves every entry but the inputs zeroed and unmarked.
                tape.storage.pointee.sweep(adjoints, live: live, secondPartialsByEntry: seconds, from: top)
                for c in colors {
                    for e in plan.entryStart[c]..<plan.entryStart[c + 1] {
                        let input = inputs[plan.entrySource[e]]
                        values[plan.entryPosition[e]] = adjoints[Int(input.index)][c - first]
                    }
                }
                for input in inputs {
                    adjoints[Int(input.index)] = .zero
                    live[Int(input.index)] = 0
                }
            }
        }
        return (outputs.map(\.value), values)
    }
}

/// The Jacobian of `f` at `x` as a ``SparseMatrix`` (see
/// ``valueWithSparseJacobian(of:at:plan:)``), reusing `plan`'s pattern and colouring.
@inlinable
public func sparseJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], plan: SparseJacobianPlan
) throws -> SparseMatrix<Value> {
    try valueWithSparseJacobian(of: f, at: x, plan: plan).jacobian
}

/// The Jacobian of `f` at `x` as a ``SparseMatrix``: detects the pattern at `x`
/// (``jacobianSparsity(of:at:)``), colours it (`mode` as in
/// ``SparseJacobianPlan/init(pattern:mode:)``) and evaluates. Build a
/// ``SparseJacobianPlan`` once instead when differentiating at many points.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or output count.
/// - Complexity: one traced evaluation, the colouring, then the passes of the plan.
@inlinable
public func sparseJacobian<F: VectorFunction>(
    of f: F, at x: [Double], mode: DifferentiationMode = .auto
) throws -> SparseMatrix<Double> {
    try sparseJacobian(of: f, at: x, plan: SparseJacobianPlan(of: f, at: x, mode: mode))
}
