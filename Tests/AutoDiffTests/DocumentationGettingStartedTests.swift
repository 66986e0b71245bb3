// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
// The DocC article Getting Started's example, verbatim between the markers: if this test
// fails, the article is wrong. The printed values in the comments are checked by the #expects.
import Testing

// DOCC-GETTING-STARTED-BEGIN
import AutoDiff

/// f(x, y) = x·y + sin x, declared with 2 inputs (drivers check the length).
struct SinePlusProduct: ScalarFunction {
    var inputCount: Int? { 2 }
    func callAsFunction<T: ADScalar>(_ v: [T]) -> T { v[0] * v[1] + T.sin(v[0]) }
}

/// F(r, θ) = (r cos θ, r sin θ)
struct PolarCoordinates: VectorFunction {
    func callAsFunction<T: ADScalar>(_ p: [T]) -> [T] { [p[0] * T.cos(p[1]), p[0] * T.sin(p[1])] }
}

@Test func gettingStartedExample() throws {
    let f = SinePlusProduct()
    let (value, g) = try valueWithGradient(of: f, at: [0.0, 3.0])    // reverse mode by default
    let slope = try jvp(of: f, at: [0.0, 3.0], direction: [1, 1]).tangent
    let hv = try hvp(of: f, at: [0.0, 3.0], direction: [0, 1])
    print(value, g, slope, hv)                  // 0.0 [4.0, 0.0] 4.0 [1.0, 0.0]

    let j = try jacobian(of: PolarCoordinates(), at: [2.0, 0.0])   // mode .auto
    let (_, pullback) = try valueWithPullback(of: PolarCoordinates(), at: [2.0, 0.0])
    let row = try pullback([0, 1])              // uᵀJ: the second row
    print(j, row)                               // [1.0, 0.0] / [0.0, 2.0], then [0.0, 2.0]

    #expect(throws: DifferentiationError.inputCount(expected: 2, got: 1)) {
        try gradient(of: f, at: [1.0])          // "expected 2 inputs, got 1"
    }
    #expect("\(value) \(g) \(slope) \(hv)" == "0.0 [4.0, 0.0] 4.0 [1.0, 0.0]")
    #expect("\(j)" == "[1.0, 0.0]\n[0.0, 2.0]" && row == [0, 2])
    #expect(try gradient(of: f, at: [0.0, 3.0], mode: .forward) == g)
}
// DOCC-GETTING-STARTED-END
