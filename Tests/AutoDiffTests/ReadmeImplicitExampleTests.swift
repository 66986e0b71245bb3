// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
import AutoDiff
import Foundation
import Testing

// README-IMPLICIT-EXAMPLE-BEGIN
import AutoDiff
import Foundation
/// Softmax by plain code (a loop over Doubles, not generic), with its reverse rule.
struct Softmax: TensorRule {
    func callAsFunction(_ x: [Tensor]) -> Tensor {
        let e = x[0].scalars.map { Foundation.exp($0) }, sum = e.reduce(0, +)
        return Tensor(e.map { $0 / sum })
    }
    func vjp(at x: [Tensor], value y: Tensor, cotangents g: Tensor) -> [Tensor]? {
        [y * (g - (g * y).sum(alongAxes: 1))]      // g: a batch of k cotangents, [k, n]
    }
}

/// F(x, θ) = x³ + x − θ, entry by entry: its root x*(θ).
struct CubicEquation: TensorFunction {
    func callAsFunction<T: ADTensor>(_ v: [T]) -> T { v[0] * v[0] * v[0] + v[0] - v[1] }
}

struct Model: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = root(of: CubicEquation(), guess: Tensor([0, 0]), parameters: [p[0]])  // Newton, plain values
        let y = solve(T(Tensor([[2, 1], [1, 3]])), x)                         // LU with partial pivoting
        return (T.applying(Softmax(), to: [y]) * T(Tensor([1, 2]))).sum()
    }
}

@Test func readmeImplicitExample() throws {
    let theta = [Tensor([2, 10])]                        // x* = [1, 2]: 1 + 1 = 2, 8 + 2 = 10
    let g = try gradient(of: Model(), at: theta)[0]      // dx*/dθ = 1 / (3x*² + 1), never through the iterations
    let forward = try forwardJacobian(of: Model(), at: theta).jacobian
    print(g)                                             // [-0.0480521..., 0.0110889...]
    #expect(abs(g[0] + 0.04805215) < 1e-8 && abs(g[1] - 0.01108896) < 1e-8)   // by hand: Aᵀ⁻¹ of softmax's, ÷ (3x*² + 1)
    #expect(zip(g.scalars, forward.row(0)).allSatisfy { abs($0 - $1) < 1e-15 })
}
// README-IMPLICIT-EXAMPLE-END
