import Foundation

/// Runs a program to completion with its output captured in files (no pipe can fill up
/// and stall it).
enum Subprocess {
    /// The exit status and captured output of one run.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs `executable` (a path, or a name looked up through `/usr/bin/env`) with
    /// `arguments` in `directory`, adding `environment` to the inherited one.
    /// - Throws: ``NotebookError/io(_:)`` when the program cannot be started.
    static func run(
        _ executable: String, _ arguments: [String], in directory: String,
        environment: [String: String] = [:], captureIn folder: String
    ) throws -> Result {
        let process = Process()
        if executable.contains("/") {
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
        } else {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [executable] + arguments
        }
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let fm = FileManager.default
        try? fm.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let outPath = folder + "/stdout.txt", errPath = folder + "/stderr.txt"
        _ = fm.createFile(atPath: outPath, contents: nil)
        _ = fm.createFile(atPath: errPath, contents: nil)
        guard let out = FileHandle(forWritingAtPath: outPath), let err = FileHandle(forWritingAtPath: errPath) else {
            throw NotebookError.io("cannot create capture files in \(folder)")
        }
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw NotebookError.io("cannot start \(executable): \(error.localizedDescription)")
        }
        process.waitUntilExit()
        try? out.close()
        try? err.close()
        let read = { (p: String) in
            (try? Data(contentsOf: URL(fileURLWithPath: p))).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
        return Result(status: process.terminationStatus, stdout: read(outPath), stderr: read(errPath))
    }
}
