// Lint rules for a question node: its answers, hints, "Not sure", help and "why".
extension Validator {
    /// A question: its answers, "Not sure", help and "why".
    static func checkQuestion(
        _ q: Question, node: Node, path p: String, tree t: Tree, policies: [Policy], policyByID: [String: Policy],
        out: DiagnosticCollector
    ) {
        let f = t.file
        checkAnswers(q, node: node, path: p, tree: t, out: out)
        checkHints(q, node: node, file: f, path: p, out: out)
        checkNotSure(q, node: node, path: p, tree: t, policies: policies, out: out)
        if q.help == nil {
            out.warning(
                "no-help", f, node.location, p,
                "the question \"\(node.id)\" has no help text: a new starter may need a term explained")
        }
        checkWhy(q, node: node, path: p, file: f, policies: policies, policyByID: policyByID, out: out)
    }

    /// At least two answers, each leading to a node of the tree, no two with one label.
    static func checkAnswers(_ q: Question, node: Node, path p: String, tree t: Tree, out: DiagnosticCollector) {
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
    }

    /// "Not sure" on every question, leading straight to an outcome that is ask-first for every policy.
    static func checkNotSure(
        _ q: Question, node: Node, path p: String, tree t: Tree, policies: [Policy], out: DiagnosticCollector
    ) {
        let f = t.file
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
    }

    /// "why": the clauses each policy gives for asking, which must exist; a policy without one is warned of.
    static func checkWhy(
        _ q: Question, node: Node, path p: String, file f: String, policies: [Policy], policyByID: [String: Policy],
        out: DiagnosticCollector
    ) {
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
}
