import DecisionTree
import Foundation
import Testing

@Suite("Validation")
struct ValidationTests {
    /// Each broken fixture, the rule it must trigger, and a piece of text on the line the error must name
    /// (nil: the error names the file's first line or no line).
    static let cases: [(fixture: String, rule: String, marker: String?)] = [
        ("json", "json", "\"title\": \"Pets at school\",,"),
        ("utf8", "utf8", "Pets "),
        ("unknown-field", "unknown-field", "\"colour\""),
        ("missing-field", "missing-field", nil),
        ("format-version", "format-version", "\"formatVersion\": 2"),
        ("unknown-start", "unknown-start", "\"start\": \"which-pets\""),
        ("missing-node", "missing-node", "\"next\": \"dog-aproved\""),
        ("unreachable", "unreachable", nil),
        ("cycle", "cycle", "\"next\": \"which-pet\""),
        ("too-few-answers", "too-few-answers", nil),
        ("no-not-sure", "no-not-sure", nil),
        ("not-sure-not-ask-first", "not-sure-not-ask-first", nil),
        ("no-citation", "no-citation", nil),
        ("missing-policy-answer", "missing-policy-answer", nil),
        ("unknown-policy", "unknown-policy", "\"gamma\""),
        ("unknown-clause", "unknown-clause", nil),
        ("duplicate-node", "duplicate-node", nil),
        ("duplicate-answer", "duplicate-answer", nil),
        ("bad-verdict", "bad-verdict", "\"verdict\": \"maybe\""),
        ("quote-not-found", "quote-not-found", nil),
        ("unknown-role", "unknown-role", nil),
        ("duplicate-label", "duplicate-label", "\"label\": \"a cat!\""),
        ("control-character", "control-character", "\\u001b[31m"),
        ("firm-verdict-on-silence", "firm-verdict-on-silence", "does not mention dogs"),
        ("unsure-in-ask-first", "unsure-in-ask-first", "if unsure"),
        ("short-quote", "short-quote", "\"quote\": \"allowed to bring a pet\""),
        ("dangling-quote", "dangling-quote", "\"quote\": \"This applies to small pets"),
        ("safeguarding-not-refer", "safeguarding-not-refer", "\"beta\": { \"verdict\": \"allowed\", \"advice\": \"You may.\""),
        ("hint-conflict", "hint-conflict", "\"hints\": [\"dog\", \"puppy\"]"),
    ]

    @Test("each broken fixture triggers its rule, with file and line", arguments: cases.map(\.fixture))
    func brokenFixture(_ name: String) throws {
        let c = try #require(Self.cases.first { $0.fixture == name })
        let file = "broken/\(name).json"
        let diags = Fixtures.diagnostics(trees: [SourceFile(name: file, bytes: Fixtures.bytes(file))])
        let hit = diags.first { $0.rule == c.rule }
        #expect(hit != nil, "expected rule \(c.rule), got \(diags.map(\.description))")
        #expect(hit?.severity == .error)
        #expect(hit?.file == file)
        if let marker = c.marker {
            let text = String(decoding: Fixtures.bytes(file), as: UTF8.self)
            let expected = try #require(Fixtures.line(of: marker, in: text))
            #expect(hit?.location?.line == expected, "\(hit?.description ?? "none")")
        }
        // One problem, one error: no cascade of follow-on errors from the same mistake.
        let rules = Set(diags.filter { $0.severity == .error }.map(\.rule))
        #expect(rules.subtracting([c.rule, "unreachable"]).isEmpty, "unexpected: \(diags.map(\.description))")
    }

    @Test("the messages say what to fix")
    func messages() {
        let diags = Fixtures.diagnostics(trees: [
            SourceFile(name: "broken/missing-node.json", bytes: Fixtures.bytes("broken/missing-node.json"))
        ])
        let d = diags.first { $0.rule == "missing-node" }
        #expect(d?.message.contains("\"dog-aproved\"") == true)
        #expect(d?.message.contains("did you mean") == true)
        #expect(d?.description.hasPrefix("broken/missing-node.json:") == true)
    }

    @Test("two files claiming the same topic id are both named")
    func duplicateTopic() {
        let diags = Fixtures.diagnostics(trees: [
            SourceFile(name: "pets.json", bytes: Fixtures.bytes("valid/pets.json")),
            SourceFile(name: "broken/duplicate-topic.json", bytes: Fixtures.bytes("broken/duplicate-topic.json")),
        ])
        let d = diags.first { $0.rule == "duplicate-topic" }
        #expect(d != nil)
        #expect(d?.message.contains("pets.json") == true || d?.file == "pets.json")
    }

    @Test("every problem is reported in one pass")
    func allAtOnce() {
        // Each file gets its own topic id so that all three are validated.
        let files = ["broken/bad-verdict.json", "broken/unknown-clause.json", "broken/json.json"].enumerated().map { i, name in
            let text = String(decoding: Fixtures.bytes(name), as: UTF8.self).replacingOccurrences(
                of: "\"id\": \"pets\"", with: "\"id\": \"pets\(i)\"")
            return SourceFile(name: name, text: text)
        }
        let rules = Set(Fixtures.diagnostics(trees: files).map(\.rule))
        #expect(rules.isSuperset(of: ["bad-verdict", "unknown-clause", "json"]))
    }

    @Test("the valid fixture loads with no errors and no warnings")
    func validFixture() throws {
        let l = try Fixtures.library()

        #expect(l.warnings.isEmpty, "\(l.warnings)")
        #expect(l.questions.examples.count == 120)
        #expect(l.trees.map(\.id) == ["pets"])
        #expect(l.policyIDs == ["alpha", "beta"])
    }

    @Test("a clause changed by one word is caught as not verbatim")
    func clauseNotVerbatim() {
        var sources = Fixtures.sources
        sources["beta"] = sources["beta"]!.replacingOccurrences(of: "allowed to bring", with: "permitted to bring")
        do {
            _ = try Library.load(
                policyFiles: Fixtures.policyFiles, treeFiles: [], sources: sources, options: LoadOptions(checkSources: true))
            Issue.record("expected a failure")
        } catch {
            #expect(error.diagnostics.contains { $0.rule == "clause-not-verbatim" && $0.file == "policies/beta.json" })
        }
    }

    @Test("a missing or empty trees directory is a clear error")
    func missingDirectory() throws {
        #expect { try Library.load(directory: "/nonexistent/trees") } throws: {
            ($0 as? LoadFailure)?.diagnostics.first?.message.contains("does not exist") == true
        }
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("pa-empty-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect { try Library.load(directory: empty) } throws: {
            ($0 as? LoadFailure)?.diagnostics.contains { $0.rule == "no-trees" } == true
        }
    }

    @Test("a 100,000-node chain loads and validates without overflowing the stack")
    func deepChain() throws {
        let n = 100_000
        var nodes: [String] = []
        nodes.reserveCapacity(n + 1)
        let outcome =
            #"{"id":"end","title":"End","outcome":{"alpha":{"verdict":"ask-first","advice":"Ask.","ask":["headteacher"],"citations":[{"clause":"2"}]},"beta":{"verdict":"ask-first","advice":"Ask.","ask":["line-manager"],"citations":[{"clause":"when-in-doubt-ask"}]}}}"#
        for i in 0..<n {
            let next = i + 1 < n ? "q\(i + 1)" : "end"
            nodes.append(
                #"{"id":"q\#(i)","question":"Q\#(i)?","help":"h","why":{"text":"w","clauses":{"alpha":["2"],"beta":["pets"]}},"answers":[{"id":"on","label":"On","next":"\#(next)"},{"id":"not-sure","label":"Not sure","next":"end"}]}"#
            )
        }
        nodes.append(outcome)
        let json =
            #"{"formatVersion":1,"id":"chain","title":"Chain","summary":"s","routing":["chain"],"start":"q0","nodes":["#
            + nodes.joined(separator: ",") + "]}"
        let l = try Library.load(policyFiles: Fixtures.policyFiles, treeFiles: [SourceFile(name: "chain.json", text: json)])
        #expect(l.trees.first?.nodes.count == n + 1)
        // And a walk to the end works.
        var w = Walk(library: l, tree: l.trees[0], policyID: "alpha")
        for _ in 0..<n { try w.answer(index: 0) }
        #expect(w.result(today: Fixtures.today)?.verdict == .askFirst)
        #expect(w.steps.count == n)
    }

    @Test("a long chain that loops back is reported as a cycle")
    func longCycle() {
        let n = 50_000
        var nodes: [String] = []
        for i in 0..<n {
            let next = i + 1 < n ? "q\(i + 1)" : "q0"
            nodes.append(
                #"{"id":"q\#(i)","question":"Q?","help":"h","why":{"text":"w","clauses":{"alpha":["2"],"beta":["pets"]}},"answers":[{"id":"on","label":"On","next":"\#(next)"},{"id":"not-sure","label":"Not sure","next":"end"}]}"#
            )
        }
        nodes.append(
            #"{"id":"end","title":"End","outcome":{"alpha":{"verdict":"ask-first","advice":"Ask.","ask":["headteacher"],"citations":[{"clause":"2"}]},"beta":{"verdict":"ask-first","advice":"Ask.","ask":["line-manager"],"citations":[{"clause":"when-in-doubt-ask"}]}}}"#
        )
        let json =
            #"{"formatVersion":1,"id":"loop","title":"Loop","summary":"s","routing":["loop"],"start":"q0","nodes":["#
            + nodes.joined(separator: ",") + "]}"
        let diags = Fixtures.diagnostics(trees: [SourceFile(name: "loop.json", text: json)])
        #expect(diags.contains { $0.rule == "cycle" })
    }

    @Test("a role the policy names only for its official sites, asked about a personal matter, is a warning")
    func roleOffMatter() throws {
        let policy = """
            {"formatVersion":1,"id":"alpha","school":"Alpha School","title":"P","source":"sources/alpha.txt",
            "roles":[{"id":"web","name":"the web manager","clauses":["1"]},{"id":"headteacher","name":"the head","clauses":["2"]}],
            "whenInDoubt":{"ask":["headteacher"],"clause":"2"},
            "clauses":[{"id":"1","heading":"Official sites","text":"The web manager approves official school sites."},
            {"id":"2","heading":"Personal use","text":"Staff must not accept friend requests from pupils on personal accounts."}]}
            """
        func tree(_ ask: String, _ advice: String) -> String {
            """
            {"formatVersion":1,"id":"t","title":"T","summary":"S","routing":["x"],"start":"q","nodes":[
            {"id":"q","question":"Q?","help":"h","why":{"text":"w","clauses":{"alpha":["2"]}},"answers":[
            {"id":"a","label":"A","next":"personal-request"},{"id":"ns","label":"Not sure","next":"personal-request"}]},
            {"id":"personal-request","title":"A request to your personal account","outcome":{"alpha":{"verdict":"ask-first",
            "advice":"\(advice)","ask":["\(ask)"],"citations":[{"clause":"2"}]}}}]}
            """
        }
        func warnings(_ t: String) throws -> [Diagnostic] {
            try Library.load(
                policyFiles: [SourceFile(name: "policies/alpha.json", text: policy)],
                treeFiles: [SourceFile(name: "t.json", text: t)]
            ).warnings.filter { $0.rule == "role-off-matter" }
        }
        #expect(try warnings(tree("web", "Ask the web manager first.")).count == 1)
        #expect(try warnings(tree("headteacher", "Ask the head first.")).isEmpty)
        #expect(try warnings(tree("web", "The policy names nobody for this; ask the web manager first.")).isEmpty)
    }
}
