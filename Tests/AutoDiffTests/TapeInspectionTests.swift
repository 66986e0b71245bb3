import Testing
import AutoDiff

// Tape.entry(at:) exposes what a recording holds (used by the notebooks to draw the graph
// and fill the grad table by hand): checked against hand partials and the library's sweep.

/// The grad table filled by hand from `entry(at:)`, entry by entry backwards from `output`.
func handFilledGradTable(_ tape: Tape<Double>, from output: Tracked<Double>) -> [Double] {
    var grad = [Double](repeating: 0, count: tape.count)
    grad[output.entryIndex!] = 1
    for j in stride(from: output.entryIndex!, through: 0, by: -1) {
        let e = tape.entry(at: j)
        for (p, d) in zip(e.parents, e.partials) { grad[p] += grad[j] * d }
    }
    return grad
}
@Suite struct TapeInspection {
    @Test func entriesHoldParentsAndLocalPartials() {
        withRecording { tape in
            let x = tape.variable(3.0), y = tape.variable(-4.0)
            let p = x * y
            let s = Tracked.sigmoid(p + 2)
            let e = tape.entry(at: p.entryIndex!)
            #expect(e.operation == .multiply)
            #expect(e.parents == [x.entryIndex!, y.entryIndex!])
            #expect(e.partials == [-4, 3]) // multiply swaps its inputs
            let input = tape.entry(at: x.entryIndex!)
            #expect(input.operation == .input && input.parents.isEmpty && input.partials.isEmpty)
            let sig = tape.entry(at: s.entryIndex!)
            #expect(sig.operation == .sigmoid && sig.parents.count == 1)
            #expect(abs(sig.partials[0] - s.value * (1 - s.value)) < 1e-15)
        }
    }

    @Test func handFilledGradTableMatchesTheSweep() {
        withRecording { tape in
            let x = tape.variable(3.0), y = tape.variable(-4.0)
            let f = (x + Tracked.exp(y)) / (Tracked.sigmoid(x) + (x + y) * (x + y))
            let grad = handFilledGradTable(tape, from: f)
            let adjoints = tape.adjoints(of: f)
            #expect(abs(grad[x.entryIndex!] - adjoints[x]) < 1e-14)
            #expect(abs(grad[y.entryIndex!] - adjoints[y]) < 1e-14)
        }
    }

    // Second partials live in a run of their own, found by counting binary entries from
    // the nearer end of the tape: every binary entry of a long mixed tape, in both halves,
    // must report its own partials (x·y: (y, x)), and sweeps from outputs in either half
    // must match the hand-filled grad table.
    @Test func secondPartialsAreFoundInBothHalvesOfALongTape() {
        withRecording { tape in
            let xs = (0..<5).map { tape.variable(0.5 + 0.1 * Double($0)) }
            var z = xs[0]
            var products: [(z: Tracked<Double>, lhs: Tracked<Double>, rhs: Tracked<Double>)] = []
            var middle: Tracked<Double>?
            for k in 0..<120 {
                let x = xs[k % 5]
                let p = z * x // binary
                products.append((p, z, x))
                z = k % 3 == 0 ? Tracked.sin(p) : p + 0.25 // unary, or unary keeping a constant
                if k == 80 { middle = z }
            }
            for (p, lhs, rhs) in products {
                let e = tape.entry(at: p.entryIndex!)
                #expect(e.operation == .multiply)
                #expect(e.parents == [lhs.entryIndex!, rhs.entryIndex!])
                #expect(e.partials == [rhs.value, lhs.value])
            }
            for output in [z, middle!, products[10].z] {
                let grad = handFilledGradTable(tape, from: output)
                let adjoints = tape.adjoints(of: output)
                for x in xs {
                    #expect(abs(grad[x.entryIndex!] - adjoints[x]) <= 1e-12 * max(1, abs(grad[x.entryIndex!])))
                }
            }
        }
    }
}
