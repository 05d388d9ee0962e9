// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "defuse",
    products: [
        .executable(name: "defuse", targets: ["defuse"]),
        .library(name: "DefuseCore", targets: ["DefuseCore"]),
        .executable(name: "defuse-bench", targets: ["DefuseBench"]),
        .executable(name: "minimal-swift", targets: ["MinimalSwift"]),
    ],
    targets: [
        // libedit, the BSD line editor, through pkg-config.
        .systemLibrary(
            name: "CLibEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        // Swift wrapper around libedit: the one line-reading seam.
        .target(name: "LineEditor", dependencies: ["CLibEdit"]),
        // Model, parser, checker, session, exports, analysis. No terminal I/O.
        .target(name: "DefuseCore"),
        // Argument handling, REPL loop, rendering.
        .target(name: "DefuseCLI", dependencies: ["DefuseCore", "LineEditor"]),
        .executableTarget(name: "defuse", dependencies: ["DefuseCLI"]),
        // `make bench`: tree generator and measurements, the benchmark, and the
        // smallest Swift program as the start-up baseline.
        .target(name: "DefuseBenchKit", dependencies: ["DefuseCore"]),
        .executableTarget(name: "DefuseBench", dependencies: ["DefuseBenchKit", "DefuseCore"]),
        .executableTarget(name: "MinimalSwift"),
        // `make fuzz`: libFuzzer targets (no-ops in a normal build) and the
        // entry code they share with the tests that replay their corpus.
        .target(name: "FuzzKit", dependencies: ["DefuseCLI", "DefuseCore"]),
        .executableTarget(name: "FuzzParse", dependencies: ["FuzzKit"]),
        .executableTarget(name: "FuzzSession", dependencies: ["FuzzKit"]),
        .executableTarget(name: "FuzzRender", dependencies: ["FuzzKit"]),
        .executableTarget(name: "FuzzPathImport", dependencies: ["FuzzKit", "DefuseCore"]),
        .executableTarget(name: "FuzzJournal", dependencies: ["FuzzKit", "DefuseCore"]),
        // What the test targets share: paths, temporary files, golden files, a clock.
        .target(name: "DefuseTestSupport", dependencies: ["DefuseCore"], path: "Tests/DefuseTestSupport"),
        .testTarget(name: "DefuseBenchTests", dependencies: ["DefuseBenchKit", "DefuseCore"]),
        .testTarget(name: "DefuseCoreTests", dependencies: ["DefuseCore", "DefuseTestSupport"]),
        .testTarget(name: "DefuseCLITests", dependencies: ["DefuseCLI", "DefuseCore", "FuzzKit", "DefuseTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
