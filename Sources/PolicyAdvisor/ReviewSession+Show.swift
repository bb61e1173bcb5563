import DecisionTree
import Foundation

// The review conversation: what is shown of an outcome, the hint and prompt for each field, :help
// and :cite.
extension ReviewSession {
    /// Everything the author needs for one outcome: how staff reach it, the model's answer, the
    /// new policy's clauses for it, and what the file holds now.
    func show(_ item: PolicyReview.Item, position: Int, of total: Int) {
        showWays(item, position: position, of: total)
        if let m = item.model { showModel(m) }
        if !item.candidates.isEmpty || !item.unmatched.isEmpty {
            out.line(out.styled(school + "'s clauses for it:", .bold))
        }
        for c in item.candidates { showCandidate(c) }
        for mc in item.unmatched {
            out.line(
                out.wrap(
                    out.styled("The model's " + out.safe(shownModel(mc)), .red)
                        + " has no counterpart in the new text (left out, or rewritten beyond recognition): where nothing else covers the case, the answer is ask-first.",
                    indent: 2, hanging: 2))
        }
        showCurrent(item)
    }

    /// The outcome's title and the ways staff reach it.
    func showWays(_ item: PolicyReview.Item, position: Int, of total: Int) {
        out.line()
        out.line(
            out.wrap(
                out.styled("Outcome \(position) of \(total) · " + out.safe(item.treeTitle) + " · " + out.safe(item.title), .bold)
                    + out.styled(" [" + out.safe(item.key.node) + "]", .dim), hanging: 2))
        if item.safeguarding {
            out.line(out.wrap("A safeguarding outcome: the verdict is always refer.", indent: 2, hanging: 0))
        }
        out.line(out.styled("How staff reach it:", .bold))
        for (i, path) in item.paths.enumerated() {
            if item.paths.count > 1 { out.line(out.styled("  Way \(i + 1):", .dim)) }
            Render.path(path, to: out)
        }
        if item.pathCount > item.paths.count {
            let more = item.pathCount - item.paths.count
            out.line(
                out.styled(
                    "  (and \(more) other way\(more == 1 ? "" : "s") there, longer" + (item.pathCount >= 10_000 ? " or more" : "")
                        + ")", .dim))
        }
    }

    /// The model school's answer at the outcome, with its clauses.
    func showModel(_ m: PolicyReview.ModelAnswer) {
        out.line(
            out.styled("The model, " + out.safe(m.policy.school) + ", answers: ", .bold) + out.verdictLabel(m.answer.verdict))
        out.line(out.wrap(out.styled("What to do: ", .bold) + out.safe(m.answer.advice), indent: 2, hanging: 2))
        out.line(
            out.wrap(
                out.styled("Who to ask: ", .bold) + out.safe(Render.joinNames(m.policy.roleNames(m.answer.ask))), indent: 2,
                hanging: 2))
        for r in m.citations { Render.citation(r, to: out, indent: 2, showSchool: true) }
    }

    /// A clause of the new policy for the outcome: how it stands to the model's (or to another
    /// school's), then the clause in full.
    func showCandidate(_ c: PolicyReview.Candidate) {
        let p = review.policy
        switch c.relation {
        case .same(let mc):
            out.line(
                out.wrap(
                    out.styled("Word for word the model's ", .green) + out.safe(shownModel(mc)) + ":", indent: 2, hanging: 2))
        case .near(let mc, let changes):
            out.line(
                out.wrap(
                    out.styled("Nearest to the model's ", .yellow) + out.safe(shownModel(mc))
                        + out.styled(", but the words differ", .yellow) + ":", indent: 2, hanging: 2))
            for ch in changes.prefix(6) {
                let text: String
                if ch.removed.isEmpty {
                    text = out.styled("added: ", .yellow) + "“" + out.safe(ch.added) + "”"
                } else if ch.added.isEmpty {
                    text = out.styled("left out: ", .yellow) + "“" + out.safe(ch.removed) + "”"
                } else {
                    text = out.styled("changed: ", .yellow) + "“" + out.safe(ch.removed) + "” → “" + out.safe(ch.added) + "”"
                }
                out.line(out.wrap(text, indent: 4, hanging: 2))
            }
            if changes.count > 6 { out.line(out.wrap("and \(changes.count - 6) more changes", indent: 4, hanging: 2)) }
        case .like(let pid, let clause):
            let other = review.library.policy(pid)
            out.line(
                out.wrap(
                    "Like " + out.safe(other?.school ?? pid) + "'s "
                        + out.safe(Render.clauseName(other?.shortID(clause) ?? clause)) + ", which it cites here:", indent: 2,
                    hanging: 2))
        }
        if let r = ResolvedCitation(policy: p, citation: Citation(clause: c.clause.id)) {
            Render.citation(r, to: out, indent: 4, showSchool: false, full: true)
        }
    }

    /// What the file holds now, and what Enter keeps.
    func showCurrent(_ item: PolicyReview.Item) {
        let p = review.policy
        let cur = item.current
        out.line(
            out.wrap(
                out.styled(cur.review ? "In the file now (a placeholder): " : "In the file now: ", .bold)
                    + cur.verdict.rawValue + ", citing "
                    + cur.citations.map { out.safe(p.shortID($0.clause)) }.joined(separator: ", ") + "; ask "
                    + out.safe(Render.joinNames(p.roleNames(cur.ask))) + ".", hanging: 2))
        if item.proposalIsModel {
            out.line(
                out.wrap(
                    out.styled("Enter keeps the model's clauses and people in " + school + "'s terms", .dim)
                        + out.styled(
                            ", but not its verdict or advice: a clause it rests on changed, so type what this text gives (Tab offers the model's advice).",
                            .dim),
                    hanging: 2))
        } else {
            out.line(
                out.wrap(out.styled("Enter keeps what the file holds now, except the placeholder's advice.", .dim), hanging: 2))
        }
    }

    func shownModel(_ id: String) -> String {
        Render.clauseName(review.model?.shortID(id) ?? id)
    }

    /// One line before each prompt: what to type.
    func hint(_ field: PolicyReview.Field, item: PolicyReview.Item, draft d: PolicyReview.Draft) {
        switch field {
        case .verdict:
            out.line(out.styled("Verdict: allowed, not-allowed, ask-first or refer.", .dim))
        case .clauses:
            out.line(
                out.styled("Clauses it rests on: ids as printed, separated by commas (Tab completes; :cite ID reads one).", .dim))
        case .advice:
            if d.advice.isEmpty || Scaffold.isPlaceholder(d.advice) {
                out.line(out.wrap(out.styled("Advice, what to do in a sentence or two, from this text:", .dim), hanging: 0))
                if modelAdvice != nil {
                    out.line(out.styled("(Tab on an empty line puts the model's advice there to edit.)", .dim))
                }
            } else {
                out.line(out.wrap(out.styled("Advice, what to do in a sentence or two. Enter keeps:", .dim), hanging: 0))
                out.line(out.wrap("“" + out.safe(d.advice) + "”", indent: 2, hanging: 1))
                out.line(out.styled("(Tab on an empty line puts it there to edit.)", .dim))
            }
        case .ask:
            let roles = review.policy.roles.map { out.safe($0.id) + " (" + out.safe($0.name) + ")" }.joined(separator: ", ")
            out.line(out.wrap(out.styled("Who to ask, role ids separated by commas: ", .dim) + roles, hanging: 2))
        }
    }

    func prompt(_ field: PolicyReview.Field, draft d: PolicyReview.Draft) -> String {
        switch field {
        case .verdict: return "verdict [\(d.verdict.rawValue)]> "
        case .clauses:
            var shown = d.clauseIDs.map { out.safe(review.policy.shortID($0)) }.joined(separator: ", ")
            if shown.count > 50 { shown = String(shown.prefix(48)) + "…" }
            return "clauses [\(shown)]> "
        case .advice: return "advice> "
        case .ask: return "who to ask [" + d.ask.map { out.safe($0) }.joined(separator: ", ") + "]> "
        }
    }

    func help() {
        let rows: [(String, String)] = [
            ("Enter", "keep the value in [brackets]"),
            (
                "Tab",
                "complete a clause id, a role, a verdict or a command; on an empty advice line, put the advice there to edit"
            ),
            (":skip", "leave this outcome marked and go to the next"),
            (":back", "the previous part of this answer, or the previous outcome"),
            (":show", "show this outcome again"),
            (":cite CLAUSE", "a clause of \(school)'s policy in full"),
            (":quit", "stop; everything reviewed so far is saved (Ctrl-D too)"),
        ]
        for (c, d) in rows {
            // The description wrapped in its own column, the command put before its first line.
            let body = out.wrap(d, indent: 16)
            out.line("  " + out.styled(c.padding(toLength: 14, withPad: " ", startingAt: 0), .cyan) + body.dropFirst(16))
        }
    }

    func cite(_ id: String) {
        let p = review.policy
        guard !id.isEmpty else {
            out.line("Usage: :cite CLAUSE, such as :cite " + out.safe(p.clauses.first.map { p.shortID($0.id) } ?? "1"))
            return
        }
        guard let c = p.clause(named: id), let r = ResolvedCitation(policy: p, citation: Citation(clause: c.id)) else {
            refuse(
                review.citations(id, default: [], verdict: .askFirst).failureMessage
                    ?? "\(p.school)'s policy has no clause “\(id)”.")
            return
        }
        Render.citation(r, to: out, indent: 2, showSchool: true, full: true)
    }
}

extension Result where Failure == PolicyReview.Problem {
    var failureMessage: String? {
        if case .failure(let p) = self { return p.message }
        return nil
    }
}
