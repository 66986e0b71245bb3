// The verdict under the sweep's table: who wins where, where the crossover lies, and the
// cost rule fitted to the measurements (forward ~ n passes, reverse ~ recording + m sweeps).

/// The fitted cost rule, in units of one primal evaluation.
public struct CostFit: Sendable, Equatable, Codable {
    /// One input direction of forward mode (median over cells of t_forward / (n · t_primal));
    /// a chunked pass carries several.
    public var forwardPass: Double
    /// The recording part of reverse mode (intercept of t_reverse / t_primal against m).
    public var recording: Double
    /// One output's adjoint (slope of t_reverse / t_primal against m); a chunked sweep carries several.
    public var sweep: Double
}

/// Fits the cost rule to cells that have forward and reverse times (nil without any).
/// Reverse: least squares of t_reverse / t_primal = recording + sweep · m (with a single m,
/// recording and sweep are split by the median of t / ((1 + m) t_primal)).
/// - Complexity: O(cells²) (pairs up modes per size).
public func fitCosts(_ cells: [MeasuredRow]) -> CostFit? {
    let forward = cells.filter { $0.mode == "forward" }.map { $0.ratioToPrimal / Double(max($0.n, 1)) }.sorted()
    let reverse = cells.filter { $0.mode == "reverse" }.map { (m: Double($0.m), r: $0.ratioToPrimal) }
    guard !forward.isEmpty, !reverse.isEmpty else { return nil }
    let meanM = reverse.map(\.m).reduce(0, +) / Double(reverse.count)
    let meanR = reverse.map(\.r).reduce(0, +) / Double(reverse.count)
    let sxx = reverse.map { ($0.m - meanM) * ($0.m - meanM) }.reduce(0, +)
    let sxy = reverse.map { ($0.m - meanM) * ($0.r - meanR) }.reduce(0, +)
    var slope = sxx > 0 ? sxy / sxx : 0
    var intercept = meanR - slope * meanM
    if sxx == 0 || slope < 0 || intercept < 0 {
        let each = median(ofSorted: reverse.map { $0.r / (1 + $0.m) }.sorted())
        slope = each
        intercept = each
    }
    return CostFit(forwardPass: median(ofSorted: forward), recording: intercept, sweep: slope)
}

/// A few lines that read the sweep: the count of wins per mode, agreement with the rule
/// "forward where n < m, reverse where n > m", the crossover per m, the fitted costs and
/// how well `auto` did. Empty when the cells lack forward or reverse times.
/// - Complexity: O(cells²).
public func verdict(_ cells: [MeasuredRow]) -> String {
    struct Duel { let n: Int, m: Int, forward: Double, reverse: Double, auto: Double? }
    let duels: [Duel] = cells.sizes.compactMap { size in
        guard let f = cells.cell(n: size.n, m: size.m, mode: "forward"),
            let r = cells.cell(n: size.n, m: size.m, mode: "reverse")
        else { return nil }
        return Duel(
            n: size.n, m: size.m, forward: f.seconds, reverse: r.seconds,
            auto: cells.cell(n: size.n, m: size.m, mode: "auto")?.seconds)
    }
    guard !duels.isEmpty else { return "" }
    var lines: [String] = []
    let forwardWins = duels.filter { $0.forward <= $0.reverse }
    let offDiagonal = duels.filter { $0.n != $0.m }
    let agree = offDiagonal.filter { ($0.n < $0.m) == ($0.forward <= $0.reverse) }
    lines.append(
        "Verdict: forward wins \(forwardWins.count) of \(duels.count) cells, reverse \(duels.count - forwardWins.count). "
            + "Rule \"forward where n < m, reverse where n > m\" holds in \(agree.count) of \(offDiagonal.count) off-diagonal cells.")
    let diagonal = duels.filter { $0.n == $0.m }
    if !diagonal.isEmpty {
        let spread = diagonal.map { max($0.forward, $0.reverse) / min($0.forward, $0.reverse) }.max() ?? 1
        lines.append("On the diagonal n = m the modes are within \(formatRatio(spread)) of each other.")
    }
    let ms = duels.map(\.m).reduce(into: [Int]()) { if !$0.contains($1) { $0.append($1) } }
    var crossings: [String] = []
    for m in ms {
        let row = duels.filter { $0.m == m }.sorted { $0.n < $1.n }
        let winners = row.map { $0.forward <= $0.reverse ? "F" : "R" }
        if winners.allSatisfy({ $0 == "F" }) { crossings.append("m=\(m): forward for every n"); continue }
        if winners.allSatisfy({ $0 == "R" }) { crossings.append("m=\(m): reverse for every n"); continue }
        if let firstR = winners.firstIndex(of: "R"), !winners[firstR...].contains("F"), firstR > 0 {
            crossings.append("m=\(m): forward up to n=\(row[firstR - 1].n), reverse from n=\(row[firstR].n)")
        } else {
            crossings.append("m=\(m): " + zip(row, winners).map { "n=\($0.n) \($1)" }.joined(separator: " "))
        }
    }
    lines.append("Crossover: " + crossings.joined(separator: "; ") + ".")
    if let fit = fitCosts(cells) {
        lines.append(
            "Cost rule (in primal evaluations): forward = n directions x \(formatSignificant(fit.forwardPass)); "
                + "reverse = recording \(formatSignificant(fit.recording)) + m adjoints x \(formatSignificant(fit.sweep)) "
                + "(directions and adjoints ride k at a time in chunked passes and sweeps). "
                + "Forward wins while n x \(formatSignificant(fit.forwardPass)) < \(formatSignificant(fit.recording)) + m x \(formatSignificant(fit.sweep))."
        )
    }
    let autoDuels = duels.filter { $0.auto != nil }
    if !autoDuels.isEmpty {
        let worst = autoDuels.max { $0.auto! / min($0.forward, $0.reverse) < $1.auto! / min($1.forward, $1.reverse) }!
        let within = autoDuels.filter { $0.auto! <= 1.1 * min($0.forward, $0.reverse) }.count
        lines.append(
            "Auto: within 10% of the faster mode in \(within) of \(autoDuels.count) cells; worst at (n=\(worst.n), m=\(worst.m)): "
                + formatPercent(worst.auto! / min(worst.forward, worst.reverse) - 1) + ".")
    }
    return lines.joined(separator: "\n")
}
