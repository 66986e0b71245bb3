/// The work one derivative call does, counted the way the drivers run it: evaluations of
/// the function (forward passes, or the recording in reverse mode) and backward sweeps
/// over that recording, with chunking included (k directions ride in one pass or sweep).
///
/// ```swift
/// DerivativeWork.jacobian(.forward, inputs: 100, outputs: 3)   // 13 passes of 8 tangents, 0 sweeps
/// DerivativeWork.jacobian(.reverse, inputs: 100, outputs: 3)   // 1 recording, 1 sweep of 4 adjoints
/// ```
///
/// A gradient is the Jacobian of one output (`outputs: 1`). For `.auto` on `Double`
/// inputs ask the function's calibrated model, ``CostModel/work(_:)``: it knows which
/// mode (or colouring) the driver will take.
public struct DerivativeWork: Sendable, Equatable, CustomStringConvertible {
    /// Evaluations of the function: forward passes (each carrying up to k tangents), or
    /// in reverse mode the one recorded evaluation.
    public var passes: Int
    /// Backward sweeps over the recording (each carrying up to k adjoints); 0 in forward mode.
    public var sweeps: Int

    /// Work of `passes` evaluations and `sweeps` sweeps.
    public init(passes: Int, sweeps: Int) {
        self.passes = passes
        self.sweeps = sweeps
    }

    /// The work of ``jacobian(of:at:mode:chunk:parallelism:)`` (and, with `outputs: 1`,
    /// of ``gradient(of:at:mode:)``) on `Double` inputs in `mode`: forward ⌈n/k⌉ passes,
    /// at least one (n = 0 still evaluates f once); reverse one recording and ⌈m/k⌉
    /// sweeps, k = `chunk` or ``ChunkSize/automatic(for:)`` of n (forward) or m (reverse).
    /// Inputs of other scalar types run unchunked: pass `chunk: .one`. `.auto` resolves
    /// by the shape rule ``DifferentiationMode/resolved(inputs:outputs:)``.
    /// Parallelism spreads these passes or sweeps over cores; it does not change them.
    /// - Complexity: O(1).
    public static func jacobian(
        _ mode: DifferentiationMode, inputs n: Int, outputs m: Int, chunk: ChunkSize? = nil
    ) -> DerivativeWork {
        switch mode.resolved(inputs: n, outputs: m) {
        case .forward:
            DerivativeWork(passes: Swift.max(1, chunks(n, chunk ?? .automatic(for: n))), sweeps: 0)
        default:
            DerivativeWork(passes: 1, sweeps: chunks(m, chunk ?? .automatic(for: m)))
        }
    }

    /// The work of ``sparseJacobian(of:at:plan:)`` on `Double` inputs for a plan in
    /// `mode` with `colors` colours: the colours ride as the lanes of ⌈colours/k⌉ forward
    /// passes (at least one), or of ⌈colours/k⌉ sweeps after one recording, k =
    /// ``ChunkSize/automatic(for:)`` of the colour count. Inputs of other scalar types
    /// run one pass or sweep per colour: pass `chunk: .one`.
    /// - Complexity: O(1).
    public static func sparseJacobian(
        _ mode: DifferentiationMode, colors: Int, chunk: ChunkSize? = nil
    ) -> DerivativeWork {
        let lanes = chunk ?? .automatic(for: colors)
        return mode == .reverse
            ? DerivativeWork(passes: 1, sweeps: chunks(colors, lanes))
            : DerivativeWork(passes: Swift.max(1, chunks(colors, lanes)), sweeps: 0)
    }

    /// The work of ``hvp(of:at:direction:mode:)``: one recording (on `Dual` values, of
    /// the `Dual` pass, or of f on an outer tape) and one sweep; reverse over reverse
    /// sweeps twice (the outer sweep, itself recorded, then one inner sweep).
    /// - Complexity: O(1).
    public static func hessianVectorProduct(_ mode: HVPMode) -> DerivativeWork {
        DerivativeWork(passes: 1, sweeps: mode == .reverseOverReverse ? 2 : 1)
    }

    /// "13 passes, 0 sweeps".
    public var description: String { "\(passes) passes, \(sweeps) sweeps" }

    /// ⌈directions / lanes⌉.
    static func chunks(_ directions: Int, _ lanes: ChunkSize) -> Int {
        (directions + lanes.rawValue - 1) / lanes.rawValue
    }
}

extension CostModel {
    /// The work of a dense Jacobian in `mode` as the drivers run it on this function:
    /// forward with ``forwardChunk`` lanes, reverse with ``reverseChunk``; `.auto` that of
    /// the way it takes, ``choice`` or, where ``prefersSparse``, the Jacobian by colouring
    /// (``sparse``'s mode and colours).
    /// - Complexity: O(1).
    public func work(_ mode: DifferentiationMode) -> DerivativeWork {
        switch mode {
        case .forward: .jacobian(.forward, inputs: inputs, outputs: outputs, chunk: forwardChunk)
        case .reverse: .jacobian(.reverse, inputs: inputs, outputs: outputs, chunk: reverseChunk)
        case .auto:
            if prefersSparse, let sparse { .sparseJacobian(sparse.mode, colors: sparse.colors) } else { work(choice) }
        }
    }
}
