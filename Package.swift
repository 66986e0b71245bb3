// swift-tools-version: 6.0
// AutoDiff: forward- and reverse-mode automatic differentiation, and the instrument
// (`adbench`) that measures which mode is cheaper. No package dependencies, by design:
// only what the Swift toolchain ships.
import PackageDescription

let package = Package(
    name: "AutoDiff",
    products: [
        // MARK: Public API
        .library(name: "AutoDiff", targets: ["AutoDiff"]),
        // MARK: Tools
        .executable(name: "adbench", targets: ["adbench"]),
        .executable(name: "notebooks", targets: ["notebooks"]),
        // MARK: Benchmark kit (a product only so the notebooks can use its problems and chain tools)
        .library(name: "ADBenchKit", targets: ["ADBenchKit"]),
    ],
    targets: [
        // MARK: Library
        .target(name: "AutoDiff", dependencies: ["AutoDiffKernels"]),
        // The matrix-product kernel: C, so that each instruction-set variant carries clang's
        // function-level target attribute and is chosen at run time (no per-target flags).
        .target(name: "AutoDiffKernels"),

        // MARK: Benchmarks (the measuring instrument; thin executable over a testable kit)
        .target(name: "ADBenchKit", dependencies: ["AutoDiff"], path: "Benchmarks/ADBenchKit"),
        .executableTarget(name: "adbench", dependencies: ["ADBenchKit"], path: "Benchmarks/adbench"),

        // MARK: Notebooks (markdown whose Swift cells are compiled, run and checked)
        .target(name: "NotebookKit", path: "Sources/NotebookKit"),
        .executableTarget(name: "notebooks", dependencies: ["NotebookKit"], path: "Sources/notebooks"),

        // MARK: Tests
        .testTarget(name: "AutoDiffTests", dependencies: ["AutoDiff"]),
        .testTarget(name: "ADBenchKitTests", dependencies: ["ADBenchKit", "AutoDiff"]),
        .testTarget(name: "NotebookKitTests", dependencies: ["NotebookKit"]),
    ]
)
