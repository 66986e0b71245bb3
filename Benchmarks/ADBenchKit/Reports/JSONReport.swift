// The machine-readable report: the machine, the options and one record per cell.
import Foundation

/// The machine a report was measured on.
public struct MachineInfo: Codable, Sendable, Equatable {
    /// Active processor cores.
    public var cores: Int
    /// The operating system's version string.
    public var os: String
    /// The Swift compiler version the benchmark was built with.
    public var swiftVersion: String
    /// "release" or "debug" (debug timings are meaningless).
    public var build: String
    /// Physical memory in bytes.
    public var memoryBytes: UInt64
    /// The processor's model name, where the system says it.
    public var cpu: String?

    /// Explicit values (for tests and decoding).
    public init(cores: Int, os: String, swiftVersion: String, build: String, memoryBytes: UInt64, cpu: String? = nil) {
        self.cores = cores
        self.os = os
        self.swiftVersion = swiftVersion
        self.build = build
        self.memoryBytes = memoryBytes
        self.cpu = cpu
    }

    /// This machine, now.
    /// - Complexity: a few system queries.
    public static var current: MachineInfo {
        let info = ProcessInfo.processInfo
        return MachineInfo(
            cores: info.activeProcessorCount, os: info.operatingSystemVersionString,
            swiftVersion: compilerVersion, build: BuildConfiguration.name,
            memoryBytes: info.physicalMemory, cpu: processorName())
    }

    /// The processor's model name: Linux's first `model name` in /proc/cpuinfo, Darwin's
    /// `machdep.cpu.brand_string`; nil elsewhere or when it cannot be read.
    static func processorName() -> String? {
        #if os(Linux)
            guard let info = readSmallFile("/proc/cpuinfo") else { return nil }
            for line in info.split(separator: "\n") where line.hasPrefix("model name") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                return name.isEmpty ? nil : name
            }
            return nil
        #elseif canImport(Darwin)
            var size = 0
            guard sysctlbyname("machdep.cpu.brand_string", nil, &size, nil, 0) == 0, size > 0 else { return nil }
            var bytes = [CChar](repeating: 0, count: size)
            guard sysctlbyname("machdep.cpu.brand_string", &bytes, &size, nil, 0) == 0 else { return nil }
            return String(cString: bytes)
        #else
            return nil
        #endif
    }

    /// The compiler version, known at compile time.
    public static var compilerVersion: String {
        #if compiler(>=6.4)
            ">= 6.4"
        #elseif compiler(>=6.3)
            "6.3"
        #elseif compiler(>=6.2)
            "6.2"
        #elseif compiler(>=6.1)
            "6.1"
        #else
            "6.0"
        #endif
    }
}

/// The JSON document `--format json` writes (schema in README): tool, command, machine,
/// options, cells, notes, peak memory.
public struct JSONReport: Codable, Sendable, Equatable {
    /// "adbench".
    public var tool = "adbench"
    /// The tool's version.
    public var version = adbenchVersion
    /// The command that produced it (`sweep`, ...).
    public var command: String
    /// Where it was measured.
    public var machine: MachineInfo
    /// What was measured.
    public var options: SweepOptions
    /// One record per (n, m, mode).
    public var cells: [MeasuredRow]
    /// Skipped measurements and other remarks.
    public var notes: [String]
    /// The process's peak resident memory in bytes, if known.
    public var peakMemoryBytes: Int?

    /// A report with the given parts.
    public init(
        command: String, machine: MachineInfo, options: SweepOptions, cells: [MeasuredRow],
        notes: [String] = [], peakMemoryBytes: Int? = nil
    ) {
        self.command = command
        self.machine = machine
        self.options = options
        self.cells = cells
        self.notes = notes
        self.peakMemoryBytes = peakMemoryBytes
    }

    /// Pretty-printed JSON with sorted keys. Non-finite numbers (an infinite ratio, a NaN
    /// error) are written as the strings "inf", "-inf", "nan".
    /// - Throws: `EncodingError` (not expected for these types).
    /// - Complexity: O(size of the report).
    public func encoded() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Decodes a report written by ``encoded()``.
    /// - Throws: `DecodingError` for malformed JSON or missing fields.
    public static func decode(_ text: String) throws -> JSONReport {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return try decoder.decode(JSONReport.self, from: Data(text.utf8))
    }
}

/// adbench's version, printed by `--version` and recorded in reports.
public let adbenchVersion = "0.1.0"
