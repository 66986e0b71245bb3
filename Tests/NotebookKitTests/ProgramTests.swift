import Foundation
import Testing
@testable import NotebookKit

@Suite struct Program {
    @Test func cellsAreConcatenatedWithSourceLocations() throws {
        let nb = try Notebook(parsing: sample, path: "nb.md")
        let main = CellProgram.mainSource(for: nb, file: "/repo/nb.md")
        let expected = """
            #sourceLocation(file: "/repo/nb.md", line: 11)
            let x = 2
            print(x * 3)
            #sourceLocation()
            _notebookCellEnd(0)

            #sourceLocation(file: "/repo/nb.md", line: 25)
            let y = x + 1
            #sourceLocation()
            _notebookCellEnd(1)

            #sourceLocation(file: "/repo/nb.md", line: 31)
            print("t =", 1.5, "ms")
            #sourceLocation()
            _notebookCellEnd(2)

            """
        #expect(main.hasPrefix("// Generated"))
        #expect(main.contains("import NotebookSupport\n"))
        #expect(main.hasSuffix(expected))
        #expect(!main.contains("this is shown")) // no-run cells are not compiled
    }

    @Test func outputSplitsBackPerCell() {
        let out = "6\n" + CellProgram.separator(0) + CellProgram.separator(1) + "t = 1 ms" + CellProgram.separator(2)
        let (outputs, completed) = CellProgram.split(out, cellCount: 3)
        #expect(outputs == ["6\n", "", "t = 1 ms"])
        #expect(completed == 3)
    }

    @Test func aProgramThatStopsEarlyReportsTheCell() {
        let out = "6\n" + CellProgram.separator(0) + "partial\n"
        let (outputs, completed) = CellProgram.split(out, cellCount: 3)
        #expect(outputs == ["6\n", "partial\n", ""])
        #expect(completed == 1)
    }

    /// The compiler's own diagnostics point into the notebook: parse (no imports
    /// resolved, so no build) a program whose second cell has a syntax error.
    @Test func compilerErrorsNameTheNotebookLine() throws {
        let text = "# T\n\n```swift\nlet a = 1\n```\n\nprose\n\n```swift\nlet b = = 2\n```\n"
        let nb = try Notebook(parsing: text, path: "t.md")
        #expect(nb.cells[1].firstCodeLine == 10)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("notebookkit-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mdPath = dir.appendingPathComponent("t.md").path
        let mainPath = dir.appendingPathComponent("main.swift").path
        try CellProgram.mainSource(for: nb, file: mdPath).write(toFile: mainPath, atomically: true, encoding: .utf8)
        let result = try Subprocess.run(
            "swiftc", ["-parse", mainPath], in: dir.path,
            captureIn: dir.appendingPathComponent("log").path)
        #expect(result.status != 0)
        #expect(result.stderr.contains("\(mdPath):10:"))
    }

    @Test func targetNamesAreIdentifiers() {
        #expect(ScratchPackage.targetName(forNotebook: "notebooks/01-chain-rule-and-graphs.md") == "nb01_chain_rule_and_graphs")
        #expect(ScratchPackage.targetName(forNotebook: "a b.c.md") == "nba_b_c")
    }

    @Test func manifestDependsOnTheRepositoryByPath() {
        let p = ScratchPackage(root: "/src/My-Repo", directory: "/src/My-Repo/.build-notebooks")
        let m = p.manifest(targets: ["nb01_x"])
        #expect(m.contains(".package(path: \"/src/My-Repo\")"))
        #expect(m.contains(".product(name: \"AutoDiff\", package: \"my-repo\")"))
        #expect(m.contains("name: \"nb01_x\""))
        #expect(m.contains("name: \"NotebookSupport\""))
        #expect(m.contains("path: \"Support\""))
    }
}

@Suite struct CommandLineInterface {
    @Test func defaultsAndOptions() throws {
        #expect(try Arguments(parsing: []) == Arguments())
        let a = try Arguments(parsing: ["--check", "01-chain-rule-and-graphs.md", "--scratch-path", "s", "05"])
        #expect(a.check && !a.help)
        #expect(a.notebooks == ["01-chain-rule-and-graphs.md", "05"])
        #expect(a.scratchPath == "s")
        #expect(try Arguments(parsing: ["-h"]).help)
        #expect(try Arguments(parsing: ["--", "--odd-name.md"]).notebooks == ["--odd-name.md"])
    }

    @Test func unknownOptionIsAOneLineUsageError() {
        #expect(throws: Arguments.UsageError(message: "unknown option '--frobnicate'")) {
            try Arguments(parsing: ["--frobnicate"])
        }
        let message = Arguments.UsageError(message: "unknown option '-x'").description
        #expect(message == "notebooks: unknown option '-x' (see notebooks --help)")
        #expect(!message.contains("\n"))
    }

    @Test func missingValueIsAUsageError() {
        #expect(throws: Arguments.UsageError(message: "option --root needs a value")) {
            try Arguments(parsing: ["--root"])
        }
    }

    @Test func helpNamesEveryOptionAndMarker() {
        for word in ["--check", "--root", "--scratch-path", "--help", "no-run", "measured", "<!-- output -->"] {
            #expect(Arguments.helpText.contains(word), "help lacks \(word)")
        }
    }

    @Test func notebookNamesResolve() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nbresolve-\(getpid())")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("notebooks"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for n in ["01-a.md", "02-b.md", "README.md"] {
            try "x\n".write(to: dir.appendingPathComponent("notebooks/" + n), atomically: true, encoding: .utf8)
        }
        let r = NotebookRunner(root: dir.path)
        #expect(r.notebookNames() == ["01-a.md", "02-b.md"])
        #expect(try r.resolve(["01-a.md", "02-b", "notebooks/01-a.md", "02"]) == ["01-a.md", "02-b.md", "01-a.md", "02-b.md"])
        #expect(throws: NotebookError.noSuchNotebook(name: "0", available: ["01-a.md", "02-b.md"])) {
            try r.resolve(["0"])
        }
    }
}

/// The built `notebooks` executable next to the test bundle, if `swift test` built it.
let notebooksExecutable: String? = {
    let dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path
    let path = dir + "/notebooks"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}()

@Suite struct Executable {
    @Test(.enabled(if: notebooksExecutable != nil, "notebooks executable not built"))
    func badOptionExitsWithStatus2() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("nbexe-\(getpid())").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try Subprocess.run(notebooksExecutable!, ["--bogus"], in: "/", captureIn: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "notebooks: unknown option '--bogus' (see notebooks --help)\n")
        #expect(r.stdout.isEmpty)
        let help = try Subprocess.run(notebooksExecutable!, ["--help"], in: "/", captureIn: dir)
        #expect(help.status == 0)
        #expect(help.stdout.hasPrefix("USAGE: notebooks"))
    }
}
