// Writing figures: a notebook saves an SVG with `Figure.save(svg, as: "name.svg")` and its
// markdown embeds it as ![...](figures/name.svg). The runner decides the folder
// (NOTEBOOK_FIGURES: notebooks/figures on refresh, a scratch folder under --check, which
// then compares the two byte for byte).
import Foundation

/// Saves figures where the notebook runner wants them.
public enum Figure {
    /// The folder figures go to: `$NOTEBOOK_FIGURES`, else `notebooks/figures`.
    public static var folder: String {
        ProcessInfo.processInfo.environment["NOTEBOOK_FIGURES"] ?? "notebooks/figures"
    }

    /// Writes `svg` as `name` in ``folder`` and returns the path the notebook embeds
    /// (`figures/name`). Traps if the file cannot be written: a notebook run should stop.
    @discardableResult
    public static func save(_ svg: String, as name: String) -> String {
        let path = folder + "/" + name
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            try svg.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            fatalError("cannot write figure \(path): \(error)")
        }
        return "figures/" + name
    }
}
