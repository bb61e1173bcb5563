// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "policy-advisor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "policy-advisor", targets: ["PolicyAdvisor"]),
        .library(name: "DecisionTree", targets: ["DecisionTree"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        // The engine: load, validate, walk, route, cite. No terminal code.
        .target(name: "DecisionTree"),
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
                "CLibedit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "DecisionTreeTests",
            dependencies: ["DecisionTree"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
