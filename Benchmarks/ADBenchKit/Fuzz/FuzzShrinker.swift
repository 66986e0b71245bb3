// The shrinker: reduces a failing program to a small one that still fails, by deleting
// instructions, outputs and inputs and by replacing operands with inputs or constants.
import Foundation

extension FuzzProgram {
    /// The program with value `removed` deleted and every reference to it redirected to
    /// `replacement` (an earlier value); later indices shift down by one. Removing an
    /// input also removes its coordinate of the point.
    /// - Complexity: O(n + instructions).
    func removingValue(_ removed: Int, replacingWith replacement: Int) -> FuzzProgram {
        precondition(replacement < removed)
        func renumber(_ v: Int) -> Int { v == removed ? replacement : (v > removed ? v - 1 : v) }
        var p = self
        if removed < inputs {
            p.inputs -= 1
            p.point.remove(at: removed)
        } else {
            p.instructions.remove(at: removed - inputs)
        }
        for i in p.instructions.indices {
            let arity = p.instructions[i].operation.arity
            if arity >= 1 { p.instructions[i].a = renumber(p.instructions[i].a) }
            if arity == 2 { p.instructions[i].b = renumber(p.instructions[i].b) }
        }
        p.outputs = p.outputs.map(renumber)
        return p
    }

    /// The program without instructions that no output depends on.
    /// - Complexity: O(n + instructions).
    func withoutDeadCode() -> FuzzProgram {
        var live = [Bool](repeating: false, count: inputs + instructions.count)
        for o in outputs { live[o] = true }
        for i in instructions.indices.reversed() where live[inputs + i] {
            let instruction = instructions[i]
            if instruction.operation.arity >= 1 { live[instruction.a] = true }
            if instruction.operation.arity == 2 { live[instruction.b] = true }
        }
        var p = self
        for v in live.indices.reversed() where v >= inputs && !live[v] {
            p = p.removingValue(v, replacingWith: 0)
        }
        return p
    }

    /// The indices of the values instruction `i` reads.
    func operands(of i: Int) -> [Int] {
        let instruction = instructions[i]
        return [instruction.a, instruction.b].prefix(instruction.operation.arity).map { $0 }
    }
}

/// Shrinks a program while `stillFails` holds: a greedy search over smaller variants,
/// repeated until none of them fails any more (or `budget` candidates were tried).
///
/// Steps, each kept only if the candidate still fails: keep a single output; drop dead
/// code; delete an instruction (its uses read one of its operands or an input instead);
/// replace an instruction by the constant it computes at the point; replace an operand
/// by an input; delete an input (its uses read another input); round constants and the
/// point's coordinates to fewer digits.
/// - Returns: the smallest failing program found (the input program if nothing smaller fails).
/// - Complexity: up to `budget` evaluations of `stillFails`.
public func shrinkFuzzProgram(
    _ program: FuzzProgram, budget: Int = 5000, stillFails: (FuzzProgram) -> Bool
) -> FuzzProgram {
    var best = program
    var tries = 0
    func attempt(_ candidate: FuzzProgram) -> Bool {
        guard tries < budget, candidate != best else { return false }
        tries += 1
        if stillFails(candidate) { best = candidate; return true }
        return false
    }
    var changed = true
    while changed && tries < budget {
        changed = false
        // A single output.
        if best.outputs.count > 1 {
            for o in best.outputs
            where attempt(
                FuzzProgram(
                    inputs: best.inputs, instructions: best.instructions, outputs: [o], point: best.point, fault: best.fault))
            {
                changed = true
                break
            }
        }
        if attempt(best.withoutDeadCode()) { changed = true }
        // Delete an instruction, redirecting its uses to an operand or to an input.
        var i = best.instructions.count - 1
        while i >= 0 {
            let v = best.inputs + i
            let replacements = best.operands(of: i) + Array(0..<best.inputs)
            for r in Set(replacements).sorted() where attempt(best.removingValue(v, replacingWith: r).withoutDeadCode()) {
                changed = true
                break
            }
            i = Swift.min(i - 1, best.instructions.count - 1)
        }
        // Replace an instruction by its value at the point, as a constant leaf.
        let values = best.values(best.point)
        for i in best.instructions.indices where best.instructions[i].operation.arity > 0 {
            var candidate = best
            candidate.instructions[i] = FuzzInstruction(.constant, c: values[best.inputs + i])
            if attempt(candidate.withoutDeadCode()) { changed = true; break }
        }
        // Replace an operand by an input.
        for i in best.instructions.indices {
            for (slot, operand) in best.operands(of: i).enumerated() where operand >= best.inputs {
                for j in 0..<best.inputs {
                    var candidate = best
                    if slot == 0 { candidate.instructions[i].a = j } else { candidate.instructions[i].b = j }
                    if attempt(candidate.withoutDeadCode()) { changed = true; break }
                }
            }
        }
        // Delete an input.
        if best.inputs > 1 {
            for j in (0..<best.inputs).reversed() {
                guard j < best.inputs, best.inputs > 1 else { continue }
                let other = j == 0 ? 1 : 0
                let candidate: FuzzProgram
                if other < j {
                    candidate = best.removingValue(j, replacingWith: other)
                } else {
                    // Input 0 goes: move input 1 into its place first.
                    var swapped = best
                    swapped.point.swapAt(0, 1)
                    let swap = { (v: Int) in v == 0 ? 1 : (v == 1 ? 0 : v) }
                    for k in swapped.instructions.indices {
                        let arity = swapped.instructions[k].operation.arity
                        if arity >= 1 { swapped.instructions[k].a = swap(swapped.instructions[k].a) }
                        if arity == 2 { swapped.instructions[k].b = swap(swapped.instructions[k].b) }
                    }
                    swapped.outputs = swapped.outputs.map(swap)
                    candidate = swapped.removingValue(1, replacingWith: 0)
                }
                if attempt(candidate) { changed = true }
            }
        }
        // Fewer digits in constants and in the point.
        for digits in [0.0, 1, 2] {
            let scale = Foundation.pow(10, digits)
            var candidate = best
            for k in candidate.instructions.indices where candidate.instructions[k].operation.usesConstant {
                let c = (candidate.instructions[k].c * scale).rounded() / scale
                if c != 0 { candidate.instructions[k].c = c }
            }
            candidate.point = candidate.point.map { ($0 * scale).rounded() / scale }
            if attempt(candidate) { changed = true; break }
        }
    }
    return best
}
