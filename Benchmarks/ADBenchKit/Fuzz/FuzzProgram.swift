// A fuzzed program: a straight-line DAG over ADScalar operations, evaluated generically
// (so every driver can differentiate it) and carried with the point it is checked at.
import AutoDiff

/// One instruction: `v[n + i] = operation(v[a], v[b])` with constant `c` and exponent `k`.
///
/// Values are numbered inputs first (`0..<n`), then one per instruction. Unused fields
/// (`b` of a unary operation, `c` where no constant is used) are kept at 0.
public struct FuzzInstruction: Hashable, Sendable {
    /// What to compute.
    public var operation: FuzzOperation
    /// The first operand's value index (0 for leaves).
    public var a: Int
    /// The second operand's value index (0 for unary operations).
    public var b: Int
    /// The `Double` constant of the mixed forms and of ``FuzzOperation/constant``.
    public var c: Double
    /// The integer exponent of ``FuzzOperation/powInt``.
    public var k: Int
    /// Whether the operation runs as a preaccumulated sub-function of its operands
    /// (``ADScalar/preaccumulated(_:_:)``: one tape entry of partials from forward mode).
    public var preaccumulated: Bool

    /// An instruction; fields an operation does not use should be 0.
    public init(
        _ operation: FuzzOperation, _ a: Int = 0, _ b: Int = 0, c: Double = 0, k: Int = 0,
        preaccumulated: Bool = false
    ) {
        self.operation = operation
        self.a = a
        self.b = b
        self.c = c
        self.k = k
        self.preaccumulated = preaccumulated && operation.arity > 0
    }

    /// The operation on values `a`, `b` of any ``ADScalar``, preaccumulated where marked.
    @inlinable
    public func evaluate<T: ADScalar>(_ a: T, _ b: T) -> T {
        guard preaccumulated else { return operation.evaluate(a, b, c: c, k: k) }
        let local = FuzzLocalFunction(instruction: self)
        return operation.arity == 2 ? T.preaccumulated(local, a, b) : T.preaccumulated(local, a)
    }
}

/// One instruction as a sub-function of its operands (one or two arguments).
public struct FuzzLocalFunction: LocalFunction, Sendable {
    /// The instruction it evaluates (its `a`, `b` are not read).
    public let instruction: FuzzInstruction

    /// The sub-function of `instruction`.
    @inlinable
    public init(instruction: FuzzInstruction) { self.instruction = instruction }

    /// The instruction's operation on `x[0]` and `x[1]` (or `x[0]` twice).
    @inlinable
    public func callAsFunction<T: ADScalar>(_ x: Arguments<T>) -> T {
        instruction.operation.evaluate(x[0], x.count > 1 ? x[1] : x[0], c: instruction.c, k: instruction.k)
    }
}

/// A test-only fault: a deliberately wrong derivative rule for one operation, so tests
/// can check that the checker notices and that the shrinker isolates it.
///
/// On ``Tracked`` values (reverse mode) the result of `operation` gets
/// `slope · (a − a.primal)` added: the same value, a derivative off by `slope · ∂a`.
/// Forward mode and finite differences are unaffected.
public struct FuzzFault: Hashable, Sendable {
    /// The operation whose reverse-mode derivative is falsified.
    public var operation: FuzzOperation
    /// How far off its derivative is.
    public var slope: Double

    /// A fault on `operation`'s reverse derivative.
    public init(operation: FuzzOperation, slope: Double = 0.5) {
        self.operation = operation
        self.slope = slope
    }
}

/// A random straight-line program R^n → R^m and the point to check it at.
///
/// It is a ``VectorFunction``: every driver evaluates it on its own scalar type.
/// - Complexity: one evaluation is O(n + instructions) operations of `T` and one array
///   of n + instructions values.
public struct FuzzProgram: VectorFunction, Hashable, Sendable {
    /// The number of inputs n.
    public var inputs: Int
    /// The instructions, in evaluation order.
    public var instructions: [FuzzInstruction]
    /// The value indices returned, in order (m of them).
    public var outputs: [Int]
    /// The point the program is checked at (n entries).
    public var point: [Double]
    /// A deliberately wrong reverse-mode rule (tests only; nil in campaigns).
    public var fault: FuzzFault?

    /// A program; value indices must refer to earlier values.
    public init(
        inputs: Int, instructions: [FuzzInstruction], outputs: [Int], point: [Double],
        fault: FuzzFault? = nil
    ) {
        self.inputs = inputs
        self.instructions = instructions
        self.outputs = outputs
        self.point = point
        self.fault = fault
    }

    /// n.
    public var inputCount: Int? { inputs }
    /// m.
    public var outputCount: Int? { outputs.count }

    /// Every value of the program: the inputs, then one per instruction.
    /// - Complexity: O(n + instructions).
    @inlinable
    public func values<T: ADScalar>(_ x: [T]) -> [T] {
        var v = x
        v.reserveCapacity(x.count + instructions.count)
        let faulty = fault != nil && isTrackedDouble(T.self)
        for instruction in instructions {
            let a = v[instruction.a], b = v[instruction.b]
            var r = instruction.evaluate(a, b)
            if faulty, let fault, fault.operation == instruction.operation {
                r = r + fault.slope * (a - T(a.primal))
            }
            v.append(r)
        }
        return v
    }

    /// The outputs at `x`.
    /// - Complexity: O(n + instructions + m).
    @inlinable
    public func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
        let v = values(x)
        return outputs.map { v[$0] }
    }

    /// The number of ADScalar operations one evaluation performs.
    public var operationCount: Int { instructions.count }
}

/// Whether `T` is the reverse-mode scalar of a `Double` recording.
@inlinable
func isTrackedDouble<T>(_ type: T.Type) -> Bool { type == Tracked<Double>.self }
