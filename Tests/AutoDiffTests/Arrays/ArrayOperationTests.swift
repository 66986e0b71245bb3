import AutoDiff
import Testing

// Every array operation three ways (forward vs reverse, both vs the scalar layer and
// central differences, and the adjoint identity), on broadcast shapes too.

/// f(x) = op(x) entry by entry.
struct UnaryOperation: TensorFunction {
    let operation: ElementwiseOperation
    func callAsFunction<T: ADTensor>(_ x: [T]) -> T { T.applying(operation, to: x[0]) }
}

/// f(x, y) = x ∘ y for arithmetic ∘, with broadcasting.
struct Arithmetic: TensorFunction {
    let symbol: String
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        switch symbol {
        case "+": p[0] + p[1]
        case "-": p[0] - p[1]
        case "*": p[0] * p[1]
        default: p[0] / p[1]
        }
    }
}

/// Arithmetic with a constant on either side, and negation.
struct ConstantArithmetic: TensorFunction {
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T {
        let x = p[0]
        let a: T = (x + 2) * (3 - x) / 4
        let b: T = (1.5 * x - 0.5) / (2 + x * x)
        let c: T = 2 / (3 + x) + (x / 7) * 2
        return a + b - c - (-x)
    }
}

/// f(x, y) = op(x, y) for pow, atan2, hypot, min, max.
struct BinaryOperation: TensorFunction {
    let operation: ElementwiseBinaryOperation
    func callAsFunction<T: ADTensor>(_ p: [T]) -> T { T.applying(operation, to: p[0], p[1]) }
}

/// A point of `shape` inside the domain of `operation`, away from its kinks.
func domainPoint(_ operation: ElementwiseOperation, shape: [Int], seed: UInt64) -> Tensor {
    let x = randomTensors([shape], seed: seed)[0]
    switch operation {
    case .log, .sqrt: return x.map { 0.2 + Swift.abs($0) }
    case .logOnePlus: return x.map { 0.5 * $0 }
    case .asin, .acos: return x.map { 0.8 * $0 }
    case .relu, .abs: return x.map { $0 + ($0 >= 0 ? 0.05 : -0.05) }
    default: return x
    }
}

extension Tensor {
    /// `f` applied to every entry (tests only).
    func map(_ f: (Double) -> Double) -> Tensor { Tensor(shape: shape, scalars: scalars.map(f)) }
}

@Suite("Array operations three ways")
struct ArrayOperationTests {
    @Test(arguments: ElementwiseOperation.all + [.power(3), .power(-2)])
    func elementwiseFunction(_ operation: ElementwiseOperation) throws {
        var point = domainPoint(operation, shape: [2, 3], seed: 3)
        if case .power(let n) = operation, n < 0 { point = point.map { $0 + ($0 >= 0 ? 0.3 : -0.3) } }
        try checkArrayDerivatives(UnaryOperation(operation: operation), at: [point])
    }

    static let broadcastPairs: [([Int], [Int])] = [
        ([2, 3], [2, 3]), ([2, 3], [3]), ([3], [2, 3]), ([2, 3], [2, 1]), ([2, 1], [1, 3]), ([2, 3], []), ([], [4]),
        ([2, 1, 3], [4, 1])
    ]

    @Test(arguments: ["+", "-", "*", "/"])
    func arithmeticWithBroadcasting(_ symbol: String) throws {
        for (a, b) in Self.broadcastPairs {
            var x = randomTensors([a, b], seed: 5)
            if symbol == "/" { x[1] = x[1].map { $0 + ($0 >= 0 ? 0.5 : -0.5) } }
            try checkArrayDerivatives(Arithmetic(symbol: symbol), at: x)
        }
    }

    @Test func arithmeticWithConstants() throws {
        try checkArrayDerivatives(ConstantArithmetic(), at: [randomTensors([[3, 2]], seed: 7)[0].map { $0 + 0.1 }])
    }

    @Test(arguments: ElementwiseBinaryOperation.allCases)
    func binaryFunction(_ operation: ElementwiseBinaryOperation) throws {
        for (a, b) in Self.broadcastPairs {
            var x = randomTensors([a, b], seed: 11)
            if operation == .pow { x[0] = x[0].map { 0.3 + Swift.abs($0) } }
            try checkArrayDerivatives(BinaryOperation(operation: operation), at: x)
        }
    }
}
