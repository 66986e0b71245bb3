import Foundation
import Testing

/// README's usage examples must be the code that `ReadmeExampleTests.swift`,
/// `ReadmeArrayExampleTests.swift`, `ReadmeCheckpointExampleTests.swift` and the others listed compile and
/// run (between their markers), so the examples cannot drift from the API.
@Test(arguments: [
    ("## Usage", "ReadmeExampleTests.swift", "README-EXAMPLE"),
    ("### Arrays", "ReadmeArrayExampleTests.swift", "README-ARRAY-EXAMPLE"),
    ("### Checkpointing", "ReadmeCheckpointExampleTests.swift", "README-CHECKPOINT-EXAMPLE"),
    ("### Custom rules and implicit functions", "ReadmeImplicitExampleTests.swift", "README-IMPLICIT-EXAMPLE"),
    ("### Compositions: the Jacobian in the cheapest order", "ReadmeCompositionExampleTests.swift", "README-COMPOSITION-EXAMPLE"),
    ("### Scalar sub-functions", "ReadmeScalarRulesExampleTests.swift", "README-SCALAR-RULES-EXAMPLE")
])
func readmeUsageExampleIsTheTestedCode(_ example: (heading: String, file: String, marker: String)) throws {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let test = try String(contentsOf: tests.appendingPathComponent(example.file), encoding: .utf8)

    let usage = try #require(readme.range(of: example.heading))
    let fenceStart = try #require(readme.range(of: "```swift\n", range: usage.upperBound..<readme.endIndex))
    let fenceEnd = try #require(readme.range(of: "\n```", range: fenceStart.upperBound..<readme.endIndex))
    let shown = String(readme[fenceStart.upperBound..<fenceEnd.lowerBound])

    let begin = try #require(test.range(of: "// \(example.marker)-BEGIN\n"))
    let end = try #require(test.range(of: "\n// \(example.marker)-END"))
    let tested = String(test[begin.upperBound..<end.lowerBound])

    #expect(shown == tested)
}

/// README's layout section names every folder of the repository down to three levels
/// (`Sources/AutoDiff/Scalar`): a top-level or second-level folder by its path
/// (`Sources/AutoDiff/`), a deeper one at least by its name (`Scalar/`). Hidden and
/// build folders are skipped, except `.ci`.
@Test func readmeLayoutNamesEveryFolder() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let layout = try #require(readme.range(of: "## Layout"))
    let fenceStart = try #require(readme.range(of: "```\n", range: layout.upperBound..<readme.endIndex))
    let fenceEnd = try #require(readme.range(of: "\n```", range: fenceStart.upperBound..<readme.endIndex))
    let block = String(readme[fenceStart.upperBound..<fenceEnd.lowerBound])

    func folders(in directory: URL, path: [String]) throws -> [[String]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        return try names.flatMap { name -> [[String]] in
            var isDirectory: ObjCBool = false
            let url = directory.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), isDirectory.boolValue,
                !name.hasPrefix(".") || name == ".ci"
            else { return [] }
            let here = path + [name]
            return [here] + (here.count < 3 ? try folders(in: url, path: here) : [])
        }
    }
    let all = try folders(in: root, path: [])
    #expect(all.contains(["Sources", "AutoDiff", "Reverse"])) // the walk itself works
    for folder in all {
        let named = folder.count <= 2 ? folder.joined(separator: "/") + "/" : folder.last! + "/"
        #expect(block.contains(named), "README's layout does not name \(folder.joined(separator: "/"))/")
    }
}
