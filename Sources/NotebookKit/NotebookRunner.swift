import Foundation

/// Refreshes or checks the notebooks of a repository: parses `notebooks/*.md`, writes the
/// scratch package, builds it once in release, runs each notebook's program from the
/// repository root, and writes (or compares) every cell's output.
///
/// Programs run with the working directory at the root and two environment variables:
/// `NOTEBOOK_ROOT` (the root) and `NOTEBOOK_FIGURES` (where figures go:
/// `notebooks/figures` on refresh, a scratch folder on `--check`, which then compares
/// each figure with the committed one; a figure whose name contains `.measured.` is
/// only required to exist).
public struct NotebookRunner {
    /// The repository root.
    public var root: String
    /// The generated package's folder.
    public var scratch: String
    /// Progress messages (to standard error in the CLI).
    public var log: (String) -> Void

    /// A runner for the repository at `root`, building in `scratch`.
    public init(root: String, scratch: String? = nil, log: @escaping (String) -> Void = { _ in }) {
        let r = (root as NSString).standardizingPath
        self.root = r
        self.scratch = scratch.map { $0.hasPrefix("/") ? $0 : r + "/" + $0 } ?? r + "/.build-notebooks"
        self.log = log
    }

    /// What a run found.
    public struct Summary {
        /// Notebooks run.
        public var notebooks = 0
        /// Cells executed.
        public var cells = 0
        /// Output blocks that differ from the fresh run (`--check`).
        public var differences: [OutputDifference] = []
        /// Figures that differ or are missing (`--check`), as one-line messages.
        public var figureDifferences: [String] = []
        /// Notebooks whose text was rewritten (refresh).
        public var rewritten: [String] = []
    }

    /// The notebook file names in `notebooks/`, sorted.
    public func notebookNames() -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: root + "/notebooks")) ?? []
        return all.filter { $0.hasSuffix(".md") && $0 != "README.md" }.sorted()
    }

    /// The file names `names` refer to: a file name, with or without `.md` or a
    /// `notebooks/` prefix, or a unique prefix. All notebooks when `names` is empty.
    /// - Throws: ``NotebookError/noSuchNotebook(name:available:)``.
    public func resolve(_ names: [String]) throws -> [String] {
        let all = notebookNames()
        if names.isEmpty { return all }
        return try names.map { name in
            var n = (name as NSString).lastPathComponent
            if n.hasSuffix(".md") { n.removeLast(3) }
            if let exact = all.first(where: { $0 == n + ".md" }) { return exact }
            let matches = all.filter { $0.hasPrefix(n) }
            guard matches.count == 1 else { throw NotebookError.noSuchNotebook(name: name, available: all) }
            return matches[0]
        }
    }

    /// Runs the named notebooks (all when empty); with `check`, writes nothing and
    /// reports differences instead.
    /// - Throws: ``NotebookError`` for a malformed notebook, a failed build (the
    ///   compiler output goes to `log` first) or a program that stops with an error.
    public func run(_ names: [String], check: Bool) throws -> Summary {
        let selected = try resolve(names)
        var parsed: [(name: String, notebook: Notebook)] = []
        for name in notebookNames() {
            let path = root + "/notebooks/" + name
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw NotebookError.io("cannot read \(path)")
            }
            parsed.append((name, try Notebook(parsing: text, path: "notebooks/" + name)))
        }
        let package = ScratchPackage(root: root, directory: scratch)
        try package.write(
            programs: parsed.map {
                (
                    ScratchPackage.targetName(forNotebook: $0.name),
                    CellProgram.mainSource(for: $0.notebook, file: root + "/" + $0.notebook.path)
                )
            },
            support: supportFiles())
        try build(package, products: selected.count == 1 ? [ScratchPackage.targetName(forNotebook: selected[0])] : [])

        let figures = check ? scratch + "/check-figures" : root + "/notebooks/figures"
        if check { try? FileManager.default.removeItem(atPath: figures) }
        try? FileManager.default.createDirectory(atPath: figures, withIntermediateDirectories: true)

        var summary = Summary()
        for (name, notebook) in parsed where selected.contains(name) {
            let fresh = try execute(
                notebook, target: ScratchPackage.targetName(forNotebook: name),
                package: package, figures: figures)
            summary.notebooks += 1
            summary.cells += fresh.count
            if check {
                summary.differences += OutputCheck.differences(in: notebook, fresh: fresh)
            } else {
                let text = notebook.replacingOutputs(fresh).rendered()
                if text != notebook.rendered() || text != (try? String(contentsOfFile: root + "/" + notebook.path, encoding: .utf8)) {
                    try ScratchPackage.writeIfChanged(text, to: root + "/" + notebook.path)
                    summary.rewritten.append(notebook.path)
                }
            }
        }
        if check { summary.figureDifferences = compareFigures(fresh: figures, committed: root + "/notebooks/figures") }
        return summary
    }

    /// The shared helpers every notebook program can use: `notebooks/Support/*.swift`.
    func supportFiles() -> [(name: String, source: String)] {
        let dir = root + "/notebooks/Support"
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".swift") }.sorted()
        return names.compactMap { n in (try? String(contentsOfFile: dir + "/" + n, encoding: .utf8)).map { (n, $0) } }
    }

    /// `swift build -c release` of the scratch package (one product, or all).
    func build(_ package: ScratchPackage, products: [String]) throws {
        let start = Date()
        var args = [
            "build", "-c", "release", "--package-path", package.directory,
            "--scratch-path", package.directory + "/.build"
        ]
        for p in products { args += ["--product", p] }
        let result = try Subprocess.run("swift", args, in: root, captureIn: scratch + "/logs/build")
        guard result.status == 0 else {
            log(result.stdout + result.stderr)
            throw NotebookError.buildFailed(log: result.stdout + result.stderr)
        }
        log(String(format: "notebooks: built in %.1f s", Date().timeIntervalSince(start)))
    }

    /// Runs one notebook's program and returns each executable cell's output.
    func execute(_ notebook: Notebook, target: String, package: ScratchPackage, figures: String) throws -> [String] {
        let cells = notebook.executableCells
        guard !cells.isEmpty else { return [] }
        let start = Date()
        let result = try Subprocess.run(
            package.binDirectory + "/" + target, [], in: root,
            environment: ["NOTEBOOK_ROOT": root, "NOTEBOOK_FIGURES": figures],
            captureIn: scratch + "/logs/" + target)
        let (outputs, completed) = CellProgram.split(result.stdout, cellCount: cells.count)
        guard result.status == 0, completed == cells.count else {
            let line = cells[min(completed, cells.count - 1)].firstCodeLine
            let lines = result.stderr.split(separator: "\n", omittingEmptySubsequences: false)
            log(lines.prefix(20).joined(separator: "\n") + (lines.count > 20 ? "\n..." : ""))
            throw NotebookError.runFailed(path: notebook.path, line: line, status: result.status, stderr: result.stderr)
        }
        if !result.stderr.isEmpty { log(result.stderr) }
        log(String(format: "notebooks: ran %@ (%d cells) in %.2f s", notebook.path, cells.count, Date().timeIntervalSince(start)))
        return outputs
    }

    /// One message per figure in `fresh` missing from or differing from `committed`.
    func compareFigures(fresh: String, committed: String) -> [String] {
        let fm = FileManager.default
        let names = ((try? fm.contentsOfDirectory(atPath: fresh)) ?? []).sorted()
        return names.compactMap { name in
            let path = "notebooks/figures/" + name
            guard let old = fm.contents(atPath: committed + "/" + name) else { return "\(path): missing (a fresh run writes it)" }
            if name.contains(".measured.") { return nil }
            return old == fm.contents(atPath: fresh + "/" + name) ? nil : "\(path): differs from a fresh run"
        }
    }
}
