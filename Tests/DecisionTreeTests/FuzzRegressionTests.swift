import DecisionTree
import Foundation
import FuzzHarness
import Testing

/// Inputs that once troubled a reader (kept by `make fuzz`), replayed on every test run, and a
/// bounded property test: random damage to valid files never crashes the readers.
@Suite("Fuzz regressions and random damage", .serialized)
struct FuzzRegressionTests {
    static func files(_ sub: String) -> [String] {
        let dir = Fixtures.root + "/fuzz-regressions/" + sub
        return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
    }

    /// Loads bytes as a tree beside the fixture policies: an error list or a library, never a crash.
    static func loadTree(_ bytes: [UInt8]) -> Bool {
        do {
            let l = try Library.load(
                policyFiles: Fixtures.policyFiles, treeFiles: [SourceFile(name: "t.json", bytes: bytes)],
                sources: Fixtures.sources)
            if let t = l.trees.first {
                var w = Walk(library: l, tree: t, policyID: nil)
                var n = 0
                while w.currentQuestion != nil && n < 10_000 {
                    try? w.answer(index: 0)
                    n += 1
                }
                #expect(w.result(today: Fixtures.today) != nil || w.currentQuestion != nil)
            }
            return true
        } catch {
            #expect(!error.diagnostics.isEmpty)
            return false
        }
    }

    static func runScript(_ text: String) throws {
        let runner = ScriptRunner(library: try Fixtures.library(), today: Fixtures.today)
        for e in ScriptParser.parse(text) { _ = runner.run(e) }
    }

    @Test("every kept tree input loads or fails with diagnostics")
    func treeRegressions() {
        let files = Self.files("tree")
        #expect(!files.isEmpty)
        for f in files {
            let bytes = [UInt8](FileManager.default.contents(atPath: f) ?? Data())
            _ = Self.loadTree(bytes)
        }
    }

    @Test("every kept script input runs or reports errors")
    func scriptRegressions() throws {
        let files = Self.files("script")
        #expect(!files.isEmpty)
        for f in files {
            let text = String(decoding: FileManager.default.contents(atPath: f) ?? Data(), as: UTF8.self)
            try Self.runScript(text)
        }
    }

    @Test("every kept input, and every shipped tree and script, goes through make fuzz's harness: the real readers on disk")
    func harnessReplay() throws {
        let trees =
            Self.files("tree")
            + (try FileManager.default.contentsOfDirectory(atPath: Fixtures.shippedTrees))
            .filter { $0.hasSuffix(".json") }.map { Fixtures.shippedTrees + "/" + $0 }
        for f in trees {
            let bytes = [UInt8](FileManager.default.contents(atPath: f) ?? Data())
            bytes.withUnsafeBytes { FuzzHarness.tree($0) }
        }
        let scripts = Self.files("script") + (try CLI.scenarioFiles())
        for f in scripts {
            let bytes = [UInt8](FileManager.default.contents(atPath: f) ?? Data())
            bytes.withUnsafeBytes { FuzzHarness.script($0) }
        }
        // A few bytes that repeat into a long consultation and deep nesting.
        Array("#x50000\nanswer: A dog\n".utf8).withUnsafeBytes { FuzzHarness.script($0) }
        Array("#x100000\n[".utf8).withUnsafeBytes { FuzzHarness.tree($0) }
    }

    @Test("an input that starts '#x<N>' is its rest repeated N times, up to the cap")
    func repetition() {
        #expect(Array("#x3\nab".utf8).withUnsafeBytes { FuzzHarness.expand($0) } == Array("ababab".utf8))
        #expect(Array("#x\nab".utf8).withUnsafeBytes { FuzzHarness.expand($0) } == Array("#x\nab".utf8))
        #expect(Array("plain".utf8).withUnsafeBytes { FuzzHarness.expand($0) } == Array("plain".utf8))
        let big = Array("#x999999999\nabcd".utf8).withUnsafeBytes { FuzzHarness.expand($0) }
        #expect(big.count == FuzzHarness.maxExpandedSize)
    }

    @Test("the fuzz dictionaries name every tree and policy field and every script key")
    func dictionaries() throws {
        let tree = try String(contentsOfFile: Fixtures.repo + "/scripts/fuzz/tree.dict", encoding: .utf8)
        for name in FieldNames.all.sorted() {
            #expect(tree.contains("=\"\\\"\(name)\\\":\""), "tree.dict has no entry for the field \(name)")
        }
        let script = try String(contentsOfFile: Fixtures.repo + "/scripts/fuzz/script.dict", encoding: .utf8)
        for key in ScriptParser.keys {
            #expect(script.contains("=\"\(key): \""), "script.dict has no entry for the key \(key)")
        }
    }

    @Test("random damage to a valid tree never crashes the loader (2,000 seeded mutations)")
    func randomTreeDamage() {
        let original = Fixtures.bytes("valid/pets.json")
        var rng = SplitMix64(seed: 20261121)
        var loaded = 0
        for _ in 0..<2_000 {
            var b = original
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(b.count))
                switch rng.next() % 4 {
                case 0: b[i] = UInt8(truncatingIfNeeded: rng.next())
                case 1: b.remove(at: i)
                case 2: b.insert(UInt8(truncatingIfNeeded: rng.next() % 128), at: i)
                default: b = Array(b[..<i])
                }
                if b.isEmpty { break }
            }
            if Self.loadTree(b) { loaded += 1 }
        }
        // Some damage is harmless (a changed letter in a label): the loader must still accept it.
        #expect(loaded > 0)
    }

    @Test("random damage to a script never crashes the reader (2,000 seeded mutations)")
    func randomScriptDamage() throws {
        let original = Array(
            "policy: beta\ntopic: pets\nanswer: A dog\nanswer: yes\nexpect: allowed\ncite: pets\n\npolicy: alpha\nask: can I bring my cat\nanswer: cat\n"
                .utf8)
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2_000 {
            var b = original
            for _ in 0..<Int(rng.next() % 4 + 1) {
                let i = Int(rng.next() % UInt64(b.count))
                if rng.next() % 2 == 0 { b[i] = UInt8(truncatingIfNeeded: rng.next()) } else { b.remove(at: i) }
                if b.isEmpty { break }
            }
            try Self.runScript(String(decoding: b, as: UTF8.self))
        }
    }
}
