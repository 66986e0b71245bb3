// A fuzzed array program: a straight-line program over a register file of arrays,
// interpreted generically over ADTensor (so every array driver, and the scalar layer
// through ScalarTensor, can run it), carried with the point it is checked at.
import AutoDiff

/// A test-only fault: a deliberately wrong rule for one family of operations, so tests
/// can check that the checker notices and that the shrinker isolates it.
///
/// The result of every operation of `family` gets `slope · Σ (a − a.primal)` added, `a`
/// its first operand: the same value, a derivative off by `slope` in every entry's
/// dependence on every entry of `a`. With ``Scope/reverse`` only reverse mode
/// (``TrackedTensor`` over ``Tensor``) is wrong; with ``Scope/arrayLayer`` forward mode
/// (``DualTensor``) is wrong the same way, so forward and reverse agree and only the
/// scalar layer and finite differences can tell.
public struct ArrayFuzzFault: Hashable, Sendable {
    /// Which array types the fault affects.
    public enum Scope: Hashable, Sendable {
        /// Reverse mode only.
        case reverse
        /// Forward and reverse mode alike (not the scalar layer, not plain evaluation).
        case arrayLayer
    }

    /// The family whose rule is falsified.
    public var family: ArrayFuzzFamily
    /// How far off its derivative is.
    public var slope: Double
    /// Which modes are wrong.
    public var scope: Scope

    /// A fault on `family`'s rule in `scope`.
    public init(family: ArrayFuzzFamily, slope: Double = 0.5, scope: Scope = .reverse) {
        self.family = family
        self.slope = slope
        self.scope = scope
    }

    /// Whether values of type `T` get the fault.
    func affects<T>(_ type: T.Type) -> Bool {
        type == TrackedTensor<Tensor>.self || (scope == .arrayLayer && type == DualTensor.self)
    }
}

/// A random array program and the point to check it at: registers `0..<inputs.count` are
/// the inputs, then one register per instruction; the result is register ``output``.
///
/// It is a ``TensorFunction``: every array driver evaluates it on its own array type.
/// - Complexity: one evaluation is one array operation per instruction.
public struct ArrayFuzzProgram: TensorFunction, Hashable, Sendable {
    /// The point: one tensor per input (their shapes are the input shapes).
    public var point: [Tensor]
    /// The instructions, in evaluation order.
    public var instructions: [ArrayFuzzOperation]
    /// The register returned.
    public var output: Int
    /// Whether the point was drawn at kinks and ties on purpose (then derivatives there
    /// are conventions, compared with the scalar layer only, not with finite differences).
    public var atKinks: Bool
    /// A deliberately wrong reverse rule (tests only; nil in campaigns).
    public var fault: ArrayFuzzFault?

    /// A program; operands must name earlier registers.
    public init(
        point: [Tensor], instructions: [ArrayFuzzOperation], output: Int, atKinks: Bool = false,
        fault: ArrayFuzzFault? = nil
    ) {
        self.point = point
        self.instructions = instructions
        self.output = output
        self.atKinks = atKinks
        self.fault = fault
    }

    /// The input shapes (drivers check them).
    public var inputShapes: [[Int]]? { point.map(\.shape) }

    /// The number of inputs.
    public var inputCount: Int { point.count }

    /// The number of registers: inputs and instructions.
    public var registerCount: Int { point.count + instructions.count }

    /// Every register's value at `x`.
    /// - Complexity: one array operation of `T` per instruction.
    public func values<T: ADTensor>(_ x: [T]) -> [T] {
        var v = x
        v.reserveCapacity(registerCount)
        let faulty = fault?.affects(T.self) ?? false
        for instruction in instructions {
            var r = instruction.evaluate(v)
            if faulty, let fault, fault.family == instruction.family, let a = instruction.operands.first {
                r = r + (v[a] - T(v[a].primal)).sum() * fault.slope
            }
            v.append(r)
        }
        return v
    }

    /// The output at `x`.
    public func callAsFunction<T: ADTensor>(_ x: [T]) -> T { values(x)[output] }

    /// Every register's shape, or nil if some instruction does not fit its operands'
    /// shapes or the output is not a register (by the rules of ArrayFuzzShapes.swift).
    /// - Complexity: O(instructions · rank).
    public func registerShapes() -> [[Int]]? {
        var shapes = point.map(\.shape)
        for instruction in instructions {
            guard let shape = instruction.resultShape(shapes) else { return nil }
            shapes.append(shape)
        }
        return (0..<shapes.count).contains(output) ? shapes : nil
    }

    /// The output's shape (nil for an invalid program).
    public var outputShape: [Int]? { registerShapes()?[output] }

    /// Input entries (the Jacobian's columns).
    public var inputEntries: Int { point.reduce(0) { $0 + $1.scalarCount } }

    /// The point's entries, one input after another (the scalar layer's input).
    public var flatPoint: [Double] { point.flatMap(\.scalars) }

    /// The program at another point of the same shapes, given as the flat entries.
    func at(_ flat: [Double]) -> [Tensor] {
        var offset = 0
        return point.map { t in
            defer { offset += t.scalarCount }
            return Tensor(shape: t.shape, scalars: Array(flat[offset..<(offset + t.scalarCount)]))
        }
    }
}

/// The output of a program, or Σ weights ⊙ output when weights are given: a function with
/// one output entry, for Hessian-vector products of programs with several.
struct ArrayFuzzWeightedSum: TensorFunction {
    let program: ArrayFuzzProgram
    let weights: Tensor?
    var inputShapes: [[Int]]? { program.inputShapes }
    func callAsFunction<T: ADTensor>(_ x: [T]) -> T {
        let y = program(x)
        return weights.map { (y * T($0)).sum() } ?? y
    }
}

/// The first output entry of the scalar-layer twin of an array function, as a
/// ``ScalarFunction`` (for the scalar layer's Hessian-vector product).
struct ArrayFuzzFirstEntry<Base: TensorFunction>: ScalarFunction {
    let base: TensorAsVectorFunction<Base>
    func callAsFunction<T: ADScalar>(_ x: [T]) -> T { base(x)[0] }
}
