// A minimal SVG writer: elements appended as text, attribute values escaped, numbers
// written with two decimals. No dependencies.

/// Accumulates SVG elements and produces a standalone document.
public struct SVGWriter {
    /// Width and height in pixels.
    public let width: Double, height: Double
    private var body: [String] = []

    /// An empty drawing of the given size.
    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
    }

    /// A rectangle.
    public mutating func rect(
        x: Double, y: Double, width: Double, height: Double, fill: String,
        stroke: String? = nil, strokeWidth: Double = 1
    ) {
        var a = "x=\"\(n(x))\" y=\"\(n(y))\" width=\"\(n(width))\" height=\"\(n(height))\" fill=\"\(escapeXML(fill))\""
        if let stroke { a += " stroke=\"\(escapeXML(stroke))\" stroke-width=\"\(n(strokeWidth))\"" }
        body.append("<rect \(a)/>")
    }

    /// A straight line, optionally dashed.
    public mutating func line(
        x1: Double, y1: Double, x2: Double, y2: Double, stroke: String = "#000",
        width: Double = 1, dashed: Bool = false
    ) {
        body.append(
            "<line x1=\"\(n(x1))\" y1=\"\(n(y1))\" x2=\"\(n(x2))\" y2=\"\(n(y2))\" stroke=\"\(escapeXML(stroke))\" stroke-width=\"\(n(width))\"\(dashed ? " stroke-dasharray=\"6,4\"" : "")/>"
        )
    }

    /// A polyline through the points.
    public mutating func polyline(_ points: [(Double, Double)], stroke: String, width: Double = 2, dashed: Bool = false) {
        let list = points.map { "\(n($0.0)),\(n($0.1))" }.joined(separator: " ")
        body.append(
            "<polyline points=\"\(list)\" fill=\"none\" stroke=\"\(escapeXML(stroke))\" stroke-width=\"\(n(width))\"\(dashed ? " stroke-dasharray=\"6,4\"" : "")/>"
        )
    }

    /// A filled circle.
    public mutating func circle(x: Double, y: Double, radius: Double, fill: String) {
        body.append("<circle cx=\"\(n(x))\" cy=\"\(n(y))\" r=\"\(n(radius))\" fill=\"\(escapeXML(fill))\"/>")
    }

    /// Text; `anchor` is start, middle or end; `rotate` in degrees about (x, y).
    public mutating func text(
        _ string: String, x: Double, y: Double, size: Double = 12, anchor: String = "start",
        bold: Bool = false, rotate: Double? = nil, fill: String = "#000"
    ) {
        var a = "x=\"\(n(x))\" y=\"\(n(y))\" font-size=\"\(n(size))\" text-anchor=\"\(anchor)\" fill=\"\(escapeXML(fill))\""
        if bold { a += " font-weight=\"bold\"" }
        if let rotate { a += " transform=\"rotate(\(n(rotate)) \(n(x)) \(n(y)))\"" }
        body.append("<text \(a)>\(escapeXML(string))</text>")
    }

    /// A horizontal linear gradient definition with the given (offset 0...1, colour) stops.
    public mutating func linearGradient(id: String, stops: [(Double, String)]) {
        let s = stops.map { "<stop offset=\"\(n($0.0 * 100))%\" stop-color=\"\(escapeXML($0.1))\"/>" }.joined()
        body.append("<defs><linearGradient id=\"\(escapeXML(id))\" x1=\"0%\" y1=\"0%\" x2=\"100%\" y2=\"0%\">\(s)</linearGradient></defs>")
    }

    /// A `<title>` element (shown as a tooltip by browsers) for the whole drawing.
    public mutating func title(_ string: String) { body.append("<title>\(escapeXML(string))</title>") }

    /// The standalone SVG document.
    /// - Complexity: O(total length of the elements).
    public var document: String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <svg xmlns="http://www.w3.org/2000/svg" width="\(n(width))" height="\(n(height))" viewBox="0 0 \(n(width)) \(n(height))" font-family="Helvetica, Arial, sans-serif">
        <rect x="0" y="0" width="\(n(width))" height="\(n(height))" fill="#fff"/>
        \(body.joined(separator: "\n"))
        </svg>

        """
    }

    private func n(_ value: Double) -> String { formatFixed(value, digits: 2) }
}

/// `text` with &, <, >, " and ' escaped for XML.
public func escapeXML(_ text: String) -> String {
    var out = ""
    for c in text {
        switch c {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&apos;"
        default: out.append(c)
        }
    }
    return out
}
