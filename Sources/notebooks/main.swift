// `notebooks`: runs the Swift cells of notebooks/*.md and writes their outputs back.
// Thin: parse arguments, run NotebookKit, print, set the exit status.
import Foundation
import NotebookKit

func printError(_ s: String) {
    FileHandle.standardError.write(Data((s.hasSuffix("\n") ? s : s + "\n").utf8))
}

let arguments: Arguments
do {
    arguments = try Arguments(parsing: Array(CommandLine.arguments.dropFirst()))
} catch {
    printError(error.description)
    exit(2)
}
if arguments.help {
    print(Arguments.helpText)
    exit(0)
}

let runner = NotebookRunner(
    root: arguments.root ?? FileManager.default.currentDirectoryPath,
    scratch: arguments.scratchPath, log: printError)
do {
    let summary = try runner.run(arguments.notebooks, check: arguments.check)
    if arguments.check {
        for d in summary.differences { print(d.unifiedDiff()) }
        for f in summary.figureDifferences { print(f) }
        let failures = summary.differences.count + summary.figureDifferences.count
        if failures > 0 {
            printError("notebooks: \(failures) output(s) differ from a fresh run; run `swift run notebooks` to refresh")
            exit(1)
        }
        printError("notebooks: \(summary.notebooks) notebook(s), \(summary.cells) cell(s): every output matches")
    } else {
        for p in summary.rewritten { printError("notebooks: updated \(p)") }
        printError("notebooks: \(summary.notebooks) notebook(s), \(summary.cells) cell(s) run")
    }
} catch let error as NotebookError {
    printError("notebooks: \(error)")
    exit(1)
}
