/// Turns parsed JSON into policies and trees, reporting every unknown, missing or mistyped field.

/// The format version this build reads.
public let supportedFormatVersion = 1

/// Every field a policy or tree file may hold, by the object it belongs to (the fuzz
/// dictionaries list them all; a test keeps them in step).
public enum FieldNames {
    public static let policy = [
        "$schema", "formatVersion", "id", "school", "knownAs", "title", "source", "approved", "nextReview", "dateNote",
        "roles", "whenInDoubt", "clauses", "adoptedFrom",
    ]
    public static let role = ["id", "name", "clauses"]
    public static let whenInDoubt = ["ask", "clause", "note"]
    public static let clause = ["id", "heading", "text"]
    public static let tree = ["$schema", "formatVersion", "id", "title", "summary", "routing", "start", "nodes"]
    public static let question = ["id", "question", "help", "why", "answers"]
    public static let why = ["text", "clauses"]
    public static let answer = ["id", "label", "next", "hints"]
    public static let outcome = ["id", "title", "safeguarding", "outcome"]
    public static let policyAnswer = ["verdict", "advice", "ask", "citations", "review"]
    public static let citation = ["clause", "quote"]

    public static var all: Set<String> {
        Set(policy + role + whenInDoubt + clause + tree + question + why + answer + outcome + policyAnswer + citation)
    }
}

/// Reads the fields of one JSON object, remembering which were used so unknown ones can be named.
struct ObjectReader {
    /// The object's members (objects here are small, so a list beats a dictionary).
    let list: [JSONValue.Member]
    let location: SourceLocation
    let path: String
    let file: String
    let out: DiagnosticCollector
    let what: String

    /// Returns nil (after reporting) when `value` is not an object.
    init?(_ value: JSONValue, what: String, path: String, file: String, out: DiagnosticCollector) {
        guard let ms = value.members else {
            out.error("wrong-type", file, value.location, path, "\(what) should be an object, not \(value.typeName)")
            return nil
        }
        self.list = ms
        self.location = value.location
        self.path = path
        self.file = file
        self.out = out
        self.what = what
    }

    func sub(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member named `key`, if present.
    func member(_ key: String) -> JSONValue.Member? {
        for m in list where m.key == key { return m }
        return nil
    }

    var keys: [String] { list.map(\.key) }

    /// Reports fields not in `known`, with a suggestion when one is close.
    func rejectUnknown(_ known: [String]) {
        for m in list where !known.contains(m.key) {
            var msg = "unknown field \"\(m.key)\" in \(what)"
            let near = known.filter {
                Text.editDistance(Array($0.lowercased().utf8), Array(m.key.lowercased().utf8), limit: 2) <= 2
            }
            if let n = near.first {
                msg += "; did you mean \"\(n)\"?"
            } else {
                msg += " (expected: " + known.filter { $0 != "$schema" }.joined(separator: ", ") + ")"
            }
            out.error("unknown-field", file, m.keyLocation, sub(m.key), msg)
        }
    }

    func value(_ key: String, required: Bool) -> JSONValue? {
        if let m = member(key) { return m.value }
        if required {
            out.error("missing-field", file, location, path, "\(what) is missing the field \"\(key)\"")
        }
        return nil
    }

    func string(_ key: String, required: Bool = true, allowEmpty: Bool = false) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard let s = v.string else {
            out.error("wrong-type", file, v.location, sub(key), "\"\(key)\" should be a string, not \(v.typeName)")
            return nil
        }
        if !allowEmpty && s.isBlank {
            out.error("empty-text", file, v.location, sub(key), "\"\(key)\" is empty")
            return nil
        }
        if let bad = Text.firstControlCharacter(s) {
            out.error(
                "control-character", file, v.location, sub(key),
                "\"\(key)\" contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); text shown to people must not hold control characters or escape sequences"
            )
            return nil
        }
        return s
    }

    func id(_ key: String, required: Bool = true) -> String? {
        guard let s = string(key, required: required) else { return nil }
        if !Loader.isValidID(s) {
            out.error(
                "bad-id", file, member(key)?.value.location, sub(key),
                "\"\(s)\" is not a valid id: use letters, digits, '-' and '.' (starting with a letter or digit)")
            return nil
        }
        return s
    }

    func bool(_ key: String) -> Bool? {
        guard let v = value(key, required: false) else { return nil }
        guard case .bool(let b) = v.kind else {
            out.error("wrong-type", file, v.location, sub(key), "\"\(key)\" should be true or false, not \(v.typeName)")
            return nil
        }
        return b
    }

    func array(_ key: String, required: Bool = true) -> [JSONValue]? {
        guard let v = value(key, required: required) else { return nil }
        guard let a = v.array else {
            out.error("wrong-type", file, v.location, sub(key), "\"\(key)\" should be a list, not \(v.typeName)")
            return nil
        }
        return a
    }

    func stringList(_ key: String, required: Bool = true) -> [String]? {
        guard let a = array(key, required: required) else { return nil }
        var result: [String] = []
        for (i, v) in a.enumerated() {
            guard let s = v.string else {
                out.error(
                    "wrong-type", file, v.location, sub(key) + "[\(i)]",
                    "items of \"\(key)\" should be strings, not \(v.typeName)")
                continue
            }
            if let bad = Text.firstControlCharacter(s) {
                out.error(
                    "control-character", file, v.location, sub(key) + "[\(i)]",
                    "this text contains the control character U+\(String(bad.value, radix: 16, uppercase: true))")
                continue
            }
            result.append(s)
        }
        return result
    }

    func formatVersion() -> Bool {
        guard let v = value("formatVersion", required: true) else { return false }
        guard case .number(let n) = v.kind, n == n.rounded() else {
            out.error("wrong-type", file, v.location, sub("formatVersion"), "\"formatVersion\" should be a whole number")
            return false
        }
        if Int(exactly: n) != supportedFormatVersion {
            out.error(
                "format-version", file, v.location, sub("formatVersion"),
                "format version \(n.formatted) is not supported: this build of policy-advisor reads version \(supportedFormatVersion)"
            )
            return false
        }
        return true
    }
}

extension Double {
    var formatted: String {
        if self == rounded() && abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}

extension String {
    /// Whether the string holds nothing but white space (fast for ASCII).
    var isBlank: Bool {
        for b in utf8 {
            if b == 32 || b == 9 || b == 10 || b == 13 { continue }
            if b < 0x80 { return false }
            return trimmingWhitespace().isEmpty
        }
        return true
    }

    func trimmingWhitespace() -> String {
        // Fast path: ASCII white space at both ends (the usual case) is cut on the bytes.
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 }
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        let firstOK = start == end || u[start] < 0x80
        let lastOK = start == end || u[u.index(before: end)] < 0x80
        if firstOK && lastOK {
            if start == u.startIndex && end == u.endIndex { return self }
            return String(self[start..<end])
        }
        return slowTrim()
    }

    private func slowTrim() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}

enum Loader {
    static func isValidID(_ s: String) -> Bool {
        guard let first = s.utf8.first, isIDStart(first) else { return false }
        return s.utf8.allSatisfy { isIDStart($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    static func isIDStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }

    // MARK: Policies

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
        func date(_ key: String) -> PolicyDate? {
            guard let s = r.string(key, required: false) else { return nil }
            guard let d = PolicyDate(s) else {
                out.error(
                    "bad-date", file, r.member(key)?.value.location, key,
                    "\"\(s)\" is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
                return nil
            }
            return d
        }
        let approved = date("approved")
        let nextReview = date("nextReview")

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

        guard let id, let school, let title, let source else { return nil }
        var policy = Policy(
            id: id, school: school, title: title, source: source, approved: approved, nextReview: nextReview,
            dateNote: dateNote, roles: roles, whenInDoubtAsk: doubtAsk, whenInDoubtClause: doubtClause,
            whenInDoubtNote: doubtNote, clauses: clauses,
            file: file)
        policy.knownAs = r.stringList("knownAs", required: false) ?? []
        policy.adoptedFrom = adoptedFrom
        policy.buildIndexes()
        for m in r.list { policy.fieldLocations[m.key] = m.value.location }
        return policy
    }

    // MARK: Trees

    /// Nodes decoded while the file was read (see `JSONReader.parseStreaming`).
    struct StreamedNodes {
        var nodes: [Node] = []
        var ids: [String: SourceLocation] = [:]
        var broken: Set<String> = []
        var count = 0
    }

    /// Reads and decodes a tree file, decoding each node as soon as it is parsed.
    static func decodeTreeFile(_ file: SourceFile, out: DiagnosticCollector) -> Tree? {
        var streamed = StreamedNodes()
        let nodeOut = DiagnosticCollector()
        let top: JSONValue
        do {
            top = try JSONReader.parseStreaming(file.bytes, streamKey: "nodes") { v, i in
                streamed.count += 1
                let p = "nodes[\(i)]"
                guard let node = decodeNode(v, path: p, file: file.name, out: nodeOut) else {
                    if let id = v.members?.first(where: { $0.key == "id" })?.value.string { streamed.broken.insert(id) }
                    return
                }
                if let first = streamed.ids[node.id] {
                    nodeOut.error(
                        "duplicate-node", file.name, v.location, p + ".id",
                        "the node id \"\(node.id)\" is used twice (first at \(first))")
                    return
                }
                streamed.ids[node.id] = v.location
                streamed.nodes.append(node)
            }
        } catch {
            let rule = error.message.contains("UTF-8") ? "utf8" : "json"
            out.error(rule, file.name, error.location, nil, error.message)
            return nil
        }
        out.items += nodeOut.items
        return decodeTree(top, file: file.name, out: out, streamed: streamed)
    }

    static func decodeTree(_ json: JSONValue, file: String, out: DiagnosticCollector, streamed: StreamedNodes) -> Tree? {
        guard let r = ObjectReader(json, what: "a topic tree", path: "", file: file, out: out) else { return nil }
        r.rejectUnknown(FieldNames.tree)
        guard r.formatVersion() else { return nil }
        let id = r.id("id")
        let title = r.string("title")
        let summary = r.string("summary")
        let routing = r.stringList("routing") ?? []
        let start = r.string("start")
        // The nodes were decoded as the file streamed in (the list itself reads as empty here);
        // reading the member still reports a missing or mistyped "nodes".
        _ = r.array("nodes")
        let collected = streamed
        if r.member("nodes") != nil && collected.count == 0 && r.member("nodes")?.value.array != nil {
            out.error("empty-tree", file, r.member("nodes")?.value.location, "nodes", "a tree needs at least one node")
        }
        guard let id, let title, let summary, let start else { return nil }
        var tree = Tree(
            id: id, title: title, summary: summary, routing: routing, start: start, nodes: collected.nodes, file: file)
        tree.buildIndex()
        tree.brokenNodeIDs = collected.broken
        for m in r.list { tree.fieldLocations[m.key] = m.value.location }
        return tree
    }

    static func decodeNode(_ v: JSONValue, path p: String, file: String, out: DiagnosticCollector) -> Node? {
        guard let nr = ObjectReader(v, what: "a node", path: p, file: file, out: out) else { return nil }
        let isQuestion = nr.member("question") != nil
        let isOutcome = nr.member("outcome") != nil
        if isQuestion && isOutcome {
            out.error(
                "node-kind", file, v.location, p,
                "a node is a question or an outcome, not both: remove \"question\" or \"outcome\"")
            return nil
        }
        if !isQuestion && !isOutcome {
            out.error(
                "node-kind", file, v.location, p, "a node needs \"question\" (with \"answers\") or \"outcome\" (with \"title\")")
            _ = nr.id("id")
            return nil
        }
        return isQuestion
            ? decodeQuestion(nr, at: v, path: p, file: file, out: out) : decodeOutcome(nr, at: v, path: p, file: file, out: out)
    }

    /// A question node: its text, help, "why" and answers.
    static func decodeQuestion(_ nr: ObjectReader, at v: JSONValue, path p: String, file: String, out: DiagnosticCollector)
        -> Node?
    {
        nr.rejectUnknown(FieldNames.question)
        let nid = nr.id("id")
        let text = nr.string("question")
        let help = nr.string("help", required: false)
        var why: Why?
        if let w = nr.value("why", required: false),
            let wr = ObjectReader(w, what: "\"why\"", path: p + ".why", file: file, out: out)
        {
            wr.rejectUnknown(FieldNames.why)
            let wtext = wr.string("text")
            var map: PolicyMap<[String]> = [:]
            if let c = wr.value("clauses", required: true),
                let cr = ObjectReader(c, what: "\"why.clauses\"", path: p + ".why.clauses", file: file, out: out)
            {
                for key in cr.keys {
                    map[out.intern(key)] = (cr.stringList(key) ?? []).map(out.intern)
                }
            }
            if let wtext { why = Why(text: wtext, clauses: map) }
        }
        var answers: [Answer] = []
        var answerIDs: [String: SourceLocation] = [:]
        for (j, av) in (nr.array("answers") ?? []).enumerated() {
            let ap = p + ".answers[\(j)]"
            guard let ar = ObjectReader(av, what: "an answer", path: ap, file: file, out: out) else { continue }
            ar.rejectUnknown(FieldNames.answer)
            guard let aid = ar.id("id"), let label = ar.string("label"), let next = ar.string("next") else { continue }
            let hints = ar.stringList("hints", required: false) ?? []
            if let first = answerIDs[aid] {
                out.error(
                    "duplicate-answer", file, av.location, ap + ".id",
                    "the answer id \"\(aid)\" is used twice in this question (first at \(first))")
                continue
            }
            answerIDs[aid] = av.location
            answers.append(
                Answer(
                    id: out.intern(aid), label: out.intern(label), next: next,
                    location: ar.member("next")?.value.location ?? av.location,
                    labelLocation: ar.member("label")?.value.location,
                    hints: hints.map(out.intern),
                    hintsLocation: ar.member("hints")?.value.location))
        }
        guard let nid, let text else { return nil }
        return Node(
            id: nid, kind: .question(Question(text: text, help: help, why: why, answers: answers)), location: v.location)
    }

    /// An outcome node: its title and each policy's answer.
    static func decodeOutcome(_ nr: ObjectReader, at v: JSONValue, path p: String, file: String, out: DiagnosticCollector)
        -> Node?
    {
        nr.rejectUnknown(FieldNames.outcome)
        let nid = nr.id("id")
        let title = nr.string("title")
        let safeguarding = nr.bool("safeguarding") ?? false
        var answers: PolicyMap<PolicyAnswer> = [:]
        var keys: PolicyMap<SourceLocation> = [:]
        if let o = nr.value("outcome", required: true),
            let or = ObjectReader(o, what: "\"outcome\"", path: p + ".outcome", file: file, out: out)
        {
            for member in or.list {
                let key = out.intern(member.key)
                let pp = p + ".outcome." + key
                guard let pr = ObjectReader(member.value, what: "the answer for \(key)", path: pp, file: file, out: out) else {
                    continue
                }
                pr.rejectUnknown(FieldNames.policyAnswer)
                let review = pr.bool("review") ?? false
                var verdict: Verdict?
                if let vs = pr.string("verdict") {
                    verdict = Verdict(rawValue: vs)
                    if verdict == nil {
                        out.error(
                            "bad-verdict", file, pr.member("verdict")?.value.location, pp + ".verdict",
                            "\"\(vs)\" is not a verdict: use allowed, not-allowed, ask-first or refer")
                    }
                }
                let advice = pr.string("advice")
                let ask = (pr.stringList("ask") ?? []).map(out.intern)
                var citations: [Citation] = []
                for (k, cv) in (pr.array("citations") ?? []).enumerated() {
                    let cp = pp + ".citations[\(k)]"
                    guard let cr = ObjectReader(cv, what: "a citation", path: cp, file: file, out: out) else { continue }
                    cr.rejectUnknown(FieldNames.citation)
                    guard let clause = cr.string("clause") else { continue }
                    let quote = cr.string("quote", required: false)
                    citations.append(Citation(clause: out.intern(clause), quote: quote.map(out.intern), location: cv.location))
                }
                defer { if answers[key] == nil { keys[key] = member.keyLocation } }
                if let verdict, let advice {
                    answers[key] = PolicyAnswer(
                        verdict: verdict, advice: advice, ask: ask, citations: citations, location: member.keyLocation,
                        review: review)
                }
            }
        }
        guard let nid, let title else { return nil }
        var outcome = Outcome(title: title, answers: answers)
        outcome.safeguarding = safeguarding
        outcome.keys = keys
        return Node(id: nid, kind: .outcome(outcome), location: v.location)
    }
}
