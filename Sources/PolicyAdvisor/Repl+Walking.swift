// The REPL: walking a topic's questions to an outcome, and the commands about it (:back, :why,
// :path, :cite, :transcript).

import DecisionTree
import Foundation

extension Repl {
    func start(topic id: String, prefill question: String? = nil) {
        guard let tree = library.tree(id) else { return }
        var w = Walk(library: library, tree: tree, policyID: policyID)
        declined = []
        let taken = question.map { w.prefill(from: $0) } ?? []
        mode = .walking(w)
        out.line(
            out.wrap(
                out.styled("Topic: ", .dim) + out.styled(out.safe(tree.title), .bold)
                    + out.styled("  (:why explains a question, :back goes back)", .dim), hanging: 2))
        sayTaken(taken)
        if w.isFinished { finish() } else { showQuestion() }
    }

    /// One line for each answer taken from the question's own words.
    func sayTaken(_ taken: [Step]) {
        for step in taken {
            out.line(
                out.wrap(
                    "You said " + out.styled("“" + out.safe(step.inferredFrom ?? "") + "”", .bold) + ", so: "
                        + out.safe(step.question) + " " + out.styled("→ " + out.safe(step.answer), .cyan)
                        + out.styled(" (:back to change it)", .dim), hanging: 2))
        }
    }

    func showQuestion() {
        guard let w = walk, let q = w.currentQuestion else { return }
        out.line()
        out.line(out.wrap(out.styled(out.safe(q.text), .bold), hanging: 0))
        if let help = q.help { out.line(out.wrap(out.styled(out.safe(help), .dim), indent: 2, hanging: 0)) }
        for (i, a) in q.answers.enumerated() {
            out.line(out.wrap("  " + out.styled("\(i + 1).", .cyan) + " " + out.safe(a.label), hanging: 5))
        }
    }

    func answer(_ text: String) {
        guard case .walking(var w) = mode else {
            mode = .idle
            return
        }
        do {
            try w.answer(text)
        } catch {
            switch error.code {
            case .ambiguous:
                out.line(
                    out.wrap(
                        "\"\(out.safe(text))\" could mean: " + error.candidates.map { out.safe($0) }.joined(separator: " / ")
                            + ". Type the number, or more of the words.", hanging: 2))
            default:
                if router.route(text) != .offTopic && text.split(separator: " ").count > 2 {
                    out.line(
                        out.wrap(
                            "That doesn't match an answer. To ask something new, finish this or type :restart; to leave this topic, answer Not sure.",
                            hanging: 0))
                } else {
                    out.line(
                        "Type a number from 1 to \(w.currentQuestion?.answers.count ?? 0), or a word from one of the answers.")
                }
            }
            showQuestion()
            return
        }
        // Later questions the first question's words already settle are not asked either.
        var next = w
        let taken = asked.isEmpty ? [] : next.prefill(from: asked, skipping: declined)
        mode = .walking(next)
        sayTaken(taken)
        if next.isFinished {
            finish()
        } else {
            showQuestion()
        }
    }

    func finish() {
        guard let w = walk, let result = w.result(today: today) else { return }
        mode = .idle
        let entry = TranscriptEntry(date: Date(), question: asked, result: result, library: library)
        last = entry
        session.append(entry)
        showOutcome()
        if let path = transcriptPath {
            do {
                try Transcript.append(entry, to: path, library: library, newSession: session.count == 1)
                out.line(out.styled("Saved to \(out.safe(path)).", .dim))
            } catch {
                Output.stderr.line("policy-advisor: could not save the transcript: \(error)")
            }
        }
        out.line()
        out.line(out.styled("Ask another question, or :why, :path, :cite, :transcript, :back.", .dim))
    }

    func showOutcome() {
        guard let w = walk, var result = w.result(today: today) else { return }
        out.line()
        // Staleness notices once per session.
        result.notices = result.notices.filter { !shownNotices.contains($0) }
        for n in result.notices { shownNotices.insert(n) }
        Render.consultation(result, library: library, to: out, showPath: false)
    }

    // MARK: Navigation

    func back() {
        // After :topics in the middle of a walk: back to the question it left.
        if case .choosingTopic = mode, let w = lastWalk, !w.isFinished {
            mode = .walking(w)
            showQuestion()
            return
        }
        guard var w = walk else {
            out.line("There is no question to go back to. Ask a question first.")
            return
        }
        let leaving = w.steps.last
        if w.back() {
            // Going back over an answer taken from the question's words: the person wants to
            // give it themselves, so it is not taken again.
            if let step = leaving, step.isInferred { declined.insert(step.nodeID) }
            mode = .walking(w)
            showQuestion()
        } else {
            out.line("This is the first question.")
            if isWalking { showQuestion() }
        }
    }

    func restart() {
        guard var w = walk else {
            out.line("Nothing to restart. Ask a question first.")
            return
        }
        w.restart()
        mode = .walking(w)
        out.line("Starting " + out.safe(w.tree.title) + " again.")
        showQuestion()
    }

    func why() {
        guard let w = walk else {
            out.line("Ask a question first; :why then explains why each question is asked.")
            return
        }
        if let e = w.why() {
            out.line(out.wrap(out.styled("Why this is asked: ", .bold) + out.safe(e.text), hanging: 2))
            Render.citations(e.citations, to: out)
            showQuestion()
        } else if let r = w.result(today: today) {
            out.line(out.styled("How this answer was reached:", .bold))
            Render.path(r.path, to: out)
            if r.policyID != nil {
                Render.citations(r.citations, to: out)
            } else {
                out.line("Each school's clauses are listed with its answer above.")
            }
        }
    }

    func showPath() {
        guard let w = walk, !w.steps.isEmpty else {
            out.line("No answers yet.")
            return
        }
        out.line(out.styled("Your answers so far (" + out.safe(w.tree.title) + "):", .bold))
        Render.path(w.steps, to: out)
        if isWalking { showQuestion() }
    }

    func cite(_ args: [String]) {
        var policy = policyID.flatMap { library.policy($0) }
        var clauseID: String?
        if args.count >= 2, let p = library.policy(args[0]) {
            policy = p
            clauseID = args[1]
        } else if args.count == 1 {
            clauseID = args[0]
        }
        guard let clauseID else {
            out.line("Usage: :cite CLAUSE (for the chosen policy) or :cite POLICY CLAUSE, for example :cite redbridge 6.2")
            return
        }
        guard let p = policy else {
            out.line(
                "Which school's clause? Type :cite POLICY \(out.safe(clauseID)); policies: "
                    + library.policyIDs.joined(separator: ", "))
            return
        }
        guard let c = p.clause(named: clauseID), let r = ResolvedCitation(policy: p, citation: Citation(clause: c.id)) else {
            out.line(
                out.wrap(
                    out.safe(p.school) + " has no clause '" + out.safe(clauseID)
                        + "'. Clauses cited here appear in the answers; `policy-advisor cite` lists one in full.", hanging: 0))
            return
        }
        Render.citation(r, to: out, indent: 0, showSchool: true, full: true)
    }

    func saveTranscript(_ path: String?) {
        guard let last else {
            out.line("There is no answer to save yet: finish a consultation first.")
            return
        }
        let target = path ?? Transcript.defaultName(for: last.date)
        do {
            try Transcript.append(last, to: target, library: library, newSession: false)
            out.line("Saved the consultation to " + out.safe(target) + ".")
        } catch {
            out.line("Could not save the transcript: \(error)")
        }
    }
}
