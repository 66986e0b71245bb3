// `adbench chain`'s composition part: real chains of tanh layers (the four shape patterns
// of notebook 03, P2's grid, chosen widths) at scalar and array level. For each, the
// bracketed plan the library's programme picks, and the predicted and measured seconds of
// forward mode, reverse mode and that plan, interleaved, each checked against the layer
// Jacobians multiplied by hand.
import AutoDiff

/// One way of building one composition's Jacobian: its plan, count, prediction and time.
public struct CompositionRow: Codable, Sendable, Equatable {
    /// The composition: "hourglass 256→64→4→64→256".
    public var composition: String
    /// "scalar" or "array".
    public var level: String
    /// "forward", "reverse", "bracketed", or the library's own drivers on the whole chain
    /// as one function: "forward, one function", "reverse, one function".
    public var mode: String
    /// The plan's order (one-function rows: the mode's).
    public var plan: String
    /// Multiply-adds of the plan counted at layer level (``LayerComposition/multiplyAdds(of:)``).
    public var multiplyAdds: Int
    /// The cost model's prediction (nil for the one-function rows).
    public var predictedSeconds: Double?
    /// Median seconds of the Jacobian.
    public var seconds: Double
    /// Largest |entry − entry of the hand-multiplied layer Jacobians|.
    public var maxAbsDifference: Double
    /// Whether the Jacobian disagrees beyond rounding.
    public var wrong: Bool
}

/// The compositions `options` selects: the named patterns, P2's grid, chosen widths.
/// - Throws: ``UsageError`` is checked at parsing; nothing here.
public func selectedCompositions(_ options: ChainOptions) -> [LayerComposition] {
    var chosen: [LayerComposition] = []
    for name in options.compositions {
        switch name {
        case "patterns": chosen += LayerComposition.patterns
        case "p2":
            for n in options.p2Sizes { for m in options.p2Sizes { chosen.append(LayerComposition(p2: P2Chain(n: n, m: m))) } }
        default: chosen += LayerComposition.patterns.filter { $0.name.replacingOccurrences(of: " ", with: "-") == name }
        }
    }
    if let widths = options.widths { chosen.append(LayerComposition(name: "chosen", widths: widths)) }
    return chosen
}

/// Times every selected composition at every selected level.
/// - Complexity: per composition and level one calibration, then five Jacobians sampled
///   interleaved for `options.sampling.minTime` seconds each.
public func runCompositions(_ options: ChainOptions) throws -> [CompositionRow] {
    var rows: [CompositionRow] = []
    for layers in selectedCompositions(options) {
        for level in options.levels { rows += try compositionRows(layers, level: level, sampling: options.sampling) }
    }
    return rows
}

/// The five rows of one composition at one level.
func compositionRows(_ layers: LayerComposition, level: CompositionLevel, sampling: SamplingOptions) throws -> [CompositionRow] {
    let f = layers.composition(level), x = Tensor(layers.point)
    let model = try CompositionCostModel.calibrated(for: f, at: x)
    let plans = [model.forwardPlan, model.reversePlan, try jacobianPlan(of: f, at: x, mode: .bracketed)]
    let hand = layers.handJacobian()
    let scale = hand.elements.reduce(0) { max($0, abs($1)) }
    let sampler = Sampler(options: sampling)
    let sink = sampler.sink
    let stack = LayerStack(layers.layers), arrayStack = ArrayLayerStack(layers.layers)
    var bodies: [() throws -> Matrix<Double>] = [
        { try jacobian(of: f, at: x, mode: .forward) },
        { try jacobian(of: f, at: x, mode: .reverse) },
        { try jacobian(of: f, at: x, mode: .bracketed) }
    ]
    switch level {
    case .scalar:
        bodies += [
            { try jacobian(of: stack, at: layers.point, mode: .forward, parallelism: .serial) },
            { try jacobian(of: stack, at: layers.point, mode: .reverse, parallelism: .serial) }
        ]
    case .array:
        bodies += [{ try jacobian(of: arrayStack, at: [x], mode: .forward) }, { try jacobian(of: arrayStack, at: [x], mode: .reverse) }]
    }
    let samples = try sampler.measure(interleaving: bodies.map { body in { sink.consume(try body()) } })
    let label = layers.name + " " + layers.widths.map(String.init).joined(separator: "→")
    let modes = ["forward", "reverse", "bracketed", "forward, one function", "reverse, one function"]
    return try modes.indices.map { k in
        let difference = maxAbsDifference(try bodies[k](), hand)
        let plan = k < 3 ? plans[k] : plans[k - 3]
        return CompositionRow(
            composition: label, level: level.rawValue, mode: modes[k], plan: plan.order,
            multiplyAdds: layers.multiplyAdds(of: plan.root), predictedSeconds: k < 3 ? plan.predictedSeconds : nil,
            seconds: samples[k].median, maxAbsDifference: difference, wrong: !(difference <= 1e-10 * (1 + scale)))
    }
}

/// The composition table: per row the plan, its count, predicted and measured time, the
/// measured time against the fastest of the group, and the check.
public func compositionTable(_ rows: [CompositionRow]) -> TextTable {
    var table = TextTable(headers: [
        "composition", "level", "mode", "plan", "multiply-adds", "predicted", "time", "x fastest",
        "pred/time", "max diff"
    ])
    var previous = ""
    for row in rows {
        let group = rows.filter { $0.composition == row.composition && $0.level == row.level }
        let fastest = group.map(\.seconds).min() ?? row.seconds
        let key = row.composition + row.level
        table.rows.append([
            key == previous ? "" : row.composition, key == previous ? "" : row.level, row.mode,
            row.mode.hasSuffix("one function") ? "" : row.plan, "\(row.multiplyAdds)",
            row.predictedSeconds.map(formatSeconds) ?? "-", formatSeconds(row.seconds),
            formatRatio(row.seconds / fastest), row.predictedSeconds.map { formatRatio($0 / row.seconds) } ?? "-",
            formatError(row.maxAbsDifference) + (row.wrong ? " WRONG" : "")
        ])
        previous = key
    }
    return table
}

/// The rows of one composition at one level, in order, with the bracketed row and the
/// faster of the composition's end-to-end orders and of the one-function drivers.
struct CompositionGroup {
    let rows: [CompositionRow]
    var bracketed: CompositionRow { rows.first { $0.mode == "bracketed" }! }
    var endToEnd: CompositionRow { rows.filter { $0.mode == "forward" || $0.mode == "reverse" }.min { $0.seconds < $1.seconds }! }
    var oneFunction: CompositionRow? { rows.filter { $0.mode.hasSuffix("one function") }.min { $0.seconds < $1.seconds } }
    /// The faster end-to-end time over the bracketed plan's (above 1: the plan is faster).
    var speedup: Double { endToEnd.seconds / bracketed.seconds }
    /// The largest of predicted/measured and measured/predicted over the rows with a prediction.
    var worstPrediction: Double {
        rows.compactMap { r in r.predictedSeconds.map { Swift.max($0 / r.seconds, r.seconds / $0) } }.max() ?? 1
    }
    /// Whether this is one of the shapes where neither end-to-end order is optimal.
    var isMixedShape: Bool { rows[0].composition.hasPrefix("hourglass") || rows[0].composition.hasPrefix("diamond") }

    static func all(_ rows: [CompositionRow]) -> [CompositionGroup] {
        var keys: [String] = []
        for row in rows where !keys.contains(row.composition + "|" + row.level) { keys.append(row.composition + "|" + row.level) }
        return keys.map { key in CompositionGroup(rows: rows.filter { $0.composition + "|" + $0.level == key }) }
            .filter { g in g.rows.contains { $0.mode == "bracketed" } && g.rows.contains { $0.mode == "forward" } }
    }
}

/// `2.41x faster than` / `1.09x slower than`.
func speedupPhrase(_ speedup: Double) -> String {
    speedup >= 1 ? "\(formatRatio(speedup)) faster than" : "\(formatRatio(1 / speedup)) slower than"
}

/// One line per composition and level: the winner; the bracketed plan against the faster
/// of the composition's end-to-end orders (forward, reverse) and against the library's
/// drivers on the whole chain as one function; how far the predictions were off.
public func compositionVerdicts(_ rows: [CompositionRow]) -> [String] {
    CompositionGroup.all(rows).map { g in
        let winner = g.rows.min { $0.seconds < $1.seconds }!
        var line = "\(g.rows[0].composition), \(g.rows[0].level): \(winner.mode) wins; the plan is \(speedupPhrase(g.speedup)) \(g.endToEnd.mode)"
        if let one = g.oneFunction { line += " (\(speedupPhrase(one.seconds / g.bracketed.seconds)) \(one.mode))" }
        return line + "; predictions within \(formatRatio(g.worstPrediction)) of the times"
    }
}

/// The targets of the bracketed mode, met or not, measured in this run: at least 2x faster
/// than the faster end-to-end order on the hourglass and the diamond, at most 10 % slower
/// everywhere else, every prediction within 1.5x of its measured time.
public func compositionTargets(_ rows: [CompositionRow]) -> [String] {
    let groups = CompositionGroup.all(rows)
    guard !groups.isEmpty else { return [] }
    func name(_ g: CompositionGroup) -> String {
        "\(g.rows[0].composition.split(separator: " ").dropLast().joined(separator: " ")) \(g.rows[0].level)"
    }
    var lines = ["Targets (the plan against the faster of the composition's forward and reverse; medians of this run):"]
    let mixed = groups.filter(\.isMixedShape)
    if !mixed.isEmpty {
        let missed = mixed.filter { $0.speedup < 2 }
        lines.append(
            "- hourglass and diamond at least 2x faster: \(missed.isEmpty ? "met" : "MISSED on \(missed.count) of \(mixed.count)") ("
                + mixed.map { "\(name($0)) \(formatRatio($0.speedup))" }.joined(separator: ", ") + ")")
    }
    let others = groups.filter { !$0.isMixedShape }
    if !others.isEmpty {
        let missed = others.filter { $0.speedup < 1 / 1.1 }
        let worst = others.min { $0.speedup < $1.speedup }!
        lines.append(
            "- elsewhere at most 10 % slower: \(missed.isEmpty ? "met" : "MISSED on \(missed.count) of \(others.count)"); worst \(name(worst)) "
                + speedupPhrase(worst.speedup).replacingOccurrences(of: " than", with: "")
                + (missed.isEmpty ? "" : " (missed: " + missed.map { "\(name($0)) \(formatRatio(1 / $0.speedup))" }.joined(separator: ", ") + ")"))
    }
    let off = groups.filter { $0.worstPrediction > 1.5 }
    let predicted = rows.filter { $0.predictedSeconds != nil }
    let within = predicted.filter { r in Swift.max(r.predictedSeconds! / r.seconds, r.seconds / r.predictedSeconds!) <= 1.5 }
    lines.append(
        "- predictions within 1.5x: "
            + (within.count == predicted.count
                ? "met on all \(predicted.count) rows"
                : "MISSED on \(predicted.count - within.count) of \(predicted.count) rows")
            + (off.isEmpty ? "" : "; off by more in " + off.map { "\(name($0)) (\(formatRatio($0.worstPrediction)))" }.joined(separator: ", ")))
    return lines
}
