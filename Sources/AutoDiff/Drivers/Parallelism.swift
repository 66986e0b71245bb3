import Dispatch
import Foundation

/// How many cores a Jacobian may use for its passes (forward) or sweeps (reverse).
///
/// Columns (forward) and rows (reverse) are independent, so they split across threads
/// with no change to the arithmetic: a parallel Jacobian equals the serial one bit for
/// bit. The user's function must then be safe to call from several threads at once
/// (true for the value types this library expects).
public enum Parallelism: Sendable, Equatable {
    /// One thread.
    case serial
    /// Up to this many threads.
    case threads(Int)
    /// All cores, when the remaining work is worth waking them: at least two passes or
    /// sweeps left and, measured on the first one, at least ``automaticThresholdSeconds``
    /// of work left in all.
    case automatic

    /// Work below which `.automatic` stays serial (thread wake-up costs ~10–50 µs).
    public static let automaticThresholdSeconds = 200e-6

    /// The threads to use for `remaining` independent items of `secondsPerItem` each.
    @inlinable
    public func threadCount(remaining: Int, secondsPerItem: Double) -> Int {
        switch self {
        case .serial: return 1
        case .threads(let t): return Swift.max(1, Swift.min(t, remaining))
        case .automatic:
            guard remaining >= 2, Double(remaining) * secondsPerItem >= Self.automaticThresholdSeconds else { return 1 }
            return Swift.max(1, Swift.min(Self.cores, remaining))
        }
    }

    /// The active processor count, read once (asking the system costs microseconds).
    @usableFromInline static let cores = ProcessInfo.processInfo.activeProcessorCount
}

/// Seconds since an arbitrary origin (monotonic).
@inlinable
func monotonicSeconds() -> Double {
    Double(DispatchTime.now().uptimeNanoseconds) * 1e-9
}

/// Runs `body(item)` for items `first..<count`, on `threads` threads (items strided over
/// threads), and returns after all are done.
@inlinable
func forEachItem(from first: Int, to count: Int, threads: Int, _ body: (_ thread: Int, _ item: Int) -> Void) {
    if threads <= 1 {
        for item in first..<count { body(0, item) }
        return
    }
    // Worker threads do not inherit task-local values: hand them the caller's sink, so
    // that a missing derivative rule on a worker is collected, not fatal.
    let sink = UnsafeSendable(MissingRuleSink.forWorkers)
    withoutActuallyEscaping(body) { body in
        let box = UnsafeSendable(body)
        DispatchQueue.concurrentPerform(iterations: threads) { t in
            MissingRuleSink.on(sink.value) {
                for item in stride(from: first + t, to: count, by: threads) { box.value(t, item) }
            }
        }
    }
}

/// Carries a value into a concurrent closure where the caller guarantees that the
/// concurrent accesses are safe (disjoint writes).
@usableFromInline
struct UnsafeSendable<T>: @unchecked Sendable {
    @usableFromInline let value: T
    @inlinable init(_ value: T) { self.value = value }
}
