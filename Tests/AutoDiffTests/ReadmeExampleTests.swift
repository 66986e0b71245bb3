// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
// The README's usage example, verbatim between the markers: if this test fails, the
// README is wrong. The printed values in the comments are checked by the #expects.
import Testing

// README-EXAMPLE-BEGIN
import AutoDiff
/// f(x, y) = (1 − x)² + 100 (y − x²)²
struct Rosenbrock: ScalarFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T {
        T.square(1 - v[0]) + 100 * T.square(v[1] - v[0] * v[0])
    }
}

/// F(x, y) = (x·y, x / y, e^(x − y))
struct ProductRatioExp: VectorFunction {
    func callAsFunction<T: ADScalar>(_ v: [T]) -> [T] {
        [v[0] * v[1], v[0] / v[1], T.exp(v[0] - v[1])]
    }
}

@Test func readmeExample() throws {
    let g = try gradient(of: Rosenbrock(), at: [-1.0, 2.0], mode: .reverse)
    print(g)        // [396.0, 200.0]
    let forward = try jacobian(of: ProductRatioExp(), at: [2.0, 2.0], mode: .forward)
    let reverse = try jacobian(of: ProductRatioExp(), at: [2.0, 2.0], mode: .reverse)
    print(reverse)  // [2.0, 2.0] / [0.5, -0.5] / [1.0, -1.0], one row per line
    #expect("\(g)" == "[396.0, 200.0]")
    #expect(forward == reverse && "\(reverse)" == "[2.0, 2.0]\n[0.5, -0.5]\n[1.0, -1.0]")
}
// README-EXAMPLE-END
