// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "defuse",
    products: [
        .executable(name: "defuse", targets: ["defuse"]),
        .library(name: "DefuseCore", targets: ["DefuseCore"]),
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
        .testTarget(name: "DefuseCoreTests", dependencies: ["DefuseCore"]),
        .testTarget(
            name: "DefuseCLITests",
            dependencies: ["DefuseCLI", "DefuseCore"],
            resources: []
        ),
    ],
    swiftLanguageModes: [.v6]
)
