// Refusing sizes that cannot run: an estimate of the memory a problem size needs,
// compared against the machine's physical memory.
import AutoDiff
import Foundation

/// 80% of this machine's physical memory, in bytes.
public let defaultMemoryLimit = 0.8 * Double(ProcessInfo.processInfo.physicalMemory)

/// Products in `chain` beyond this many multiply-adds (about a minute) are refused.
let maximumMultiplyAdds = 3e10

/// A rough upper estimate of the bytes one sweep cell of `problem` at (n, m) needs: the
/// recording (entries × (entry + adjoint + value)), the data, and three copies of the
/// derivative (driver result, check copy, hand-coded reference). Computed in `Double`
/// so that absurd sizes cannot overflow.
/// - Complexity: O(1).
public func estimatedBytes(_ problem: ProblemID, n: Int, m: Int?, hidden: Int?) -> Double {
    let n = Double(n), perEntry = Double(Tape<Double>.bytesPerBinaryEntry + 16)
    switch problem {
    case .chain:
        let m = Double(m ?? 1), h = Double(hidden ?? 64)
        let products = h * n + h * h + m * h
        let entries = n + 2 * products + 2 * h + m
        return entries * perEntry + 8 * products + 24 * m * n
    case .rosenbrock: return 12 * n * perEntry + 48 * n
    case .hvp: return 40 * n * perEntry + 64 * n
    case .mlp: return 64 * 1024 * 1024
    case .tridiag: return 10 * n * perEntry + 24 * n * n
    case .oscillator: return 60 * n * perEntry + 32 * n // n is N, the steps: 58 entries each
    }
}

/// Throws when `bytes` exceeds `limit`, naming what needed it and both amounts.
func checkMemory(_ bytes: Double, what: String, limit: Double, usage: String) throws(UsageError) {
    guard bytes > limit else { return }
    throw UsageError(
        "\(what) would need about \(formatBytesApproximately(bytes)) of memory, more than the limit of \(formatBytesApproximately(limit)) on this machine",
        usage: usage)
}

/// Bytes as "12 GiB" for any magnitude (no integer overflow).
func formatBytesApproximately(_ bytes: Double) -> String {
    if bytes < 1024 * 1024 * 1024 { return formatSignificant(bytes / 1024 / 1024) + " MiB" }
    if bytes < 1024 * 1024 * 1024 * 1024 * 1024 { return formatSignificant(bytes / 1024 / 1024 / 1024) + " GiB" }
    return String(format: "%.1e", bytes) + " bytes"
}
