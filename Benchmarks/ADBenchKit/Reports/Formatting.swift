// Number formatting shared by the reports: seconds with a unit, ratios, errors, bytes.
import Foundation

/// `value` with exactly `digits` digits after the point ("3.14").
public func formatFixed(_ value: Double, digits: Int) -> String {
    guard value.isFinite else { return value.isNaN ? "nan" : (value > 0 ? "inf" : "-inf") }
    return String(format: "%.\(digits)f", value)
}

/// Seconds with a unit and 3 significant digits: "812 ns", "4.21 µs", "13.0 ms", "1.52 s".
public func formatSeconds(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "-" }
    let (value, unit): (Double, String) =
        seconds < 1e-6 ? (seconds * 1e9, "ns") : seconds < 1e-3 ? (seconds * 1e6, "µs") : seconds < 1 ? (seconds * 1e3, "ms") : (seconds, "s")
    return formatSignificant(value) + " " + unit
}

/// A ratio with 3 significant digits and a times sign: "2.41x", "37.2x", "1530x".
public func formatRatio(_ ratio: Double) -> String {
    guard ratio.isFinite else { return "-" }
    return formatSignificant(ratio) + "x"
}

/// 3 significant digits, plain notation for 0.001 <= |v| < 1e5.
public func formatSignificant(_ value: Double) -> String {
    let magnitude = abs(value)
    if magnitude >= 100 || magnitude == 0 { return String(format: "%.0f", value) }
    if magnitude >= 10 { return String(format: "%.1f", value) }
    if magnitude >= 1 { return String(format: "%.2f", value) }
    if magnitude >= 0.001 { return String(format: "%.3f", value) }
    return String(format: "%.2e", value)
}

/// An error magnitude in scientific notation: "3.1e-16", "0".
public func formatError(_ error: Double) -> String {
    if error == 0 { return "0" }
    if error.isNaN { return "nan" }
    return String(format: "%.1e", error)
}

/// A value with 12 significant digits, as PROBLEMS.md prints check values.
public func formatCheck(_ value: Double) -> String { String(format: "%.12g", value) }

/// Bytes with a binary unit: "512 B", "3.1 KiB", "27.4 MiB", "1.2 GiB".
public func formatBytes(_ bytes: Int) -> String {
    let b = Double(bytes)
    if b < 1024 { return "\(bytes) B" }
    if b < 1024 * 1024 { return formatSignificant(b / 1024) + " KiB" }
    if b < 1024 * 1024 * 1024 { return formatSignificant(b / 1024 / 1024) + " MiB" }
    return formatSignificant(b / 1024 / 1024 / 1024) + " GiB"
}
