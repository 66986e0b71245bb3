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
    var duals = [Dual<Value>]()
    duals.reserveCapacity(x.count)
    for i in x.indices { duals.append(Dual(x[i], tangent: direction[i])) }
    return duals
}

/// Seeds a forward pass along the basis vector e_j.
@inlinable
func dualInputs<Value: ADScalar>(_ x: [Value], basis j: Int) -> [Dual<Value>] {
    var duals = [Dual<Value>]()
    duals.reserveCapacity(x.count)
    for i in x.indices { duals.append(Dual(x[i], tangent: i == j ? 1 : .zero)) }
    return duals
}
