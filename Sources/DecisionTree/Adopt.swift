import Foundation

/// Carries a model school's answers across to a school that adopted its policy: an outcome is
/// carried only where every clause the model cites there has a word-for-word match in the new
/// policy (school names aside). Everything else gets a cautious placeholder marked
/// `"review": true`. Nothing is ever carried on a near match: a changed word can change a rule.
public enum Adopt {
    /// Adds the new school to a tree: the model's answers where they carry, placeholders marked
    /// for review elsewhere (`Scaffold.add` with a `Carry`). `map`: model clause id → the new
    /// policy's clause id, for clauses that match word for word.
    public static func add(_ policy: Policy, from model: Policy, map: [String: String], to tree: JSONValue) -> (
        JSONValue, Scaffold.Change
    ) {
        Scaffold.add(policy, to: tree, carrying: Scaffold.Carry(model: model, map: map))
    }

    /// How the new policy stands against the model, and for each model clause that has a
    /// word-for-word match (school names aside) the new policy's clause id (the first, by id).
    public static func clauseMap(_ policy: Policy, from model: Policy) -> (
        match: PolicyImport.ModelMatch, map: [String: String]
    ) {
        let clauses = policy.clauses.map { PolicyImport.ImportedClause(id: $0.id, heading: $0.heading, text: $0.text, line: 0) }
        let match = PolicyImport.compare(clauses, school: policy.school, with: model)
        var map: [String: String] = [:]
        for (newID, modelID) in match.same.sorted(by: { $0.key < $1.key }) where map[modelID] == nil { map[modelID] = newID }
        return (match, map)
    }

    /// The policy file's text with `"adoptedFrom": model` recorded (after `source`, keeping the
    /// file's layout where `source` stands on a line of its own), or nil when it already says so
    /// or the text is not a policy object.
    /// Where the model says its text has no general "if in doubt" sentence, and import took the
    /// new text's copy of the model's narrower one for it (Roselands' A.2.7 is about sites for
    /// young people), the new policy follows the model: no "if in doubt" clause, the model's note
    /// in the new school's terms, and whom the model says to ask where the new policy has them.
    /// Returns the policy as it should be and the policy file's `whenInDoubt` line, or nil.
    public static func doubtLikeModel(_ policy: Policy, model: Policy, map: [String: String]) -> (Policy, String)? {
        guard model.whenInDoubtClause.isEmpty, let note = model.whenInDoubtNote, !policy.whenInDoubtClause.isEmpty,
            map.values.contains(policy.whenInDoubtClause)
        else { return nil }
        var p = policy
        let ask = model.whenInDoubtAsk.filter { policy.role($0) != nil }
        if !ask.isEmpty { p.whenInDoubtAsk = ask }
        p.whenInDoubtClause = ""
        p.whenInDoubtNote = renumbering(renamed(note, from: model, to: policy), map)
        var line = "\"whenInDoubt\": {\"ask\": ["
        for (i, r) in p.whenInDoubtAsk.enumerated() {
            if i > 0 { line += ", " }
            JSONText.quote(r, into: &line)
        }
        line += "], \"note\": "
        JSONText.quote(p.whenInDoubtNote ?? "", into: &line)
        line += "}"
        return (p, line)
    }

    /// The policy file's text with its one-line `whenInDoubt` member replaced, or nil when the
    /// member is not on one line as import writes it.
    public static func replacingWhenInDoubt(_ line: String, in text: String) -> String? {
        guard let r = text.range(of: #"\"whenInDoubt\": \{[^\n]*\}"#, options: .regularExpression) else { return nil }
        var out = text
        out.replaceSubrange(r, with: line)
        return out
    }

    public static func recordingModel(_ model: String, in text: String) -> String? {
        guard let json = try? JSONReader.parse(Array(text.utf8)), case .object(var members) = json.kind else { return nil }
        if let i = members.firstIndex(where: { $0.key == "adoptedFrom" }) {
            if members[i].value.string == model { return nil }
            members[i].value = .str(model)
            var v = json
            v.kind = .object(members)
            return v.pretty()
        }
        guard let source = members.first(where: { $0.key == "source" }) else { return nil }
        var lines = text.components(separatedBy: "\n")
        let n = source.keyLocation.line - 1
        if n == source.value.location.line - 1, lines.indices.contains(n),
            lines[n].trimmingCharacters(in: .whitespaces).hasPrefix("\"source\""),
            lines[n].trimmingCharacters(in: .whitespaces).hasSuffix(",")
        {
            let indent = String(lines[n].prefix { $0 == " " || $0 == "\t" })
            var member = ""
            JSONValue.escape(model, into: &member)
            lines.insert(indent + "\"adoptedFrom\": " + member + ",", at: n + 1)
            return lines.joined(separator: "\n")
        }
        let at = (members.firstIndex { $0.key == "source" } ?? members.count - 1) + 1
        members.insert(
            JSONValue.Member(key: "adoptedFrom", keyLocation: SourceLocation(line: 0, column: 0), value: .str(model)), at: at)
        var v = json
        v.kind = .object(members)
        return v.pretty()
    }

    /// The ways advice names a school, longest first: "Roselands & Stafford Federation",
    /// "Roselands and Stafford", "Roselands & Stafford", "Roselands"; "The Grange Primary School",
    /// "The Grange Primary", "Grange Primary".
    static func names(of school: String) -> [String] {
        var out: Set<String> = [school]
        let suffixes = [" Federation", " School", " Academy Trust", " Trust", " Academy", " Community School"]
        var frontier = [
            school, school.replacingOccurrences(of: "&", with: "and"), school.replacingOccurrences(of: " and ", with: " & "),
        ]
        for s in frontier { out.insert(s) }
        for s in frontier {
            for suffix in suffixes where s.hasSuffix(suffix) { out.insert(String(s.dropLast(suffix.count))) }
        }
        frontier = Array(out)
        for s in frontier where s.hasPrefix("The ") { out.insert(String(s.dropFirst(4))) }
        if let first = school.components(separatedBy: " ").first(where: { $0 != "The" }), first.count >= 5 { out.insert(first) }
        return out.filter { $0.count >= 5 }.sorted { $0.count > $1.count }
    }

    /// Advice with the model school's names replaced by the new school's ("Roselands' policy"
    /// becomes "Elmfield Primary School's policy").
    public static func renamed(_ advice: String, from model: Policy, to policy: Policy) -> String {
        var out = advice
        let endsInS = policy.school.hasSuffix("s")
        for name in names(of: model.school) {
            // A possessive written for a name ending in s ("Roselands' ") takes 's after the new name.
            if name.hasSuffix("s") && !endsInS {
                out = out.replacingOccurrences(of: name + "' ", with: policy.school + "'s ")
                out = out.replacingOccurrences(of: name + "\u{2019} ", with: policy.school + "\u{2019}s ")
            }
            out = out.replacingOccurrences(of: name, with: policy.school)
        }
        // The model's word for itself ("the Federation", "the Trust"): the new school's text is a
        // school's, so it is "the school".
        for kind in ["Federation", "Trust", "Academy Trust"] where model.school.hasSuffix(" " + kind) {
            for (from, to) in [("the " + kind, "the school"), ("The " + kind, "The school")] {
                out = out.replacingOccurrences(of: from + "'s", with: to + "'s").replacingOccurrences(of: from, with: to)
            }
        }
        return out
    }

    /// Clause numbers named in advice ("as 6.6 requires") replaced by the new policy's, all at once.
    public static func renumbering(_ text: String, _ mapped: [String: String]) -> String {
        // Only ids with a dot (6.6, A.3.7): a bare number in advice may be a count, not a clause.
        let changed = mapped.filter { $0.key != $0.value && $0.key.contains(".") && $0.key.contains(where: \.isNumber) }
        guard !changed.isEmpty else { return text }
        var out = ""
        var word = ""
        func flush() {
            // A trailing full stop ends the sentence, not the number.
            var w = word
            var tail = ""
            while w.hasSuffix(".") {
                w.removeLast()
                tail += "."
            }
            out += (changed[w] ?? w) + tail
            word = ""
        }
        for ch in text {
            if ch.isLetter || ch.isNumber || ch == "." || ch == "-" {
                word.append(ch)
            } else {
                flush()
                out.append(ch)
            }
        }
        flush()
        return out
    }

    /// The model's answer for the new school, or nil when any clause it cites has no exact match.
    static func carry(_ answer: JSONValue, _ policy: Policy, _ model: Policy, _ map: [String: String]) -> JSONValue? {
        guard case .object(let fields) = answer.kind else { return nil }
        func field(_ k: String) -> JSONValue? { fields.first { $0.key == k }?.value }
        guard let verdict = field("verdict")?.string, var advice = field("advice")?.string,
            let citations = field("citations")?.array
        else { return nil }
        var newCitations: [JSONValue] = []
        for c in citations {
            guard let id = c.members?.first(where: { $0.key == "clause" })?.value.string, let to = map[id],
                let clause = policy.clause(to)
            else { return nil }
            var members: [(String, JSONValue)] = [("clause", .str(to))]
            if var q = c.members?.first(where: { $0.key == "quote" })?.value.string {
                q = q.replacingOccurrences(of: model.school, with: policy.school)
                // The quote must still be the new school's words exactly; if not, cite the clause whole.
                if Text.isVerbatim(q, in: clause.text) { members.append(("quote", .str(q))) }
            }
            newCitations.append(.obj(members))
        }
        // Who to ask: the same roles where the new policy names them, else its when-in-doubt person.
        let ask = (field("ask")?.array?.compactMap(\.string) ?? []).filter { policy.role($0) != nil }
        var cited: [String: String] = [:]
        for c in citations { if let id = c.members?.first(where: { $0.key == "clause" })?.value.string { cited[id] = map[id] } }
        advice = renumbering(renamed(advice, from: model, to: policy), cited)
        return .obj([
            ("verdict", .str(verdict)), ("advice", .str(advice)),
            ("ask", .arr((ask.isEmpty ? policy.whenInDoubtAsk : ask).map { .str($0) })),
            ("citations", .arr(newCitations)),
        ])
    }
}
