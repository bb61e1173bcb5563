// Decoding a policy file: its fields, roles, "whenInDoubt" and clauses, each problem reported.
extension Loader {
    static func decodePolicy(_ json: JSONValue, file: String, out: DiagnosticCollector) -> Policy? {
        guard let r = ObjectReader(json, what: "a policy", path: "", file: file, out: out) else { return nil }
        r.rejectUnknown(FieldNames.policy)
        guard r.formatVersion() else { return nil }
        let id = r.id("id")
        let school = r.string("school")
        let title = r.string("title")
        let source = r.string("source")
        let dateNote = r.string("dateNote", required: false)
        let adoptedFrom = r.id("adoptedFrom", required: false)
        let approved = decodeDate("approved", in: r, file: file, out: out)
        let nextReview = decodeDate("nextReview", in: r, file: file, out: out)
        let roles = decodeRoles(r, file: file, out: out)
        let doubt = decodeWhenInDoubt(r, file: file, out: out)
        let clauses = decodeClauses(r, file: file, out: out)
        guard let id, let school, let title, let source else { return nil }
        var policy = Policy(
            id: id, school: school, title: title, source: source, approved: approved, nextReview: nextReview,
            dateNote: dateNote, roles: roles, whenInDoubtAsk: doubt.ask, whenInDoubtClause: doubt.clause,
            whenInDoubtNote: doubt.note, clauses: clauses,
            file: file)
        policy.knownAs = r.stringList("knownAs", required: false) ?? []
        policy.adoptedFrom = adoptedFrom
        policy.buildIndexes()
        for m in r.list { policy.fieldLocations[m.key] = m.value.location }
        return policy
    }

    /// An optional date field ("approved", "nextReview"): YYYY, YYYY-MM or YYYY-MM-DD.
    static func decodeDate(_ key: String, in r: ObjectReader, file: String, out: DiagnosticCollector) -> PolicyDate? {
        guard let s = r.string(key, required: false) else { return nil }
        guard let d = PolicyDate(s) else {
            out.error(
                "bad-date", file, r.member(key)?.value.location, key,
                "\"\(s)\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
            return nil
        }
        return d
    }

    /// The policy's roles; one whose id is used twice is reported and left out.
    static func decodeRoles(_ r: ObjectReader, file: String, out: DiagnosticCollector) -> [Role] {
        var roles: [Role] = []
        var roleIDs: [String: SourceLocation] = [:]
        for (i, v) in (r.array("roles") ?? []).enumerated() {
            let p = "roles[\(i)]"
            guard let rr = ObjectReader(v, what: "a role", path: p, file: file, out: out) else { continue }
            rr.rejectUnknown(FieldNames.role)
            guard let rid = rr.id("id"), let name = rr.string("name") else { continue }
            let clauses = rr.stringList("clauses", required: false) ?? []
            if let first = roleIDs[rid] {
                out.error("duplicate-role", file, v.location, p, "the role id \"\(rid)\" is used twice (first at \(first))")
                continue
            }
            roleIDs[rid] = v.location
            roles.append(Role(id: rid, name: name, clauses: clauses))
        }
        return roles
    }

    /// "whenInDoubt": whom to ask, and the policy's own "if in doubt" clause or a note that it has none.
    static func decodeWhenInDoubt(_ r: ObjectReader, file: String, out: DiagnosticCollector) -> (
        ask: [String], clause: String, note: String?
    ) {
        var doubtAsk: [String] = []
        var doubtClause = ""
        var doubtNote: String?
        if let w = r.value("whenInDoubt", required: true),
            let wr = ObjectReader(w, what: "\"whenInDoubt\"", path: "whenInDoubt", file: file, out: out)
        {
            wr.rejectUnknown(FieldNames.whenInDoubt)
            doubtAsk = wr.stringList("ask") ?? []
            doubtClause = wr.string("clause", required: false) ?? ""
            doubtNote = wr.string("note", required: false)
            if wr.member("clause") == nil && doubtNote == nil {
                out.error(
                    "missing-field", file, wr.location, "whenInDoubt",
                    "\"whenInDoubt\" needs a \"clause\" (the policy's own \"if in doubt\" words) or, where the policy has none, a \"note\" that says so"
                )
            }
        }
        return (doubtAsk, doubtClause, doubtNote)
    }

    /// The policy's clauses (at least one); one whose id is used twice is reported and left out.
    static func decodeClauses(_ r: ObjectReader, file: String, out: DiagnosticCollector) -> [Clause] {
        var clauses: [Clause] = []
        var clauseIDs: [String: SourceLocation] = [:]
        let clauseValues = r.array("clauses") ?? []
        if r.member("clauses") != nil && clauseValues.isEmpty {
            out.error("empty-text", file, r.member("clauses")?.value.location, "clauses", "a policy needs at least one clause")
        }
        for (i, v) in clauseValues.enumerated() {
            let p = "clauses[\(i)]"
            guard let cr = ObjectReader(v, what: "a clause", path: p, file: file, out: out) else { continue }
            cr.rejectUnknown(FieldNames.clause)
            let cid = cr.id("id")
            let heading = cr.string("heading")
            let text = cr.string("text")
            guard let cid, let heading, let text else { continue }
            if let first = clauseIDs[cid] {
                out.error("duplicate-clause", file, v.location, p, "the clause id \"\(cid)\" is used twice (first at \(first))")
                continue
            }
            clauseIDs[cid] = v.location
            clauses.append(
                Clause(id: cid, heading: heading, text: text, location: cr.member("text")?.value.location ?? v.location))
        }
        return clauses
    }
}
