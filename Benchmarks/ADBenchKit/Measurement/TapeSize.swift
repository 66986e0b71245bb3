// The size of one recording: entries and bytes, measured by recording once.
import AutoDiff

/// The size of one recording of a function.
public struct TapeSize: Sendable, Codable, Equatable {
    /// Entries recorded (inputs included).
    public var entries: Int
    /// Bytes those entries take.
    public var bytes: Int

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
