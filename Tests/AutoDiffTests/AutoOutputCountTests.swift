import Testing
import AutoDiff

// `.auto` on a function that does not declare its output count goes by the model of the
// shape the function type had at its last call (no plain evaluation per call just to
// learn m); where the count at a new point differs, the Jacobian built is still the right
// one, and the new shape's model is used from the next call on.

private final class PlainEvaluations: @unchecked Sendable { var count = 0 }

/// R^2 → R^m with m = 2 where x0 > 0, else 3; counts its evaluations on plain Double.
private struct OutputsDependOnSign: VectorFunction {
    let plain = PlainEvaluations()
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        if T.self == Double.self { plain.count += 1 }
        let y = [x[0] * x[1], T.sin(x[0]) + x[1]]
        return x[0] > T(0) ? y : y + [x[0] * x[0] * x[1]]
    }
}

@Suite struct AutoOutputCountTests {
    @Test func autoReusesTheCalibratedOutputCount() throws {
        let f = OutputsDependOnSign()
        let x = [0.7, -1.3]
        _ = try jacobian(of: f, at: x, mode: .auto, parallelism: .serial) // calibrates
        let before = f.plain.count
        let auto = try jacobian(of: f, at: x, mode: .auto, parallelism: .serial)
        let forward = try jacobian(of: f, at: x, mode: .forward, parallelism: .serial)
        #expect(f.plain.count == before) // no plain evaluation just to learn m
        #expect(auto.rows == 2 && auto.elements == forward.elements)
    }

    @Test func aDifferentCountAtAnotherPointIsLearntAfresh() throws {
        let f = OutputsDependOnSign()
        let a = [0.7, -1.3], b = [-0.4, 2.1] // m = 2 at a, 3 at b
        _ = try jacobian(of: f, at: a, mode: .auto, parallelism: .serial) // m = 2 calibrated
        for x in [b, a, b] { // each call's count differs from the one before
            let auto = try jacobian(of: f, at: x, mode: .auto, parallelism: .serial)
            let reverse = try jacobian(of: f, at: x, mode: .reverse, parallelism: .serial)
            #expect(auto.rows == reverse.rows && auto.columns == 2)
            for (a, r) in zip(auto.elements, reverse.elements) { #expect(abs(a - r) <= 1e-14 * max(1, abs(r))) }
        }
        // The hand Jacobian of the third output x0²·x1: (2·x0·x1, x0²).
        let auto = try jacobian(of: f, at: b, mode: .auto, parallelism: .serial)
        #expect(abs(auto[2, 0] - 2 * b[0] * b[1]) < 1e-14 && abs(auto[2, 1] - b[0] * b[0]) < 1e-14)
        // Both shapes are calibrated now: a call at a point of the latest shape evaluates
        // nothing plainly.
        let before = f.plain.count
        _ = try jacobian(of: f, at: [-0.9, 0.3], mode: .auto, parallelism: .serial)
        #expect(f.plain.count == before)
    }
}
