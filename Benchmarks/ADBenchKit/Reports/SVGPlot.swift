// The sweep as a picture: a heatmap of log2(t_forward / t_reverse) over the (n, m) grid
// with the diagonal n = m marked, and for each m the time of every mode against n.
import Foundation

/// Colours of the modes in the line charts.
let modeColours: [String: String] = [
    "primal": "#555555", "forward": "#1f77b4", "reverse": "#d62728",
    "auto": "#2ca02c", "hand": "#9467bd"
]

/// An SVG document for the sweep's cells: the heatmap (blue: forward faster, red: reverse
/// faster, white: equal; each cell labelled with the winner and factor; the cells with
/// n = m outlined and joined by a dashed line; a colour legend) and one time-against-n
/// chart per m (log-log axes, a line per mode, a legend).
/// - Complexity: O(cells²) (small grids).
public func svgPlot(_ cells: [MeasuredRow], title: String) -> String {
    let ns = Array(Set(cells.map(\.n))).sorted()
    let ms = Array(Set(cells.map(\.m))).sorted()
    let panel = (width: 300.0, height: 240.0)
    let chartsWidth = Double(max(ms.count, 1)) * (panel.width + 20) + 40
    let cell = 64.0
    let heat = (x: 90.0, y: 70.0, width: Double(ns.count) * cell, height: Double(ms.count) * cell)
    let width = max(chartsWidth, heat.x + heat.width + 320)
    let chartsTop = heat.y + heat.height + 80
    var svg = SVGWriter(width: width, height: chartsTop + panel.height + 20)
    svg.title(title)
    svg.text(title, x: 20, y: 28, size: 16, bold: true)
    drawHeatmap(&svg, cells, ns: ns, ms: ms, origin: (heat.x, heat.y), cell: cell)
    svg.text("time per call against inputs n, one chart per outputs m (log-log)", x: 20, y: chartsTop - 30, size: 14, bold: true)
    for (k, m) in ms.enumerated() {
        drawTimeChart(
            &svg, cells.filter { $0.m == m }, m: m, origin: (40 + Double(k) * (panel.width + 20), chartsTop),
            size: panel)
    }
    return svg.document
}

/// The heatmap and its legend.
func drawHeatmap(_ svg: inout SVGWriter, _ cells: [MeasuredRow], ns: [Int], ms: [Int], origin: (Double, Double), cell: Double) {
    let (x0, y0) = origin
    let values: [Double] = cells.sizes.compactMap { s in
        guard let f = cells.cell(n: s.n, m: s.m, mode: "forward"), let r = cells.cell(n: s.n, m: s.m, mode: "reverse") else { return nil }
        return log2(f.seconds / r.seconds)
    }
    let limit = max(1, (values.map(abs).filter(\.isFinite).max() ?? 1).rounded(.up))
    svg.text("log2(t_forward / t_reverse) over inputs n and outputs m", x: x0, y: y0 - 14, size: 14, bold: true)
    let bottom = y0 + Double(ms.count) * cell
    var labels: [(String, String, Double, Double, Bool)] = [] // drawn last, above the diagonal
    for (i, n) in ns.enumerated() {
        for (j, m) in ms.enumerated() {
            let x = x0 + Double(i) * cell, y = bottom - Double(j + 1) * cell
            guard let f = cells.cell(n: n, m: m, mode: "forward"), let r = cells.cell(n: n, m: m, mode: "reverse") else {
                svg.rect(x: x, y: y, width: cell, height: cell, fill: "#eeeeee", stroke: "#ffffff")
                continue
            }
            let v = log2(f.seconds / r.seconds)
            svg.rect(x: x, y: y, width: cell, height: cell, fill: divergingColour(v / limit), stroke: "#ffffff")
            let factor = formatRatio(max(f.seconds, r.seconds) / min(f.seconds, r.seconds))
            labels.append((v <= 0 ? "F" : "R", factor, x + cell / 2, y + cell / 2, abs(v / limit) > 0.6))
        }
    }
    // The diagonal n = m: outlined cells, joined by a dashed line.
    var diagonal: [(Double, Double)] = []
    for (i, n) in ns.enumerated() {
        guard let j = ms.firstIndex(of: n) else { continue }
        let x = x0 + Double(i) * cell, y = bottom - Double(j + 1) * cell
        svg.rect(x: x + 1.5, y: y + 1.5, width: cell - 3, height: cell - 3, fill: "none", stroke: "#000", strokeWidth: 3)
        diagonal.append((x + cell / 2, y + cell / 2))
    }
    if diagonal.count >= 2 { svg.polyline(diagonal, stroke: "#777", width: 1, dashed: true) }
    for (winner, factor, cx, cy, dark) in labels {
        svg.text(winner, x: cx, y: cy - 3, size: 13, anchor: "middle", bold: true, fill: dark ? "#fff" : "#000")
        svg.text(factor, x: cx, y: cy + 13, size: 11, anchor: "middle", fill: dark ? "#fff" : "#000")
    }
    for (i, n) in ns.enumerated() {
        svg.text("\(n)", x: x0 + (Double(i) + 0.5) * cell, y: bottom + 16, anchor: "middle")
    }
    for (j, m) in ms.enumerated() {
        svg.text("\(m)", x: x0 - 8, y: bottom - (Double(j) + 0.5) * cell + 4, anchor: "end")
    }
    svg.text("inputs n", x: x0 + Double(ns.count) * cell / 2, y: bottom + 36, size: 13, anchor: "middle")
    svg.text("outputs m", x: x0 - 48, y: y0 + Double(ms.count) * cell / 2, size: 13, anchor: "middle", rotate: -90)
    // Legend: the colour bar from -limit (forward faster) to +limit (reverse faster).
    let lx = x0 + Double(ns.count) * cell + 40, ly = y0 + 10, lw = 220.0
    svg.linearGradient(id: "fwdrev", stops: (0...8).map { k in (Double(k) / 8, divergingColour(Double(k) / 4 - 1)) })
    svg.text("legend: log2(t_forward / t_reverse)", x: lx, y: ly, size: 12, bold: true)
    svg.rect(x: lx, y: ly + 10, width: lw, height: 16, fill: "url(#fwdrev)", stroke: "#999")
    let limitText = formatSignificant(limit)
    svg.text("-\(limitText)", x: lx, y: ly + 42, size: 11, anchor: "start")
    svg.text("0", x: lx + lw / 2, y: ly + 42, size: 11, anchor: "middle")
    svg.text("+\(limitText)", x: lx + lw, y: ly + 42, size: 11, anchor: "end")
    svg.text("blue F: forward faster by the factor shown", x: lx, y: ly + 62, size: 11)
    svg.text("red R: reverse faster by the factor shown", x: lx, y: ly + 78, size: 11)
    svg.line(x1: lx, y1: ly + 96, x2: lx + 30, y2: ly + 96, width: 1.5, dashed: true)
    svg.text("outlined cells: the diagonal n = m", x: lx + 38, y: ly + 100, size: 11)
}

/// One time-against-n chart for a fixed m, log2 n on x and log10 seconds on y.
func drawTimeChart(_ svg: inout SVGWriter, _ cells: [MeasuredRow], m: Int, origin: (Double, Double), size: (width: Double, height: Double)) {
    let (x0, y0) = origin
    let plot = (x: x0 + 50, y: y0 + 10, width: size.width - 60, height: size.height - 50)
    let ns = Array(Set(cells.map(\.n))).sorted()
    var series: [(String, [(Int, Double)])] = []
    let primal = ns.compactMap { n in cells.first { $0.n == n }.map { (n, $0.primalSeconds) } }
    if !primal.isEmpty { series.append(("primal", primal)) }
    for mode in ["forward", "reverse", "auto", "hand"] {
        let points = cells.filter { $0.mode == mode }.sorted { $0.n < $1.n }.map { ($0.n, $0.seconds) }
        if !points.isEmpty { series.append((mode, points)) }
    }
    let times = series.flatMap { $0.1.map(\.1) }.filter { $0 > 0 && $0.isFinite }
    guard let lowest = times.min(), let highest = times.max(), let nMin = ns.first, let nMax = ns.last else { return }
    let yLow = log10(lowest).rounded(.down), yHigh = max(log10(highest).rounded(.up), yLow + 1)
    let xLow = log2(Double(nMin)), xHigh = max(log2(Double(nMax)), xLow + 1)
    func px(_ n: Int) -> Double { plot.x + (log2(Double(n)) - xLow) / (xHigh - xLow) * plot.width }
    func py(_ t: Double) -> Double { plot.y + plot.height - (log10(t) - yLow) / (yHigh - yLow) * plot.height }
    svg.rect(x: plot.x, y: plot.y, width: plot.width, height: plot.height, fill: "#fafafa", stroke: "#888")
    var decade = yLow
    while decade <= yHigh {
        let y = py(pow(10, decade))
        svg.line(x1: plot.x, y1: y, x2: plot.x + plot.width, y2: y, stroke: "#ddd")
        svg.text(formatSeconds(pow(10, decade)), x: plot.x - 4, y: y + 4, size: 10, anchor: "end")
        decade += 1
    }
    for n in ns { svg.text("\(n)", x: px(n), y: plot.y + plot.height + 14, size: 10, anchor: "middle") }
    svg.text("inputs n (m = \(m))", x: plot.x + plot.width / 2, y: plot.y + plot.height + 30, size: 12, anchor: "middle")
    svg.text("seconds per call", x: x0 + 4, y: plot.y + plot.height / 2, size: 11, anchor: "middle", rotate: -90)
    for (mode, points) in series {
        let colour = modeColours[mode] ?? "#000"
        let xy = points.filter { $0.1 > 0 && $0.1.isFinite }.map { (px($0.0), py($0.1)) }
        if xy.count >= 2 { svg.polyline(xy, stroke: colour, width: 2, dashed: mode == "auto" || mode == "primal") }
        for p in xy { svg.circle(x: p.0, y: p.1, radius: 3, fill: colour) }
    }
    for (k, (mode, _)) in series.enumerated() { // legend, top-left inside the plot
        let ly = plot.y + 14 + Double(k) * 14
        svg.line(x1: plot.x + 8, y1: ly - 4, x2: plot.x + 26, y2: ly - 4, stroke: modeColours[mode] ?? "#000", width: 2)
        svg.text(mode, x: plot.x + 30, y: ly, size: 10)
    }
}

/// White at 0, blue towards -1 (forward faster), red towards +1 (reverse faster); clamped.
func divergingColour(_ t: Double) -> String {
    let v = t.isFinite ? min(1, max(-1, t)) : 0
    let (r, g, b): (Double, Double, Double) =
        v < 0
        ? (255 + (31 - 255) * -v, 255 + (119 - 255) * -v, 255 + (180 - 255) * -v)
        : (255 + (214 - 255) * v, 255 + (39 - 255) * v, 255 + (40 - 255) * v)
    func hex(_ c: Double) -> String {
        let s = String(Int(c.rounded()), radix: 16)
        return s.count == 1 ? "0" + s : s
    }
    return "#" + hex(r) + hex(g) + hex(b)
}
