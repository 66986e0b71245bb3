/// One stage `f_i` of a ``Composition``: a ``VectorFunction`` (scalar level) or a
/// ``TensorFunction`` (array level), seen as a map from `d_{i−1}` entries to `d_i` entries
/// with the two programs a Jacobian chain needs: a tangent program carrying k directions
/// at once (`F_i·V` for a `d_{i−1} × k` matrix V) and an adjoint program carrying k
/// cotangents at once (`U·F_i` for a `k × d_i` matrix U, after one recording).
///
/// ```swift
/// let f = Composition([CompositionStage(Layer(w1)), CompositionStage(ArrayLayer(w2), name: "g")])
/// ```
/// The wrapped function is called specialised for its own type (the stage keeps
/// closures built where that type is known), so a stage runs as fast as the drivers
/// run the function itself.
///
/// - Complexity: a tangent program with k lanes is ⌈k/8⌉ chunked forward passes at
///   scalar level (``MultiDual``) and one batched ``DualTensor`` pass at array level;
///   an adjoint program is one recording, then ⌈k/8⌉ vector sweeps (scalar level) or one
///   batched sweep (array level).
public struct CompositionStage {
    /// The name plans print (default: `f1`, `f2`, … by position in the composition).
    public var name: String?
    /// Input entries, if the function declares them (``VectorFunction/inputCount``, or the
    /// entries of a ``TensorFunction``'s ``TensorFunction/inputShapes``).
    public let declaredInputs: Int?
    /// Output entries, if declared (``VectorFunction/outputCount``,
    /// ``TensorFunction/outputShape``).
    public let declaredOutputs: Int?
    /// `"scalar"` for a ``VectorFunction``, `"array"` for a ``TensorFunction``.
    public let level: String
    /// The wrapped function's type: with the level and the stage's shapes, the key under
    /// which its measured costs are cached (stages of one type and shapes cost the same).
    public let functionType: String
    /// Whether identity seeds are cheaper than general ones (the array layer copies rows
    /// instead of multiplying by a unit seed); the cost model then measures both.
    let identitySeedsAreCheaper: Bool

    @usableFromInline let evaluateBody: (Tensor) throws -> Tensor
    @usableFromInline let tangentsBody: (Tensor, StageSeeds) throws -> (value: Tensor, tangents: Matrix<Double>)
    @usableFromInline let recordBody: (Tensor) throws -> StageRecording

    /// A scalar-level stage: `f` maps the previous stage's entries (flattened) to a vector.
    /// - Parameter f: the stage's function.
    /// - Parameter name: the name plans print (default `f` and the position).
    @inlinable
    public init<F: VectorFunction>(_ f: F, name: String? = nil) {
        self.init(
            name: name, inputs: f.inputCount, outputs: f.outputCount, level: "scalar",
            functionType: String(reflecting: F.self), identitySeedsAreCheaper: false,
            evaluate: { x in try vectorStageValue(f, at: x) },
            tangents: { x, seeds in try vectorStageTangents(f, at: x, seeds: seeds) },
            record: { x in try vectorStageRecording(f, at: x) })
    }

    /// An array-level stage: `f`'s inputs are the previous stage's output (with its shape)
    /// or, where `f` declares ``TensorFunction/inputShapes``, its entries split into them.
    /// - Parameter f: the stage's function.
    /// - Parameter name: the name plans print (default `f` and the position).
    @inlinable
    public init<F: TensorFunction>(_ f: F, name: String? = nil) {
        self.init(
            name: name, inputs: f.inputShapes.map { $0.reduce(0) { $0 + $1.scalarCount } },
            outputs: f.outputShape?.scalarCount, level: "array",
            functionType: String(reflecting: F.self), identitySeedsAreCheaper: true,
            evaluate: { x in try tensorStageValue(f, at: x) },
            tangents: { x, seeds in try tensorStageTangents(f, at: x, seeds: seeds) },
            record: { x in try tensorStageRecording(f, at: x) })
    }

    @usableFromInline
    init(
        name: String?, inputs: Int?, outputs: Int?, level: String, functionType: String, identitySeedsAreCheaper: Bool,
        evaluate: @escaping (Tensor) throws -> Tensor,
        tangents: @escaping (Tensor, StageSeeds) throws -> (value: Tensor, tangents: Matrix<Double>),
        record: @escaping (Tensor) throws -> StageRecording
    ) {
        self.name = name
        self.declaredInputs = inputs
        self.declaredOutputs = outputs
        self.level = level
        self.functionType = functionType
        self.identitySeedsAreCheaper = identitySeedsAreCheaper
        self.evaluateBody = evaluate
        self.tangentsBody = tangents
        self.recordBody = record
    }

    /// The stage's value at `x`.
    /// - Throws: ``DifferentiationError`` for an input the function does not accept.
    public func callAsFunction(_ x: Tensor) throws -> Tensor { try evaluateBody(x) }
}

/// The seeds of a tangent or adjoint program: k directions (or cotangents) as the rows of a
/// `k × d` matrix, or the identity (k = d: the stage's own Jacobian).
@usableFromInline
enum StageSeeds {
    /// The rows of the identity of this size.
    case identity(Int)
    /// General rows, one direction or cotangent per row.
    case rows(Matrix<Double>)

    /// The number of lanes.
    @inlinable var count: Int {
        switch self {
        case let .identity(d): d
        case let .rows(m): m.rows
        }
    }
}

/// A stage recorded at one point: its value, the recording's bytes, and its adjoint
/// program (`U ↦ U·F`, k cotangents per call, the recording reused).
@usableFromInline
struct StageRecording {
    @usableFromInline let value: Tensor
    @usableFromInline let tapeBytes: Int
    @usableFromInline let pullback: (StageSeeds) -> Matrix<Double>

    @inlinable
    init(value: Tensor, tapeBytes: Int, pullback: @escaping (StageSeeds) -> Matrix<Double>) {
        self.value = value
        self.tapeBytes = tapeBytes
        self.pullback = pullback
    }
}
