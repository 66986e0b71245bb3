// swift-format-ignore-file
// (not reformatted: the code between the markers is the documentation example verbatim)
import AutoDiff
import Testing

// README-ARRAY-EXAMPLE-BEGIN
import AutoDiff
/// The mean squared error of a linear model y ≈ X·W + b, as a function of W and b.
struct LinearLoss: TensorFunction {
    let x: Tensor, y: Tensor
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let residual = matmul(T(x), p[0]) + p[1] - T(y)   // [4, 1]; the bias broadcasts
        return (residual * residual).mean()
    }
}

@Test func readmeArrayExample() throws {
    let loss = LinearLoss(x: Tensor([[1, 2], [3, 4], [5, 6], [7, 8]]), y: Tensor([[1], [2], [3], [4]]))
    let point = [Tensor([[0], [0]]), Tensor([0])]           // W (2 × 1), b ([1])
    let g = try gradient(of: loss, at: point)
    print(g[0], g[1])   // [[-25.0], [-30.0]] [-5.0]: the shapes of W and b
    let slope = try jvp(of: loss, at: point, direction: [Tensor([[1], [0]]), Tensor([0])]).tangent
    #expect("\(g[0]) \(g[1])" == "[[-25.0], [-30.0]] [-5.0]" && slope.scalar == -25)
}
// README-ARRAY-EXAMPLE-END
