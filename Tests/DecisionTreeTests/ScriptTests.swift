import DecisionTree
import Foundation
import Testing

@Suite("Scripts")
struct ScriptTests {
    static let script = """
        # Two consultations and a comment
        policy: beta
        ask: can I bring my dog to school?
        answer: A dog
        answer: Yes, approved
        expect: allowed
        cite: pets

        policy: alpha
        topic: pets
        answer: cat
        expect: refer
        """

    func runner(_ library: Library? = nil) throws -> ScriptRunner {
        ScriptRunner(library: try library ?? Fixtures.library(), today: Fixtures.today)
    }

    @Test("consultations are split by blank lines, with comments skipped and line numbers kept")
    func parse() {
        let entries = ScriptParser.parse(Self.script)
        #expect(entries.count == 2)
        #expect(entries[0].line == 2)
        #expect(entries[0].policy?.value == "beta")
        #expect(entries[0].answers.map(\.value) == ["A dog", "Yes, approved"])
        #expect(entries[0].answers.map(\.line) == [4, 5])
        #expect(entries[1].topic?.line == 10)
        #expect(entries[1].errors.isEmpty)
    }

    @Test("a script's consultations run and their expectations hold")
    func runs() throws {
        let r = try runner()
        let results = ScriptParser.parse(Self.script).map(r.run)
        guard case .answered(let c, let failures) = results[0] else { Issue.record("\(results[0])"); return }
        #expect(c.verdict == .allowed && failures.isEmpty)
        guard case .answered(let c2, let f2) = results[1] else { Issue.record("\(results[1])"); return }
        #expect(c2.verdict == .refer && f2.isEmpty)
    }

    func inputError(_ text: String) throws -> ScriptIssue? {
        let r = try runner()
        let e = ScriptParser.parse(text)
        guard let first = e.first, case .inputError(let issues) = r.run(first) else { return nil }
        return issues.first
    }

    @Test("each kind of bad input is reported at its line, naming what was expected")
    func errors() throws {
        var i = try inputError("policy: beta\ntopic: pets\nanswer: giraffe")
        #expect(i?.line == 3)
        #expect(i?.message.contains("matches no answer") == true && i?.message.contains("'A dog'") == true)

        i = try inputError("policy: beta\ntopic: pets\nanswer: a")
        #expect(i?.line == 3)
        #expect(i?.message.contains("more than one answer") == true)

        i = try inputError("policy: gamma\ntopic: pets\nanswer: dog")
        #expect(i?.line == 1)
        #expect(i?.message.contains("unknown policy 'gamma'") == true && i?.message.contains("alpha, beta") == true)

        i = try inputError("policy: beta\ntopic: cats")
        #expect(i?.line == 2)
        #expect(i?.message.contains("unknown topic 'cats'") == true)

        i = try inputError("policy: beta\nask: annual leave form please")
        #expect(i?.line == 2)
        #expect(i?.message.contains("not about any of the advisor's topics") == true)

        i = try inputError("policy: beta\ntopic: pets\ncolour: blue")
        #expect(i?.line == 3)
        #expect(i?.message.contains("unknown key 'colour'") == true)

        i = try inputError("policy: beta\ntopic: pets\nanswer: cat\nanswer: dog")
        #expect(i?.line == 4)
        #expect(i?.message.contains("one too many") == true)

        i = try inputError("policy: beta\ntopic: pets\nexpect: maybe\nanswer: cat")
        #expect(i?.line == 3)

        // A key given twice (this once crashed the reader: an exclusivity violation).
        i = try inputError("policy: beta\npolicy: alpha\ntopic: pets")
        #expect(i?.line == 2)
        #expect(i?.message.contains("given twice") == true)

        i = try inputError("policy: beta\njust some words")
        #expect(i?.line == 2)
        #expect(i?.message.contains("key: value") == true)
    }

    @Test("a consultation that ends before an outcome says which question is next")
    func needsMore() throws {
        let r = try runner()
        let e = ScriptParser.parse("policy: beta\ntopic: pets\nanswer: A dog")[0]
        guard case .needsMore(let topic, _, let path, let question, let options, let line) = r.run(e) else {
            Issue.record("expected needsMore")
            return
        }
        #expect(topic == "pets" && path.count == 1 && line == 3)
        #expect(question == "Has your line manager approved it?")
        #expect(options.contains("Not sure"))
    }

    @Test("an over-long line is refused at its line number")
    func longLine() {
        var p = ScriptParser()
        _ = p.feed("policy: beta")
        _ = p.feed(Substring("answer: " + String(repeating: "x", count: ScriptParser.maxLineLength + 10)))
        let e = p.end()
        #expect(e?.errors.first?.line == 2)
    }

    @Test("check fails when a tree is changed to give a different verdict")
    func checkCatchesChangedTree() throws {
        var tree = Fixtures.text("valid/pets.json")
        // Beta's approved-dog outcome changes from allowed to not-allowed.
        let from = #""beta": { "verdict": "allowed", "advice": "You may bring it.""#
        #expect(tree.contains(from))
        tree = tree.replacingOccurrences(of: from, with: #""beta": { "verdict": "not-allowed", "advice": "You may bring it.""#)
        let changed = try Library.load(policyFiles: Fixtures.policyFiles, treeFiles: [SourceFile(name: "pets.json", text: tree)])
        let e = ScriptParser.parse(Self.script)[0]
        guard case .answered(let c, let failures) = try runner(changed).run(e) else {
            Issue.record("expected an answer")
            return
        }
        #expect(c.verdict == .notAllowed)
        #expect(failures.count == 1)
        #expect(failures.first?.line == 6)
        #expect(failures.first?.message.contains("expected allowed") == true)
        // And the unchanged tree passes.
        guard case .answered(_, let ok) = try runner().run(e) else {
            Issue.record("expected an answer from the unchanged tree")
            return
        }
        #expect(ok.isEmpty)
    }

    @Test("a citation that is expected but missing is a failure")
    func missingCitation() throws {
        let e = ScriptParser.parse("policy: alpha\ntopic: pets\nanswer: cat\nexpect: refer\ncite: 1")[0]
        guard case .answered(_, let failures) = try runner().run(e) else {
            Issue.record("expected an answer")
            return
        }
        #expect(failures.map(\.line) == [5])
    }
}

@Suite("Script reader on long input", .timeLimit(.minutes(1)))
struct LongScriptTests {
    @Test("200,000 lines in one consultation are read in one pass (each line no longer copies the ones before)")
    func longConsultation() {
        var p = ScriptParser()
        _ = p.feed("policy: redbridge")
        _ = p.feed("topic: friend-requests")
        for _ in 0..<100_000 {
            _ = p.feed("answer: My personal account")
            _ = p.feed("cite: 6.6")
        }
        let e = p.end()
        #expect(e?.answers.count == 100_000)
        #expect(e?.cites.count == 100_000)
        #expect(e?.cites.last?.line == 200_002)
    }
}
