// adbench: measures, on this machine, when forward mode wins, when reverse mode wins, and
// by how much. Thin: parse, dispatch, print, exit status (0 ok, 1 wrong result, 2 bad input).
// Everything else lives in ADBenchKit, where it is tested.
import ADBenchKit
import Foundation

let invocation: Invocation
do {
    invocation = try parseInvocation(Array(CommandLine.arguments.dropFirst()))
} catch {
    printError(error.description)
    exit(ExitStatus.badInput.rawValue)
}

switch invocation {
case .help, .version: break
default: if let warning = BuildConfiguration.debugWarning { printError(warning) }
}

let output = execute(invocation)
if !output.text.isEmpty { FileHandle.standardOutput.write(Data((output.text + "\n").utf8)) }
var status = output.status
for (path, contents) in output.files {
    do {
        try contents.write(toFile: path, atomically: true, encoding: .utf8)
    } catch {
        printError("error: cannot write \(path): \(error.localizedDescription)")
        status = .badInput
    }
}
for message in output.messages { printError(message) }
exit(status.rawValue)
