import Testing
import AutoDiff

// Tape.entry(at:) exposes what a recording holds (used by the notebooks to draw the graph
// and fill the grad table by hand): checked against hand partials and the library's sweep.
@Suite struct TapeInspection {
    @Test func entriesHoldParentsAndLocalPartials() {
        withRecording { tape in
            let x = tape.variable(3.0), y = tape.variable(-4.0)
            let p = x * y
            let s = Tracked.sigmoid(p + 2)
            let e = tape.entry(at: p.entryIndex!)
            #expect(e.operation == .multiply)
            #expect(e.parents == [x.entryIndex!, y.entryIndex!])
            #expect(e.partials == [-4, 3])  // multiply swaps its inputs
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
            var grad = [Double](repeating: 0, count: tape.count)
            grad[f.entryIndex!] = 1
            for j in stride(from: f.entryIndex!, through: 0, by: -1) {
                let e = tape.entry(at: j)
                for (p, d) in zip(e.parents, e.partials) { grad[p] += grad[j] * d }
            }
            let adjoints = tape.adjoints(of: f)
            #expect(abs(grad[x.entryIndex!] - adjoints[x]) < 1e-14)
            #expect(abs(grad[y.entryIndex!] - adjoints[y]) < 1e-14)
        }
    }
}
