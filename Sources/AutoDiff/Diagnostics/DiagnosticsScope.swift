import Foundation

/// Runs `body` and returns, next to its result, the diagnostics of every differentiation
/// it made (with `Double` inputs): undefined derivatives at kinks and ties, and the first
/// operation that produced a non-finite value or derivative.
///
/// ```swift
/// let (g, report) = try withDiagnostics { try gradient(of: f, at: x) }
/// if !report.isEmpty { print(report) }
/// ```
/// With `throwing: true` the first driver that finds anything throws
/// ``DifferentiationError/undefinedDerivative(_:)`` instead.
///
/// Scoped, not global (a task-local value): other threads and tasks are not affected.
/// - Complexity: each driver in scope scans its recording (forward-mode drivers record
///   one evaluation for it): O(operations) extra, only while diagnosing.
public func withDiagnostics<R>(throwing: Bool = false, _ body: () throws -> R) throws -> (result: R, diagnostics: Diagnostics) {
    let collector = DiagnosticsCollector(throwing: throwing)
    let result = try DiagnosticsCollector.$current.withValue(collector) { try body() }
    return (result, collector.diagnostics)
}

/// Where the drivers put what they find while a ``withDiagnostics(throwing:_:)`` scope
/// is active.
@usableFromInline
final class DiagnosticsCollector: @unchecked Sendable {
    @TaskLocal static var current: DiagnosticsCollector?

    let throwing: Bool
    private let lock = NSLock()
    private var found = Diagnostics()

    init(throwing: Bool) { self.throwing = throwing }

    var diagnostics: Diagnostics {
        lock.lock(); defer { lock.unlock() }
        return found
    }

    func add(_ report: Diagnostics) throws {
        guard !report.isEmpty else { return }
        lock.lock()
        found.items += report.items
        lock.unlock()
        if throwing { throw DifferentiationError.undefinedDerivative(report.items[0].description) }
    }

    /// Whether a scope is active (what a driver checks before doing any work for it).
    @usableFromInline static var isActive: Bool { current != nil }

    /// Scans a recording a driver made at `x`.
    @usableFromInline
    static func inspect<Value: ADScalar>(_ tape: Tape<Value>, at x: [Value]) throws {
        guard let collector = current, let double = DoubleFastPath<Value>() else { return }
        try collector.add(double.cast(tape, to: Tape<Double>.self).diagnostics(inputs: double.cast(x)))
    }

    /// Records `f` at `x` to scan it (for drivers that do not record themselves).
    @usableFromInline
    static func inspect<F: VectorFunction, Value: ADScalar>(_ f: F, at x: [Value]) throws {
        guard let collector = current, let double = DoubleFastPath<Value>() else { return }
        let x = double.cast(x, to: [Double].self)
        let tape = Tape<Double>(reservingFromPrevious: 4 * x.count + 256)
        _ = f(tape.variables(x))
        try collector.add(tape.diagnostics(inputs: x))
    }
}
