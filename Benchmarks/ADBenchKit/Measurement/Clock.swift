// A monotonic clock for timing, and the check that the benchmarks run in a release build.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A monotonic clock in nanoseconds (CLOCK_MONOTONIC), not affected by wall-clock changes.
public enum MonotonicClock {
    /// Nanoseconds since an arbitrary fixed point; only differences are meaningful.
    /// - Complexity: O(1), one clock_gettime call (~20-30 ns, no system call on Linux).
    @inline(__always)
    public static func nanoseconds() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) &* 1_000_000_000 &+ UInt64(spec.tv_nsec)
    }

    /// Seconds elapsed since `start` (a value from ``nanoseconds()``).
    @inline(__always)
    public static func seconds(since start: UInt64) -> Double {
        Double(nanoseconds() &- start) * 1e-9
    }
}

/// Which kind of build this code was compiled in.
public enum BuildConfiguration {
    /// `true` in a debug build (`-Onone`), where timings say nothing about the algorithms.
    public static var isDebug: Bool {
        #if DEBUG
            true
        #else
            false
        #endif
    }

    /// "release" or "debug".
    public static var name: String { isDebug ? "debug" : "release" }

    /// The loud warning printed on stderr when timing in a debug build, or `nil` in release.
    public static var debugWarning: String? {
        guard isDebug else { return nil }
        let bar = String(repeating: "!", count: 72)
        return """
            \(bar)
            !! WARNING: adbench was built in DEBUG mode. Timings are meaningless (10-100x slow,
            !! unspecialised generics). Build with: swift build -c release
            \(bar)
            """
    }
}
