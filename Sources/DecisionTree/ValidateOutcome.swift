// Lint rules for an outcome node: every policy answered, citations that exist and are quoted word
// for word, whom to ask, and advice that fits the verdict.
extension Validator {
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
}
