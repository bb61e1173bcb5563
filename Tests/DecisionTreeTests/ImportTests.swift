import DecisionTree
import Foundation
import Testing

@Suite("Importing a policy document")
struct ImportTests {
    static let shipped = ["grange-primary", "mercia-trust", "grange-community", "roselands-stafford", "redbridge"]

    /// The share of a shipped policy's clauses that an import of its source reproduces, id and words.
    static func reproduced(_ id: String) throws -> Double {
        let source = try String(contentsOfFile: Fixtures.shippedTrees + "/policies/sources/\(id).txt", encoding: .utf8)
        let imported = PolicyImport.read(source)
        let l = try ShippedTreesTests.load()
        let policy = try #require(l.policy(id))
        let byID = Dictionary(imported.clauses.map { ($0.id, Text.normalizeForQuote($0.text)) }, uniquingKeysWith: { a, _ in a })
        let same = policy.clauses.filter { byID[$0.id] == Text.normalizeForQuote($0.text) }.count
        return Double(same) / Double(policy.clauses.count)
    }

    @Test("importing each shipped source reproduces its hand-made clause ids and words", arguments: shipped)
    func reproducesShipped(_ id: String) throws {
        let share = try Self.reproduced(id)
        // Redbridge's hand-made file keeps the five core principles inside the paragraph that
        // introduces them, where import makes each its own numbered clause: 29 of 30 (see
        // docs/authoring.md); the others reach 100%.
        #expect(share >= (id == "redbridge" ? 29.0 / 30 : 1), "\(id): \(share)")
    }

    @Test("every imported clause is the source's words, proved by the verbatim check", arguments: shipped)
    func verbatim(_ id: String) throws {
        let source = try String(contentsOfFile: Fixtures.shippedTrees + "/policies/sources/\(id).txt", encoding: .utf8)
        let r = PolicyImport.read(source)
        let normal = Text.normalizeForQuote(r.cleanedSource)
        for c in r.clauses {
            #expect(Text.isVerbatim(normalizedQuote: Text.normalizeForQuote(c.text), inNormalized: normal), "\(id) \(c.id)")
        }
    }

    @Test("numbering styles, headings, page furniture, dates, roles and the if-in-doubt clause")
    func styles() {
        let text = """
            Oakfield Primary School
            Social Media Policy
            Date of approval: 12 March 2024
            Next review: September 2025

            INTRODUCTION

            1. Staff use social media responsibly and keep their personal and professional lives apart.
            2. The headteacher approves any official school account before it is created.

            Page 1 of 3
            Oakfield Primary School Social Media Policy

            Personal use

            Staff must not accept friend requests from pupils on their personal accounts.

            Staff must not:
            a) share photos of pupils on personal accounts;
            b) discuss the school online.

            Page 2 of 3
            Oakfield Primary School Social Media Policy

            Step 1 Tell the designated safeguarding lead, Mr Lane, about any worry at once.

            If in doubt, ask your line manager before you post.

            Page 3 of 3
            Oakfield Primary School Social Media Policy
            """
        let r = PolicyImport.read(text)
        let ids = r.clauses.map(\.id)
        #expect(ids.contains("1") && ids.contains("2"), "\(ids)")
        #expect(ids.contains("personal-use.a") && ids.contains("personal-use.b"), "\(ids)")
        #expect(ids.contains("step-1"), "\(ids)")
        #expect(r.clauses.first { $0.id == "1" }?.heading == "Introduction")
        #expect(r.dropped.contains("Page 2 of 3"))
        #expect(r.dropped.contains("Oakfield Primary School Social Media Policy"))
        #expect(!r.clauses.contains { $0.text.contains("Page 2") })
        #expect(r.approved == PolicyDate(year: 2024, month: 3, day: 12))
        #expect(r.nextReview == PolicyDate(year: 2025, month: 9))
        #expect(r.roles.contains { $0.id == "headteacher" && $0.clauses == ["2"] })
        #expect(r.roles.contains { $0.id == "dsl" })
        #expect(r.roles.contains { $0.name == "Mr Lane, the designated safeguarding lead" }, "\(r.roles)")
        #expect(r.whenInDoubtClause.flatMap { id in r.clauses.first { $0.id == id } }?.text.hasPrefix("If in doubt") == true)
    }

    @Test(
        "clauses numbered by section letter (A1, B2, F1.2) keep their numbers; 'not covered by this policy' is the if-in-doubt clause"
    )
    func sectionLetterNumbers() {
        let r = PolicyImport.read(
            "STAFF SOCIAL MEDIA POLICY\n\nSection A – Purpose\n\nA1 This policy applies to all staff.\n\nA2 If something is not covered by this policy, speak to the Headteacher before you act.\n\nSection B – Friend requests\n\nB1 Staff must not accept friend requests from pupils.\n\nB1.2 Staff must tell their line manager about requests from parents.\n"
        )
        #expect(r.clauses.map(\.id).suffix(4) == ["A1", "A2", "B1", "B1.2"], "\(r.clauses.map(\.id))")
        #expect(r.whenInDoubtClause == "A2")
    }

    @Test("a footer that carries the page number with other words is page furniture, not a heading")
    func footerWithNumber() {
        var text = "SOCIAL MEDIA POLICY\n\n"
        for page in 1...3 {
            text += "\(page).1 Staff must not accept friend requests from pupils on page \(page) of the rules.\n\n"
            text += "St Aidan's Social Media Policy – Page \(page) of 3\n\n"
        }
        let r = PolicyImport.read(text)
        #expect(r.clauses.map(\.id) == ["1.1", "2.1", "3.1"], "\(r.clauses.map(\.id))")
        #expect(r.dropped.contains("St Aidan's Social Media Policy – Page 2 of 3"), "\(r.dropped)")
        #expect(!r.clauses.contains { $0.heading.contains("Page") })
        // A sentence that mentions a page is not furniture.
        let sentence = PolicyImport.read("1. Staff must fill in the form; for the form, see page 5.\n")
        #expect(sentence.clauses.first?.text.hasSuffix("see page 5.") == true && sentence.dropped.isEmpty)
    }

    @Test("carried advice names the new school, and the model's word for itself becomes 'the school'")
    func renamedAdvice() throws {
        let l = try ShippedTreesTests.load()
        let model = try #require(l.policy("roselands-stafford"))
        let to = try #require(l.policy("redbridge"))
        #expect(
            Adopt.renamed("Roselands' policy says you must not present views as the Federation's.", from: model, to: to)
                == "Redbridge Community School's policy says you must not present views as the school's.")
    }

    @Test("a school's name is set aside in the short form its own text uses")
    func nameForms() {
        let forms = PolicyImport.nameForms("St Aidan's C of E Primary School")
        #expect(forms.contains("st aidans c of e primary school") && forms.contains("st aidans"), "\(forms)")
        #expect(PolicyImport.nameForms("The Grange Primary School").contains("grange"))
        #expect(PolicyImport.nameForms("Roselands & Stafford Federation").contains("roselands and stafford"))
        let pairs = PolicyImport.match(
            ["At St Aidan's staff must decline friend requests from pupils."],
            ["At Roselands and Stafford Federation staff must decline friend requests from pupils."],
            names: ["St Aidan's C of E Primary School", "Roselands & Stafford Federation"])
        #expect(pairs[0]?.exact == true)
    }

    @Test("a Markdown heading is always a heading, its number dropped")
    func markdownHeadings() {
        let r = PolicyImport.read(
            "# 6 PERSONAL USE OF SOCIAL MEDIA\n\n6.1 Staff must not accept friend requests from pupils.\n\n## Official sites\n\nThe school runs its own pages and nobody else may set one up for it.\n"
        )
        #expect(r.clauses.map(\.id) == ["6.1", "official-sites"], "\(r.clauses.map(\.id))")
        #expect(r.clauses.map(\.heading) == ["Personal use of social media", "Official sites"])
    }

    @Test("adopt carries no safeguarding answer when the new text adds its own safeguarding clause")
    func safeguardingNotCarried() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: dir)
        var text = try String(contentsOfFile: dir + "/policies/sources/roselands-stafford.txt", encoding: .utf8)
        text = text.replacingOccurrences(of: "Roselands and Stafford Federation", with: "Elmwood Academy")
        text +=
            "\n\n10 SAFEGUARDING\n\n10.1 Any concern about a pupil's safety seen on social media must be reported the same day to Mrs Hughes, the Designated Safeguarding Lead.\n"
        try CLI.write(text, to: dir + "/elmwood.txt")
        #expect(
            try CLI.run(["import", "--trees", dir, dir + "/elmwood.txt", "--id", "elmwood", "--school", "Elmwood Academy"]).status
                == 0)
        let adopt = try CLI.run(["adopt", "--trees", dir, "elmwood", "--from", "roselands-stafford"])
        #expect(adopt.status == 0, "\(adopt)")
        let l = try Library.load(directory: dir)
        let safety = l.trees.flatMap { t in t.outcomes.compactMap { $0.outcome } }.filter(\.safeguarding)
        #expect(!safety.isEmpty)
        for o in safety {
            let a = try #require(o.answers["elmwood"])
            #expect(a.review && a.verdict == .refer, "\(o.title)")
        }
    }

    @Test("import, then scaffold: the new school's policy loads, lints and answers every outcome (the CLI)")
    func endToEnd() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: dir)
        let doc = dir + "/oakfield.txt"
        try """
        SOCIAL MEDIA POLICY

        1. Staff must not accept friend requests from pupils on personal accounts.
        2. If in doubt, ask the headteacher before you post anything about the school.
        """.write(toFile: doc, atomically: true, encoding: .utf8)
        let imp = try CLI.run(["import", "--trees", dir, doc, "--id", "oakfield", "--school", "Oakfield Primary"])
        #expect(imp.status == 0, "\(imp)")
        #expect(imp.out.contains("2 clauses"), "\(imp)")
        let again = try CLI.run(["import", "--trees", dir, doc, "--id", "oakfield", "--school", "Oakfield Primary"])
        #expect(again.status == 64, "\(again)")
        #expect(try CLI.run(["scaffold", "--trees", dir, "oakfield"]).status == 0)
        let lint = try CLI.run(["lint", dir])
        #expect(lint.status == 0, "\(lint)")
        try Data("%PDF-1.5\n".utf8).write(to: URL(fileURLWithPath: dir + "/x.pdf"))
        let pdf = try CLI.run(["import", "--trees", dir, dir + "/x.pdf", "--id", "x", "--school", "X"])
        #expect(pdf.status == 2 && pdf.err.contains("pdftotext -layout"), "\(pdf)")
    }

    @Test("a school that adopted Roselands' text: renamed, one rule changed, page headers added; adopt carries the rest")
    func adoptVariant() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: dir)
        var text = try String(contentsOfFile: dir + "/policies/sources/roselands-stafford.txt", encoding: .utf8)
        text = text.replacingOccurrences(of: "Roselands and Stafford Federation", with: "Oakfield Primary School")
            .replacingOccurrences(of: "Roselands & Stafford Federation", with: "Oakfield Primary School")
            .replacingOccurrences(of: "must decline 'friend requests'", with: "may accept 'friend requests'")
        // Page furniture every so often.
        var lines: [String] = []
        for (i, l) in text.components(separatedBy: "\n").enumerated() {
            lines.append(l)
            if i % 60 == 59 { lines += ["", "Oakfield Primary School - Social Media Policy", "Page \(i / 60 + 1) of 5", ""] }
        }
        let doc = dir + "/oakfield.txt"
        try lines.joined(separator: "\n").write(toFile: doc, atomically: true, encoding: .utf8)
        let imp = try CLI.run(["import", "--trees", dir, doc, "--id", "oakfield", "--school", "Oakfield Primary School"])
        #expect(imp.status == 0, "\(imp)")
        #expect(CLI.squash(imp.out).contains("Follows Roselands & Stafford Federation's text"), "\(imp)")
        #expect(imp.out.contains("Page 2 of 5"), "\(imp)")
        let adopt = try CLI.run(["adopt", "--trees", dir, "oakfield", "--from", "roselands-stafford"])
        #expect(adopt.status == 0, "\(adopt)")
        let l = try Library.load(directory: dir, options: LoadOptions(checkSources: true))
        let original = try ShippedTreesTests.load()
        let newPolicy = try #require(l.policy("oakfield"))
        for t in l.trees {
            for n in t.outcomes {
                let o = try #require(n.outcome)
                let mine = try #require(o.answers["oakfield"])
                let model = try #require(original.tree(t.id)?.node(n.id)?.outcome?.answers["roselands-stafford"])
                let citesChanged = model.citations.contains { $0.clause == "6.6" }
                #expect(mine.review == citesChanged, "\(t.id)/\(n.id)")
                if !citesChanged {
                    #expect(mine.verdict == model.verdict, "\(t.id)/\(n.id)")
                    #expect(mine.citations.map(\.clause) == model.citations.map(\.clause), "\(t.id)/\(n.id)")
                    #expect(!mine.advice.contains("Roselands"), "\(t.id)/\(n.id): \(mine.advice)")
                }
            }
        }
        #expect(newPolicy.clauses.allSatisfy { !$0.text.contains("Page 2 of 5") })
        #expect(l.warnings.filter { $0.rule == "needs-review" }.count > 0)
    }

    @Test("adopt records its model in the policy file, keeping the file's layout")
    func recordsModel() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        let path = root + "/trees/policies/oakfield.json"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.components(separatedBy: "\n")
        let at = try #require(lines.firstIndex { $0.contains("\"source\":") })
        #expect(lines[at + 1] == "  \"adoptedFrom\": \"roselands-stafford\",")
        // The import's one-line clauses are still one line each.
        #expect(lines.contains { $0.hasPrefix("    {\"id\": \"1.1\", \"heading\":") })
        #expect(Adopt.recordingModel("roselands-stafford", in: text) == nil)
        let l = try Library.load(directory: root + "/trees", options: LoadOptions(checkSources: true))
        #expect(l.policy(AdoptedVariant.id)?.adoptedFrom == "roselands-stafford")
    }

    @Test("an adoptedFrom naming no other policy is a lint warning")
    func unknownModel() throws {
        let root = try AdoptedVariant.make()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try CLI.edit(
            root + "/trees/policies/oakfield.json", replacing: "\"adoptedFrom\": \"roselands-stafford\"",
            with: "\"adoptedFrom\": \"roselands-staford\"")
        let l = try Library.load(directory: root + "/trees")
        let w = l.warnings.filter { $0.rule == "unknown-model" }
        #expect(w.count == 1 && w[0].message.contains("roselands-stafford"), "\(w)")
    }

    @Test("clause numbers in carried advice follow the new numbering; a possessive follows the new name")
    func renumbering() throws {
        #expect(
            Adopt.renumbering("Then, as 6.6 requires, see 16.6 and 6.6.", ["6.6": "7.6"])
                == "Then, as 7.6 requires, see 16.6 and 7.6.")
        #expect(Adopt.renumbering("Within 24 hours (clause 24).", ["24": "25"]) == "Within 24 hours (clause 24).")
        let l = try ShippedTreesTests.load()
        var oak = try #require(l.policy("redbridge"))
        oak.school = "Oakfield Primary School"
        let model = try #require(l.policy("roselands-stafford"))
        #expect(
            Adopt.renamed("Roselands' policy does not cover it; ask Roselands and Stafford Federation.", from: model, to: oak)
                == "Oakfield Primary School's policy does not cover it; ask Oakfield Primary School.")
    }
}

/// A school that adopted Roselands & Stafford's text under its own name and changed one rule
/// ("must decline 'friend requests'" became "may accept"), imported and adopted through the
/// command line on a copy of the shipped trees (and scenarios).
enum AdoptedVariant {
    static let id = "oakfield"
    static let school = "Oakfield Primary School"

    /// The root of the copy: trees in `root/trees`, the shipped scenarios in `root/scenarios`.
    static func make() throws -> String {
        let root = try CLI.tempDir()
        let trees = root + "/trees"
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: trees)
        try FileManager.default.copyItem(atPath: Fixtures.repo + "/scenarios", toPath: root + "/scenarios")
        var text = try String(contentsOfFile: trees + "/policies/sources/roselands-stafford.txt", encoding: .utf8)
        text = text.replacingOccurrences(of: "Roselands and Stafford Federation", with: school)
            .replacingOccurrences(of: "Roselands & Stafford Federation", with: school)
            .replacingOccurrences(of: "must decline 'friend requests'", with: "may accept 'friend requests'")
        try CLI.write(text, to: root + "/oakfield.txt")
        let imp = try CLI.run(["import", "--trees", trees, root + "/oakfield.txt", "--id", id, "--school", school])
        guard imp.status == 0 else { throw CLI.Failure("import: \(imp)") }
        let adopt = try CLI.run(["adopt", "--trees", trees, id, "--from", "roselands-stafford"])
        guard adopt.status == 0 else { throw CLI.Failure("adopt: \(adopt)") }
        return root
    }
}
