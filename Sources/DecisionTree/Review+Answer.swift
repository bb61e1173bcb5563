import Foundation

// Reviewing: reading each part of the author's answer as typed, as lint would judge it.
extension PolicyReview {
    /// The verdict typed (a word or its start: "not", "ask"; a number 1-4 in the order allowed,
    /// not-allowed, ask-first, refer); empty keeps `default`.
    public func verdict(_ text: String, default value: Verdict, for item: Item) -> Result<Verdict, Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        var v = value
        if !t.isEmpty {
            let labels = Verdict.allCases.map(\.rawValue)
            switch AnswerMatcher.match(t, labels: labels) {
            case .matched(let i): v = Verdict.allCases[i]
            case .ambiguous(let idx):
                return .failure(
                    Problem(
                        field: .verdict,
                        message: "“\(t)” could be " + idx.map { labels[$0] }.dropLast().joined(separator: ", ") + " or "
                            + labels[idx.last!] + ": type more of it."))
            case .noMatch:
                return .failure(
                    Problem(field: .verdict, message: "“\(t)” is not a verdict: type allowed, not-allowed, ask-first or refer."))
            }
        }
        if item.safeguarding && v != .refer {
            return .failure(
                Problem(
                    field: .verdict,
                    message:
                        "This is a safeguarding outcome: a worry about a child's safety is always passed on, so the verdict is refer (lint: safeguarding-not-refer)."
                ))
        }
        return .success(v)
    }

    /// The clauses typed (ids as the policy prints them, or their short forms, separated by commas
    /// or spaces; "none" for none); empty keeps `default`. A quote the default gives a clause is
    /// kept. A firm verdict must rest on a clause; ask-first or refer with none cites the policy's
    /// "if in doubt" clause.
    public func citations(_ text: String, default value: [Citation], verdict: Verdict) -> Result<[Citation], Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        // A firm verdict resting only on the "if in doubt" clause rests on nothing that says so.
        let firm = verdict == .allowed || verdict == .notAllowed
        if firm, t.isEmpty, !value.isEmpty, value.allSatisfy({ $0.clause == policy.whenInDoubtClause }) {
            return .failure(
                Problem(
                    field: .clauses,
                    message:
                        "A firm verdict (\(verdict.rawValue)) must rest on the clause that says so, not only on the “if in doubt” clause \(policy.whenInDoubtClause): name it."
                ))
        }
        if t.isEmpty { return value.isEmpty ? citations("none", default: value, verdict: verdict) : .success(value) }
        let tokens = t.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
        var ids: [String] = []
        if !(tokens.count == 1 && ["none", "-"].contains(tokens[0].lowercased())) {
            for tok in tokens {
                guard let c = policy.clause(named: tok) else {
                    let near = nearestIDs(to: tok, among: clauseIDs)
                    return .failure(
                        Problem(
                            field: .clauses,
                            message: "\(policy.school)'s policy has no clause “\(tok)”."
                                + (near.isEmpty
                                    ? " Tab lists its clause ids; :cite ID shows one."
                                    : " Nearest: " + near.joined(separator: ", ") + ".")))
                }
                if !ids.contains(c.id) { ids.append(c.id) }
            }
        }
        if ids.isEmpty {
            if verdict == .allowed || verdict == .notAllowed {
                return .failure(
                    Problem(
                        field: .clauses,
                        message:
                            "A firm verdict (\(verdict.rawValue)) must rest on the clause that says so: name it (lint: no-citation). Where the text is silent, the verdict is ask-first."
                    ))
            }
            guard !policy.whenInDoubtClause.isEmpty else {
                return .failure(
                    Problem(
                        field: .clauses,
                        message:
                            "Name the clause the answer rests on (lint: no-citation); this policy has no “if in doubt” clause."))
            }
            ids = [policy.whenInDoubtClause]
        }
        return .success(ids.map { id in Citation(clause: id, quote: value.first { $0.clause == id }?.quote) })
    }

    /// Who to ask, typed as role ids or the roles' names, separated by commas; empty keeps `default`.
    public func ask(_ text: String, default value: [String]) -> Result<[String], Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return value.isEmpty ? .success(policy.whenInDoubtAsk) : .success(value) }
        var ids: [String] = []
        for raw in t.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let tok = raw.trimmingCharacters(in: .whitespaces)
            if tok.isEmpty { continue }
            let folded = Text.fold(tok)
            let byName = policy.roles.filter { r in
                let n = Text.fold(r.name)
                return n == folded || n == "the " + folded || n == "your " + folded
            }
            let byPrefix = policy.roles.filter { $0.id.hasPrefix(tok.lowercased()) }
            let role = policy.role(tok) ?? (byName.count == 1 ? byName[0] : nil) ?? (byPrefix.count == 1 ? byPrefix[0] : nil)
            guard let role else {
                let near = nearestIDs(to: tok, among: roleIDs)
                return .failure(
                    Problem(
                        field: .ask,
                        message: "“\(tok)” is not one of \(policy.school)'s roles"
                            + (near.isEmpty ? "" : " (nearest: " + near.joined(separator: ", ") + ")")
                            + ". Its roles: " + roleIDs.joined(separator: ", ")
                            + ". If its text names someone else, add a role to its policy file first."))
            }
            if !ids.contains(role.id) { ids.append(role.id) }
        }
        return ids.isEmpty ? .success(value) : .success(ids)
    }

    /// The advice typed; empty keeps `default`.
    public func advice(_ text: String, default value: String) -> Result<String, Problem> {
        let typed = text.trimmingCharacters(in: .whitespaces)
        let t = typed.isEmpty ? value : typed
        if t.isEmpty {
            return .failure(Problem(field: .advice, message: "Type the advice: what to do, in a sentence or two."))
        }
        // The placeholder says the text has not been checked: once reviewed, that is untrue.
        if Scaffold.isPlaceholder(t) {
            return .failure(
                Problem(
                    field: .advice,
                    message:
                        "That is the placeholder, which says the policy has not been checked: write what \(policy.school)'s text says for this case."
                ))
        }
        if typed.isEmpty { return .success(value) }
        if typed.split(whereSeparator: \.isWhitespace).count < 2 {
            return .failure(
                Problem(
                    field: .advice,
                    message: "“\(typed)” is one word: the advice says what to do, in a sentence or two (who to ask comes next)."
                ))
        }
        if let bad = Text.firstControlCharacter(t) {
            return .failure(
                Problem(
                    field: .advice,
                    message:
                        "The advice holds the control character U+\(String(bad.value, radix: 16, uppercase: true)); type it again without."
                ))
        }
        return .success(t)
    }

    /// Up to five ids nearest to a typed one: the ones it starts, then by edit distance.
    func nearestIDs(to typed: String, among ids: [String]) -> [String] {
        let t = Array(typed.lowercased().utf8)
        let scored = ids.compactMap { id -> (String, Int)? in
            let lower = id.lowercased()
            if lower.hasPrefix(typed.lowercased()) { return (id, 0) }
            let d = Text.editDistance(t, Array(lower.utf8), limit: 3)
            return d <= 3 ? (id, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(5).map(\.0)
    }
}
