import Testing
import AutoDiff

// The worked examples of the source texts (shared/SEEDS.md §2), in every mode, to the
// printed digits.

struct AddTimes: ScalarFunction { // (x + y) · z
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { (v[0] + v[1]) * v[2] }
}

struct TwiceSumWithMax: ScalarFunction { // 2 · (x·y + max(z, w))
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { 2 * (v[0] * v[1] + T.max(v[2], v[3])) }
}

struct SigmoidNeuron: ScalarFunction { // σ(w0·x0 + w1·x1 + w2), inputs [w0, w1, w2, x0, x1]
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { T.sigmoid(v[0] * v[3] + v[1] * v[4] + v[2]) }
}

struct StagedSigmoidRatio: ScalarFunction { // (x + σ(y)) / (σ(x) + (x + y)²)
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        let x = v[0], y = v[1]
        let sigy = 1 / (1 + T.exp(-y))
        let num = x + sigy
        let sigx = 1 / (1 + T.exp(-x))
        let xpy = x + y
        let xpysqr = xpy * xpy
        let den = sigx + xpysqr
        let invden = 1 / den
        return num * invden
    }
}

struct Shopping: ScalarFunction { // (apples·applePrice + pears·pearPrice) · tax
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { (v[0] * v[1] + v[2] * v[3]) * v[4] }
}

@Suite struct WorkedExamples {
    static let modes: [DifferentiationMode] = DifferentiationMode.allCases

    @Test(arguments: modes) func addTimes(mode: DifferentiationMode) throws {
        let (f, g) = try valueWithGradient(of: AddTimes(), at: [-2.0, 5, -4], mode: mode)
        #expect(f == -12)
        #expect(g == [-4, -4, 3])
    }

    @Test(arguments: modes) func maxRoutesToLarger(mode: DifferentiationMode) throws {
        let (f, g) = try valueWithGradient(of: TwiceSumWithMax(), at: [3.0, -4, 2, -1], mode: mode)
        #expect(f == -20)
        #expect(g == [-8, 6, 2, 0])
    }

    @Test(arguments: modes) func sigmoidNeuron(mode: DifferentiationMode) throws {
        let (f, g) = try valueWithGradient(of: SigmoidNeuron(), at: [2.0, -3, -3, -1, -2], mode: mode)
        #expect(abs(f - 0.7311) < 5e-5)
        let expected = [-0.1966, -0.3932, 0.1966, 0.3932, -0.5898]
        for (a, b) in zip(g, expected) { #expect(abs(a - b) < 5e-5) }
    }

    @Test(arguments: modes) func stagedSigmoidRatio(mode: DifferentiationMode) throws {
        let (f, g) = try valueWithGradient(of: StagedSigmoidRatio(), at: [3.0, -4], mode: mode)
        #expect(abs(f - 1.545645) < 5e-7)
        #expect(abs(g[0] - 2.059570) < 5e-7)
        #expect(abs(g[1] - 1.592233) < 5e-7)
    }

    @Test(arguments: modes) func shopping(mode: DifferentiationMode) throws {
        // [apple count, apple price, pear count, pear price, tax]
        let (f, g) = try valueWithGradient(of: Shopping(), at: [2.0, 100, 3, 150, 1.1], mode: mode)
        #expect(abs(f - 715) < 1e-9)
        let expected = [110.0, 2.2, 165, 3.3, 650]
        for (a, b) in zip(g, expected) { #expect(abs(a - b) < 1e-9) }
    }

    @Test func lossThroughSum() throws {
        // Loss = z · (x + y) with x + y = 5, z = 6: dLoss/dx = 6, dLoss/dz = 5.
        let g = try gradient(of: AddTimes(), at: [2.0, 3, 6])
        #expect(g == [6, 6, 5])
    }

    @Test func gradTableByHand() {
        // The tape used directly: record, then read the grad table.
        withRecording { tape in
            let x = tape.variable(-2.0), y = tape.variable(5.0), z = tape.variable(-4.0)
            let q = x + y
            let f = q * z
            let grad = tape.adjoints(of: f)
            #expect(grad[f] == 1)
            #expect(grad[q] == -4)
            #expect(grad[z] == 3)
            #expect(grad[x] == -4 && grad[y] == -4)
            #expect(tape.count == 5)
        }
    }

    @Test func plainDoubleOperatorsStayUnambiguous() {
        // Conforming Double must not make ordinary Double code ambiguous.
        var a = 1.5, b = 2.0
        a += b; a -= 0.5; a *= b; a /= 2
        #expect(a < b || a >= b)
        #expect(a == 3.0 && 2.0 < a && a > 2)
    }
}

/// Importing AutoDiff must not make ordinary `Double` code ambiguous where Swift infers a
/// type from an operator reference.
@Test func operatorReferencesOnDoubleStayUnambiguous() {
    let total = [1.0, 2.0, 3.5].reduce(0, +)
    let product = [2.0, 4.0].reduce(1, *)
    #expect(total == 6.5 && product == 8)
}
