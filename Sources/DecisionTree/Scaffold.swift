/// Writing JSON back, and adding a new school to existing trees.

extension JSONValue {
    /// The value as JSON text, indented by two spaces: the layout of the shipped files (the same
    /// as Python's `json.dumps(indent=2, ensure_ascii=False)`), so rewritten files diff cleanly.
    public func pretty() -> String {
        var out = ""
        write(into: &out, indent: 0)
        return out + "\n"
    }

    func write(into out: inout String, indent: Int) {
        switch kind {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n.formatted
        case .string(let s): JSONValue.escape(s, into: &out)
        case .array(let a):
            if a.isEmpty {
                out += "[]"
                return
            }
            out += "[\n"
            for (i, v) in a.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                v.write(into: &out, indent: indent + 2)
                out += i + 1 < a.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "]"
        case .object(let m):
            if m.isEmpty {
                out += "{}"
                return
            }
            out += "{\n"
            for (i, member) in m.enumerated() {
                out += String(repeating: " ", count: indent + 2)
                JSONValue.escape(member.key, into: &out)
                out += ": "
                member.value.write(into: &out, indent: indent + 2)
                out += i + 1 < m.count ? ",\n" : "\n"
            }
            out += String(repeating: " ", count: indent) + "}"
        }
    }

    static func escape(_ s: String, into out: inout String) { JSONText.quote(s, into: &out) }

    static func str(_ s: String) -> JSONValue { JSONValue(kind: .string(s), location: SourceLocation(line: 0, column: 0)) }
    static func arr(_ a: [JSONValue]) -> JSONValue { JSONValue(kind: .array(a), location: SourceLocation(line: 0, column: 0)) }
    static func obj(_ m: [(String, JSONValue)]) -> JSONValue {
        JSONValue(
            kind: .object(m.map { Member(key: $0.0, keyLocation: SourceLocation(line: 0, column: 0), value: $0.1) }),
            location: SourceLocation(line: 0, column: 0))
    }
}

/// Adds a new school to existing trees: every outcome that has no answer for the policy gets a
/// cautious placeholder (ask-first, the policy's when-in-doubt person and clause), and every
/// question's "why" gets the when-in-doubt clause, so the trees load at once. The author then
/// replaces the placeholders, outcome by outcome, with what the school's text says.
public enum Scaffold {
    public struct Change: Sendable, Hashable {
        /// Outcomes that got a placeholder.
        public var outcomes: Int
        public var questions: Int
        /// Outcomes whose model answer was carried across (`Adopt`).
        public var carried: Int = 0

        public init(outcomes: Int = 0, questions: Int = 0, carried: Int = 0) {
            self.outcomes = outcomes
            self.questions = questions
            self.carried = carried
        }
    }

    /// A model school's answers to carry across where its clauses match word for word (`Adopt`);
    /// `map` takes the model's clause ids to the new policy's.
    public struct Carry: Sendable {
        public var model: Policy
        public var map: [String: String]

        public init(model: Policy, map: [String: String]) {
            self.model = model
            self.map = map
        }
    }

    public static func placeholderAdvice(_ policy: Policy) -> String {
        let who = policy.roleNames(policy.whenInDoubtAsk)
        let names =
            who.count <= 1
            ? (who.first ?? "the person your policy names") : who.dropLast().joined(separator: ", ") + " or " + who.last!
        return "\(policy.school)'s policy has not yet been checked for this case. Ask \(names) before you act."
    }

    /// The words both placeholders say, and by which one is told from an answer.
    static let placeholderWords = "has not yet been checked"

    /// Whether advice is one of the placeholders above (never an answer someone has checked).
    public static func isPlaceholder(_ advice: String) -> Bool {
        Text.has(Text.fold(advice), placeholderWords)
    }

    public static func safeguardingPlaceholder(_ policy: Policy) -> String {
        "\(policy.school)'s policy has not yet been checked for this case. A worry about a child's safety is always passed on: do not wait, tell the designated safeguarding lead or the head teacher today."
    }

    /// Returns the tree with the placeholders added, and what was added. With `carrying`, an
    /// outcome takes the model's answer where `Adopt.carry` can map it, and a placeholder where it
    /// cannot; every placeholder is marked `"review": true`. A question's "why" takes the model's
    /// clauses, mapped.
    public static func add(_ policy: Policy, to tree: JSONValue, carrying: Carry? = nil) -> (JSONValue, Change) {
        var change = Change()
        let loc = SourceLocation(line: 0, column: 0)
        guard case .object(var top) = tree.kind, let ni = top.firstIndex(where: { $0.key == "nodes" }),
            case .array(var nodes) = top[ni].value.kind
        else { return (tree, change) }
        // The clause to cite: the policy's "if in doubt" clause, else the first clause naming whom to ask.
        let doubtClause =
            !policy.whenInDoubtClause.isEmpty
            ? policy.whenInDoubtClause
            : (policy.whenInDoubtAsk.compactMap { policy.role($0)?.clauses.first }.first ?? policy.clauses.first?.id ?? "")
        let answer = JSONValue.obj([
            ("verdict", .str("ask-first")),
            ("advice", .str(placeholderAdvice(policy))),
            ("ask", .arr(policy.whenInDoubtAsk.map { .str($0) })),
            ("citations", .arr([.obj([("clause", .str(doubtClause))])])),
        ])
        // A worry about a child's safety is passed on at once, whatever the text turns out to say.
        let safeguardingAnswer = JSONValue.obj([
            ("verdict", .str("refer")),
            ("advice", .str(safeguardingPlaceholder(policy))),
            ("ask", .arr(policy.whenInDoubtAsk.map { .str($0) })),
            ("citations", .arr([.obj([("clause", .str(doubtClause))])])),
        ])
        // A clause of the new text that no model clause matches and that speaks of safeguarding (a
        // named designated safeguarding lead, a same-day report): whom the school names for a worry
        // about a child may differ, so no safeguarding answer is carried; each is reviewed.
        let mapped = Set(carrying?.map.values.map { $0 } ?? [])
        let newSafetyText = policy.clauses.contains { c in
            !mapped.contains(c.id)
                && ["safeguarding", "child protection", "designated safeguarding lead", " dsl "].contains {
                    (" " + Text.fold(c.text) + " ").contains($0)
                }
        }
        for (i, node) in nodes.enumerated() {
            guard case .object(var members) = node.kind else { continue }
            let isSafeguarding = members.contains { m in
                if m.key == "safeguarding", case .bool(true) = m.value.kind { return true }
                return false
            }
            var answer = isSafeguarding ? safeguardingAnswer : answer
            if let oi = members.firstIndex(where: { $0.key == "outcome" }), case .object(var answers) = members[oi].value.kind {
                if !answers.contains(where: { $0.key == policy.id }) {
                    if let c = carrying, !(isSafeguarding && newSafetyText),
                        let m = answers.first(where: { $0.key == c.model.id }),
                        let carried = Adopt.carry(m.value, policy, c.model, c.map)
                    {
                        answers.append(JSONValue.Member(key: policy.id, keyLocation: loc, value: carried))
                        change.carried += 1
                    } else {
                        // Marked for review whether or not a model was carried: lint warns on
                        // each until someone has checked it against the text, and `review` walks them.
                        if case .object(var fields) = answer.kind {
                            fields.append(
                                JSONValue.Member(
                                    key: "review", keyLocation: loc, value: JSONValue(kind: .bool(true), location: loc)))
                            answer.kind = .object(fields)
                        }
                        answers.append(JSONValue.Member(key: policy.id, keyLocation: loc, value: answer))
                        change.outcomes += 1
                    }
                    members[oi].value.kind = .object(answers)
                }
            }
            if let wi = members.firstIndex(where: { $0.key == "why" }), case .object(var why) = members[wi].value.kind,
                let ci = why.firstIndex(where: { $0.key == "clauses" }), case .object(var clauses) = why[ci].value.kind,
                !clauses.contains(where: { $0.key == policy.id })
            {
                var cited = [doubtClause]
                if let c = carrying {
                    let modelClauses = clauses.first { $0.key == c.model.id }?.value.array?.compactMap(\.string) ?? []
                    let mapped = modelClauses.compactMap { c.map[$0] }
                    if !mapped.isEmpty { cited = mapped }
                }
                clauses.append(JSONValue.Member(key: policy.id, keyLocation: loc, value: .arr(cited.map { .str($0) })))
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

    /// Loads one policy file on its own (to scaffold it before the trees mention it).
    public static func loadPolicy(_ file: SourceFile, source: String?) throws(LoadFailure) -> Policy {
        let out = DiagnosticCollector()
        guard let json = Library.parse(file, out: out), let p = Loader.decodePolicy(json, file: file.name, out: out) else {
            throw LoadFailure(out.sorted())
        }
        Validator.validatePolicy(p, out: out)
        if let source { Validator.checkSources([p], sourceTexts: [p.id: source], out: out) }
        if out.hasErrors { throw LoadFailure(out.sorted()) }
        return p
    }
}
