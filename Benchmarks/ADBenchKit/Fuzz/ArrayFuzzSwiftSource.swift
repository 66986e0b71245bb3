// Prints a fuzzed array program as compilable Swift: a TensorFunction struct with its
// point, each line commented with its shape, ready to paste into a test as a reproducer.
import AutoDiff

extension ArrayFuzzProgram {
    /// The program as Swift source: `struct <name>: TensorFunction` whose `callAsFunction`
    /// performs the instructions in order, with `static let point` (it compiles where
    /// `AutoDiff` and `ADBenchKit` are imported; the maps are ADBenchKit's).
    ///
    /// ```swift
    /// struct Reproducer: TensorFunction {
    ///     static let point: [Tensor] = [
    ///         Tensor(shape: [2, 2], scalars: [0.5, -1.0, 0.25, 1.5]),
    ///     ]
    ///     var inputShapes: [[Int]]? { [[2, 2]] }
    ///     func callAsFunction<T: ADTensor>(_ x: [T]) -> T {
    ///         let v1 = matmul(x[0], transposed: true, x[0])  // [2, 2]
    ///         let v2 = v1.logSumExp(squeezingAxes: 1)  // [2]
    ///         return v2
    ///     }
    /// }
    /// ```
    /// - Complexity: O(instructions + point entries).
    public func swiftSource(name: String = "Reproducer") -> String {
        let shapes = registerShapes()
        var lines: [String] = []
        let inputs = point.map { "\($0.shape)" }.joined(separator: ", ")
        lines.append(
            "// \(point.count) inputs \(inputs); output \(shapes.map { "\($0[output])" } ?? "?"); "
                + "\(instructions.count) operations\(atKinks ? "; at kinks and ties (compare with the scalar layer)" : ""). Check with:")
        lines.append("//   try forwardJacobian(of: \(name)(), at: \(name).point)")
        lines.append("//   try reverseJacobian(of: \(name)(), at: \(name).point)")
        if let fault {
            lines.append("// (test hook: reverse rule of \(fault.family.rawValue) falsified by \(fault.slope)·Σ∂a; not part of this source)")
        }
        lines.append("struct \(name): TensorFunction {")
        lines.append("    static let point: [Tensor] = [")
        for t in point { lines.append("        \(tensorLiteral(t)),") }
        lines.append("    ]")
        lines.append("    var inputShapes: [[Int]]? { \(point.map(\.shape)) }")
        lines.append("    func callAsFunction<T: ADTensor>(_ x: [T]) -> T {")
        for (i, instruction) in instructions.enumerated() {
            let k = point.count + i
            let comment = shapes.map { "  // \($0[k])" } ?? ""
            let body = statement(instruction, register: k)
            for (j, line) in body.enumerated() { lines.append("        " + line + (j == body.count - 1 ? comment : "")) }
        }
        lines.append("        return \(registerName(output))")
        lines.append("    }")
        lines.append("}")
        return lines.joined(separator: "\n")
    }

    /// `x[k]` for an input, `v<k>` for an instruction's result.
    func registerName(_ k: Int) -> String { k < point.count ? "x[\(k)]" : "v\(k)" }

    /// The statements computing `operation` into register `k`.
    func statement(_ operation: ArrayFuzzOperation, register k: Int) -> [String] {
        let v = "v\(k)"
        func r(_ j: Int) -> String { registerName(j) }
        func c(_ value: Double) -> String { value < 0 ? "(\(fuzzLiteral(value)))" : fuzzLiteral(value) }
        func axes(_ list: [Int]) -> String { list.map(String.init).joined(separator: ", ") }
        let expression: String
        switch operation {
        case .constant(let t): expression = "T(\(tensorLiteral(t)))"
        case .arithmetic(let o, let a, let b): expression = "\(r(a)) \(o.rawValue) \(r(b))"
        case .compound(let o, let a, let b): return ["var \(v) = \(r(a))", "\(v) \(o.rawValue) \(r(b))"]
        case .negate(let a): expression = "-\(r(a))"
        case .withConstant(let form, let a, let value):
            expression = form.constantFirst ? "\(c(value)) \(form.symbol) \(r(a))" : "\(r(a)) \(form.symbol) \(c(value))"
        case .unary(let o, let a):
            switch o {
            case .logOnePlus: expression = "T.log(onePlus: \(r(a)))"
            case .power(let n): expression = "T.pow(\(r(a)), \(n))"
            default: expression = "T.\(o)(\(r(a)))"
            }
        case .binary(let o, let a, let b):
            expression = o == .atan2 ? "T.atan2(y: \(r(a)), x: \(r(b)))" : "T.\(o)(\(r(a)), \(r(b)))"
        case .matmul(let a, let ta, let b, let tb):
            // A second flag needs the first spelled out (both labels are `transposed`).
            expression = "matmul(\(r(a))\(ta || tb ? ", transposed: \(ta)" : ""), \(r(b))\(tb ? ", transposed: true" : ""))"
        case .reduce(let o, let a, let list, let squeeze):
            if let list {
                expression = "\(r(a)).\(o.rawValue)(\(squeeze ? "squeezingAxes" : "alongAxes"): \(axes(list)))"
            } else {
                expression = "\(r(a)).\(o.rawValue)()"
            }
        case .reshape(let a, let shape): expression = "\(r(a)).reshaped(to: \(shape))"
        case .transpose(let a, let p): expression = p.map { "\(r(a)).transposed(permutation: \($0))" } ?? "\(r(a)).transposed()"
        case .slice(let a, let range, let axis):
            expression = "\(r(a)).slice(\(range.lowerBound)..<\(range.upperBound), alongAxis: \(axis))"
        case .index(let a, let i, let axis): expression = "\(r(a)).slice(\(i), alongAxis: \(axis))"
        case .concatenate(let parts, let axis):
            expression = "T.concatenate([\(parts.map(r).joined(separator: ", "))], alongAxis: \(axis))"
        case .pad(let a, let axis, let before, let after, let value):
            expression = "\(r(a)).padded(alongAxis: \(axis), before: \(before), after: \(after), with: \(fuzzLiteral(value)))"
        case .broadcast(let a, let shape): expression = "\(r(a)).broadcasted(to: \(shape))"
        case .select(let mask, let t, let f):
            let test = "\(r(mask.lhs)) \(mask.comparison.rawValue) \(mask.rhs.map(r) ?? c(mask.constant))"
            expression = "T.select(\(mask.negated ? "!(\(test))" : test), \(r(t)), \(r(f)))"
        case .map(let map, let arguments):
            expression = "T.elementwise(\(map.typeName)(), [\(arguments.map(r).joined(separator: ", "))])"
        }
        return ["let \(v) = \(expression)"]
    }
}

/// `Tensor(shape: [...], scalars: [...])`, reading back to the same tensor.
func tensorLiteral(_ t: Tensor) -> String {
    "Tensor(shape: \(t.shape), scalars: [\(t.scalars.map(fuzzLiteral).joined(separator: ", "))])"
}
