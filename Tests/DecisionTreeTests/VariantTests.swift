import DecisionTree
import Foundation
import Testing

/// A school that adopted one of the five policies and edited it: renamed, renumbered, one
/// sentence reworded so that a rule changes, one clause removed, one added, page headers and
/// footers inserted; as text and as a Word document this test writes itself. Importing it,
/// adopting it from its original and comparing it with diff-policy must find exactly the edits.
@Suite("Edited variants of the five policies: import, adopt, diff-policy")
struct VariantTests {
    struct Spec: Sendable, CustomStringConvertible {
        var id: String
        /// A phrase of one cited clause, and what it becomes (the rule changes).
        var reword: (String, String)
        /// A line that is the whole of one cited clause: removed.
        var remove: String
        /// A new clause, put before the first line starting with `before`.
        var add: (before: String, line: String)
        /// Numbered "6.6": sections move up by one. Otherwise "12.": clauses numbered again in order.
        var twoLevel: Bool
        var description: String { id }
    }

    static let newSchool = "Elmwood Academy"

    static let specs: [Spec] = [
        Spec(
            id: "grange-primary", reword: ("are advised not to identify their employer", "are free to identify their employer"),
            remove: "The school social media business accounts are not to be used for personal reasons",
            add: ("10.", "10. Staff must tell the head teacher about any social media account that names the school."),
            twoLevel: false),
        Spec(
            id: "mercia-trust",
            reword: ("Staff must not take photos or posts from social media", "Staff may take photos or posts from social media"),
            remove: "Any photos for social media posts may only be taken using school cameras",
            add: ("3. The post must be", "3. Ensure that the class teacher has read the post before it is shown to SLT."),
            twoLevel: false),
        Spec(
            id: "grange-community",
            reword: ("Staff should decline 'friend requests' from students", "Staff may accept 'friend requests' from students"),
            remove: "A staff member will not communicate with a pupil/student via their personal mobile phone",
            add: ("30.", "30. Staff must tell the Headteacher about any social media account that names the school."),
            twoLevel: false),
        Spec(
            id: "roselands-stafford", reword: ("must decline 'friend requests'", "may accept 'friend requests'"),
            remove: "Staff members must not have contact through any personal social medium",
            add: (
                "7 USING",
                "- 6.16 Staff members must tell the headteacher about any personal social media account that names the Federation."
            ), twoLevel: true),
        Spec(
            id: "redbridge",
            reword: ("they should include on their profile a statement", "they need not include on their profile a statement"),
            remove: "Treat past and present colleagues, and yourself with respect",
            add: (
                "6.4 ",
                "6.20 Employees must tell a member of the senior team about any social media account that names the school."
            ),
            twoLevel: true),
    ]

    enum Form: String, Sendable, CaseIterable { case text, docx }

    static func regex(_ p: String) -> NSRegularExpression { try! NSRegularExpression(pattern: p) }

    /// The variant's text, and the added clause's words.
    static func variant(_ spec: Spec, school: String, rename: Bool = true) throws -> (text: String, added: String) {
        var text = try String(contentsOfFile: Fixtures.shippedTrees + "/policies/sources/\(spec.id).txt", encoding: .utf8)
        // The adopting school's name where the model's full name stands.
        for name in [school, school.replacingOccurrences(of: "&", with: "and")] where rename {
            text = text.replacingOccurrences(of: name, with: newSchool)
        }
        #expect(text.components(separatedBy: spec.reword.0).count == 2, "\(spec.id): the reworded phrase is not once in the text")
        text = text.replacingOccurrences(of: spec.reword.0, with: spec.reword.1)
        var lines = text.components(separatedBy: "\n")
        #expect(lines.filter { $0.contains(spec.remove) }.count == 1)
        lines.removeAll { $0.contains(spec.remove) }
        let at = try #require(lines.firstIndex { $0.hasPrefix(spec.add.before) }, "\(spec.id): no line \(spec.add.before)")
        lines.insert(contentsOf: spec.twoLevel ? [spec.add.line, ""] : [spec.add.line], at: at)
        lines = renumber(lines, twoLevel: spec.twoLevel)
        // Page furniture every 60 lines, wherever it falls.
        var out: [String] = []
        for (i, l) in lines.enumerated() {
            out.append(l)
            if i % 60 == 59 {
                out += ["", "\(newSchool) – Social Media Policy", "Page \(i / 60 + 1) of \(lines.count / 60 + 1)", ""]
            }
        }
        let added = spec.add.line.replacingOccurrences(of: #"^(- )?[0-9.]+\s+"#, with: "", options: .regularExpression)
        return (out.joined(separator: "\n"), added)
    }

    /// Two-level numbers ("6.6", section headings "6 PERSONAL USE", contents lines): each section
    /// number one up. Single-level ("12."): the clauses numbered 1, 2, 3 … again in order.
    static func renumber(_ lines: [String], twoLevel: Bool) -> [String] {
        let re = regex(twoLevel ? #"^(\s*(?:- )?)(\d+)(?=[.\s])"# : #"^((?:- )?)(\d+)(?=\. )"#)
        var next = 1
        return lines.map { l in
            let ns = l as NSString
            guard let m = re.firstMatch(in: l, range: NSRange(location: 0, length: ns.length)) else { return l }
            let n = Int(ns.substring(with: m.range(at: 2)))!
            let new = twoLevel ? n + 1 : next
            next += 1
            return ns.replacingCharacters(in: m.range(at: 2), with: String(new))
        }
    }

    /// The variant as a Word document: headings in heading styles, numbered and lettered clauses
    /// as automatic lists (a list that does not run on from the one before restarts at its
    /// number), bullets, tables for lines of cells, other lines as paragraphs with line breaks,
    /// and a page header part.
    static func docx(_ text: String, headings: Set<String>) throws -> Data {
        typealias W = DocxWriter
        var w = DocxWriter()
        w.headers = ["\(newSchool) Social Media Policy"]
        w.styles = [W.style("Heading1", name: "heading 1"), W.style("ListParagraph", name: "List Paragraph")]
        var abstracts: [String: Int] = [:]
        var current: [String: (num: Int, last: Int)] = [:]
        var nextNum = 1
        func list(_ kind: String, _ value: Int, format: String, text lvlText: String) -> Int {
            if let c = current[kind], c.last + 1 == value {
                current[kind] = (c.num, value)
                return c.num
            }
            var overrides: [Int: Int] = [:]
            if let a = abstracts[kind] {
                _ = a
                overrides = [0: value]
            } else {
                let a = abstracts.count
                abstracts[kind] = a
                let levels = kind == "bullet" ? [("bullet", "\u{2022}", 1), ("bullet", "o", 1)] : [(format, lvlText, value)]
                w.numbering.append(W.abstractNum(a, levels))
            }
            let num = nextNum
            nextNum += 1
            w.numbering.append(W.num(num, abstract: abstracts[kind]!, startOverrides: overrides))
            current[kind] = (num, value)
            return num
        }
        func headingKey(_ s: String) -> String {
            s.replacingOccurrences(of: #"^\d+\.?\s+"#, with: "", options: .regularExpression).lowercased()
                .trimmingCharacters(in: CharacterSet(charactersIn: " :"))
        }
        func roman(_ s: String) -> Int? {
            let values: [Character: Int] = ["i": 1, "v": 5, "x": 10]
            var total = 0
            var prev = 0
            for ch in s.reversed() {
                guard let v = values[ch] else { return nil }
                total += v < prev ? -v : v
                prev = max(prev, v)
            }
            return total
        }
        let sec = regex(#"^(\d+)\.(\d+)\.?\s+(.+)$"#)
        let single = regex(#"^(\d+)\.\s+(.+)$"#)
        let letter = regex(#"^\(?([a-z])\)\s+(.+)$"#)
        let romanRe = regex(#"^([ivx]+)\.\s+(.+)$"#)
        func match(_ re: NSRegularExpression, _ s: String) -> [String]? {
            let ns = s as NSString
            guard let m = re.firstMatch(in: s, range: NSRange(location: 0, length: ns.length)) else { return nil }
            return (1..<m.numberOfRanges).map { ns.substring(with: m.range(at: $0)) }
        }
        for block in text.components(separatedBy: "\n\n") {
            let lines = block.components(separatedBy: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard !lines.isEmpty else { continue }
            if lines.allSatisfy({ $0.contains("\t") }) {
                w.body.append(
                    W.table(lines.map { $0.components(separatedBy: "\t").map { $0.trimmingCharacters(in: .whitespaces) } }))
                continue
            }
            var plain: [String] = []
            func flush() {
                if !plain.isEmpty { w.body.append(W.p(plain.joined(separator: "\n"))) }
                plain = []
            }
            for line in lines {
                let indent = line.prefix { $0 == " " }.count
                var s = line.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "*", with: "")
                let dash = s.hasPrefix("- ")
                if dash { s = String(s.dropFirst(2)) }
                if lines.count == 1 && headings.contains(headingKey(s)) {
                    flush()
                    w.body.append(W.p(s, style: "Heading1"))
                } else if let g = match(sec, s) {
                    flush()
                    let num = list("sec" + g[0], Int(g[1])!, format: "decimal", text: g[0] + ".%1")
                    w.body.append(W.p(g[2], style: "ListParagraph", num: num, ilvl: 0))
                } else if let g = match(single, s) {
                    flush()
                    w.body.append(W.p(g[1], num: list("single", Int(g[0])!, format: "decimal", text: "%1."), ilvl: 0))
                } else if let g = match(romanRe, s), let v = roman(g[0]) {
                    flush()
                    w.body.append(W.p(g[1], num: list("roman", v, format: "lowerRoman", text: "%1."), ilvl: 0))
                } else if let g = match(letter, s) {
                    flush()
                    let v = Int(g[0].unicodeScalars.first!.value) - 96
                    let paren = s.hasPrefix("(")
                    let num = list(paren ? "pletter" : "letter", v, format: "lowerLetter", text: paren ? "(%1)" : "%1)")
                    w.body.append(W.p(g[1], num: num, ilvl: 0))
                } else if dash {
                    flush()
                    w.body.append(W.p(s, num: list("bullet", 0, format: "bullet", text: ""), ilvl: indent > 0 ? 1 : 0))
                    current["bullet"] = (current["bullet"]!.num, -1)
                } else {
                    plain.append(s)
                }
            }
            flush()
        }
        return try w.data()
    }

    static let cases: [(Spec, Form)] = specs.flatMap { s in Form.allCases.map { (s, $0) } }

    @Test("import, adopt and diff-policy find exactly the edits", arguments: cases)
    func variant(_ spec: Spec, _ form: Form) throws {
        let original = try ShippedTreesTests.load()
        let model = try #require(original.policy(spec.id))
        let dir = try CLI.tempDir()
        // VARIANT_KEEP=1 keeps the directory, to look at.
        let keep = ProcessInfo.processInfo.environment["VARIANT_KEEP"] != nil
        defer { if !keep { try? FileManager.default.removeItem(atPath: dir) } }
        if keep { print("variant \(spec.id) \(form): \(dir)") }
        try FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: dir)
        let (text, added) = try Self.variant(spec, school: model.school)
        let headings = Set(model.clauses.map { $0.heading.lowercased() })
        func write(_ text: String, _ name: String) throws -> String {
            let doc = dir + "/" + name + "." + (form == .text ? "txt" : "docx")
            if form == .text {
                try text.write(toFile: doc, atomically: true, encoding: .utf8)
            } else {
                try Self.docx(text, headings: headings).write(to: URL(fileURLWithPath: doc))
            }
            return doc
        }
        let doc = try write(text, "elmwood")

        // Import: the model recognised, the page furniture dropped, every clause verbatim.
        let imp = try CLI.run(["import", "--trees", dir, doc, "--id", "elmwood", "--school", Self.newSchool])
        try #require(imp.status == 0, "\(imp)")
        #expect(CLI.squash(imp.out).contains("Follows \(model.school)'s text"), "\(imp.out)")
        #expect(imp.out.contains("Page 1 of") && imp.out.contains("\(Self.newSchool) – Social Media Policy"), "\(imp.out)")
        let source = try String(contentsOfFile: dir + "/policies/sources/elmwood.txt", encoding: .utf8)
        let json = try String(contentsOfFile: dir + "/policies/elmwood.json", encoding: .utf8)
        #expect(!json.contains("Page 1 of") && !json.contains("– Social Media Policy"))

        // Adopt from the original.
        let adopt = try CLI.run(["adopt", "--trees", dir, "elmwood", "--from", spec.id])
        try #require(adopt.status == 0, "\(adopt)")
        // Loading with the source check proves every clause verbatim in the saved source.
        let l = try Library.load(directory: dir, options: LoadOptions(checkSources: true))
        let mine = try #require(l.policy("elmwood"))
        let normalSource = Text.normalizeForQuote(source)
        for c in mine.clauses {
            #expect(Text.isVerbatim(normalizedQuote: Text.normalizeForQuote(c.text), inNormalized: normalSource), "\(c.id)")
        }

        // What the test changed, in the original's clause ids.
        func key(_ s: String, _ name: String) -> String {
            Text.fold(Text.normalizeForQuote(s.replacingOccurrences(of: "&", with: "and")))
                .replacingOccurrences(of: Text.fold(name.replacingOccurrences(of: "&", with: "and")), with: "school")
        }
        let changed = Set(model.clauses.filter { Text.normalizeForQuote($0.text).contains(spec.reword.0) }.map(\.id))
        let removed = Set(model.clauses.filter { Text.normalizeForQuote($0.text).contains(spec.remove) }.map(\.id))
        #expect(changed.count == 1 && removed.count == 1, "\(changed) \(removed)")
        let edited = changed.union(removed)
        // The original's clauses by their words, in the new policy (names aside).
        var byWords: [String: String] = [:]
        for c in mine.clauses { byWords[key(c.text, Self.newSchool)] = byWords[key(c.text, Self.newSchool)] ?? c.id }
        var expectedReview = Set<String>()
        for t in l.trees {
            for n in t.outcomes {
                let o = try #require(n.outcome)
                let m = try #require(original.tree(t.id)?.node(n.id)?.outcome?.answers[spec.id])
                let a = try #require(o.answers["elmwood"], "\(t.id)/\(n.id)")
                let citesEdited = m.citations.contains { edited.contains($0.clause) }
                if citesEdited { expectedReview.insert(t.id + "/" + n.id) }
                #expect(a.review == citesEdited, "\(spec.id) \(form): \(t.id)/\(n.id) review \(a.review)")
                guard !citesEdited else { continue }
                #expect(a.verdict == m.verdict, "\(t.id)/\(n.id)")
                let mapped = m.citations.map { c in byWords[key(model.clause(c.clause)!.text, model.school)] ?? "?" + c.clause }
                #expect(a.citations.map(\.clause) == mapped, "\(spec.id) \(form): \(t.id)/\(n.id)")
            }
        }
        #expect(!expectedReview.isEmpty)

        // diff-policy on the school's own new version (its name kept): exactly the edited clauses,
        // and the outcomes citing them.
        let newVersion = try write(try Self.variant(spec, school: model.school, rename: false).text, "new-version")
        let diff = try CLI.run(["diff-policy", "--trees", Fixtures.shippedTrees, spec.id, newVersion, "--format", "json"])
        #expect(diff.status == 1, "\(diff)")
        let d = try #require(try JSONSerialization.jsonObject(with: Data(diff.out.utf8)) as? [String: Any], "\(diff)")
        let dChanged = Set(
            (d["changed"] as? [[String: Any]] ?? []).compactMap { ($0["old"] as? [String: Any])?["id"] as? String })
        let dRemoved = Set((d["removed"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
        let dAdded = (d["added"] as? [[String: Any]] ?? []).compactMap { $0["text"] as? String }
        #expect(dChanged == changed, "\(spec.id) \(form): changed \(dChanged)")
        #expect(dRemoved == removed, "\(spec.id) \(form): removed \(dRemoved)")
        #expect(
            dAdded.map { Text.normalizeForQuote($0) } == [Text.normalizeForQuote(added)], "\(spec.id) \(form): added \(dAdded)")
        let wordDiff = (d["changed"] as? [[String: Any]])?.first?["wordDiff"] as? String ?? ""
        #expect(wordDiff.contains("{+"), "\(wordDiff)")
        let dReview = Set((d["review"] as? [[String: Any]] ?? []).map { "\($0["topic"]!)/\($0["outcome"]!)" })
        #expect(dReview == expectedReview, "\(spec.id) \(form): \(dReview.symmetricDifference(expectedReview))")
        #expect(((d["renumbered"] as? [Any]) ?? []).count > 0, "\(spec.id) \(form): nothing renumbered")
    }
}
