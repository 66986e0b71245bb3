import Foundation
#if canImport(FoundationXML)
    import FoundationXML
#endif
import Testing
@testable import ADBenchKit

// The SVG plot: well-formed XML (Foundation's XMLParser), the parts a reader needs.

/// Counts elements by name while parsing; records the first parse error.
final class ElementCounter: NSObject, XMLParserDelegate {
    var counts: [String: Int] = [:]
    var texts: [String] = []
    var error: Error?
    func parser(
        _ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String] = [:]
    ) {
        counts[name, default: 0] += 1
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) { texts.append(string) }
    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) { error = parseError }
}

func parseSVG(_ text: String) -> (ok: Bool, counter: ElementCounter) {
    let parser = XMLParser(data: Data(text.utf8))
    let counter = ElementCounter()
    parser.delegate = counter
    let ok = parser.parse()
    return (ok && counter.error == nil, counter)
}

@Suite struct SVGPlotTests {
    @Test func plotIsWellFormedAndComplete() {
        let svg = svgPlot(sampleCells(), title: "P2 <chain> & \"friends\"")
        let (ok, counter) = parseSVG(svg)
        #expect(ok)
        #expect(counter.counts["svg"] == 1)
        #expect(counter.counts["rect", default: 0] >= 9 + 3) // 9 heatmap cells, diagonal outlines, legend, plots
        #expect(counter.counts["linearGradient"] == 1)
        #expect(counter.counts["polyline", default: 0] >= 1 + 3 * 3) // diagonal + per m: primal, forward, reverse, auto
        let text = counter.texts.joined() // the parser splits text at entities
        for label in [
            "inputs n", "outputs m", "legend: log2(t_forward / t_reverse)", "seconds per call", "inputs n (m = 64)",
            "forward", "reverse", "auto", "primal", "P2 <chain> & \"friends\""
        ] {
            #expect(text.contains(label), "missing text \(label)")
        }
        #expect(svg.hasPrefix("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""))
    }

    @Test func heatmapColoursFollowTheWinner() {
        #expect(divergingColour(0) == "#ffffff")
        #expect(divergingColour(-1) == "#1f77b4") // forward faster: blue
        #expect(divergingColour(1) == "#d62728") // reverse faster: red
        #expect(divergingColour(5) == "#d62728" && divergingColour(.nan) == "#ffffff")
        let svg = svgPlot(sampleCells(), title: "t")
        #expect(svg.contains(">F<") && svg.contains(">R<"))
    }

    @Test func degenerateInputsStillParse() {
        #expect(parseSVG(svgPlot([], title: "empty")).ok)
        let oneMode = sampleCells().filter { $0.mode == "reverse" }
        #expect(parseSVG(svgPlot(oneMode, title: "reverse only")).ok)
        #expect(escapeXML("a<b>&'\"") == "a&lt;b&gt;&amp;&apos;&quot;")
    }
}
