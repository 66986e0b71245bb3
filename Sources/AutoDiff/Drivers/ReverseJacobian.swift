/// The Jacobian built row by row: one recording, then sweep i seeds output i with
/// adjoint 1 and reads row i, `∇f_i`, from the inputs' adjoints.
///
/// - Returns: the value f(x) and the m × n Jacobian.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or a declared output count
///   that is not met.
/// - Complexity: one recorded evaluation and m sweeps over it (no re-evaluation);
///   memory: the tape (`Tape.bytesPerEntry` per operation) plus one adjoint per entry,
///   reused across sweeps.
@inlinable
public func reverseJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value]
) throws -> (value: [Value], jacobian: Matrix<Value>) {
    try validateInputs(count: x.count, declared: f.inputCount)
    let tape = Tape<Value>(reservingFromPrevious: 4 * x.count + 256)
    return try withExtendedLifetime(tape) {
        let inputs = x.map(tape.variable)
        let outputs = f(inputs)
        try validateOutputs(count: outputs.count, declared: f.outputCount)
        let n = x.count, m = outputs.count
        var jacobian = Matrix<Value>(rows: m, columns: n)
        tape.withAdjointScratch { adjoint in
            for i in 0..<m {
                let top = tape.sweep(seeds: [(outputs[i], 1)], into: adjoint)
                guard top >= 0 else { continue }  // a constant output: zero row
                for j in 0..<n { jacobian.elements[i * n + j] = adjoint[Int(inputs[j].index)] }
                adjoint.update(repeating: .zero, count: top + 1)
            }
        }
        return (outputs.map(\.value), jacobian)
    }
}
