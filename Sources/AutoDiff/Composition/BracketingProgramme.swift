// The matrix-free Jacobian chain bracketing programme: for every sub-chain of stages, the
// cheapest way to accumulate its Jacobian, from the cheapest ways of its parts.

extension CompositionCostModel {
    /// A candidate accumulation of one sub-chain: its seconds, the tape it holds at most,
    /// and its steps.
    struct Candidate {
        var seconds: Double
        var peak: Int
        var step: CompositionPlan.Step
    }

    /// The cheapest plan under this model whose recordings held at once fit in
    /// `tapeBudget` bytes (nil: no limit).
    ///
    /// A dynamic programme over sub-chains `lo…hi` (shortest first). Each is accumulated
    /// by tangents or by adjoints as a whole, or split at every `s` into `lo…s` and
    /// `s+1…hi` and either the two accumulated parts multiplied, or the right part's
    /// columns pushed through the left part's stages by tangents, or the left part's rows
    /// pulled back through the right part's stages by adjoints (matrix-free). Each
    /// sub-chain keeps, per layout of its factor (rows or columns), the plans no other
    /// beats in both seconds and peak tape, so the limited-memory optimum is exact.
    /// Forward and reverse mode are two of the plans searched.
    /// - Complexity: O(k³) splits, each combining the kept plans of its parts (one per
    ///   layout without a budget).
    public func optimalPlan(tapeBudget: Int? = nil) -> CompositionPlan {
        let k = count, d = dimensions
        let budget = tapeBudget ?? .max
        // fronts[lo][hi][0]: factor by rows, [1]: by columns.
        var fronts = [[[[Candidate]]]](repeating: [[[Candidate]]](repeating: [[], []], count: k), count: k)
        for length in 1...k {
            for lo in 0...(k - length) {
                let hi = lo + length - 1
                var rows: [Candidate] = [], columns: [Candidate] = []
                columns.append(Candidate(seconds: predictedSeconds(.tangents(lo...hi)), peak: 0, step: .tangents(lo...hi)))
                rows.append(Candidate(seconds: predictedSeconds(.adjoints(lo...hi)), peak: tapeBytes(lo...hi), step: .adjoints(lo...hi)))
                for s in lo..<hi {
                    let right = fronts[lo][s], left = fronts[s + 1][hi]
                    let multiply = product(ProductShape(rows: d[hi + 1], inner: d[s + 1], columns: d[lo]))
                    for l in left[0] + left[1] {
                        for r in right[0] + right[1] {
                            let c = Candidate(
                                seconds: l.seconds + r.seconds + multiply, peak: Swift.max(l.peak, r.peak),
                                step: .product(l.step, r.step))
                            rows.append(c)
                            columns.append(c)
                        }
                    }
                    let push = tangentPush((s + 1)...hi, lanes: d[lo])
                    for f in right[1] where !isTangentChain(f.step) {
                        columns.append(Candidate(seconds: f.seconds + push, peak: f.peak, step: .pushTangents(f.step, through: (s + 1)...hi)))
                    }
                    let pull = adjointPull(lo...s, lanes: d[hi + 1]), held = tapeBytes(lo...s)
                    for g in left[0] where !isAdjointChain(g.step) {
                        rows.append(Candidate(seconds: g.seconds + pull, peak: g.peak + held, step: .pullAdjoints(g.step, through: lo...s)))
                    }
                }
                let flip = transpose(entries: d[hi + 1] * d[lo])
                let rowsDirect = rows, columnsDirect = columns
                rows += columnsDirect.filter { Self.natural($0.step) != nil }.map {
                    Candidate(seconds: $0.seconds + flip, peak: $0.peak, step: $0.step)
                }
                columns += rowsDirect.filter { Self.natural($0.step) != nil }.map {
                    Candidate(seconds: $0.seconds + flip, peak: $0.peak, step: $0.step)
                }
                fronts[lo][hi] = [Self.front(rows, budget: budget), Self.front(columns, budget: budget)]
            }
        }
        let best = fronts[0][k - 1][0].first! // tangents all the way hold no tape: always one
        return plan(best.step)
    }

    /// Whether the columns of `step` are pushed by tangents already (so a further push
    /// is the same plan as a longer one, searched elsewhere).
    func isTangentChain(_ step: CompositionPlan.Step) -> Bool {
        switch step {
        case .tangents, .pushTangents: true
        default: false
        }
    }

    /// Whether the rows of `step` are pulled by adjoints already.
    func isAdjointChain(_ step: CompositionPlan.Step) -> Bool {
        switch step {
        case .adjoints, .pullAdjoints: true
        default: false
        }
    }

    /// The candidates within `budget` that no other beats in both seconds and peak,
    /// cheapest first (on equal seconds, the first found: whole-chain accumulations
    /// before splits).
    static func front(_ candidates: [Candidate], budget: Int) -> [Candidate] {
        let sorted = candidates.enumerated().filter { $0.element.peak <= budget }
            .sorted { ($0.element.seconds, $0.offset) < ($1.element.seconds, $1.offset) }.map(\.element)
        var kept: [Candidate] = []
        for c in sorted where kept.last.map({ c.peak < $0.peak }) ?? true { kept.append(c) }
        return kept
    }

    /// Every plan for stages `lo…hi` in canonical form (``CompositionPlan/Step/canonical``):
    /// the search space of ``optimalPlan(tapeBudget:)``, for checking it by brute force.
    /// - Complexity: exponential in the number of stages (thousands of plans at 5).
    public static func allSteps(_ lo: Int, _ hi: Int) -> [CompositionPlan.Step] {
        var steps: [CompositionPlan.Step] = [.tangents(lo...hi), .adjoints(lo...hi)]
        guard lo < hi else { return steps }
        for s in lo..<hi {
            let right = allSteps(lo, s), left = allSteps(s + 1, hi)
            for l in left { for r in right { steps.append(.product(l, r)) } }
            for f in right {
                if case .tangents = f { continue }
                if case .pushTangents = f { continue }
                steps.append(.pushTangents(f, through: (s + 1)...hi))
            }
            for g in left {
                if case .adjoints = g { continue }
                if case .pullAdjoints = g { continue }
                steps.append(.pullAdjoints(g, through: lo...s))
            }
        }
        return steps
    }
}
