import Foundation
import Testing

/// README's usage examples must be the code that `ReadmeExampleTests.swift` and
/// `ReadmeArrayExampleTests.swift` compile and run (between their markers), so the
/// examples cannot drift from the API.
@Test(arguments: [("## Usage", "ReadmeExampleTests.swift", "README-EXAMPLE"),
                  ("### Arrays", "ReadmeArrayExampleTests.swift", "README-ARRAY-EXAMPLE")])
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
