import Foundation
import Testing

/// The DocC articles' examples must be the code that the named test files compile and run
/// (between their markers), so the articles cannot drift from the API: the first ```swift
/// block after the heading is compared with the marked region.
@Test(arguments: [
    ("GettingStarted.md", "### Write, then differentiate", "DocumentationGettingStartedTests.swift", "DOCC-GETTING-STARTED"),
    ("ConventionsAtKinks.md", "### Finding the points a computation met", "DocumentationConventionsTests.swift", "DOCC-CONVENTIONS"),
    ("ArrayLayer.md", "## Overview", "ReadmeArrayExampleTests.swift", "README-ARRAY-EXAMPLE")
])
func articleExampleIsTheTestedCode(_ example: (article: String, heading: String, file: String, marker: String)) throws {
    let tests = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    let root = tests.deletingLastPathComponent().deletingLastPathComponent()
    let catalog = root.appendingPathComponent("Sources/AutoDiff/AutoDiff.docc")
    let article = try String(contentsOf: catalog.appendingPathComponent(example.article), encoding: .utf8)
    let test = try String(contentsOf: tests.appendingPathComponent(example.file), encoding: .utf8)

    let section = try #require(article.range(of: example.heading))
    let fenceStart = try #require(article.range(of: "```swift\n", range: section.upperBound..<article.endIndex))
    let fenceEnd = try #require(article.range(of: "\n```", range: fenceStart.upperBound..<article.endIndex))
    let shown = String(article[fenceStart.upperBound..<fenceEnd.lowerBound])

    let begin = try #require(test.range(of: "// \(example.marker)-BEGIN\n"))
    let end = try #require(test.range(of: "\n// \(example.marker)-END"))
    let tested = String(test[begin.upperBound..<end.lowerBound])

    #expect(shown == tested)
}
