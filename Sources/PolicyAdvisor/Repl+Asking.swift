// The REPL: a question in words, routed to a topic, a choice, off-topic or safeguarding.

import DecisionTree
import Foundation

extension Repl {
    // MARK: Asking

    /// Answers a question. `offeringSchool`: whether a school the question names that is not the
    /// one chosen is offered first (not when the person has just chosen).
    func ask(_ question: String, offeringSchool: Bool = true) {
        asked = question
        let decision = router.route(question)
        if offeringSchool, let named = SchoolNames.mentioned(in: question, library: library),
            !named.ids.contains(policyID ?? "")
        {
            // A worry about a child is answered at once, under the school chosen so far; the
            // school the question names is offered after.
            if case .safeguarding(let topic, let outcome) = decision { safeguarding(topic: topic, outcome: outcome) }
            offerSchool(named, question: question, fromChoice: false)
            return
        }
        switch decision {
        case .topic(let id):
            start(topic: id, prefill: question)
        case .close(let a, let b):
            offerTopics([a, b], heading: "That could be about either of these:")
        case .unsure(let ts):
            offerTopics(ts, heading: "I'm not sure which of these you mean:")
        case .offTopic:
            offTopic()
        case .safeguarding(let topic, let outcome):
            safeguarding(topic: topic, outcome: outcome)
        }
    }

    /// A numbered choice of topics, best first, and "None of these".
    func offerTopics(_ ids: [String], heading: String) {
        out.line(heading)
        for (i, id) in ids.enumerated() {
            out.line(out.wrap("  " + out.styled("\(i + 1).", .cyan) + " " + out.safe(choiceTitle(id)), hanging: 5))
        }
        out.line("  " + out.styled("\(ids.count + 1).", .cyan) + " None of these")
        out.line(out.styled("Which one? (number or name)", .dim))
        mode = .choosingTopic(ids)
    }

    static let safeguardingChoice = "A worry about a child's safety (pass it on now)"

    /// How a topic (or the safeguarding choice) is named in a list of choices.
    func choiceTitle(_ id: String) -> String {
        id == QuestionCorpus.safeguarding ? Repl.safeguardingChoice : (library.tree(id)?.title ?? id)
    }

    /// Starts a chosen topic, or goes straight to the safeguarding outcome.
    func pick(_ id: String) {
        if id == QuestionCorpus.safeguarding, let target = library.safeguardingOutcome {
            safeguarding(topic: target.tree.id, outcome: target.outcomeID)
        } else {
            start(topic: id, prefill: asked)
        }
    }

    /// Two lines: what the advisor covers, and who to ask about anything else.
    func offTopic() {
        out.line(
            out.wrap(
                "That isn't something I can answer: I cover your school's social media policy ("
                    + library.trees.map { out.safe($0.title.lowercased()) }.joined(separator: ", ") + ").", hanging: 0))
        out.line(out.wrap(out.safe(library.anythingElse(policyID: policyID)) + " Or :topics to pick a topic.", hanging: 0))
    }

    /// A worry about a child's safety: straight to the safeguarding outcome, no questions first.
    func safeguarding(topic: String, outcome: String) {
        guard let tree = library.tree(topic), let w = Walk(library: library, tree: tree, policyID: policyID, at: outcome) else {
            return
        }
        mode = .walking(w)
        out.line(
            out.wrap(
                out.styled(
                    "This sounds like a worry about a child's safety. Don't wait and don't investigate: pass it on today.", .bold)
                    + " Don't copy, forward or delete any image or message, and don't promise to keep it secret.",
                hanging: 0))
        finish()
    }

    func noTopic() {
        out.line(out.wrap("Ask again in other words, or pick a topic by its number:", hanging: 0))
        topics()
    }

    func chooseTopic(_ text: String, among options: [String]) {
        var labels = options.map(choiceTitle)
        var ids = options
        // Any topic may be named here, not only the two offered.
        for t in library.trees where !ids.contains(t.id) {
            labels.append(t.title)
            ids.append(t.id)
        }
        if let t = library.tree(text.trimmingCharacters(in: .whitespaces)) {
            start(topic: t.id, prefill: asked)
            return
        }
        if let n = Int(text.trimmingCharacters(in: .whitespaces)) {
            if n >= 1 && n <= options.count {
                pick(options[n - 1])
            } else if n == options.count + 1 {
                mode = .idle
                noTopic()
            } else {
                out.line("Type a number from 1 to \(options.count + 1).")
            }
            return
        }
        if ["none", "none of these", "neither", "none of them"].contains(Text.fold(text)) {
            mode = .idle
            noTopic()
            return
        }
        switch AnswerMatcher.match(text, labels: labels, allowNumbers: false) {
        case .matched(let i) where i < ids.count: pick(ids[i])
        default:
            // Not a topic: treat it as a new question.
            input.remember(text)
            ask(text)
        }
    }
}
