// `adbench chain`: the A·B·C·d experiment. For random matrices of the given shapes, the
// multiply-adds and measured time of left-to-right, right-to-left and the optimal order;
// then P2's layer Jacobians, whose two orders are what reverse and forward mode compute.
import AutoDiff

/// One order of one chain product: its count, its time and its agreement with the others.
public struct ChainRow: Codable, Sendable, Equatable {
    /// What was multiplied: "chain 512,64,64,64" or "P2 n=512 m=1 layer Jacobians".
    public var chain: String
    /// "left to right", "right to left", "optimal", or an AutoDiff mode ("forward mode").
    public var order: String
    /// The parenthesisation, e.g. "(A·B)·C".
    public var parenthesised: String
    /// Multiply-adds (computed from the shapes).
    public var multiplyAdds: Int
    /// Entries of the intermediate products.
    public var intermediateEntries: Int
    /// Median seconds per product.
    public var seconds: Double
    /// Largest |entry − entry of the first order's product| (AutoDiff rows: of the hand product).
    public var maxAbsDifference: Double
    /// Whether the product disagrees beyond rounding.
    public var wrong: Bool
}

/// Runs the chain experiment.
/// - Throws: ``MatrixChainError`` for bad dimensions; driver errors.
/// - Complexity: the three orders' multiply-adds times the samples, plus the P2 part.
public func runChain(_ options: ChainOptions) throws -> [ChainRow] {
    let chain = try MatrixChain(dimensions: options.dims, vector: options.vector)
    var rows = try timeOrders(
        chain, factors: chain.randomFactors(), names: chain.names,
        label: "chain " + chain.dimensions.map(String.init).joined(separator: ","),
        orders: [
            ("left to right", .leftToRight(count: chain.count)),
            ("right to left", .rightToLeft(count: chain.count)),
            ("optimal", chain.optimal.order)
        ],
        sampling: options.sampling)
    for n in options.inputs {
        for m in options.outputs {
            rows += try layerJacobianRows(P2Chain(n: n, m: m), sampling: options.sampling)
        }
    }
    return rows
}

/// Times each order of the product of `factors`, interleaved, and checks each against the first.
func timeOrders(
    _ chain: MatrixChain, factors: [Matrix<Double>], names: [String], label: String,
    orders: [(String, ChainOrder)], sampling: SamplingOptions
) throws -> [ChainRow] {
    let sampler = Sampler(options: sampling)
    let sink = sampler.sink
    let products = orders.map { multiply(factors, order: $0.1) }
    let scale = products[0].elements.reduce(0) { max($0, abs($1)) }
    let samples = try sampler.measure(interleaving: orders.map { order in { sink.consume(multiply(factors, order: order.1)) } })
    return orders.enumerated().map { k, entry in
        let difference = maxAbsDifference(products[k], products[0])
        return ChainRow(
            chain: label, order: entry.0, parenthesised: entry.1.rendered(names: names),
            multiplyAdds: chain.cost(of: entry.1), intermediateEntries: chain.intermediateEntries(of: entry.1),
            seconds: samples[k].median, maxAbsDifference: difference,
            wrong: !(difference <= 1e-10 * (1 + scale)))
    }
}

/// P2's layer Jacobians `J = L3·L2·L1` multiplied left to right (the order of reverse
/// mode: from the outputs), right to left (forward mode: from the inputs) and optimally,
/// next to AutoDiff's forward and reverse Jacobians.
func layerJacobianRows(_ problem: P2Chain, sampling: SamplingOptions) throws -> [ChainRow] {
    let x = problem.point
    let layers: [Matrix<Double>] = problem.layerJacobians(at: x)
    let chain = try problem.layerChain()
    let label = "P2 n=\(problem.inputCount) m=\(problem.outputCount) layer Jacobians"
    var rows = try timeOrders(
        chain, factors: layers, names: ["L3", "L2", "L1"], label: label,
        orders: [
            ("left to right = reverse", .leftToRight(count: 3)),
            ("right to left = forward", .rightToLeft(count: 3)),
            ("optimal", chain.optimal.order)
        ],
        sampling: sampling)
    let hand = multiply(layers, order: chain.optimal.order)
    let scale = hand.elements.reduce(0) { max($0, abs($1)) }
    let sampler = Sampler(options: sampling)
    let sink = sampler.sink
    let modes: [DifferentiationMode] = [.reverse, .forward]
    let samples = try sampler.measure(
        interleaving: modes.map { mode in
            { sink.consume(try jacobian(of: problem.function, at: x, mode: mode)) }
        })
    for (k, mode) in modes.enumerated() {
        let difference = maxAbsDifference(try jacobian(of: problem.function, at: x, mode: mode), hand)
        let (n, h, m) = (problem.inputCount, problem.function.h, problem.outputCount)
        // Every pass (forward) or sweep (reverse) visits all h·n + h·h + m·h weight products.
        let count = (mode == .forward ? n : m) * (h * n + h * h + m * h)
        rows.append(
            ChainRow(
                chain: label, order: "AutoDiff \(mode) mode",
                parenthesised: mode == .forward ? "L3·(L2·(L1·e_j)) per column j" : "((e_iᵀ·L3)·L2)·L1 per row i",
                multiplyAdds: count, intermediateEntries: 0, seconds: samples[k].median,
                maxAbsDifference: difference, wrong: !(difference <= 1e-8 * (1 + scale))))
    }
    return rows
}

/// The chain table, plus per chain the line "time follows count": each order's time and
/// count relative to the cheapest.
/// - Complexity: O(rows).
public func chainTable(_ rows: [ChainRow]) -> TextTable {
    var table = TextTable(headers: ["chain", "order", "product", "multiply-adds", "x fewest", "time", "x fastest", "ns/madd", "max diff"])
    var previous = ""
    for row in rows {
        let group = rows.filter { $0.chain == row.chain && !$0.order.hasPrefix("AutoDiff") }
        let fewest = Double(group.map(\.multiplyAdds).min() ?? 1)
        let fastest = group.map(\.seconds).min() ?? row.seconds
        table.rows.append([
            row.chain == previous ? "" : row.chain, row.order, row.parenthesised, "\(row.multiplyAdds)",
            formatRatio(Double(row.multiplyAdds) / max(fewest, 1)), formatSeconds(row.seconds),
            formatRatio(row.seconds / fastest),
            row.multiplyAdds > 0 ? formatSignificant(row.seconds * 1e9 / Double(row.multiplyAdds)) : "-",
            formatError(row.maxAbsDifference) + (row.wrong ? " WRONG" : "")
        ])
        previous = row.chain
    }
    return table
}
