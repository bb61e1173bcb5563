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
        for name in names(of: model.school) { advice = advice.replacingOccurrences(of: name, with: policy.school) }
        return .obj([
            ("verdict", .str(verdict)), ("advice", .str(advice)),
            ("ask", .arr((ask.isEmpty ? policy.whenInDoubtAsk : ask).map { .str($0) })),
            ("citations", .arr(newCitations)),
        ])
    }
}
