import Foundation
import Testing

/// README's usage example must be the code that `ReadmeExampleTests.swift` compiles and
/// runs (between its README-EXAMPLE markers), so the example cannot drift from the API.
@Test func readmeUsageExampleIsTheTestedCode() throws {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
    let test = try String(contentsOf: tests.appendingPathComponent("ReadmeExampleTests.swift"), encoding: .utf8)

    let usage = try #require(readme.range(of: "## Usage"))
    let fenceStart = try #require(readme.range(of: "```swift\n", range: usage.upperBound..<readme.endIndex))
    let fenceEnd = try #require(readme.range(of: "\n```", range: fenceStart.upperBound..<readme.endIndex))
    let shown = String(readme[fenceStart.upperBound..<fenceEnd.lowerBound])

    let begin = try #require(test.range(of: "// README-EXAMPLE-BEGIN\n"))
    let end = try #require(test.range(of: "\n// README-EXAMPLE-END"))
    let tested = String(test[begin.upperBound..<end.lowerBound])

    #expect(shown == tested)
}
