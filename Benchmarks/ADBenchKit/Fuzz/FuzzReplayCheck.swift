// The replay part of the fuzz check: a recording replayed at another point (in either
// layout) either equals a fresh recording there bit for bit or says that a branch
// flipped; it never answers for a function its recording does not describe.
import AutoDiff

/// Records `program` at `x`, replays it at two other points (each input moved by 0.1 %
/// and by 50 % of max(1, |x_j|), in a pattern that changes sign from input to input: the
/// near point stays on the recorded branches, the far one often does not), and compares
/// the replayed value and Jacobian with a fresh reverse-mode recording at each, in both
/// replay layouts (``RecordedFunction/Layout/recordingOrder`` and ``RecordedFunction/Layout/levelOrder``).
/// - Returns: nil when they are equal bit for bit, or when the replay threw
///   ``DifferentiationError/branchChanged(comparison:of:)`` (a flipped comparison,
///   detected) or the moved point is outside the program's domain; else a one-line
///   description of the disagreement.
/// - Complexity: per point and layout two recordings, one replay, and their sweeps.
func checkFuzzReplay(_ program: FuzzProgram, at x: [Double]) -> String? {
    for distance in [1e-3, 0.5] {
        let moved = x.indices.map { j in x[j] + distance * Double(j % 3 - 1) * Swift.max(1, Swift.abs(x[j])) }
        for layout in [RecordedFunction.Layout.recordingOrder, .levelOrder] {
            if let problem = checkFuzzReplay(program, recordedAt: x, replayedAt: moved, layout: layout) {
                return problem
            }
        }
    }
    return nil
}

/// One replay of ``checkFuzzReplay(_:at:)``: recorded at `x`, replayed at `moved`.
func checkFuzzReplay(
    _ program: FuzzProgram, recordedAt x: [Double], replayedAt moved: [Double],
    layout: RecordedFunction.Layout
) -> String? {
    guard checkedEvaluation(program, at: moved, margin: 0, limit: .infinity) != nil else { return nil }
    func same(_ a: [Double], _ b: [Double]) -> Bool {
        a.count == b.count && zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern }
    }
    do {
        let recorded = try RecordedFunction(program, at: x, onBranchChange: .throwError, layout: layout)
        let fresh = try reverseJacobian(of: program, at: moved)
        do {
            let value = try recorded.value(at: moved), jacobian = try recorded.jacobian(at: moved)
            if !same(value, fresh.value) { return "replayed value (\(layout)) at a moved point differs from a fresh recording" }
            if !same(jacobian.elements, fresh.jacobian.elements) {
                return "replayed Jacobian (\(layout)) at a moved point differs from a fresh recording"
            }
        } catch DifferentiationError.branchChanged {
            return nil // the flip was detected: the replay refused to answer
        }
    } catch {
        return "replay check threw \(error)"
    }
    return nil
}
