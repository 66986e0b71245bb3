// The process's peak resident memory, read from the operating system.
#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

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
        return Int(usage.ru_maxrss) // bytes on Darwin
    #else
        return Int(usage.ru_maxrss) * 1024 // kilobytes elsewhere
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
