// Work besides seconds: passes and sweeps a driver makes, the size of a recording, and the
// process's peak memory.
import AutoDiff
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The work one derivative takes, counted rather than timed.
public struct WorkCounts: Sendable, Codable, Equatable {
    /// Evaluations of the function on dual numbers (forward mode).
    public var passes: Int
    /// Backward sweeps over one recording (reverse mode).
    public var sweeps: Int
    /// Entries in the recording (0 for forward mode).
    public var tapeEntries: Int
    /// Bytes of the recording (entries × bytes per entry).
    public var tapeBytes: Int

    /// Counts for the given passes, sweeps and recording size.
    public init(passes: Int = 0, sweeps: Int = 0, tapeEntries: Int = 0, tapeBytes: Int = 0) {
        self.passes = passes
        self.sweeps = sweeps
        self.tapeEntries = tapeEntries
        self.tapeBytes = tapeBytes
    }

    /// The structure of AutoDiff's Jacobian drivers for an R^n -> R^m function: forward
    /// mode evaluates once per input direction (n passes), reverse mode records once and
    /// sweeps once per output (m sweeps). `.auto` counts as the mode it resolves to.
    /// - Complexity: O(1).
    public static func jacobian(mode: DifferentiationMode, inputs n: Int, outputs m: Int, tape: TapeSize) -> WorkCounts {
        switch mode.resolved(inputs: n, outputs: m) {
        case .forward: WorkCounts(passes: n)
        default: WorkCounts(passes: 1, sweeps: m, tapeEntries: tape.entries, tapeBytes: tape.bytes)
        }
    }
}

/// The size of one recording of a function.
public struct TapeSize: Sendable, Codable, Equatable {
    /// Entries recorded (inputs included).
    public var entries: Int
    /// Bytes those entries take.
    public var bytes: Int

    /// Bytes per entry (0 for an empty tape).
    public var bytesPerEntry: Int { entries == 0 ? 0 : bytes / entries }

    /// A size of `entries` entries taking `bytes` bytes.
    public init(entries: Int, bytes: Int) {
        self.entries = entries
        self.bytes = bytes
    }

    /// Records `f` once at `x` on a fresh tape and measures the recording.
    /// - Complexity: one evaluation of `f` on tracked values; memory of one recording.
    public static func recording<F: VectorFunction>(of f: F, at x: [Double]) -> TapeSize {
        withRecording(reservingCapacity: 16 * x.count + 1024) { tape in
            let inputs = x.map(tape.variable)
            let outputs = f(inputs)
            return withExtendedLifetime(outputs) { TapeSize(entries: tape.count, bytes: tape.byteCount) }
        }
    }

    /// Records the scalar function `f` once at `x` and measures the recording.
    /// - Complexity: one evaluation of `f` on tracked values; memory of one recording.
    public static func recording<F: ScalarFunction>(of f: F, at x: [Double]) -> TapeSize {
        recording(of: ScalarAsVectorFunction(f), at: x)
    }
}

/// The process's peak resident memory in bytes so far, or `nil` where it cannot be read.
/// Linux: `VmHWM` from /proc/self/status; elsewhere `getrusage` (`ru_maxrss`).
/// - Complexity: one small file read or one system call.
public func peakMemoryBytes() -> Int? {
    #if os(Linux)
    if let status = readSmallFile("/proc/self/status") {
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let digits = line.dropFirst(6).filter(\.isNumber)
            if let kB = Int(digits) { return kB * 1024 }
        }
    }
    #endif
    var usage = rusage()
    #if os(Linux)
    let who = __rusage_who_t(RUSAGE_SELF.rawValue)
    #else
    let who = RUSAGE_SELF
    #endif
    guard getrusage(who, &usage) == 0 else { return nil }
    #if canImport(Darwin)
    return Int(usage.ru_maxrss)          // bytes on Darwin
    #else
    return Int(usage.ru_maxrss) * 1024   // kilobytes elsewhere
    #endif
}

/// The contents of a small text file (at most 64 kB), or `nil` if it cannot be read.
func readSmallFile(_ path: String) -> String? {
    guard let file = fopen(path, "r") else { return nil }
    defer { fclose(file) }
    var buffer = [UInt8](repeating: 0, count: 65536)
    let count = fread(&buffer, 1, buffer.count, file)
    return String(decoding: buffer[..<count], as: UTF8.self)
}
