/// Runs `body` with a fresh tape that stays alive exactly as long as the call.
///
/// ```swift
/// let g = withRecording { tape in
///     let x = tape.variable(3.0), y = tape.variable(-4.0)
///     let f = 2 * x * y
///     let adjoints = tape.adjoints(of: f)
///     return (adjoints[x], adjoints[y])   // (-8.0, 6.0)
/// }
/// ```
/// Tracked values must not escape `body`: they refer to the tape without owning it.
/// Not a throwing driver (it rethrows only what `body` throws): a ``CustomDerivativeRule``
/// with neither first-order rule applied to tracked values here stops the program; the
/// drivers (``gradient(of:at:mode:)``, ``jacobian(of:at:mode:chunk:parallelism:)``…)
/// throw ``DifferentiationError/missingRule(_:)`` instead.
/// - Complexity: the tape's memory is released when `body` returns.
@inlinable
public func withRecording<Result>(
    reservingCapacity capacity: Int = 1024,
    _ body: (Tape<Double>) throws -> Result
) rethrows -> Result {
    try withRecording(of: Double.self, reservingCapacity: capacity, body)
}

/// Runs `body` with a fresh tape of `Value` entries (e.g. `Dual<Double>` to record a
/// forward-mode computation) that stays alive exactly as long as the call.
@inlinable
public func withRecording<Value: ADScalar, Result>(
    of type: Value.Type,
    reservingCapacity capacity: Int = 1024,
    _ body: (Tape<Value>) throws -> Result
) rethrows -> Result {
    let tape = Tape<Value>(reservingCapacity: capacity)
    return try withExtendedLifetime(tape) { try body(tape) }
}
