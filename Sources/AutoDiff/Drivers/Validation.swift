// Shared input checks: every driver validates before it evaluates, so bad shapes
// throw a DifferentiationError instead of trapping inside the user's function.

@inlinable
func validateInputs(count: Int, declared: Int?) throws {
    if let expected = declared, expected != count {
        throw DifferentiationError.inputCount(expected: expected, got: count)
    }
}

@inlinable
func validateOutputs(count: Int, declared: Int?) throws {
    if let expected = declared, expected != count {
        throw DifferentiationError.outputCount(expected: expected, got: count)
    }
}

/// Seeds a forward pass: `Dual(x[i], tangent: direction[i])`.
@inlinable
func dualInputs<Value: ADScalar>(_ x: [Value], direction: [Value]) -> [Dual<Value>] {
    filledArray(count: x.count) { Dual(x[$0], tangent: direction[$0]) }
}

/// Seeds a forward pass along the basis vector e_j.
@inlinable
func dualInputs<Value: ADScalar>(_ x: [Value], basis j: Int) -> [Dual<Value>] {
    filledArray(count: x.count) { Dual(x[$0], tangent: $0 == j ? 1 : .zero) }
}
