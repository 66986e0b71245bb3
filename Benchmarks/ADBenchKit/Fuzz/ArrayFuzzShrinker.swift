// The array shrinker: reduces a failing array program to a small one that still fails,
// by deleting instructions and inputs, returning an earlier register, replacing
// instructions by constants and operands by inputs, and rounding the numbers.
import AutoDiff
import Foundation

extension ArrayFuzzProgram {
    /// The program with register `removed` deleted and every use redirected to register
    /// `replacement` (an earlier one); later registers shift down by one. Removing an
    /// input also removes its tensor from the point. The result may not fit its shapes
    /// (``registerShapes()`` says).
    /// - Complexity: O(instructions).
    func removingRegister(_ removed: Int, replacingWith replacement: Int) -> ArrayFuzzProgram {
        precondition(replacement < removed)
        func renumber(_ k: Int) -> Int { k == removed ? replacement : (k > removed ? k - 1 : k) }
        var p = self
        if removed < point.count { p.point.remove(at: removed) } else { p.instructions.remove(at: removed - point.count) }
        p.instructions = p.instructions.map { $0.withOperands($0.operands.map(renumber)) }
        p.output = renumber(output)
        return p
    }

    /// The program without instructions the output does not depend on, and without
    /// inputs nothing reads (at least one input is kept).
    /// - Complexity: O(registers · instructions).
    func withoutDeadCode() -> ArrayFuzzProgram {
        var live = [Bool](repeating: false, count: registerCount)
        live[output] = true
        for i in instructions.indices.reversed() where live[point.count + i] {
            for k in instructions[i].operands { live[k] = true }
        }
        var p = self
        for k in live.indices.reversed() where !live[k] && (k >= point.count || p.point.count > 1) {
            // A dead register has no uses: any replacement works; input 0 goes by swapping.
            p = k > 0 ? p.removingRegister(k, replacingWith: 0) : p.droppingFirstInput()
        }
        return p
    }

    /// The program without input 0, which nothing reads (registers shift down by one).
    func droppingFirstInput() -> ArrayFuzzProgram {
        var p = self
        p.point.removeFirst()
        p.instructions = p.instructions.map { $0.withOperands($0.operands.map { $0 - 1 }) }
        p.output -= 1
        return p
    }

    /// The instruction's value at the point, if the program evaluates there.
    func valuesAtPoint() -> [Tensor]? {
        guard registerShapes() != nil else { return nil }
        return checkedArrayEvaluation(self, at: point, .inside)?.values
    }
}

/// Shrinks an array program while `stillFails` holds: a greedy search over smaller
/// variants, repeated until none of them fails any more (or `budget` candidates were
/// tried). Candidates whose shapes do not fit are never tried.
///
/// Steps, each kept only if the candidate still fails: return an earlier register; drop
/// dead code; delete an instruction (its uses read a register of the same shape); replace
/// an instruction by the constant it computes; replace an operand by an input; round
/// constants and the point to fewer digits.
/// - Returns: the smallest failing program found (the input if nothing smaller fails).
/// - Complexity: up to `budget` evaluations of `stillFails`.
public func shrinkArrayFuzzProgram(
    _ program: ArrayFuzzProgram, budget: Int = 2000, stillFails: (ArrayFuzzProgram) -> Bool
) -> ArrayFuzzProgram {
    var best = program
    var tries = 0
    func attempt(_ candidate: ArrayFuzzProgram) -> Bool {
        guard tries < budget, candidate != best, candidate.registerShapes() != nil else { return false }
        tries += 1
        if stillFails(candidate) { best = candidate; return true }
        return false
    }
    var changed = true
    while changed && tries < budget {
        changed = false
        if attempt(best.withoutDeadCode()) { changed = true }
        // Return an earlier register (an operand of the output's instruction first).
        if best.output >= best.inputCount {
            let operands = best.instructions[best.output - best.inputCount].operands
            for k in operands + Array(0..<best.output) {
                var candidate = best
                candidate.output = k
                if attempt(candidate.withoutDeadCode()) { changed = true; break }
            }
        }
        // Delete an instruction, its uses redirected to an earlier register.
        var i = best.instructions.count - 1
        while i >= 0 {
            let k = best.inputCount + i
            let operands = best.instructions[i].operands
            for r in operands + Array(0..<k) where attempt(best.removingRegister(k, replacingWith: r).withoutDeadCode()) {
                changed = true
                break
            }
            i = Swift.min(i - 1, best.instructions.count - 1)
        }
        // Replace an instruction by its value at the point.
        if let values = best.valuesAtPoint() {
            for i in best.instructions.indices where !best.instructions[i].operands.isEmpty {
                var candidate = best
                candidate.instructions[i] = .constant(values[best.inputCount + i])
                if attempt(candidate.withoutDeadCode()) { changed = true; break }
            }
        }
        // Replace an operand by an input (a success shortens `best`: start over).
        replacement: for i in best.instructions.indices {
            let operands = best.instructions[i].operands
            for (slot, operand) in operands.enumerated() where operand >= best.inputCount {
                for j in 0..<best.inputCount {
                    var replaced = operands
                    replaced[slot] = j
                    var candidate = best
                    candidate.instructions[i] = best.instructions[i].withOperands(replaced)
                    if attempt(candidate.withoutDeadCode()) {
                        changed = true
                        break replacement
                    }
                }
            }
        }
        // Fewer digits in the point and in constants.
        for digits in [0.0, 1, 2] {
            let scale = Foundation.pow(10, digits)
            func round(_ x: Double) -> Double { (x * scale).rounded() / scale }
            var candidate = best
            candidate.point = best.point.map { Tensor(shape: $0.shape, scalars: $0.scalars.map(round)) }
            candidate.instructions = best.instructions.map { operation in
                switch operation {
                case .constant(let t): .constant(Tensor(shape: t.shape, scalars: t.scalars.map(round)))
                case .withConstant(let form, let a, let c): .withConstant(form, a, round(c) == 0 ? c : round(c))
                default: operation
                }
            }
            if attempt(candidate) { changed = true; break }
        }
    }
    return best
}
