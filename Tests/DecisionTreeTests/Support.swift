import DecisionTree
import Foundation

/// Paths and loaders shared by the tests.
enum Fixtures {
    /// The repository root (two levels above this file's folder).
    static let repo: String = {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    }()

    static let root: String = Bundle.module.resourceURL!.appendingPathComponent("Fixtures").path
    static var valid: String { root + "/valid" }
    static var shippedTrees: String { repo + "/trees" }

    static func text(_ relative: String) -> String {
        try! String(contentsOfFile: root + "/" + relative, encoding: .utf8)
    }

    static func bytes(_ relative: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: root + "/" + relative)!)
    }

    /// The valid fixture policies, as in-memory files.
    static var policyFiles: [SourceFile] {
        ["alpha", "beta"].map { SourceFile(name: "policies/\($0).json", bytes: bytes("valid/policies/\($0).json")) }
    }

    static var sources: [String: String] {
        ["alpha": text("valid/policies/sources/alpha.txt"), "beta": text("valid/policies/sources/beta.txt")]
    }

    /// The valid fixture library (two made-up schools, one "pets" topic).
    static func library() throws -> Library {
        try Library.load(directory: valid, options: LoadOptions(checkSources: true))
    }

    /// Loads the fixture policies with the given tree files; returns the diagnostics (empty if it loaded cleanly).
    static func diagnostics(trees: [SourceFile]) -> [Diagnostic] {
        do {
            let l = try Library.load(
                policyFiles: policyFiles, treeFiles: trees, sources: sources, options: LoadOptions(checkSources: true))
            return l.warnings
        } catch {
            return error.diagnostics
        }
    }

    /// The 1-based line of the first line of `text` that contains `marker`.
    static func line(of marker: String, in text: String) -> Int? {
        for (i, l) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where l.contains(marker) {
            return i + 1
        }
        return nil
    }

    static let today = Day(year: 2026, month: 11, day: 21)

    /// The policy-advisor binary built beside the tests (whatever the build directory).
    static let binary: String = {
        if let b = ProcessInfo.processInfo.environment["POLICY_ADVISOR_BIN"] { return b }
        var dir = Bundle.module.bundleURL.deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("policy-advisor").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return repo + "/.build/debug/policy-advisor"
    }()
}
