import Testing
@testable import ADBenchKit

@Suite struct LCGTests {
    @Test func uniformOneMatchesReference() {
        let v = LCG.vector(seed: 1, count: 3)
        #expect(v == [-0.15358165825457348, 0.01881488576744128, 0.2967187879268611])
    }

    @Test func nextIsTheRecurrenceDividedByTwoToThe53() {
        var g = LCG(seed: 42)
        let u = g.next()
        let state: UInt64 = 42 &* 6364136223846793005 &+ 1442695040888963407
        #expect(g.state == state)
        #expect(u == Double(state >> 11) / 9007199254740992)
        #expect(u >= 0 && u < 1)
    }

    @Test func streamsAreDeterministicAndSeedDependent() {
        #expect(LCG.vector(seed: 7, count: 100) == LCG.vector(seed: 7, count: 100))
        #expect(LCG.vector(seed: 7, count: 10) != LCG.vector(seed: 8, count: 10))
        #expect(LCG.vector(seed: 3, count: 0).isEmpty)
        #expect(LCG.vector(seed: 3, count: 1000).allSatisfy { $0 >= -1 && $0 < 1 })
    }

    @Test func matrixIsRowMajorAndScaledByOneOverSqrtColumns() {
        let raw = LCG.unscaledMatrix(seed: 2, rows: 3, columns: 4)
        #expect(raw == LCG.vector(seed: 2, count: 12))
        let w = LCG.matrix(seed: 2, rows: 3, columns: 4)
        for i in raw.indices { #expect(w[i] == raw[i] * 0.5) }
        let custom = LCG.matrix(seed: 2, rows: 3, columns: 4, scale: 3)
        for i in raw.indices { #expect(custom[i] == raw[i] * 3) }
    }
}
