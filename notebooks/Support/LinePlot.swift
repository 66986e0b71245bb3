// A small hand-written SVG line plot: one or more series, linear or log10 axes, ticks,
// legend. Coordinates are printed with one decimal so a re-run writes the same bytes.
import Foundation

/// A line plot of one or more (x, y) series, rendered as SVG text.
public struct LinePlot {
    /// One named polyline.
    public struct Series {
        public var name: String
        public var points: [(x: Double, y: Double)]
        public var color: String
        /// Draws a dot at each point as well as the line.
        public var markers: Bool
        public init(_ name: String, _ points: [(x: Double, y: Double)], color: String, markers: Bool = true) {
            self.name = name; self.points = points; self.color = color; self.markers = markers
        }
    }

    public var title: String
    public var xLabel: String
    public var yLabel: String
    public var logX = false
    public var logY = false
    public var series: [Series] = []
    /// Puts the legend in the top right corner instead of the top left.
    public var legendRight = false
    /// Starts a linear y axis at zero.
    public var yFromZero = false
    public var width = 640.0
    public var height = 400.0

    public init(title: String, xLabel: String, yLabel: String, logX: Bool = false, logY: Bool = false) {
        self.title = title; self.xLabel = xLabel; self.yLabel = yLabel; self.logX = logX; self.logY = logY
    }

    /// The SVG document.
    public func svg() -> String {
        let left = 72.0, right = 24.0, top = 40.0, bottom = 56.0
        let plotW = width - left - right, plotH = height - top - bottom
        let tx: (Double) -> Double = { logX ? log10($0) : $0 }
        let ty: (Double) -> Double = { logY ? log10($0) : $0 }
        let all = series.flatMap(\.points)
        let xs = all.map { tx($0.x) }, ys = all.map { ty($0.y) }
        let (x0, x1) = Self.range(xs, log: logX)
        var (y0, y1) = Self.range(ys, log: logY)
        if yFromZero && !logY { y0 = 0; y1 = max(y1, 1e-12) }
        func px(_ x: Double) -> Double { left + (tx(x) - x0) / (x1 - x0) * plotW }
        func py(_ y: Double) -> Double { top + plotH - (ty(y) - y0) / (y1 - y0) * plotH }
        func f(_ v: Double) -> String { String(format: "%.1f", v) }

        var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" "
        s += "viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"sans-serif\" font-size=\"12\">\n"
        s += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        s += "<text x=\"\(f(width / 2))\" y=\"22\" text-anchor=\"middle\" font-size=\"15\">\(Self.escape(title))</text>\n"
        // Ticks and grid.
        for t in Self.ticks(x0, x1, log: logX) {
            let x = left + (t - x0) / (x1 - x0) * plotW
            s += "<line x1=\"\(f(x))\" y1=\"\(f(top))\" x2=\"\(f(x))\" y2=\"\(f(top + plotH))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(f(x))\" y=\"\(f(top + plotH + 16))\" text-anchor=\"middle\">\(Self.label(t, log: logX))</text>\n"
        }
        for t in Self.ticks(y0, y1, log: logY) {
            let y = top + plotH - (t - y0) / (y1 - y0) * plotH
            s += "<line x1=\"\(f(left))\" y1=\"\(f(y))\" x2=\"\(f(left + plotW))\" y2=\"\(f(y))\" stroke=\"#e5e5e5\"/>\n"
            s += "<text x=\"\(f(left - 6))\" y=\"\(f(y + 4))\" text-anchor=\"end\">\(Self.label(t, log: logY))</text>\n"
        }
        s += "<rect x=\"\(f(left))\" y=\"\(f(top))\" width=\"\(f(plotW))\" height=\"\(f(plotH))\" fill=\"none\" stroke=\"#333\"/>\n"
        s += "<text x=\"\(f(left + plotW / 2))\" y=\"\(f(height - 14))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        s += "<text transform=\"translate(16,\(f(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(Self.escape(yLabel))</text>\n"
        // Series and legend.
        for (k, ser) in series.enumerated() {
            let pts = ser.points.map { "\(f(px($0.x))),\(f(py($0.y)))" }.joined(separator: " ")
            s += "<polyline fill=\"none\" stroke=\"\(ser.color)\" stroke-width=\"2\" points=\"\(pts)\"/>\n"
            if ser.markers {
                for p in ser.points { s += "<circle cx=\"\(f(px(p.x)))\" cy=\"\(f(py(p.y)))\" r=\"3\" fill=\"\(ser.color)\"/>\n" }
            }
            let ly = top + 16 + Double(k) * 18
            let lx = legendRight ? left + plotW - 200 : left + 12
            s += "<line x1=\"\(f(lx))\" y1=\"\(f(ly - 4))\" x2=\"\(f(lx + 24))\" y2=\"\(f(ly - 4))\" stroke=\"\(ser.color)\" stroke-width=\"2\"/>\n"
            s += "<text x=\"\(f(lx + 30))\" y=\"\(f(ly))\">\(Self.escape(ser.name))</text>\n"
        }
        s += "</svg>\n"
        return s
    }

    /// The axis range (in transformed units) covering `values`, widened to whole
    /// decades on a log axis and padded 5% on a linear one.
    static func range(_ values: [Double], log: Bool) -> (Double, Double) {
        guard var lo = values.min(), var hi = values.max() else { return (0, 1) }
        if log { lo = lo.rounded(.down); hi = hi.rounded(.up) } else {
            let pad = hi > lo ? (hi - lo) * 0.05 : 1
            lo -= pad; hi += pad
        }
        if hi == lo { hi = lo + 1 }
        return (lo, hi)
    }

    /// Tick positions (transformed units): decades on a log axis, 1-2-5 steps otherwise.
    static func ticks(_ lo: Double, _ hi: Double, log: Bool) -> [Double] {
        if log {
            // Decades; with 1-2-5 steps between them when the axis spans three or fewer.
            let decades = Array(stride(from: lo.rounded(.down), through: hi, by: 1))
            let steps = hi - lo <= 3 ? [1.0, 2, 5] : [1.0]
            return decades.flatMap { d in steps.map { d + log10($0) } }.filter { $0 >= lo - 1e-9 && $0 <= hi + 1e-9 }
        }
        let raw = (hi - lo) / 6
        let mag = pow(10, Foundation.floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * mag }.first { $0 >= raw } ?? 10 * mag
        return stride(from: (lo / step).rounded(.up) * step, through: hi, by: step).map { $0 }
    }

    static func label(_ t: Double, log: Bool) -> String {
        if log { return Self.short(Foundation.pow(10, t)) }
        return fmt(abs(t) < 1e-12 ? 0 : t, 4)
    }

    /// A tick value with an SI suffix from 10 000 on: `20k`, `5M`.
    static func short(_ v: Double) -> String {
        for (scale, suffix) in [(1e9, "G"), (1e6, "M"), (1e4, "k")] where abs(v) >= scale {
            let d = scale == 1e4 ? 1e3 : scale
            return fmt((v / d).rounded(), 4) + suffix
        }
        return fmt(v, 4)
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
