// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "policy-advisor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policy-advisor", targets: ["PolicyAdvisor"]),
        .library(name: "DecisionTree", targets: ["DecisionTree"]),
        .executable(name: "policy-advisor-bench", targets: ["PolicyAdvisorBench"]),
        .executable(name: "policy-advisor-fuzz-tree", targets: ["FuzzTreeLoader"]),
        .executable(name: "policy-advisor-fuzz-script", targets: ["FuzzScriptParser"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // The engine: load, validate, walk, route, cite. No terminal code.
        .target(name: "DecisionTree", swiftSettings: [.unsafeFlags(["-O"])]),
        // Policy documents as text: what a file is (by its first bytes), and a Word .docx read
        // to text (ZIPFoundation for the zip, Foundation's XMLParser for the XML). No terminal code.
        .target(
            name: "PolicyDocument",
            dependencies: [.product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // libedit, for the REPL's line editing and history.
        .systemLibrary(
            name: "CLibedit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]
        ),
        .executableTarget(
            name: "PolicyAdvisor",
            dependencies: [
                "DecisionTree",
                "PolicyDocument",
                "CLibedit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Measurements for `make bench` (release builds); not part of the advisor.
        .executableTarget(name: "PolicyAdvisorBench", dependencies: ["DecisionTree"]),
        // Fuzz targets for `make fuzz` (libFuzzer); in ordinary builds, tools that replay inputs.
        // One harness for both: inputs written to disk and read by the advisor's own readers.
        .target(name: "FuzzHarness", dependencies: ["DecisionTree"]),
        .executableTarget(name: "FuzzTreeLoader", dependencies: ["FuzzHarness"]),
        .executableTarget(name: "FuzzScriptParser", dependencies: ["FuzzHarness"]),
        // The command line's own parts (the REPL's states, wrapping, the CSV record, rendering),
        // reached through @testable import with output captured in memory.
        .testTarget(name: "PolicyAdvisorTests", dependencies: ["PolicyAdvisor", "DecisionTree"]),
        .testTarget(
            name: "DecisionTreeTests",
            dependencies: [
                "DecisionTree", "FuzzHarness", "PolicyDocument", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
