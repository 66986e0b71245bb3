import Testing
import AutoDiff

// `.auto` on a function that does not declare its output count takes m from the model it
// calibrated (one plain evaluation saved per call); where the count at a new point differs,
// the call is repeated with m learnt afresh, so the result is still the right Jacobian.

private final class PlainEvaluations: @unchecked Sendable { var count = 0 }

/// R^2 → R^m with m = 2 where x0 > 0, else 3; counts its evaluations on plain Double.
/// `Tag` gives each test its own type, hence its own entry in the process-wide cost-model
/// cache (tests run in parallel).
private struct OutputsDependOnSign<Tag>: VectorFunction {
    let plain = PlainEvaluations()
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        if T.self == Double.self { plain.count += 1 }
        let y = [x[0] * x[1], T.sin(x[0]) + x[1]]
        return x[0] > T(0) ? y : y + [x[0] * x[0] * x[1]]
    }
}

private enum ReuseTest {}
private enum RelearnTest {}

@Suite struct AutoOutputCountTests {
    @Test func autoReusesTheCalibratedOutputCount() throws {
        let f = OutputsDependOnSign<ReuseTest>()
        let x = [0.7, -1.3]
        _ = try jacobian(of: f, at: x, mode: .auto, parallelism: .serial)  // calibrates
        let before = f.plain.count
        let auto = try jacobian(of: f, at: x, mode: .auto, parallelism: .serial)
        let forward = try jacobian(of: f, at: x, mode: .forward, parallelism: .serial)
        #expect(f.plain.count == before)  // no plain evaluation just to learn m
        #expect(auto.rows == 2 && auto.elements == forward.elements)
    }

    @Test func aDifferentCountAtAnotherPointIsLearntAfresh() throws {
        let f = OutputsDependOnSign<RelearnTest>()
        _ = try jacobian(of: f, at: [0.7, -1.3], mode: .auto, parallelism: .serial)  // m = 2 cached
        let x = [-0.4, 2.1]                                                             // m = 3 here
        let auto = try jacobian(of: f, at: x, mode: .auto, parallelism: .serial)
        let reverse = try jacobian(of: f, at: x, mode: .reverse, parallelism: .serial)
        #expect(auto.rows == 3 && auto.columns == 2)
        for (a, r) in zip(auto.elements, reverse.elements) { #expect(abs(a - r) <= 1e-14 * max(1, abs(r))) }
        // The hand Jacobian of the third output x0²·x1: (2·x0·x1, x0²).
        #expect(abs(auto[2, 0] - 2 * x[0] * x[1]) < 1e-14 && abs(auto[2, 1] - x[0] * x[0]) < 1e-14)
    }
}
