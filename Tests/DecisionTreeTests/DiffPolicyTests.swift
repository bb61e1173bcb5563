import DecisionTree
import Foundation
import Testing

@Suite("diff-policy: two versions of a school's policy")
struct DiffPolicyTests {
    func c(_ id: String, _ text: String, _ heading: String = "H") -> PolicyDiff.Clause {
        PolicyDiff.Clause(id: id, heading: heading, text: text)
    }

    @Test("a word diff marks removed and added words so that it reads without colour")
    func wordDiff() {
        let w = PolicyDiff.words(
            from: "Staff members must decline 'friend requests' from pupils.",
            to: "Staff members may accept 'friend requests' from pupils, always.")
        // Words are compared without case and punctuation ("pupils." and "pupils," are one word).
        #expect(
            PolicyDiff.plain(w) == "Staff members [-must decline-] {+may accept+} 'friend requests' from pupils, {+always.+}",
            "\(PolicyDiff.plain(w))")
        // Case and punctuation alone are no change of words; the new version's spelling is shown.
        #expect(PolicyDiff.plain(PolicyDiff.words(from: "Ask the Head.", to: "ask the head")) == "ask the head")
    }

    @Test("clauses are paired by their words: renumbered, changed, removed and added; school names set aside")
    func pairing() {
        let old = [
            c("1", "Staff must not accept friend requests from pupils on their personal accounts."),
            c("2", "Oakfield Primary School staff must never give pupils their personal phone numbers or email addresses."),
            c("3", "The headteacher approves every official social media account before it is created."),
            c("4", "Photographs of pupils are taken only on school equipment and never shared on personal accounts."),
        ]
        let new = [
            c("1", "A new first clause about something else entirely, which nobody has seen before."),
            c("2", "Staff must not accept friend requests from pupils on their personal accounts."),
            c("3", "Elmwood Academy staff must never give pupils their personal phone numbers or email addresses."),
            c("4", "The headteacher approves every official social media account after it is created."),
        ]
        let d = PolicyDiff.compare(old: old, new: new, names: ["Oakfield Primary School", "Elmwood Academy"])
        #expect(d.renumbered.map { $0.old.id + ">" + $0.new.id } == ["1>2", "2>3"])
        #expect(d.changed.map { $0.old.id + ">" + $0.new.id } == ["3>4"])
        #expect(d.changed.first.map { PolicyDiff.plain($0.words) }?.contains("[-before-] {+after+}") == true)
        #expect(d.removed.map(\.id) == ["4"])
        #expect(d.added.map(\.id) == ["1"])
        #expect(!d.isSame)
        #expect(PolicyDiff.compare(old: old, new: old, names: []).isSame)
    }

    @Test("the CLI: a policy against an edited copy of its document lists the edits and the outcomes citing them; exit 1")
    func cli() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var text = try String(contentsOfFile: Fixtures.shippedTrees + "/policies/sources/roselands-stafford.txt", encoding: .utf8)
        text = text.replacingOccurrences(of: "must decline 'friend requests'", with: "may accept 'friend requests'")
        text = text.components(separatedBy: "\n").filter {
            !$0.contains("Staff members must not have contact through any personal")
        }
        .joined(separator: "\n")
        let doc = dir + "/new.txt"
        try text.write(toFile: doc, atomically: true, encoding: .utf8)
        let r = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, "roselands-stafford", doc, "--format", "json"])
        #expect(r.status == 1, "\(r)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let changed = (json["changed"] as? [[String: Any]] ?? []).compactMap { ($0["old"] as? [String: Any])?["id"] as? String }
        let removed = (json["removed"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(changed == ["6.6"] && removed == ["6.2"], "\(changed) \(removed)")
        #expect((json["added"] as? [Any])?.isEmpty == true)
        let review = Set((json["review"] as? [[String: Any]] ?? []).map { "\($0["topic"]!)/\($0["outcome"]!)" })
        let l = try ShippedTreesTests.load()
        var expected = Set<String>()
        for t in l.trees {
            for n in t.outcomes
            where n.outcome?.answers["roselands-stafford"]?.citations.contains(where: { ["6.6", "6.2"].contains($0.clause) })
                == true
            {
                expected.insert(t.id + "/" + n.id)
            }
        }
        #expect(!expected.isEmpty && review == expected, "\(review.symmetricDifference(expected))")

        let text2 = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, "roselands-stafford", doc])
        #expect(text2.status == 1)
        #expect(CLI.squash(text2.out).contains("[-must decline-] {+may accept+}"), "\(text2.out)")
        #expect(text2.out.contains("Outcomes to review under roselands-stafford (\(expected.count))"), "\(text2.out)")

        // Two documents: --policy says whose answers to check.
        let docs = try CLI.run([
            "diff-policy", "--trees", Fixtures.shippedTrees, Fixtures.shippedTrees + "/policies/sources/roselands-stafford.txt",
            doc,
            "--policy", "roselands-stafford", "--format", "json",
        ])
        let dj = try #require(try JSONSerialization.jsonObject(with: Data(docs.out.utf8)) as? [String: Any], "\(docs)")
        #expect(Set((dj["review"] as? [[String: Any]] ?? []).map { "\($0["topic"]!)/\($0["outcome"]!)" }) == expected)
        let noPolicy = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, doc, doc])
        #expect(
            noPolicy.status == 0 && CLI.squash(noPolicy.out).contains("Outcomes: not listed; give --policy ID"), "\(noPolicy)")

        let same = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, "redbridge", "redbridge"])
        #expect(same.status == 0 && same.out.contains("30 the same, 0 changed, 0 removed, 0 added"), "\(same)")
        let missing = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, "redbridge", dir + "/none.docx"])
        #expect(missing.status == 2 && missing.err.contains("none.docx: error:"), "\(missing)")
        let unknown = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, "oakfield", doc])
        #expect(unknown.status == 64 && unknown.err.contains("neither a file nor a policy"), "\(unknown)")
    }
}
