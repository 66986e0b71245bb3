// Progress of a long run on stderr ("cell 3 of 16, 2.1 s"), only when stderr is a terminal.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a line to stderr.
/// - Complexity: one write call.
public func printError(_ text: String) {
    writeStandardError(text.hasSuffix("\n") ? text : text + "\n")
}

/// Writes raw text to file descriptor 2 (unbuffered, no shared C `FILE` state).
func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
        if written <= 0 { return }
        offset += written
    }
}

/// A progress line on stderr, rewritten in place; silent when stderr is not a terminal
/// (redirected to a file or a pipe) so that logs hold only results.
public struct Progress {
    /// Whether anything is printed (stderr is a terminal).
    public let isEnabled: Bool
    private let start = MonotonicClock.nanoseconds()
    private let total: Int

    /// Progress over `total` steps; printing only if `enabled` (default: stderr is a terminal).
    public init(total: Int, enabled: Bool = isatty(2) != 0) {
        self.total = total
        self.isEnabled = enabled
    }

    /// Shows "<label> k of total, elapsed s" (k counted from 1).
    public func step(_ k: Int, _ label: String) {
        guard isEnabled else { return }
        let elapsed = MonotonicClock.seconds(since: start)
        let text = "\r\u{1B}[K  cell \(k) of \(total) (\(label)), \(formatFixed(elapsed, digits: 1)) s elapsed"
        writeStandardError(text)
    }

    /// Clears the progress line.
    public func finish() {
        guard isEnabled else { return }
        writeStandardError("\r\u{1B}[K")
    }
}
