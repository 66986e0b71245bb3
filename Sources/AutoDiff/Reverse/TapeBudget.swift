import Foundation

/// The memory a tape may use before recording stops with an error instead of
/// exhausting the machine.
///
/// Scoped, not global: set it for one computation with
/// ```swift
/// try TapeBudget.$maximumBytes.withValue(64 << 20) { try gradient(of: f, at: x) }
/// ```
/// Tapes created inside the scope (on this task or thread) take the limit.
public enum TapeBudget {
    /// Bytes of tape entries allowed per recording. Default: half the physical memory.
    @TaskLocal public static var maximumBytes: Int = Int(ProcessInfo.processInfo.physicalMemory / 2)
}
