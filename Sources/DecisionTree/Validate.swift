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
