// swift-tools-version: 6.0
// AutoDiff: forward- and reverse-mode automatic differentiation, and the instrument
// (`adbench`) that measures which mode is cheaper. No package dependencies, by design.
import PackageDescription

let package = Package(
    name: "AutoDiff",
    products: [
        // MARK: Public API
        .library(name: "AutoDiff", targets: ["AutoDiff"]),
    ],
    targets: [
        // MARK: Library
        .target(name: "AutoDiff"),

        // MARK: Tests
        .testTarget(name: "AutoDiffTests", dependencies: ["AutoDiff"]),
    ]
)
