/// A composition `f = f_k ∘ … ∘ f_1` of stages, each a scalar-level ``VectorFunction`` or
/// an array-level ``TensorFunction`` (``CompositionStage``), and the matrix-free Jacobian
/// chain it poses: `J = F_k · … · F_1`, `F_i` the `d_i × d_{i−1}` Jacobian of stage i at
/// the point where it is applied.
///
/// Every order of that product gives the same J at very different costs. Forward mode is
/// one order (tangents pushed from the inputs, `d_0` columns through every stage), reverse
/// mode the other (`d_k` rows pulled from the outputs); ``CompositionPlan`` is any order in
/// between, found cheapest by ``CompositionCostModel/optimalPlan(tapeBudget:)``.
///
/// ```swift
/// let f = Composition([CompositionStage(Layer(w1)), CompositionStage(Layer(w2)), CompositionStage(Layer(w3))])
/// let J = try jacobian(of: f, at: x, mode: .bracketed)
/// ```
/// The dimensions `d_0 → … → d_k` are the stages' declared counts, else learnt from one
/// evaluation (``dimensions(at:)``). Values pass between stages as ``Tensor``s: a
/// scalar-level stage sees their entries, an array-level one their shape.
public struct Composition {
    /// The stages, applied first to last.
    public var stages: [CompositionStage] { didSet { memo = CompositionPlanMemo() } }
    /// The plans made for these stages, by mode, budget and dimensions (shared by copies;
    /// a new one when the stages change).
    var memo = CompositionPlanMemo()

    /// The composition of `stages`, applied in order.
    /// - Precondition: at least one stage.
    public init(_ stages: [CompositionStage]) {
        precondition(!stages.isEmpty, "Composition: at least one stage")
        self.stages = stages
    }

    /// The composition of scalar-level stages, applied in order (`f1` first).
    @inlinable
    public init<each F: VectorFunction>(_ stage: repeat each F) {
        var stages: [CompositionStage] = []
        for f in repeat each stage { stages.append(CompositionStage(f)) }
        self.init(stages)
    }

    /// The composition of array-level stages, applied in order (`f1` first).
    @inlinable
    public init<each F: TensorFunction>(arrays stage: repeat each F) {
        var stages: [CompositionStage] = []
        for f in repeat each stage { stages.append(CompositionStage(f)) }
        self.init(stages)
    }

    /// The number of stages k.
    public var count: Int { stages.count }

    /// The name of stage `i` (0-based) as plans print it: its own, else `f` and its
    /// 1-based position.
    public func name(of i: Int) -> String { stages[i].name ?? "f\(i + 1)" }

    /// `f(x)`: every stage applied in order.
    /// - Throws: ``DifferentiationError`` where a stage refuses its input.
    /// - Complexity: one plain evaluation of every stage.
    public func callAsFunction(_ x: Tensor) throws -> Tensor {
        try stages.reduce(x) { try $1($0) }
    }

    /// The values `x_0 = x, x_1, …, x_k` between the stages.
    /// - Complexity: one plain evaluation of every stage.
    public func intermediateValues(at x: Tensor) throws -> [Tensor] {
        var values = [x]
        for stage in stages { values.append(try stage(values.last!)) }
        return values
    }

    /// `d_0, …, d_k`: the entries of the input and of every stage's output, declared by
    /// the stages where all of them declare, else from one evaluation at `x`.
    /// - Throws: ``DifferentiationError`` where a stage refuses its input, or where
    ///   declared counts of neighbouring stages disagree.
    public func dimensions(at x: Tensor) throws -> [Int] {
        var dims = [x.scalarCount]
        var declared = true
        for stage in stages {
            if let expected = stage.declaredInputs, expected != dims.last! {
                throw DifferentiationError.inputCount(expected: expected, got: dims.last!)
            }
            guard let out = stage.declaredOutputs else { declared = false; break }
            dims.append(out)
        }
        if declared { return dims }
        return try intermediateValues(at: x).map(\.scalarCount)
    }
}
