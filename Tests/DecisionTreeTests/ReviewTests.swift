import DecisionTree
import Foundation
import Testing

extension AdoptedVariant {
    /// The outcomes whose Roselands answer cites 6.6: exactly those adopt marks.
    static func citing66() throws -> [PolicyReview.Key] {
        try ShippedTreesTests.load().trees.flatMap { t in
            t.outcomes.filter { $0.outcome?.answers["roselands-stafford"]?.citations.contains { $0.clause == "6.6" } == true }
                .map { PolicyReview.Key(tree: t.id, node: $0.id) }
        }
    }
}

@Suite("Reviewing a new school's marked answers (the library)")
struct ReviewTests {
    static let decline = PolicyReview.Key(tree: "friend-requests", node: "decline-current-pupil")

    func review(_ root: String) throws -> PolicyReview {
        let l = try Library.load(directory: root + "/trees", options: LoadOptions(checkSources: true))
        return try #require(PolicyReview(library: l, policyID: AdoptedVariant.id))
    }

    @Test("review takes the model from adoptedFrom, and recognises it from the text when adoptedFrom names no policy")
    func model() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try review(root)
        #expect(r.model?.id == "roselands-stafford" && r.modelRecorded)
        try CLI.edit(
            root + "/trees/policies/oakfield.json", replacing: "\"adoptedFrom\": \"roselands-stafford\"",
            with: "\"adoptedFrom\": \"nowhere\"")
        let again = try review(root)
        #expect(again.model?.id == "roselands-stafford" && !again.modelRecorded)
    }

    @Test("what review shows: the marked outcomes, the ways there, the model's answer, the nearest clauses and the changed words")
    func item() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try review(root)
        #expect(r.marked == (try AdoptedVariant.citing66()))
        let item = try #require(r.item(Self.decline))
        #expect(item.current.review && item.current.verdict == .askFirst)
        #expect(item.paths.first?.map(\.answer) == ["My personal account", "Current pupil", "No, unrelated"])
        #expect(item.pathCount == 1)
        #expect(item.model?.policy.id == "roselands-stafford" && item.model?.answer.verdict == .notAllowed)
        #expect(item.model?.citations.map(\.clauseID) == ["6.6", "6.2"])
        let byID = Dictionary(uniqueKeysWithValues: item.candidates.map { ($0.clause.id, $0.relation) })
        #expect(
            byID["6.6"]
                == .near(
                    modelClause: "6.6", changes: [PolicyReview.Change(removed: "must decline", added: "may accept")]))
        #expect(byID["6.2"] == .same(modelClause: "6.2"))
        #expect(item.unmatched.isEmpty)
        // Enter keeps the model's clauses and people in the new school's terms, but never its
        // verdict: the clause it rests on changed ("must decline" → "may accept").
        #expect(item.proposalIsModel)
        #expect(item.proposal.verdict == .askFirst && item.proposal.clauseIDs == ["6.6", "6.2"])
        #expect(!item.proposal.advice.contains("Roselands") && item.proposal.ask == ["line-manager"])
    }

    @Test("typed values are read as lint would read the answer")
    func fields() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try review(root)
        var item = try #require(r.item(Self.decline))
        func message<T>(_ x: Result<T, PolicyReview.Problem>) -> String? {
            if case .failure(let p) = x { return p.message }
            return nil
        }
        // A firm verdict on the "if in doubt" clause alone is refused; the placeholder's advice and
        // one word are not advice.
        #expect(message(r.advice("", default: "Oakfield's policy has not yet been checked for this case.")) != nil)
        #expect(message(r.advice("line-manager", default: "")) != nil)
        // Verdicts: a word, its start, or Enter for the default.
        #expect(try r.verdict("not", default: .allowed, for: item).get() == .notAllowed)
        #expect(try r.verdict("ask", default: .allowed, for: item).get() == .askFirst)
        #expect(try r.verdict("", default: .refer, for: item).get() == .refer)
        #expect(message(r.verdict("a", default: .allowed, for: item))?.contains("could be") == true)
        #expect(message(r.verdict("maybe", default: .allowed, for: item))?.contains("not a verdict") == true)
        item.safeguarding = true
        #expect(message(r.verdict("allowed", default: .refer, for: item))?.contains("safeguarding") == true)
        // Clauses: ids, checked; an unknown one with the nearest suggested.
        let both = try r.citations("6.6, 6.2", default: [], verdict: .notAllowed).get()
        #expect(both.map(\.clause) == ["6.6", "6.2"])
        let unknown = try #require(message(r.citations("6.2 6.99", default: [], verdict: .notAllowed)))
        #expect(unknown.contains("no clause “6.99”") && unknown.contains("Nearest: 6.9"), "\(unknown)")
        // A firm verdict with no clause is refused; ask-first with none cites the "if in doubt" clause.
        #expect(message(r.citations("none", default: [], verdict: .notAllowed))?.contains("firm verdict") == true)
        // Adopted from Roselands, whose policy has no general "if in doubt" sentence, the variant has
        // none either (adopt did not take its copy of A.2.7 for one): "none" cannot stand.
        #expect(r.policy.whenInDoubtClause.isEmpty && r.policy.whenInDoubtNote != nil)
        #expect(message(r.citations("none", default: [], verdict: .askFirst))?.contains("if in doubt") == true)
        // A quote the default gives a clause stays with it.
        let quoted = [Citation(clause: "6.2", quote: "Staff members must not have contact through any personal social medium")]
        #expect(try r.citations("6.2", default: quoted, verdict: .notAllowed).get() == quoted)
        // Who to ask: ids or the roles' names.
        #expect(try r.ask("the headteacher, line-manager", default: []).get() == ["headteacher", "line-manager"])
        #expect(try r.ask("", default: ["governors"]).get() == ["governors"])
        #expect(message(r.ask("boss", default: []))?.contains("not one of") == true)
        #expect(message(r.advice("Decline\u{1B}[31m it", default: "x")) != nil)
        #expect(try r.advice("  ", default: "kept").get() == "kept")
    }

    @Test("saving an answer removes its mark, changes nothing else, and the trees still load with every clause verbatim")
    func save() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try review(root)
        let before = r.library
        let draft = PolicyReview.Draft(
            verdict: .allowed, citations: [Citation(clause: "6.6")],
            advice: "You may accept it: 6.6 lets staff accept friend requests from pupils.", ask: ["line-manager"])
        let saved = try r.save(draft, for: Self.decline)
        #expect(saved.review.marked.count == r.marked.count - 1)
        let after = try Library.load(directory: root + "/trees", options: LoadOptions(checkSources: true))
        for t in after.trees {
            for n in t.outcomes {
                let o = try #require(n.outcome)
                let old = try #require(before.tree(t.id)?.node(n.id)?.outcome)
                for (pid, a) in o.answers {
                    var a = a
                    var b = try #require(old.answers[pid])
                    a.location = nil
                    b.location = nil
                    if t.id == Self.decline.tree && n.id == Self.decline.node && pid == AdoptedVariant.id {
                        #expect(!a.review && a.verdict == .allowed && a.citations.map(\.clause) == ["6.6"])
                    } else {
                        for i in a.citations.indices { a.citations[i].location = nil }
                        for i in b.citations.indices { b.citations[i].location = nil }
                        #expect(a == b, "\(t.id)/\(n.id)/\(pid)")
                    }
                }
            }
        }
        // The file's layout is the shipped one: only the answer's own lines changed.
        let original = try String(contentsOfFile: Fixtures.shippedTrees + "/friend-requests.json", encoding: .utf8)
        let now = try String(contentsOfFile: root + "/trees/friend-requests.json", encoding: .utf8)
        #expect(now.components(separatedBy: "\n").count > original.components(separatedBy: "\n").count)
        #expect(!FileManager.default.fileExists(atPath: root + "/trees/.friend-requests.json.policy-advisor-tmp-\(getpid())"))
    }

    @Test("an answer lint refuses is not saved: the part to fix is named and the file is as it was")
    func refused() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let r = try review(root)
        let path = root + "/trees/friend-requests.json"
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let silent = PolicyReview.Draft(
            verdict: .allowed, citations: [Citation(clause: "6.6")], advice: "The policy does not cover this case.",
            ask: ["line-manager"])
        #expect(r.check(silent, for: Self.decline).problems.first?.field == .advice)
        do {
            _ = try r.save(silent, for: Self.decline)
            Issue.record("saved an answer lint refuses")
        } catch {
            guard case .invalid(let ps) = error else {
                Issue.record("\(error)")
                return
            }
            #expect(ps.first?.field == .advice && ps.first?.message.contains("ask-first") == true, "\(ps)")
        }
        let badQuote = PolicyReview.Draft(
            verdict: .notAllowed, citations: [Citation(clause: "6.2", quote: "Staff members may do anything they like online")],
            advice: "Do not.", ask: ["line-manager"])
        #expect(r.check(badQuote, for: Self.decline).problems.contains { $0.field == .clauses })
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == bytes)
        #expect(r.marked.count == (try review(root)).marked.count)
    }

    @Test("a reviewed answer's scenario: the way there, the verdict and clauses; kept once in a file however often it is saved")
    func scenario() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var r = try review(root)
        let draft = PolicyReview.Draft(
            verdict: .allowed, citations: [Citation(clause: "6.6")], advice: "You may accept it.", ask: ["line-manager"])
        r = try r.save(draft, for: Self.decline).review
        let entry = try #require(r.scenario(Self.decline))
        #expect(
            entry.hasSuffix(
                "policy: oakfield\ntopic: friend-requests\nanswer: My personal account\nanswer: Current pupil\nanswer: No, unrelated\nexpect: allowed\ncite: 6.6\n"
            ), "\(entry)")
        let once = r.scenarios("# mine\n\npolicy: redbridge\ntopic: friend-requests\nanswer: Not sure\n", with: Self.decline)
        let twice = r.scenarios(once, with: Self.decline)
        #expect(twice == once)
        #expect(once.hasPrefix("# mine\n\npolicy: redbridge") && once.components(separatedBy: "policy: oakfield").count == 2)
        let runner = ScriptRunner(library: r.library, today: Fixtures.today)
        for e in ScriptParser.parse(once) {
            guard case .answered(_, let failures) = runner.run(e) else {
                Issue.record("not answered: \(e)")
                continue
            }
            #expect(failures.isEmpty, "\(failures)")
        }
    }

    @Test("with no model to follow, the clauses most like the other schools' are the candidates, and Enter keeps the placeholder")
    func noModel() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        // A text no known policy resembles: the two clauses of the import test, marked by hand.
        let trees = root + "/trees"
        try CLI.write(
            "SOCIAL MEDIA POLICY\n\n1. Staff must not accept friend requests from pupils on personal accounts.\n2. If in doubt, ask the headteacher before you post anything about the school.\n",
            to: root + "/tiny.txt")
        #expect(
            try CLI.run(["import", "--trees", trees, root + "/tiny.txt", "--id", "tiny", "--school", "Tiny School"]).status == 0)
        #expect(try CLI.run(["scaffold", "--trees", trees, "tiny"]).status == 0)
        let l = try Library.load(directory: trees, options: LoadOptions(checkSources: true))
        let r = try #require(PolicyReview(library: l, policyID: "tiny"))
        #expect(r.model == nil)
        // A firm verdict on the "if in doubt" clause alone rests on nothing that says so.
        let doubt = [Citation(clause: r.policy.whenInDoubtClause)]
        #expect(!r.policy.whenInDoubtClause.isEmpty)
        if case .failure(let p) = r.citations("", default: doubt, verdict: .notAllowed) {
            #expect(p.message.contains("if in doubt"))
        } else {
            Issue.record("a firm verdict on the if-in-doubt clause alone was accepted")
        }
        // scaffold marks every placeholder for review: nothing unchecked passes for checked.
        let outcomes = l.trees.reduce(0) { n, t in n + t.nodes.filter { $0.outcome != nil }.count }
        #expect(r.marked.count == outcomes)
        #expect(l.warnings.filter { $0.rule == "needs-review" && $0.message.contains(" for tiny ") }.count == outcomes)
        let key = try #require(r.marked.first)
        let item = try #require(r.item(key))
        #expect(!item.proposalIsModel && item.proposal.verdict == .askFirst && item.model == nil)
        #expect(item.proposal.clauseIDs == ["2"])
        #expect(
            item.candidates.allSatisfy {
                if case .like = $0.relation { return true }
                return false
            })
    }

    @Test("piped input is read a line at a time, with no escape codes; an unknown policy is a bad argument")
    func piped() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let trees = root + "/trees"
        let input = "\u{1B}]0;title\u{07}nonsense\nnot-allowed\n\n\nDecline it, as 6.6 says.\n\n:skip\n:quit\n"
        let r = try CLI.run(["review", "--trees", trees, AdoptedVariant.id], stdin: Data(input.utf8))
        #expect(r.status == 1, "\(r)")
        #expect(!r.out.contains("\u{1B}") && !r.err.contains("\u{1B}"), "\(r)")
        #expect(r.out.contains("is not a verdict"), "\(r)")
        #expect(
            CLI.squash(r.out).contains("✓ Saved friend-requests.json: Friend request from a pupil, not-allowed, citing 6.6, 6.2.")
        )
        #expect(r.out.contains("Skipped: it stays marked for review."))
        #expect(CLI.squash(r.out).contains("Stopped. Reviewed 1 this session; 5 still marked for review."), "\(r)")
        #expect((try review(root)).marked.count == 5)
        let bad = try CLI.run(["review", "--trees", trees, "nowhere"])
        #expect(bad.status == 64 && bad.err.contains("unknown policy 'nowhere'"), "\(bad)")
        let done = try CLI.run(["review", "--trees", Fixtures.shippedTrees, "redbridge"])
        #expect(done.status == 0 && done.out.contains("nothing to do"), "\(done)")
    }
}
