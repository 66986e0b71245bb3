/// The Jacobian built row by row: one recording, then a sweep seeds output i with
/// adjoint 1 and reads row i, `∇f_i`, from the inputs' adjoints.
///
/// - Parameter f: the function.
/// - Parameter x: the point, one value per input.
/// - Parameter chunk: rows per sweep. For `Double` inputs the default
///   (``ChunkSize/automatic(for:)``) carries up to 8 adjoints per entry in one sweep;
///   `.one` sweeps once per row. Other scalar types always sweep once per row.
/// - Parameter parallelism: how many cores the sweeps may use (`Double` inputs); the
///   result is the same bit for bit.
/// - Returns: the value f(x) and the m × n Jacobian.
/// - Throws: ``DifferentiationError`` for a wrong-length `x` or a declared output count
///   that is not met.
/// - Complexity: one recorded evaluation and ⌈m/k⌉ sweeps over it (no re-evaluation);
///   memory: the tape (`Tape.bytesPerBinaryEntry` per operation) plus k adjoints per entry,
///   reused across sweeps.
@inlinable
public func reverseJacobian<F: VectorFunction, Value: ADScalar>(
    of f: F, at x: [Value], chunk: ChunkSize? = nil, parallelism: Parallelism = .automatic
) throws -> (value: [Value], jacobian: Matrix<Value>) {
    try MissingRuleSink.collecting {
        try validateInputs(count: x.count, declared: f.inputCount)
        let tape = Tape<Value>(reservingFromPrevious: 4 * x.count + 256)
        return try withExtendedLifetime(tape) {
            let inputs = tape.variables(x)
            let outputs = f(inputs)
            try tape.checkBudget()
            if DiagnosticsCollector.isActive { try DiagnosticsCollector.inspect(tape, at: x) }
            try validateOutputs(count: outputs.count, declared: f.outputCount)
            let n = x.count, m = outputs.count
            let lanes = chunk ?? .automatic(for: m)
            if lanes != .one, let double = DoubleFastPath<Value>() {
                let jacobian = double.cast(tape, to: Tape<Double>.self).jacobianMatrix(
                    outputs: double.cast(outputs), inputs: double.cast(inputs), chunk: lanes, parallelism: parallelism)
                return (outputs.map(\.value), double.cast(jacobian))
            }
            var jacobian = Matrix<Value>(rows: m, columns: n)
            tape.withAdjointScratch { adjoint in
                for i in 0..<m {
                    let top = tape.sweep(seeds: [(outputs[i], 1)], into: adjoint)
                    guard top >= 0 else { continue } // a constant output: zero row
                    for j in 0..<n { jacobian.elements[i * n + j] = adjoint[Int(inputs[j].index)] }
                    adjoint.update(repeating: .zero, count: top + 1)
                }
            }
            return (outputs.map(\.value), jacobian)
        }
    }
}
