// P3 in `adbench problems` and `sweep --problem p3`: the library's Hessian-vector
// products (`hvp(of:at:direction:mode:)` in each HVPMode) and the Dual<Dual> directional
// second derivative vᵀHv, each checked against the hand-coded Hv; and the question
// whether one dense Hessian of 100 inputs beats 100 separate products.
import AutoDiff

extension HVPMode {
    /// "forward over reverse", "reverse over forward", "reverse over reverse".
    var words: String {
        switch self {
        case .forwardOverReverse: "forward over reverse"
        case .reverseOverForward: "reverse over forward"
        case .reverseOverReverse: "reverse over reverse"
        }
    }

    /// The HVP mode `sweep --problem p3` runs for a first-order mode name: forward =
    /// forward over reverse (`hvp`'s default, also used for auto), reverse = reverse over forward.
    init(sweepMode mode: DifferentiationMode) {
        self = mode == .reverse ? .reverseOverForward : .forwardOverReverse
    }
}

/// Labels of P3's rows (the "x hand" denominators are looked up by label).
enum HVPLabel {
    static let hand = "hand hvp"
    static func library(_ mode: HVPMode) -> String { "hvp \(mode.words)" }
    static let secondDerivative = "vᵀHv by Dual<Dual>"
    static let handHessian = "hand hessian"
    static let hessian = "hessian (reverse over reverse)"
    static let hessianForward = "hessian (forward over reverse)"
    static let separate = "n hvp calls (forward over reverse)"
    /// What P3's rows run, one line for the notes.
    static let legend =
        "P3 rows: hvp(of:at:direction:mode:) per HVPMode, recording included, x hand = / the hand-coded Hv; "
        + "vᵀHv = directionalSecondDerivative (a scalar), its reference v·(hand Hv); P3 hessian: hessian(of:at:mode:) "
        + "(reverse over reverse: 1 recording, n sweeps; forward over reverse: n products) vs n hvp calls along the basis, x hand = / the hand-coded dense Hessian"
}

/// P3's extra rows: `hvp` in each ``HVPMode`` and `directionalSecondDerivative` (vᵀHv),
/// each checked against the hand-coded Hv (vᵀHv against v·(hand Hv)) and, for the
/// products, the sum of PROBLEMS.md.
/// - Throws: a driver's ``DifferentiationError`` from the checking calls.
/// - Complexity: one call of each, plus one recording per mode for the tape counts.
func hvpMeasurements(_ p: P3HessianVector, sink: BlackHole) throws -> [ExtraMeasurement] {
    let f = p.function, x = p.point, v = p.direction
    let hand = DerivativeResult(vector: P3HessianVector.handHessianVector(x, v))
    let reference = p.reference?.derivativeSum
    var extras: [ExtraMeasurement] = []
    for mode in HVPMode.allCases {
        let product = DerivativeResult(vector: try hvp(of: f, at: x, direction: v, mode: mode))
        let tape = try p.tapeSize(at: x, hvpMode: mode)
        let work = DerivativeWork.hessianVectorProduct(mode)
        extras.append(
            ExtraMeasurement(
                HVPLabel.library(mode), hand: HVPLabel.hand,
                body: { sink.consume(try hvp(of: f, at: x, direction: v, mode: mode)) }
            ) { row in
                row.setCheck(product, against: hand, reference: reference)
                (row.passes, row.sweeps) = (work.passes, work.sweeps)
                // ns/op per entry of the recording measured, swept once (reverse over
                // reverse's outer sweep is part of building it).
                row.setTape(tape, sweeps: 1)
            })
    }
    let curvature = try directionalSecondDerivative(of: f, at: x, direction: v).secondDerivative
    let expected = zip(v, hand.entries).reduce(0) { $0 + $1.0 * $1.1 }
    extras.append(
        ExtraMeasurement(
            HVPLabel.secondDerivative, hand: HVPLabel.hand,
            body: { sink.consume(try directionalSecondDerivative(of: f, at: x, direction: v)) }
        ) { row in
            row.setCheck(
                curvature, reference: expected, maxAbsError: abs(curvature - expected),
                tolerance: derivativeTolerance(referenceScale: abs(expected)))
        })
    return extras
}

/// Rosenbrock's dense Hessian (n × n, row-major) by hand: tridiagonal,
/// `H_ii = [i <= n−2](1200 x_i² − 400 x_{i+1} + 2) + [i >= 1] 200`, `H_{i,i+1} = H_{i+1,i} = −400 x_i`.
/// - Complexity: O(n²) (the zero fill).
func handRosenbrockHessian(_ x: [Double]) -> [Double] {
    let n = x.count
    var h = [Double](repeating: 0, count: n * n)
    for i in 0..<max(n - 1, 0) {
        h[i * n + i] += 1200 * x[i] * x[i] - 400 * x[i + 1] + 2
        h[(i + 1) * n + i + 1] += 200
        h[i * n + i + 1] = -400 * x[i]
        h[(i + 1) * n + i] = -400 * x[i]
    }
    return h
}

/// The dense Hessian of Rosenbrock on `n` inputs (x = uniform(1)) by `hessian(of:at:)`
/// (reverse over reverse: one recording, n sweeps) and by forward over reverse, against
/// n separate `hvp` calls along the basis vectors and the hand-coded Hessian; each checked
/// against the hand-coded one. Rows named "P3 hessian n=…".
/// - Throws: a driver's ``DifferentiationError``.
/// - Complexity: about 5 × `minTime` seconds.
func measureHessianCost(n: Int, sampler: Sampler) throws -> [MeasuredRow] {
    let f = RosenbrockFunction(n: n), x = LCG.vector(seed: 1, count: n)
    let sink = sampler.sink
    let hand = DerivativeResult(rows: n, columns: n, entries: handRosenbrockHessian(x))
    let separate = {
        var e = [Double](repeating: 0, count: n), rows: [Double] = []
        rows.reserveCapacity(n * n)
        for j in 0..<n {
            e[j] = 1
            rows += try hvp(of: f, at: x, direction: e)
            e[j] = 0
        }
        return rows
    }
    func checked(_ entries: [Double]) -> (inout MeasuredRow) -> Void {
        let result = DerivativeResult(rows: n, columns: n, entries: entries)
        return { $0.setCheck(result, against: hand, reference: nil) }
    }
    let value = f(x)
    let bodies = [
        ExtraMeasurement("primal", body: { sink.consume(f(x)) }) { $0.check = value },
        ExtraMeasurement(HVPLabel.handHessian, body: { sink.consume(handRosenbrockHessian(x)) }, fill: checked(hand.entries)),
        ExtraMeasurement(
            HVPLabel.hessian, hand: HVPLabel.handHessian, body: { sink.consume(try hessian(of: f, at: x)) },
            fill: checked(try hessian(of: f, at: x).elements)),
        ExtraMeasurement(
            HVPLabel.hessianForward, hand: HVPLabel.handHessian,
            body: { sink.consume(try hessian(of: f, at: x, mode: .forwardOverReverse)) },
            fill: checked(try hessian(of: f, at: x, mode: .forwardOverReverse).elements)),
        ExtraMeasurement(
            HVPLabel.separate, hand: HVPLabel.handHessian, body: { sink.consume(try separate()) },
            fill: checked(try separate()))
    ]
    return try measureExtras(problem: ("P3 hessian n=\(n)", n, n), bodies, sampler: sampler)
}

/// P3's targets, from the measured rows: forward-over-reverse hvp at most
/// 20× the primal (recording included); the dense Hessian of 100 inputs faster than 100
/// separate products.
func hvpTargetNotes(_ rows: [MeasuredRow]) -> [String] {
    guard rows.contains(where: { $0.problem.hasPrefix("P3") }) else { return [] }
    var notes = [HVPLabel.legend]
    for row in rows where row.problem.hasPrefix("P3 hvp") && row.derivative == HVPLabel.library(.forwardOverReverse) {
        let met = row.ratioToPrimal <= 20
        notes.append(
            "\(row.problem): hvp forward over reverse \(formatRatio(row.ratioToPrimal)) the primal, recording included "
                + "(target: at most 20x): \(met ? "met" : "NOT met")")
    }
    let hessians = Dictionary(grouping: rows.filter { $0.problem.hasPrefix("P3 hessian") }, by: \.problem)
    for (problem, group) in hessians.sorted(by: { $0.key < $1.key }) {
        guard let dense = group.first(where: { $0.derivative == HVPLabel.hessian }),
            let separate = group.first(where: { $0.derivative == HVPLabel.separate })
        else { continue }
        let ratio = dense.seconds / separate.seconds
        let n = problem.split(separator: "=").last.map(String.init) ?? "n"
        notes.append(
            "\(problem): dense hessian(of:at:) \(formatSeconds(dense.seconds)) vs \(n) separate hvp calls \(formatSeconds(separate.seconds)): "
                + "\(formatRatio(ratio)) (target: less than 1x): \(ratio < 1 ? "met" : "NOT met")")
    }
    return notes
}
