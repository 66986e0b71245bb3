// Prints a fuzzed program as compilable Swift: a VectorFunction struct with its point,
// ready to paste into a test as a reproducer.

extension FuzzProgram {
    /// The program as Swift source: `struct <name>: VectorFunction` whose
    /// `callAsFunction` performs the instructions in order, with `static let point`.
    ///
    /// ```swift
    /// struct Reproducer: VectorFunction {
    ///     static let point: [Double] = [0.5, -0.25]
    ///     var inputCount: Int? { 2 }
    ///     var outputCount: Int? { 1 }
    ///     func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {
    ///         let v2 = T.sin(x[0])
    ///         var v3 = v2
    ///         v3 *= x[1]
    ///         return [v3]
    ///     }
    /// }
    /// ```
    /// - Complexity: O(instructions).
    public func swiftSource(name: String = "Reproducer") -> String {
        var lines: [String] = []
        lines.append("// \(inputs) inputs, \(outputs.count) outputs, \(instructions.count) operations. Check with:")
        lines.append("//   try forwardJacobian(of: \(name)(), at: \(name).point, chunk: .one)")
        lines.append("//   try reverseJacobian(of: \(name)(), at: \(name).point, chunk: .one)")
        if let fault {
            lines.append("// (test hook: reverse-mode derivative of \(fault.operation.name) falsified by \(fault.slope)·∂a; not part of this source)")
        }
        lines.append("struct \(name): VectorFunction {")
        lines.append("    static let point: [Double] = [\(point.map(fuzzLiteral).joined(separator: ", "))]")
        lines.append("    var inputCount: Int? { \(inputs) }")
        lines.append("    var outputCount: Int? { \(outputs.count) }")
        lines.append("    func callAsFunction<T: ADScalar>(_ x: [T]) -> [T] {")
        for (i, instruction) in instructions.enumerated() {
            for line in statement(instruction, index: inputs + i) {
                lines.append("        " + line + (instruction.preaccumulated ? "  // preaccumulated in the campaign" : ""))
            }
        }
        lines.append("        return [\(outputs.map(valueName).joined(separator: ", "))]")
        lines.append("    }")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// `x[j]` for an input, `v<index>` for an instruction's result.
    func valueName(_ v: Int) -> String { v < inputs ? "x[\(v)]" : "v\(v)" }

    /// The statements computing `instruction` as value `index`.
    func statement(_ instruction: FuzzInstruction, index: Int) -> [String] {
        let v = "v\(index)", a = valueName(instruction.a), b = valueName(instruction.b)
        let c = "Double(\(fuzzLiteral(instruction.c)))"
        func call(_ f: String) -> [String] { ["let \(v) = T.\(f)"] }
        func compound(_ op: String, _ rhs: String) -> [String] { ["var \(v) = \(a)", "\(v) \(op)= \(rhs)"] }
        switch instruction.operation {
        case .constant: return ["let \(v) = T(\(fuzzLiteral(instruction.c)))"]
        case .pi: return ["let \(v) = T.pi"]
        case .add: return ["let \(v) = \(a) + \(b)"]
        case .subtract: return ["let \(v) = \(a) - \(b)"]
        case .multiply: return ["let \(v) = \(a) * \(b)"]
        case .divide: return ["let \(v) = \(a) / \(b)"]
        case .addConstant: return ["let \(v) = \(a) + \(c)"]
        case .constantAdd: return ["let \(v) = \(c) + \(a)"]
        case .subtractConstant: return ["let \(v) = \(a) - \(c)"]
        case .constantSubtract: return ["let \(v) = \(c) - \(a)"]
        case .multiplyConstant: return ["let \(v) = \(a) * \(c)"]
        case .constantMultiply: return ["let \(v) = \(c) * \(a)"]
        case .divideConstant: return ["let \(v) = \(a) / \(c)"]
        case .constantDivide: return ["let \(v) = \(c) / \(a)"]
        case .addAssign: return compound("+", b)
        case .subtractAssign: return compound("-", b)
        case .multiplyAssign: return compound("*", b)
        case .divideAssign: return compound("/", b)
        case .addAssignConstant: return compound("+", c)
        case .subtractAssignConstant: return compound("-", c)
        case .multiplyAssignConstant: return compound("*", c)
        case .divideAssignConstant: return compound("/", c)
        case .negate: return ["let \(v) = -\(a)"]
        case .logOnePlus: return call("log(onePlus: \(a))")
        case .powInt: return call("pow(\(a), \(instruction.k) as Int)")
        case .atan2: return call("atan2(y: \(a), x: \(b))")
        case .pow, .hypot, .min, .max: return call("\(instruction.operation.name)(\(a), \(b))")
        default: return call("\(instruction.operation.name)(\(a))")
        }
    }
}

/// A `Double` as a Swift literal that reads back to the same value.
func fuzzLiteral(_ value: Double) -> String {
    if value.isNaN { return "Double.nan" }
    if value.isInfinite { return value < 0 ? "-Double.infinity" : "Double.infinity" }
    return "\(value)"
}
