import Testing
import AutoDiff

// The shared corpus (DiffTests.jl style): every cross-check runs over these functions,
// grouped by shape. Each has a name, a fixed test point inside its domain (at least
// 1e-2 away from every branch switch and kink) and, where feasible, a hand-derived
// derivative in plain Swift, an independent reference for the AD results.

/// An R^n → R member of the corpus.
protocol CorpusScalarFunction: ScalarFunction, Sendable, CustomTestStringConvertible {
    /// A short name for test output (the formula).
    var name: String { get }
    /// The fixed point where every test evaluates it.
    var point: [Double] { get }
    /// ∇f(x) by hand, or nil where that is not feasible.
    func gradientFormula(_ x: [Double]) -> [Double]?
    /// The Hessian ∂²f/∂x_i∂x_j by hand (one array per row), or nil.
    func hessianFormula(_ x: [Double]) -> [[Double]]?
}

/// An R → R member of the corpus, with its first and second derivatives by hand.
protocol CorpusUnivariateFunction: CorpusScalarFunction {
    /// (f'(x), f''(x)).
    func derivatives(_ x: Double) -> (first: Double, second: Double)
}

/// An R^n → R^m member of the corpus.
protocol CorpusVectorFunction: VectorFunction, Sendable, CustomTestStringConvertible {
    var name: String { get }
    var point: [Double] { get }
    /// The Jacobian by hand, one array per row (J[i][j] = ∂f_i/∂x_j), or nil.
    func jacobianFormula(_ x: [Double]) -> [[Double]]?
}

extension CorpusScalarFunction {
    func gradientFormula(_ x: [Double]) -> [Double]? { nil }
    func hessianFormula(_ x: [Double]) -> [[Double]]? { nil }
    var testDescription: String { "\(name) at \(point.count == 1 ? "\(point[0])" : "R^\(point.count)")" }

    /// The same function as a one-output ``CorpusVectorFunction``.
    var asVector: any CorpusVectorFunction { ScalarCorpusAsVector(base: self) }
}

extension CorpusUnivariateFunction {
    func gradientFormula(_ x: [Double]) -> [Double]? { [derivatives(x[0]).first] }
    func hessianFormula(_ x: [Double]) -> [[Double]]? { [[derivatives(x[0]).second]] }
    var inputCount: Int? { 1 }
}

extension CorpusVectorFunction {
    func jacobianFormula(_ x: [Double]) -> [[Double]]? { nil }
    var testDescription: String { "\(name) (R^\(point.count) → R^\(outputCount.map(String.init) ?? "m"))" }
}

/// A scalar corpus function seen as R^n → R^1, so the Jacobian checks cover it too.
/// Evaluates through the library's ``ScalarAsVectorFunction``.
struct ScalarCorpusAsVector<Base: CorpusScalarFunction>: CorpusVectorFunction {
    let base: Base
    var name: String { base.name }
    var point: [Double] { base.point }
    var inputCount: Int? { ScalarAsVectorFunction(base).inputCount }
    var outputCount: Int? { ScalarAsVectorFunction(base).outputCount }
    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] { ScalarAsVectorFunction(base)(x) }
    func jacobianFormula(_ x: [Double]) -> [[Double]]? { base.gradientFormula(x).map { [$0] } }
    var testDescription: String { base.testDescription }
}

/// The corpus, by shape.
enum Corpus {
    /// R → R.
    static let univariate: [any CorpusUnivariateFunction] = univariateFunctions
    /// R^n → R, n >= 2.
    static let multivariate: [any CorpusScalarFunction] = multivariateFunctions
    /// Every R^n → R member (univariate included).
    static let scalar: [any CorpusScalarFunction] = univariate.map { $0 } + multivariate
    /// R^n → R^m, m >= 2 or declared as vector functions.
    static let vector: [any CorpusVectorFunction] = vectorFunctions
    /// Everything, scalar functions as one-output vector functions.
    static let all: [any CorpusVectorFunction] = scalar.map(\.asVector) + vector
}
