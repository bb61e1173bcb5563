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

enum Loader {
    static func isValidID(_ s: String) -> Bool {
        guard let first = s.utf8.first, isIDStart(first) else { return false }
        return s.utf8.allSatisfy { isIDStart($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    static func isIDStart(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z")) || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z"))
            || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
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
