/// Checks that need the whole library: links between nodes, reachability, cycles, the "Not sure"
/// rule, and that every outcome answers for every policy with clauses that exist.
enum Validator {
    static func validate(policies: [Policy], trees: [Tree], out: DiagnosticCollector) {
        var policyByID: [String: Policy] = [:]
        for p in policies {
            if let first = policyByID[p.id] {
                out.error(
                    "duplicate-policy", p.file, p.fieldLocations["id"], "id",
                    "the policy id \"\(p.id)\" is also used by \(first.file)")
                continue
            }
            policyByID[p.id] = p
            validatePolicy(p, out: out)
        }
        for p in policies {
            if let model = p.adoptedFrom, policyByID[model] == nil || model == p.id {
                out.warning(
                    "unknown-model", p.file, p.fieldLocations["adoptedFrom"], "adoptedFrom",
                    "\"adoptedFrom\" names \"\(model)\", which is not another policy in the policies directory, so review cannot show its answers"
                        + suggestion(model, among: Array(policyByID.keys)))
            }
        }
        var treeByID: [String: Tree] = [:]
        for t in trees {
            if let first = treeByID[t.id] {
                out.error(
                    "duplicate-topic", t.file, t.fieldLocations["id"], "id",
                    "the topic id \"\(t.id)\" is also used by \(first.file): each topic needs its own id")
                continue
            }
            treeByID[t.id] = t
            validateTree(t, policies: policies, policyByID: policyByID, out: out)
        }
    }

    static func validatePolicy(_ p: Policy, out: DiagnosticCollector) {
        for (i, r) in p.roles.enumerated() {
            for c in r.clauses where p.clause(c) == nil {
                out.error(
                    "unknown-clause", p.file, p.fieldLocations["roles"], "roles[\(i)].clauses",
                    "the role \"\(r.id)\" names clause \"\(c)\", which \(p.id) does not have")
            }
        }
        if p.whenInDoubtAsk.isEmpty {
            out.error(
                "missing-field", p.file, p.fieldLocations["whenInDoubt"], "whenInDoubt.ask",
                "\"whenInDoubt.ask\" must name at least one role")
        }
        for a in p.whenInDoubtAsk where p.role(a) == nil {
            out.error(
                "unknown-role", p.file, p.fieldLocations["whenInDoubt"], "whenInDoubt.ask",
                "\"whenInDoubt.ask\" names the role \"\(a)\", which is not in this policy's roles")
        }
        if !p.whenInDoubtClause.isEmpty && p.clause(p.whenInDoubtClause) == nil {
            out.error(
                "unknown-clause", p.file, p.fieldLocations["whenInDoubt"], "whenInDoubt.clause",
                "\"whenInDoubt.clause\" names clause \"\(p.whenInDoubtClause)\", which this policy does not have")
        }
    }

    static func suggestion(_ name: String, among candidates: [String]) -> String {
        var best: (String, Int)?
        let n = Array(name.utf8)
        for c in candidates {
            let d = Text.editDistance(n, Array(c.utf8), limit: 3)
            if d <= 3 && (best == nil || d < best!.1) { best = (c, d) }
        }
        return best.map { "; did you mean \"\($0.0)\"?" } ?? ""
    }

    static func validateTree(_ t: Tree, policies: [Policy], policyByID: [String: Policy], out: DiagnosticCollector) {
        let f = t.file
        let ids = t.nodes.map(\.id)
        guard t.node(t.start) != nil || t.brokenNodeIDs.contains(t.start) else {
            out.error(
                "unknown-start", f, t.fieldLocations["start"], "start",
                "the start node \"\(t.start)\" does not exist" + suggestion(t.start, among: ids))
            checkNodes(t, policies: policies, policyByID: policyByID, out: out)
            return
        }
        checkNodes(t, policies: policies, policyByID: policyByID, out: out)
        if t.brokenNodeIDs.isEmpty { checkGraph(t, out: out) }
        if t.routing.isEmpty {
            out.warning(
                "no-routing", f, t.fieldLocations["routing"], "routing",
                "the tree has no routing phrases, so no question typed in words will reach it")
        }
    }

    /// What checking a tree's quotes has worked out so far: quotes repeat across outcomes, so each
    /// (clause, quote) pair is checked once and each clause normalised once; whether a clause is
    /// about official sites is worked out once and asked often.
    struct QuoteCache {
        var quoteChecked: [String: Bool] = [:]
        var official: [String: Bool] = [:]
        var normalizedClauses: [String: String] = [:]
    }

    static func checkNodes(_ t: Tree, policies: [Policy], policyByID: [String: Policy], out: DiagnosticCollector) {
        var cache = QuoteCache()
        for (i, node) in t.nodes.enumerated() {
            let p = "nodes[\(i)]"
            switch node.kind {
            case .question(let q):
                checkQuestion(q, node: node, path: p, tree: t, policies: policies, policyByID: policyByID, out: out)
            case .outcome(let o):
                checkOutcome(
                    o, node: node, path: p, file: t.file, policies: policies, policyByID: policyByID, out: out, cache: &cache)
            }
        }
    }

    /// A question: its answers, "Not sure", help and "why".
    static func checkQuestion(
        _ q: Question, node: Node, path p: String, tree t: Tree, policies: [Policy], policyByID: [String: Policy],
        out: DiagnosticCollector
    ) {
        let f = t.file
        // Only needed to suggest a name in an error message.
        var ids: [String] { t.nodes.map(\.id) }
        if q.answers.count < 2 {
            out.error(
                "too-few-answers", f, node.location, p + ".answers",
                "the question \"\(node.id)\" has \(q.answers.count) answer\(q.answers.count == 1 ? "" : "s"): a question needs at least two"
            )
        }
        var labels: [String: String] = [:]
        for (j, a) in q.answers.enumerated() {
            if t.node(a.next) == nil && !t.brokenNodeIDs.contains(a.next) {
                out.error(
                    "missing-node", f, a.location, p + ".answers[\(j)].next",
                    "the answer \"\(a.label)\" leads to \"\(a.next)\", which is not a node in this tree"
                        + suggestion(a.next, among: ids))
            }
            let folded = Text.fold(a.label)
            if let other = labels[folded] {
                out.error(
                    "duplicate-label", f, a.labelLocation ?? a.location, p + ".answers[\(j)].label",
                    "the answers \"\(other)\" and \"\(a.id)\" have the same label, so a typed answer could not tell them apart"
                )
            }
            labels[folded] = a.id
        }
        checkHints(q, node: node, file: f, path: p, out: out)
        if let ns = q.answers.first(where: \.isNotSure) {
            if let target = t.node(ns.next) {
                if let o = target.outcome {
                    let wrong = policies.filter { o.answers[$0.id].map { $0.verdict != .askFirst } ?? false }
                    if !wrong.isEmpty {
                        out.error(
                            "not-sure-not-ask-first", f, ns.location, p,
                            "\"Not sure\" in \"\(node.id)\" leads to \"\(target.id)\", whose verdict is not ask-first for \(wrong.map(\.id).joined(separator: ", ")): when in doubt, the answer is to ask"
                        )
                    }
                } else {
                    out.error(
                        "not-sure-not-ask-first", f, ns.location, p,
                        "\"Not sure\" in \"\(node.id)\" leads to another question; it must lead straight to an ask-first outcome that says who to ask"
                    )
                }
            }
        } else if q.answers.count > 0 {
            out.error(
                "no-not-sure", f, node.location, p + ".answers",
                "the question \"\(node.id)\" has no \"Not sure\" answer: every question must offer one, leading to an ask-first outcome"
            )
        }
        if q.help == nil {
            out.warning(
                "no-help", f, node.location, p,
                "the question \"\(node.id)\" has no help text: a new starter may need a term explained")
        }
        if let why = q.why {
            for (pid, clauses) in why.clauses.sorted(by: { $0.key < $1.key }) {
                guard let policy = policyByID[pid] else {
                    out.error(
                        "unknown-policy", f, node.location, p + ".why.clauses." + pid,
                        "\"why\" names the policy \"\(pid)\", which is not in the policies directory"
                            + suggestion(pid, among: Array(policyByID.keys)), about: .policy(pid))
                    continue
                }
                for c in clauses where policy.clause(c) == nil {
                    out.error(
                        "unknown-clause", f, node.location, p + ".why.clauses." + pid,
                        "\"why\" cites clause \"\(c)\" of \(pid), which that policy does not have")
                }
            }
            let missing = policies.filter { why.clauses[$0.id] == nil }.map(\.id)
            if !missing.isEmpty {
                out.warning(
                    "why-incomplete", f, node.location, p + ".why",
                    "\"why\" names no clause for \(missing.joined(separator: ", ")), so the advisor cannot say why this is asked under that policy"
                )
            }
        } else {
            out.warning(
                "no-why", f, node.location, p,
                "the question \"\(node.id)\" has no \"why\": the advisor cannot say why it is asked")
        }
    }

    /// An outcome: an answer for every policy, each with its citations (quoted word for word),
    /// whom to ask, and advice that fits its verdict.
    static func checkOutcome(
        _ o: Outcome, node: Node, path p: String, file f: String, policies: [Policy], policyByID: [String: Policy],
        out: DiagnosticCollector, cache: inout QuoteCache
    ) {
        for key in (o.answers.keys + o.keys.keys).sorted() where policyByID[key] == nil {
            out.error(
                "unknown-policy", f, o.answers[key]?.location ?? o.keys[key], p + ".outcome." + key,
                "the outcome \"\(node.id)\" answers for \"\(key)\", which is not a policy in the policies directory"
                    + suggestion(key, among: Array(policyByID.keys)), about: .policy(key))
        }
        for policy in policies {
            let pp = p + ".outcome." + policy.id
            guard let a = o.answers[policy.id] else {
                if o.keys[policy.id] != nil { continue }  // present but broken: already reported
                out.error(
                    "missing-policy-answer", f, node.location, p + ".outcome",
                    "the outcome \"\(node.id)\" gives no answer for \(policy.id): every outcome answers for every policy, with that policy's own verdict and clause"
                )
                continue
            }
            if a.citations.isEmpty {
                out.error(
                    "no-citation", f, a.location, pp + ".citations",
                    "the outcome \"\(node.id)\" cites no clause of \(policy.id): every answer must rest on the policy's words"
                )
            }
            if a.ask.isEmpty {
                out.error(
                    "no-ask", f, a.location, pp + ".ask",
                    "the outcome \"\(node.id)\" names nobody to ask under \(policy.id)")
            }
            for r in a.ask where policy.role(r) == nil {
                out.error(
                    "unknown-role", f, a.location, pp + ".ask",
                    "\"\(r)\" is not a role of \(policy.id)" + suggestion(r, among: policy.roles.map(\.id)))
            }
            checkAdvice(a, outcome: o, node: node, policy: policy, file: f, path: pp, out: out, official: &cache.official)
            if a.review {
                out.warning(
                    "needs-review", f, a.location, pp + ".review",
                    "the answer of \"\(node.id)\" for \(policy.id) is a placeholder still to be checked against its text (\"review\": true)"
                )
            }
            for (k, c) in a.citations.enumerated() {
                if let q = c.quote {
                    checkQuoteSense(
                        q, file: f, location: c.location ?? a.location, path: pp + ".citations[\(k)].quote", out: out)
                }
                guard let clause = policy.clause(c.clause) else {
                    out.error(
                        "unknown-clause", f, c.location ?? a.location, pp + ".citations[\(k)]",
                        "\(policy.id) has no clause \"\(c.clause)\""
                            + suggestion(c.clause, among: policy.clauses.map(\.id)))
                    continue
                }
                if let q = c.quote,
                    !(cache.quoteChecked[policy.id + "\u{0}" + clause.id + "\u{0}" + q]
                        ?? {
                            let key = policy.id + "\u{0}" + clause.id
                            let normal = cache.normalizedClauses[key] ?? Text.normalizeForQuote(clause.text)
                            cache.normalizedClauses[key] = normal
                            let ok = Text.isVerbatim(normalizedQuote: Text.normalizeForQuote(q), inNormalized: normal)
                            cache.quoteChecked[policy.id + "\u{0}" + clause.id + "\u{0}" + q] = ok
                            return ok
                        }())
                {
                    out.error(
                        "quote-not-found", f, c.location ?? a.location, pp + ".citations[\(k)].quote",
                        "the quote is not in clause \(c.clause) of \(policy.id) word for word: quote the clause exactly")
                }
            }
        }
    }

    /// Words that say a policy is silent: a firm verdict cannot rest on silence.
    static let silencePhrases = [
        "does not mention", "doesn't mention", "does not cover", "doesn't cover", "does not say",
        "doesn't say", "says nothing", "is silent", "does not address", "makes no mention",
    ]
    /// "Check if unsure" turns ask-first into "go ahead": ask-first means check first.
    static let unsurePhrases = [
        "if unsure", "if you are unsure", "if you're unsure", "if you are not sure", "if you're not sure",
        "if in any doubt", "when unsure",
    ]

    static func checkAdvice(
        _ a: PolicyAnswer, outcome o: Outcome, node: Node, policy: Policy, file f: String, path pp: String,
        out: DiagnosticCollector, official: inout [String: Bool]
    ) {
        func isOfficial(_ c: Clause) -> Bool {
            let key = policy.id + "\u{0}" + c.id
            if let v = official[key] { return v }
            let v = isAboutOfficialSites(c)
            official[key] = v
            return v
        }
        let advice = " " + Text.fold(a.advice) + " "
        if a.verdict == .allowed || a.verdict == .notAllowed,
            let phrase = silencePhrases.first(where: { Text.has(advice, " " + Text.fold($0) + " ") })
        {
            out.error(
                "firm-verdict-on-silence", f, a.location, pp + ".advice",
                "the outcome \"\(node.id)\" is \(a.verdict.rawValue) under \(policy.id) but its advice says the policy \"\(phrase)\" it: where a policy is silent, the answer is ask-first"
            )
        }
        if a.verdict == .askFirst,
            let phrase = unsurePhrases.first(where: {
                Text.has(advice, " " + $0.replacingOccurrences(of: "'", with: "") + " ")
            })
        {
            out.error(
                "unsure-in-ask-first", f, a.location, pp + ".advice",
                "the ask-first advice of \"\(node.id)\" under \(policy.id) says \"\(phrase)\": ask-first means check before you act, not only when unsure"
            )
        }
        if o.safeguarding && a.verdict != .refer {
            out.error(
                "safeguarding-not-refer", f, a.location, pp + ".verdict",
                "\"\(node.id)\" is a safeguarding outcome, so its verdict under \(policy.id) must be refer (pass it on now), not \(a.verdict.rawValue)"
            )
        }
        // A role the policy names only for its official sites is not the person to ask about a
        // personal account (unless the advice says the policy names nobody for the matter).
        let cited = a.citations.compactMap { policy.clause($0.clause) }
        let saysNobody = ["names nobody", "names no one", "does not name", "doesnt name", "names no-one"].contains {
            Text.has(advice, $0)
        }
        let personal = Text.has(Text.fold(node.id + " " + o.title), "personal")
        if !saysNobody {
            for r in a.ask {
                guard let role = policy.role(r), !role.clauses.isEmpty else { continue }
                let clauses = role.clauses.compactMap { policy.clause($0) }
                guard !clauses.isEmpty && clauses.allSatisfy(isOfficial) else { continue }
                let others = cited.filter { !role.clauses.contains($0.id) }
                if personal || (!others.isEmpty && !others.contains(where: isOfficial)) {
                    out.warning(
                        "role-off-matter", f, a.location, pp + ".ask",
                        "\(policy.id) names \"\(r)\" only in clauses about the school's own sites or work accounts (\(role.clauses.joined(separator: ", "))), but \"\(node.id)\" is about something else: ask whom the text names for this matter, or say it names nobody"
                    )
                }
            }
        }
    }

    /// Whether a clause is about the school's official sites (as far as its words tell).
    static func isAboutOfficialSites(_ c: Clause) -> Bool {
        let t = " " + Text.fold(c.heading + " " + c.text) + " "
        return [
            "official", "on behalf of", "creating sites", "creation of sites", "sites for work", "site administrator",
            "social media sites can be created", "school site", "school's site", "school sites",
        ].contains { Text.has(t, $0) }
    }

    /// A quote must carry its sense on its own: long enough, and not opening on a word whose
    /// subject is elsewhere.
    static func checkQuoteSense(_ q: String, file f: String, location: SourceLocation?, path: String, out: DiagnosticCollector) {
        let words = Text.words(q)
        if words.count < 8 {
            out.error(
                "short-quote", f, location, path,
                "the quote \"\(q)\" has \(words.count) word\(words.count == 1 ? "" : "s"): quote the sentence that carries the rule (at least eight words)"
            )
        }
        if let first = words.first, ["this", "it", "they", "these", "those", "such"].contains(first) {
            out.error(
                "dangling-quote", f, location, path,
                "the quote opens on \"\(first)\", whose subject is outside it: start the quote where the sentence names what it is about"
            )
        }
    }

    /// No two answers of one question may be selected by the same words in a question.
    static func checkHints(_ q: Question, node: Node, file f: String, path p: String, out: DiagnosticCollector) {
        guard q.answers.contains(where: { !$0.hints.isEmpty }) else { return }
        // Each hint's words, worked out once.
        let words = q.answers.map { $0.hints.map(Text.words) }
        for (j, a) in q.answers.enumerated() {
            if a.isNotSure && !a.hints.isEmpty {
                out.error(
                    "hint-conflict", f, a.hintsLocation ?? a.location, p + ".answers[\(j)].hints",
                    "\"Not sure\" cannot have hints: a person's words never make them unsure")
            }
            for (hi, h) in a.hints.enumerated() {
                let hw = words[j][hi]
                if hw.isEmpty {
                    out.error(
                        "hint-conflict", f, a.hintsLocation ?? a.location, p + ".answers[\(j)].hints",
                        "the hint \"\(h)\" has no words to match")
                    continue
                }
                for (k, b) in q.answers.enumerated() where k != j {
                    for (gi, g) in b.hints.enumerated() where Hints.matches(words: words[k][gi], pattern: hw) {
                        out.error(
                            "hint-conflict", f, a.hintsLocation ?? a.location, p + ".answers[\(j)].hints",
                            "the hint \"\(h)\" of \"\(a.id)\" also matches the hint \"\(g)\" of \"\(b.id)\" in \"\(node.id)\": a question's words could select both"
                        )
                    }
                }
            }
        }
    }

    /// Reachability and cycles, iteratively (a chain of any length is fine).
    static func checkGraph(_ t: Tree, out: DiagnosticCollector) {
        let n = t.nodes.count
        // Successor lists by index.
        var succ = [[Int]](repeating: [], count: n)
        for (i, node) in t.nodes.enumerated() {
            if let q = node.question {
                succ[i] = q.answers.compactMap { t.nodeIndex[$0.next] }
            }
        }
        guard let start = t.nodeIndex[t.start] else { return }
        // Colour: 0 unvisited, 1 on the current path, 2 done.
        var colour = [UInt8](repeating: 0, count: n)
        var stack: [(node: Int, next: Int)] = [(start, 0)]
        colour[start] = 1
        var reported = Set<Int>()
        while let top = stack.last {
            let (v, k) = top
            if k < succ[v].count {
                stack[stack.count - 1].next += 1
                let w = succ[v][k]
                if colour[w] == 0 {
                    colour[w] = 1
                    stack.append((w, 0))
                } else if colour[w] == 1 && !reported.contains(v) {
                    reported.insert(v)
                    let node = t.nodes[v]
                    let answer = node.question?.answers.first { t.nodeIndex[$0.next] == w }
                    out.error(
                        "cycle", t.file, answer?.location ?? node.location, "nodes[\(v)]",
                        "the answer \"\(answer?.label ?? "")\" in \"\(node.id)\" leads back to \"\(t.nodes[w].id)\", making a loop: a walk must always end at an outcome"
                    )
                }
            } else {
                colour[v] = 2
                stack.removeLast()
            }
        }
        for i in 0..<n where colour[i] == 0 {
            out.error(
                "unreachable", t.file, t.nodes[i].location, "nodes[\(i)]",
                "the node \"\(t.nodes[i].id)\" cannot be reached from the start node \"\(t.start)\": link an answer to it or remove it"
            )
        }
    }

    /// Whether each clause's text occurs in its policy's source text.
    static func checkSources(_ policies: [Policy], sourceTexts: [String: String], out: DiagnosticCollector) {
        for p in policies {
            guard let source = sourceTexts[p.id] else {
                out.error("unreadable", p.file, nil, "source", "the source text \"\(p.source)\" could not be read")
                continue
            }
            let normal = Text.normalizeForQuote(source)
            for (i, c) in p.clauses.enumerated() {
                if !Text.isVerbatim(normalizedQuote: Text.normalizeForQuote(c.text), inNormalized: normal) {
                    out.error(
                        "clause-not-verbatim", p.file, c.location, "clauses[\(i)].text",
                        "the text of clause \(c.id) is not word for word in \(p.source)")
                }
            }
        }
    }
}
