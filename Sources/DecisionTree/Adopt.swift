import Foundation

/// Carries a model school's answers across to a school that adopted its policy: an outcome is
/// carried only where every clause the model cites there has a word-for-word match in the new
/// policy (school names aside). Everything else gets a cautious placeholder marked
/// `"review": true`. Nothing is ever carried on a near match: a changed word can change a rule.
public enum Adopt {
    public struct Change: Sendable, Hashable {
        public var carried = 0
        public var marked = 0
        public var questions = 0

        public init() {}
    }

    /// `map`: model clause id → the new policy's clause id, for clauses that match word for word.
    public static func add(_ policy: Policy, from model: Policy, map: [String: String], to tree: JSONValue) -> (
        JSONValue, Change
    ) {
        var change = Change()
        guard case .object(var top) = tree.kind, let ni = top.firstIndex(where: { $0.key == "nodes" }),
            case .array(var nodes) = top[ni].value.kind
        else { return (tree, change) }
        let (placeholders, _) = Scaffold.add(policy, to: tree)
        guard case .object(let ptop) = placeholders.kind, let pni = ptop.firstIndex(where: { $0.key == "nodes" }),
            case .array(let pnodes) = ptop[pni].value.kind
        else { return (tree, change) }
        let loc = SourceLocation(line: 0, column: 0)
        for (i, node) in nodes.enumerated() {
            guard case .object(var members) = node.kind else { continue }
            if let oi = members.firstIndex(where: { $0.key == "outcome" }), case .object(var answers) = members[oi].value.kind,
                !answers.contains(where: { $0.key == policy.id })
            {
                if let m = answers.first(where: { $0.key == model.id }), let carried = carry(m.value, policy, model, map) {
                    answers.append(JSONValue.Member(key: policy.id, keyLocation: loc, value: carried))
                    change.carried += 1
                } else if case .object(let pm) = pnodes[i].kind,
                    let poi = pm.firstIndex(where: { $0.key == "outcome" }), case .object(let pa) = pm[poi].value.kind,
                    let placeholder = pa.first(where: { $0.key == policy.id }), case .object(var fields) = placeholder.value.kind
                {
                    fields.append(
                        JSONValue.Member(key: "review", keyLocation: loc, value: JSONValue(kind: .bool(true), location: loc)))
                    answers.append(
                        JSONValue.Member(key: policy.id, keyLocation: loc, value: JSONValue(kind: .object(fields), location: loc))
                    )
                    change.marked += 1
                }
                members[oi].value.kind = .object(answers)
            }
            if let wi = members.firstIndex(where: { $0.key == "why" }), case .object(var why) = members[wi].value.kind,
                let ci = why.firstIndex(where: { $0.key == "clauses" }), case .object(var clauses) = why[ci].value.kind,
                !clauses.contains(where: { $0.key == policy.id })
            {
                let modelClauses = clauses.first { $0.key == model.id }?.value.array?.compactMap(\.string) ?? []
                var mapped = modelClauses.compactMap { map[$0] }
                if mapped.isEmpty {
                    mapped = [policy.whenInDoubtClause.isEmpty ? policy.clauses[0].id : policy.whenInDoubtClause]
                }
                clauses.append(JSONValue.Member(key: policy.id, keyLocation: loc, value: .arr(mapped.map { .str($0) })))
                why[ci].value.kind = .object(clauses)
                members[wi].value.kind = .object(why)
                change.questions += 1
            }
            nodes[i].kind = .object(members)
        }
        top[ni].value.kind = .array(nodes)
        var result = tree
        result.kind = .object(top)
        return (result, change)
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
