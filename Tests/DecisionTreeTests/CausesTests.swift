import DecisionTree
import Foundation
import Testing

/// One cause is never buried under its consequences: the error that others follow from comes
/// first, and the errors that follow from it are counted on it, not listed.
@Suite("Causes before consequences", .timeLimit(.minutes(1)))
struct CausesTests {
    static func diagnostics(_ dir: String) -> [Diagnostic] {
        do {
            return try Library.load(directory: dir, options: LoadOptions(checkSources: true)).warnings
        } catch {
            return error.diagnostics
        }
    }

    @Test("one ESC in a school name: that error first and alone, with the errors that follow counted on it")
    func escapeInSchoolName() throws {
        let dir = try WordsTests.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try CLI.edit(trees + "/policies/alpha.json", replacing: "\"Alpha School\"", with: "\"Alpha\\u001b School\"")
        let all = Self.diagnostics(trees)
        let first = try #require(all.first)
        #expect(first.rule == "control-character", "\(all)")
        #expect(first.file.hasSuffix("policies/alpha.json"))
        #expect(first.followers > 0, "\(all)")
        // Every reference to the policy that did not load is counted, not listed.
        #expect(!all.contains { $0.rule == "unknown-policy" }, "\(all)")
        #expect(all.filter { $0.severity == .error }.count == 1, "\(all)")

        let lint = try CLI.run(["lint", trees])
        #expect(lint.status == 1)
        let lines = lint.outLines
        #expect(
            lines.first?.contains("policies/alpha.json:") == true && lines.first?.contains("control character U+1B") == true,
            "\(lint)")
        #expect(lint.out.contains("… and \(first.followers) errors that follow from it"), "\(lint)")
        #expect(lines.last == "1 error (and \(first.followers) that follow from it), 0 warnings", "\(lint)")
        #expect(!lint.out.contains("which is not"), "\(lint)")
        let topics = try CLI.run(["topics", "--trees", trees])
        #expect(topics.status == 2)
        #expect(topics.errLines.first?.contains("control character U+1B") == true, "\(topics)")
        #expect(topics.err.contains("have 1 error (and \(first.followers) that follow from it)"), "\(topics)")
    }

    @Test("an unreadable policies directory: that error first, and the hundreds that follow from it counted, not listed")
    func unreadablePoliciesDirectory() throws {
        let dir = try WordsTests.openDir()
        defer {
            chmod(dir + "/trees/policies", 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let trees = dir + "/trees"
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: trees)
        chmod(trees, 0o755)
        chmod(trees + "/policies", 0o311)  // searchable, not readable: cannot be listed
        let r = try WordsTests.unprivileged(["lint", trees])
        #expect(r.status == 1, "\(r)")
        let lines = r.outLines
        #expect(lines.count == 3, "\(r)")
        #expect(lines.first == trees + "/policies: error: the policies directory cannot be read (check its permissions)", "\(r)")
        let following = try #require(lines.dropFirst().first, "\(r)")
        #expect(following.hasPrefix("  … and ") && following.contains("errors that follow from it"), "\(r)")
        let n = Int(following.split(separator: " ")[2]) ?? 0
        #expect(n > 100, "\(r)")
    }

    @Test("a policies directory that is a link loop: said first, and nothing that follows from it listed")
    func policiesLinkLoop() throws {
        let dir = try WordsTests.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try FileManager.default.removeItem(atPath: trees + "/policies")
        try FileManager.default.createSymbolicLink(atPath: trees + "/policies", withDestinationPath: "policies")
        let all = Self.diagnostics(trees)
        #expect(all.count == 1, "\(all)")
        #expect(all.first?.message.contains("symbolic link loop") == true)
        #expect((all.first?.followers ?? 0) > 0, "\(all)")
    }

    @Test("a tree that does not load: its questions file's 'no topic' error follows from it")
    func brokenTree() throws {
        let dir = try WordsTests.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try CLI.write(Array("{\"id\": \u{0}}".utf8), to: trees + "/pets.json")
        let all = Self.diagnostics(trees)
        #expect(all.count == 1, "\(all)")
        #expect(all.first?.file.hasSuffix("pets.json") == true)
        #expect(all.first?.followers == 1, "\(all)")
        let lint = try CLI.run(["lint", trees])
        #expect(lint.out.contains("… and 1 error that follows from it"), "\(lint)")
        #expect(lint.outLines.last == "1 error (and 1 that follows from it), 0 warnings", "\(lint)")
    }

    @Test("an unknown policy named in a tree, with every policy file loading, is still an error of its own")
    func realTypoStays() throws {
        let dir = try WordsTests.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        let text = try String(contentsOfFile: trees + "/pets.json", encoding: .utf8)
        try CLI.write(text.replacingOccurrences(of: "\"alpha\"", with: "\"alpah\""), to: trees + "/pets.json")
        let all = Self.diagnostics(trees)
        #expect(all.contains { $0.rule == "unknown-policy" && $0.message.contains("alpah") }, "\(all)")
        #expect(all.allSatisfy { $0.followers == 0 }, "\(all)")
    }

    @Test("a missing source text is one error, not two")
    func missingSource() throws {
        let dir = try WordsTests.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try FileManager.default.removeItem(atPath: trees + "/policies/sources/alpha.txt")
        let all = Self.diagnostics(trees).filter { $0.severity == .error }
        #expect(all.count == 1, "\(all)")
        #expect(all.first?.message == "the file does not exist")
    }
}
