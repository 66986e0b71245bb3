// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
import AutoDiff
import Testing

// README-SCALAR-RULES-EXAMPLE-BEGIN
import AutoDiff
import Foundation
/// log(1 + eˣ) by plain Double code, exact for large x (the composed form overflows),
/// with its reverse rule: u·σ(x).
struct StableSoftplus: CustomDerivativeRule {
    func value(_ x: Arguments<Double>) -> Double {
        x[0] > 0 ? x[0] + Foundation.log1p(Foundation.exp(-x[0])) : Foundation.log1p(Foundation.exp(x[0]))
    }
    func vjp(at x: Arguments<Double>, cotangent u: Double) -> Arguments<Double>? {
        Arguments(u / (1 + Foundation.exp(-x[0])))
    }
}

/// One term of Rosenbrock's sum: reverse mode records it as ONE tape entry.
struct RosenbrockPair: LocalFunction {
    func callAsFunction<T: ADScalar>(_ v: Arguments<T>) -> T {
        100 * T.square(v[1] - v[0] * v[0]) + T.square(1 - v[0])
    }
}

struct SmoothedRosenbrock: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        var s = T.applying(StableSoftplus(), 400 * x[0])
        for i in 0..<(x.count - 1) { s += T.preaccumulated(RosenbrockPair(), x[i], x[i + 1]) }
        return s
    }
}

@Test func readmeScalarRulesExample() throws {
    let x = [2.0, 1.0, 0.5]
    let reverse = try gradient(of: SmoothedRosenbrock(), at: x)            // one entry per term
    let forward = try gradient(of: SmoothedRosenbrock(), at: x, mode: .forward)
    print(reverse)   // [2802.0, -400.0, -100.0]: 400·σ(800) = 400 where log(1 + e^800) overflows
    #expect(reverse == [2802, -400, -100])
    #expect(zip(reverse, forward).allSatisfy { abs($0 - $1) <= 1e-12 * abs($1) })
    #expect(checkDerivativeRule(StableSoftplus(), at: [800]).passed)      // vjp vs central differences
}
// README-SCALAR-RULES-EXAMPLE-END
