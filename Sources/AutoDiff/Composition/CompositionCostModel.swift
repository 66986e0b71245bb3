/// What one stage's two programs cost on this machine, at the lane counts a chain of
/// given dimensions can ask for (measured by ``CompositionCostModel/calibrated(for:at:)``).
public struct StageCost: Sendable, Equatable {
    /// Seconds of one recording (the adjoint program's first part; it also gives the value).
    public var recordingSeconds: Double
    /// Bytes the recording holds while it lives.
    public var tapeBytes: Int
    /// Seconds of the tangent program seeded with the identity (`d_in` lanes: the stage's
    /// own Jacobian by columns; the array layer copies rows instead of multiplying).
    public var identityTangentSeconds: Double
    /// Seconds of the tangent program on general seeds, by lane count.
    public var tangentSeconds: [Int: Double]
    /// Seconds of the sweeps of an adjoint program seeded with the identity (`d_out` lanes).
    public var identitySweepSeconds: Double
    /// Seconds of the sweeps of an adjoint program on general seeds, by lane count.
    public var sweepSeconds: [Int: Double]

    /// A stage cost from known numbers.
    public init(
        recordingSeconds: Double, tapeBytes: Int, identityTangentSeconds: Double, tangentSeconds: [Int: Double],
        identitySweepSeconds: Double, sweepSeconds: [Int: Double]
    ) {
        self.recordingSeconds = recordingSeconds
        self.tapeBytes = tapeBytes
        self.identityTangentSeconds = identityTangentSeconds
        self.tangentSeconds = tangentSeconds
        self.identitySweepSeconds = identitySweepSeconds
        self.sweepSeconds = sweepSeconds
    }

    /// The tangent program with `lanes` general directions: measured, else the straight
    /// line through the nearest measured counts (the cost grows about linearly in lanes).
    public func tangent(lanes: Int) -> Double { Self.lookUp(tangentSeconds, lanes) }

    /// The sweeps of an adjoint program with `lanes` general cotangents (recording excluded).
    public func sweep(lanes: Int) -> Double { Self.lookUp(sweepSeconds, lanes) }

    static func lookUp(_ table: [Int: Double], _ lanes: Int) -> Double {
        if let t = table[lanes] { return t }
        let keys = table.keys.sorted()
        guard let first = keys.first else { return 0 }
        guard keys.count > 1 else { return table[first]! * Double(lanes) / Double(Swift.max(first, 1)) }
        let upper = keys.firstIndex { $0 > lanes } ?? keys.count - 1
        let (a, b) = (keys[Swift.max(upper - 1, 0)], keys[Swift.max(upper, 1)])
        let slope = (table[b]! - table[a]!) / Double(b - a)
        return Swift.max(0, table[a]! + slope * Double(lanes - a))
    }
}

/// The shape of a dense product: `rows × inner` times `inner × columns`.
public struct ProductShape: Hashable, Sendable {
    /// Rows of the result, the shared dimension, columns of the result.
    public var rows: Int, inner: Int, columns: Int
    /// The shape `rows × inner · inner × columns`.
    public init(rows: Int, inner: Int, columns: Int) {
        self.rows = rows
        self.inner = inner
        self.columns = columns
    }
}

/// What every way of accumulating a composition's Jacobian costs, built from measured
/// parts: each stage's tangent program (by lane count), its recording and adjoint sweeps
/// (by lane count), and dense products and transposes of accumulated factors in the
/// library's own kernels. A plan's prediction is the sum of the parts it runs:
///
///     tangents(lo…hi)        T^I_lo + Σ_{l=lo+1…hi} T_l(d_lo)
///     adjoints(lo…hi)        Σ_{l=lo…hi} R_l + S^I_hi + Σ_{l=lo…hi−1} S_l(d_{hi+1})
///     product(L, R)          L + R + P(d_{hi+1}, d_s, d_lo)
///     pushTangents(F, a…b)   F (by columns) + Σ_{l=a…b} T_l(d_lo)
///     pullAdjoints(G, a…b)   G (by rows) + Σ_{l=a…b} (R_l + S_l(d_{hi+1}))
///
/// plus a transpose wherever a factor comes by rows and is needed by columns (or the
/// reverse); the Jacobian itself is wanted by rows.
public struct CompositionCostModel: Sendable, Equatable {
    /// `d_0, …, d_k`.
    public var dimensions: [Int]
    /// Per stage, its measured costs.
    public var stages: [StageCost]
    /// Seconds of a dense product, by shape, as measured.
    public var productSeconds: [ProductShape: Double]
    /// For products not measured: fixed seconds per product and seconds per multiply-add.
    public var productFixedSeconds: Double, secondsPerMultiplyAdd: Double
    /// Seconds per entry of a transposed copy (a factor turned from rows to columns).
    public var secondsPerTransposedEntry: Double
    /// The names plans print.
    public var names: [String]

    /// A model from known costs (for tests, or costs measured elsewhere).
    public init(
        dimensions: [Int], stages: [StageCost], productSeconds: [ProductShape: Double] = [:],
        productFixedSeconds: Double = 0, secondsPerMultiplyAdd: Double, secondsPerTransposedEntry: Double,
        names: [String]? = nil
    ) {
        precondition(dimensions.count == stages.count + 1, "CompositionCostModel: k stages need k + 1 dimensions")
        self.dimensions = dimensions
        self.stages = stages
        self.productSeconds = productSeconds
        self.productFixedSeconds = productFixedSeconds
        self.secondsPerMultiplyAdd = secondsPerMultiplyAdd
        self.secondsPerTransposedEntry = secondsPerTransposedEntry
        self.names = names ?? (0..<stages.count).map { "f\($0 + 1)" }
    }

    /// The number of stages.
    public var count: Int { stages.count }

    /// Seconds of the dense product `rows × inner · inner × columns`.
    public func product(_ shape: ProductShape) -> Double {
        productSeconds[shape] ?? productFixedSeconds + secondsPerMultiplyAdd * Double(shape.rows * shape.inner * shape.columns)
    }

    /// Seconds of transposing a factor of `entries` entries.
    public func transpose(entries: Int) -> Double { secondsPerTransposedEntry * Double(entries) }

    /// How an accumulated factor is laid out: its rows (an adjoint program's result) or
    /// its columns (a tangent program's, stored as the rows of its transpose).
    public enum Layout: Sendable, Equatable { case rows, columns }

    /// The layout a step delivers by itself (nil for a product: either, at the same cost).
    static func natural(_ step: CompositionPlan.Step) -> Layout? {
        switch step {
        case .tangents, .pushTangents: .columns
        case .adjoints, .pullAdjoints: .rows
        case .product: nil
        }
    }

    /// Seconds of the tangent programs of stages `range` with `lanes` general directions.
    func tangentPush(_ range: ClosedRange<Int>, lanes: Int) -> Double {
        range.reduce(0) { $0 + stages[$1].tangent(lanes: lanes) }
    }

    /// Seconds of recording stages `range` and sweeping `lanes` general cotangents back.
    func adjointPull(_ range: ClosedRange<Int>, lanes: Int) -> Double {
        range.reduce(0) { $0 + stages[$1].recordingSeconds + stages[$1].sweep(lanes: lanes) }
    }

    /// Tape bytes of the recordings of stages `range`.
    func tapeBytes(_ range: ClosedRange<Int>) -> Int { range.reduce(0) { $0 + stages[$1].tapeBytes } }

    /// The predicted seconds of `step`, its factor delivered in `layout` (nil: as it comes).
    /// - Precondition: the step is valid for this model's stage count.
    public func predictedSeconds(_ step: CompositionPlan.Step, layout: Layout? = nil) -> Double {
        let d = dimensions
        var seconds: Double
        switch step {
        case let .tangents(r):
            seconds = stages[r.lowerBound].identityTangentSeconds
            if r.count > 1 { seconds += tangentPush((r.lowerBound + 1)...r.upperBound, lanes: d[r.lowerBound]) }
        case let .adjoints(r):
            seconds = stages[r.upperBound].recordingSeconds + stages[r.upperBound].identitySweepSeconds
            if r.count > 1 { seconds += adjointPull(r.lowerBound...(r.upperBound - 1), lanes: d[r.upperBound + 1]) }
        case let .product(l, r):
            seconds =
                predictedSeconds(l) + predictedSeconds(r)
                + product(ProductShape(rows: d[l.stages.upperBound + 1], inner: d[l.stages.lowerBound], columns: d[r.stages.lowerBound]))
        case let .pushTangents(f, through):
            seconds = predictedSeconds(f, layout: .columns) + tangentPush(through, lanes: d[f.stages.lowerBound])
        case let .pullAdjoints(g, through):
            seconds = predictedSeconds(g, layout: .rows) + adjointPull(through, lanes: d[g.stages.upperBound + 1])
        }
        if let layout, let natural = Self.natural(step), natural != layout {
            seconds += transpose(entries: d[step.stages.upperBound + 1] * d[step.stages.lowerBound])
        }
        return seconds
    }

    /// The most tape bytes `step` holds at once: an adjoint pull keeps its stages'
    /// recordings while the factor it pulls is accumulated.
    public func peakTapeBytes(_ step: CompositionPlan.Step) -> Int {
        switch step {
        case .tangents: 0
        case let .adjoints(r): tapeBytes(r)
        case let .product(l, r): Swift.max(peakTapeBytes(l), peakTapeBytes(r))
        case let .pushTangents(f, _): peakTapeBytes(f)
        case let .pullAdjoints(g, through): tapeBytes(through) + peakTapeBytes(g)
        }
    }

    /// `step` as a plan with this model's prediction (the Jacobian delivered by rows).
    /// - Precondition: the step covers every stage in order.
    public func plan(_ step: CompositionPlan.Step) -> CompositionPlan {
        CompositionPlan(
            root: step, dimensions: dimensions, names: names,
            predictedSeconds: predictedSeconds(step, layout: .rows), peakTapeBytes: peakTapeBytes(step))
    }

    /// Forward mode's plan: the identity's `d_0` columns through every stage.
    public var forwardPlan: CompositionPlan { plan(.tangents(0...(count - 1))) }
    /// Reverse mode's plan: every stage recorded, the identity's `d_k` rows pulled back.
    public var reversePlan: CompositionPlan { plan(.adjoints(0...(count - 1))) }
}
