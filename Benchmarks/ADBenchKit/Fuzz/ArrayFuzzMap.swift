// The scalar functions fuzzed array programs map over arrays with T.elementwise: smooth
// ones of one to three arguments, and one with a branch inside (a kink at 0).
import AutoDiff

/// x · sigmoid(x) (one argument).
public struct ArrayFuzzSwish: ScalarFunction {
    /// The function.
    public init() {}
    /// x · sigmoid(x).
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * T.sigmoid(x[0]) }
}

/// (1 − a)² + (b − a²)² / 2 (two arguments).
public struct ArrayFuzzRosenbrockTerm: ScalarFunction {
    /// The function.
    public init() {}
    /// (1 − a)² + (b − a²)² / 2.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T { T.square(1 - x[0]) + T.square(x[1] - x[0] * x[0]) * 0.5 }
}

/// a · sin(b) + c · cos(a) (three arguments).
public struct ArrayFuzzTrigBlend: ScalarFunction {
    /// The function.
    public init() {}
    /// a · sin(b) + c · cos(a).
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] * T.sin(x[1]) + x[2] * T.cos(x[0]) }
}

/// log(1 + a² + b²) · cos(a − b) (two arguments).
public struct ArrayFuzzLogRadial: ScalarFunction {
    /// The function.
    public init() {}
    /// log(1 + a² + b²) · cos(a − b).
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T {
        T.log(onePlus: x[0] * x[0] + x[1] * x[1]) * T.cos(x[0] - x[1])
    }
}

/// a² + b where a > 0, else b − a / 2: a branch on the primal value, continuous with a
/// kink at a = 0 (two arguments).
public struct ArrayFuzzPiecewise: ScalarFunction {
    /// The function.
    public init() {}
    /// a² + b where a > 0, else b − a / 2.
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> T { x[0] > 0 ? x[0] * x[0] + x[1] : x[1] - x[0] * 0.5 }
}

/// The built-in scalar functions a fuzzed program maps over arrays.
public enum ArrayFuzzMap: String, Hashable, Sendable, CaseIterable {
    case swish, rosenbrockTerm, trigBlend, logRadial, piecewise

    /// How many arguments the function takes.
    public var arity: Int {
        switch self {
        case .swish: 1
        case .rosenbrockTerm, .logRadial, .piecewise: 2
        case .trigBlend: 3
        }
    }

    /// Whether the function has a kink where its first argument is 0.
    public var hasKink: Bool { self == .piecewise }

    /// The Swift type implementing it.
    public var typeName: String {
        switch self {
        case .swish: "ArrayFuzzSwish"
        case .rosenbrockTerm: "ArrayFuzzRosenbrockTerm"
        case .trigBlend: "ArrayFuzzTrigBlend"
        case .logRadial: "ArrayFuzzLogRadial"
        case .piecewise: "ArrayFuzzPiecewise"
        }
    }

    /// `T.elementwise(function, arguments)`.
    func apply<T: ADTensor>(_ arguments: [T]) -> T {
        switch self {
        case .swish: T.elementwise(ArrayFuzzSwish(), arguments)
        case .rosenbrockTerm: T.elementwise(ArrayFuzzRosenbrockTerm(), arguments)
        case .trigBlend: T.elementwise(ArrayFuzzTrigBlend(), arguments)
        case .logRadial: T.elementwise(ArrayFuzzLogRadial(), arguments)
        case .piecewise: T.elementwise(ArrayFuzzPiecewise(), arguments)
        }
    }
}
