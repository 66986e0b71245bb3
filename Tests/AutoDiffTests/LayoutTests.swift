import Foundation
import Testing
import AutoDiff

// Layout and cost facts the design depends on: POD tracked values, 16-byte duals,
// tape growth of exactly one entry per recorded operation, nothing for constants, and
// sweeps that can be rerun without recording again.

@Suite("Layout and costs") struct LayoutTests {
    @Test func trackedIsPlainDataAndDualIsTwoDoubles() {
        #expect(_isPOD(Tracked<Double>.self)) // no strong reference: no ARC per copy
        #expect(_isPOD(Dual<Double>.self))
        #expect(_isPOD(Dual<Tracked<Double>>.self))
        #expect(MemoryLayout<Dual<Double>>.size == 16)
        #expect(MemoryLayout<Dual<Dual<Double>>>.size == 32)
        #expect(MemoryLayout<Tracked<Double>>.size <= 24) // value, index, tape pointer
    }

    @Test func tapeGrowsOneEntryPerOperation() {
        withRecording { tape in
            #expect(tape.count == 0 && tape.byteCount == 0)
            let x = tape.variable(1.5), y = tape.variable(-0.5)
            #expect(tape.count == 2)
            var z = x * y
            #expect(tape.count == 3)
            z = Tracked.exp(z) + Tracked.sin(x)
            #expect(tape.count == 6)
            for _ in 0..<10 { z = z * x }
            #expect(tape.count == 16)
            // 12 binary entries (x·y, +, ten ·x) hold a second partial; the inputs, exp
            // and sin do not.
            #expect(tape.binaryCount == 12)
            #expect(tape.byteCount == 16 * Tape<Double>.bytesPerUnaryEntry + 12 * MemoryLayout<Double>.stride)
            #expect(tape.operation(at: 0) == .input && tape.operation(at: 2) == .multiply)
            #expect(tape.operation(at: 3) == .exp && tape.operation(at: 4) == .sin && tape.operation(at: 5) == .add)
        }
    }

    @Test func entriesTake16BytesUnaryAnd24Binary() {
        // The targets for Double: at most 24 bytes per binary and 16 per unary entry.
        #expect(Tape<Double>.bytesPerUnaryEntry == 16 && Tape<Double>.bytesPerBinaryEntry == 24)
        #expect(Tape<Float>.bytesPerUnaryEntry == 12 && Tape<Float>.bytesPerBinaryEntry == 16)
        #expect(Operation.allCases.count <= 64) // the operation fits the word's top 6 bits
        #expect(Tape<Double>.maximumEntries == (1 << 26) - 1) // the rest of the word: the parent
        #expect("\(DifferentiationError.tapeBudgetExceeded(maximumBytes: 240))".contains("67108863 entries"))
        withRecording { tape in
            let x = tape.variable(0.5) // 16
            let u = Tracked.exp(x), v = 3 * u // 16 + 16 (c · x keeps no constant: its partial is c)
            let w = v + 2, z = Tracked.pow(w, 3) // 24 + 24 (x + c and pow(x, n) keep their constant)
            let s = z * x // 24 (binary)
            #expect(tape.count == 6 && tape.binaryCount == 1)
            #expect(tape.byteCount == 16 + 16 + 16 + 24 + 24 + 24)
            // The constants survive for replay: the gradient at the recorded point is the closed form.
            let g = tape.adjoints(of: s)[x]
            let e = Foundation.exp(0.5), inner = 3 * e + 2
            #expect(Swift.abs(g - (3 * inner * inner * 3 * e * 0.5 + inner * inner * inner)) < 1e-12 * inner * inner * inner)
            _ = (u, v, w, z)
        }
    }

    @Test func constantsRecordNoEntries() {
        withRecording { tape in
            let x = tape.variable(2.0)
            let y = 2 * x + 3 // exactly two entries after the input
            #expect(tape.count == 3)
            #expect(tape.operation(at: 1) == .multiplyByConstant)
            #expect(tape.operation(at: 2) == .addConstant)
            let c = Tracked<Double>(2.0) * Tracked<Double>(3.0) + Tracked.pi // constants only
            let d = Tracked.exp(Tracked<Double>(1.0)) - 4
            #expect(tape.count == 3)
            #expect(!c.isRecorded && !d.isRecorded && y.isRecorded)
            _ = Tracked.pow(x, 0) // x⁰ is the constant 1
            _ = x * c // a constant Tracked operand: one unary entry
            #expect(tape.count == 4)
            #expect(tape.operation(at: 3) == .multiplyByConstant)
            let adjoints = tape.adjoints(of: y)
            #expect(adjoints[x] == 2 && adjoints[c] == 0)
        }
    }

    @Test func sweepRerunsWithANewSeedWithoutRecording() {
        withRecording { tape in
            let x = tape.variable(3.0), y = tape.variable(-4.0)
            let f0 = x * y, f1 = Tracked.square(x) + 5 * y
            let recorded = tape.count
            let row0 = tape.adjoints(of: f0), row1 = tape.adjoints(of: f1)
            #expect(tape.count == recorded) // sweeps record nothing
            #expect([row0[x], row0[y]] == [-4, 3])
            #expect([row1[x], row1[y]] == [6, 5]) // the second row, no re-recording
            let again = tape.adjoints(of: f0)
            #expect([again[x], again[y]] == [-4, 3])
            let combined = tape.adjoints(seeds: [(f0, 2), (f1, -1)]) // a VJP with u = (2, −1)
            #expect([combined[x], combined[y]] == [-14, 1])
            let scaled = tape.adjoints(of: f1, seed: 0.5)
            #expect([scaled[x], scaled[y]] == [3, 2.5])
        }
    }

    @Test func recordingDepthMatchesOperationCount() throws {
        // The reverse Jacobian of an R^n → R^m function records once (n inputs + ops),
        // whatever m: the m rows come from m sweeps over one recording.
        let f = TwoLayerChain()
        let entries = withRecording { tape in
            _ = f(f.point.map(tape.variable))
            return tape.count
        }
        // 20 inputs; per hidden unit 20 multiply-adds with constants (2 entries each,
        // the first add onto the constant bias being a unary entry) + tanh; per output
        // 16 multiply-adds (the first onto the constant 0).
        #expect(entries == 20 + 16 * (20 * 2 + 1) + 30 * (16 * 2))
    }
}
