import AutoDiff
import ADBenchKit

// A hand-written array program, its printed source, and that source pasted as a struct:
// the printer's output is known to compile and to compute the same function.

let goldenArrayProgram = ArrayFuzzProgram(
    point: [Tensor(shape: [2, 3], scalars: [0.5, -1.25, 0.75, 1.0, 0.25, -0.5]), Tensor([0.3, -0.2, 0.1]), Tensor(0.8)],
    instructions: [
        .matmul(0, false, 0, true),
        .arithmetic(.add, 0, 1),
        .unary(.softplus, 4),
        .reduce(.logSumExp, 5, axes: [-1], squeeze: true),
        .matmul(3, false, 6, false),
        .select(ArrayFuzzMask(.greater, 7, nil, constant: 0.25), 7, 6),
        .map(.trigBlend, [8, 2, 6]),
        .concatenate([9, 6], axis: 0),
        .pad(10, axis: 0, before: 1, after: 0, value: 0.5),
        .withConstant(.subtractConstant, 11, -0.5),
        .reduce(.max, 12, axes: nil, squeeze: false),
        .compound(.multiplyAssign, 13, 2)
    ],
    output: 14)

let goldenArraySource = """
    // 3 inputs [2, 3], [3], []; output []; 12 operations. Check with:
    //   try forwardJacobian(of: GoldenArrayReproducer(), at: GoldenArrayReproducer.point)
    //   try reverseJacobian(of: GoldenArrayReproducer(), at: GoldenArrayReproducer.point)
    struct GoldenArrayReproducer: TensorFunction {
        static let point: [Tensor] = [
            Tensor(shape: [2, 3], scalars: [0.5, -1.25, 0.75, 1.0, 0.25, -0.5]),
            Tensor(shape: [3], scalars: [0.3, -0.2, 0.1]),
            Tensor(shape: [], scalars: [0.8]),
        ]
        var inputShapes: [[Int]]? { [[2, 3], [3], []] }
        func callAsFunction<T: ADTensor>(_ x: [T]) -> T {
            let v3 = matmul(x[0], transposed: false, x[0], transposed: true)  // [2, 2]
            let v4 = x[0] + x[1]  // [2, 3]
            let v5 = T.softplus(v4)  // [2, 3]
            let v6 = v5.logSumExp(squeezingAxes: -1)  // [2]
            let v7 = matmul(v3, v6)  // [2]
            let v8 = T.select(v7 .> 0.25, v7, v6)  // [2]
            let v9 = T.elementwise(ArrayFuzzTrigBlend(), [v8, x[2], v6])  // [2]
            let v10 = T.concatenate([v9, v6], alongAxis: 0)  // [4]
            let v11 = v10.padded(alongAxis: 0, before: 1, after: 0, with: 0.5)  // [5]
            let v12 = v11 - (-0.5)  // [5]
            let v13 = v12.max()  // []
            var v14 = v13
            v14 *= x[2]  // []
            return v14
        }
    }
    """

// 3 inputs [2, 3], [3], []; output []; 12 operations. Check with:
//   try forwardJacobian(of: GoldenArrayReproducer(), at: GoldenArrayReproducer.point)
//   try reverseJacobian(of: GoldenArrayReproducer(), at: GoldenArrayReproducer.point)
struct GoldenArrayReproducer: TensorFunction {
    static let point: [Tensor] = [
        Tensor(shape: [2, 3], scalars: [0.5, -1.25, 0.75, 1.0, 0.25, -0.5]),
        Tensor(shape: [3], scalars: [0.3, -0.2, 0.1]),
        Tensor(shape: [], scalars: [0.8])
    ]
    var inputShapes: [[Int]]? { [[2, 3], [3], []] }
    func callAsFunction<T: ADTensor>(_ x: [T]) -> T {
        let v3 = matmul(x[0], transposed: false, x[0], transposed: true) // [2, 2]
        let v4 = x[0] + x[1] // [2, 3]
        let v5 = T.softplus(v4) // [2, 3]
        let v6 = v5.logSumExp(squeezingAxes: -1) // [2]
        let v7 = matmul(v3, v6) // [2]
        let v8 = T.select(v7 .> 0.25, v7, v6) // [2]
        let v9 = T.elementwise(ArrayFuzzTrigBlend(), [v8, x[2], v6]) // [2]
        let v10 = T.concatenate([v9, v6], alongAxis: 0) // [4]
        let v11 = v10.padded(alongAxis: 0, before: 1, after: 0, with: 0.5) // [5]
        let v12 = v11 - (-0.5) // [5]
        let v13 = v12.max() // []
        var v14 = v13
        v14 *= x[2] // []
        return v14
    }
}
