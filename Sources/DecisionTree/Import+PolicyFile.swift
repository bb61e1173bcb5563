import Foundation

extension PolicyImport {
    /// The policy file for an import, in the shipped layout (one clause a line).
    public static func policyJSON(_ r: Result, id: String, school: String, title: String) -> String {
        func s(_ v: String) -> String {
            var out = ""
            JSONValue.escape(v, into: &out)
            return out
        }
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"$schema\": \"../policy.schema.json\",")
        lines.append("  \"formatVersion\": 1,")
        lines.append("  \"id\": \(s(id)),")
        lines.append("  \"school\": \(s(school)),")
        lines.append("  \"title\": \(s(title)),")
        lines.append("  \"source\": \(s("sources/" + id + ".txt")),")
        if let a = r.approved { lines.append("  \"approved\": \(s(a.description)),") }
        if let n = r.nextReview { lines.append("  \"nextReview\": \(s(n.description)),") }
        if let d = r.dateNote { lines.append("  \"dateNote\": \(s(d)),") }
        var roles = r.roles
        if roles.isEmpty { roles = [("headteacher", "the headteacher", [])] }
        lines.append("  \"roles\": [")
        for (i, role) in roles.enumerated() {
            let clauses = role.clauses.map(s).joined(separator: ", ")
            lines.append(
                "    {\"id\": \(s(role.id)), \"name\": \(s(role.name)), \"clauses\": [\(clauses)]}"
                    + (i + 1 < roles.count ? "," : ""))
        }
        lines.append("  ],")
        // Whom to ask when in doubt: those the "if in doubt" clause names, else the head teacher.
        let doubtRoles =
            r.whenInDoubtClause.map { c in roles.filter { $0.clauses.contains(c) }.map(\.id) } ?? []
        let ask = doubtRoles.isEmpty ? [roles.first { $0.id == "headteacher" }?.id ?? roles[0].id] : doubtRoles
        var doubt = "  \"whenInDoubt\": {\"ask\": [\(ask.map(s).joined(separator: ", "))]"
        if let c = r.whenInDoubtClause {
            doubt += ", \"clause\": \(s(c))"
            if doubtRoles.isEmpty {
                doubt +=
                    ", \"note\": \(s("Clause \(c) says to ask when in doubt but names nobody; ask \(roles.first { $0.id == ask[0] }?.name ?? ask[0]).")),"
                doubt.removeLast()
            }
        } else {
            doubt +=
                ", \"note\": \(s("The policy has no general 'if in doubt' sentence; ask \(roles.first { $0.id == ask[0] }?.name ?? ask[0]) (to check)."))"
        }
        lines.append(doubt + "},")
        lines.append("  \"clauses\": [")
        for (i, c) in r.clauses.enumerated() {
            lines.append(
                "    {\"id\": \(s(c.id)), \"heading\": \(s(c.heading)), \"text\": \(s(c.text))}"
                    + (i + 1 < r.clauses.count ? "," : ""))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
