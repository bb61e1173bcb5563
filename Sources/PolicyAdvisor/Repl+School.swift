// The REPL: which school's policy applies (chosen, named in a question, remembered), and
// "when in doubt, ask".

import DecisionTree
import Foundation

extension Repl {
    // MARK: Policy

    var policyChoices: [(label: String, id: String?)] {
        library.policies.map { ($0.school, $0.id) } + [
            ("Not sure / show all schools (the most cautious answer, and where schools differ)", nil)
        ]
    }

    func showPolicyChoice() {
        out.line(out.styled("Which school's policy applies to you?", .bold))
        for (i, c) in policyChoices.enumerated() {
            let id = c.id.map { " " + out.styled("(\($0))", .dim) } ?? ""
            out.line(out.wrap("  \(i + 1). " + out.safe(c.label) + id, hanging: 5))
        }
    }

    func showPolicyLine() {
        if let p = policyID.flatMap({ library.policy($0) }) {
            out.line(
                "Policy: " + out.styled(out.safe(p.school), .bold)
                    + (remembered ? " (as last time; change with :policy)" : " (change with :policy)"))
            remembered = false
        } else {
            out.line("Policy: not chosen: answers show every school and take the most cautious (change with :policy)")
        }
    }

    func choosePolicy(_ text: String) {
        let choices = policyChoices
        var picked: (label: String, id: String?)?
        if let p = library.policy(text.trimmingCharacters(in: .whitespaces)) {
            picked = (p.school, p.id)
        } else if ScriptRunner.nonePolicyWords.contains(Text.fold(text)) || Text.fold(text) == "show all" {
            picked = choices.last
        } else {
            switch AnswerMatcher.match(text, labels: choices.map(\.label)) {
            case .matched(let i): picked = choices[i]
            case .ambiguous(let idx):
                out.line("That could be " + idx.map { choices[$0].label }.joined(separator: " or ") + ". Type its number.")
            case .noMatch:
                if isChoosingPolicy && walk == nil && Text.words(text).count >= 3 {
                    // A question typed before choosing a school: keep it, and answer it next.
                    input.remember(text)
                    let named = SchoolNames.mentioned(in: text, library: library)
                    if case .safeguarding(let topic, let outcome) = router.route(text) {
                        // A worry about a child is answered now, before the school: every
                        // school's answer first, then the person's own school's.
                        safeguarding(topic: topic, outcome: outcome)
                        if let named {
                            offerSchool(named, question: text, fromChoice: true)
                        } else {
                            pending = text
                            mode = .choosingPolicy
                            out.line(out.wrap("Which school is yours? I'll show exactly whom its policy names.", hanging: 0))
                            showPolicyChoice()
                        }
                        return
                    }
                    if let named {
                        offerSchool(named, question: text, fromChoice: true)
                        return
                    }
                    pending = text
                    out.line(out.wrap("I'll answer that as soon as I know which school's policy applies to you.", hanging: 0))
                } else {
                    out.line("Type a number from 1 to \(choices.count), or a school's name.")
                }
            }
        }
        guard let picked else {
            if isChoosingPolicy { showPolicyChoice() }
            return
        }
        policyID = picked.id
        remember()
        showPolicyLine()
        if isChoosingPolicy, let q = pending {
            pending = nil
            mode = .idle
            ask(q, offeringSchool: false)
            return
        }
        if let old = walk {
            // The same answers, under the new policy: the questions do not depend on the school.
            let w = old.under(policy: policyID)
            if isWalking { mode = .walking(w) } else { lastWalk = w }
            if isWalking || isChoosingPolicy, w.currentQuestion != nil {
                mode = .walking(w)
                showQuestion()
                return
            }
            if w.isFinished && (isChoosingPolicy || isIdle) && last != nil {
                mode = .idle
                showOutcome()
                return
            }
        }
        if isChoosingPolicy { mode = .idle }
        if isIdle { out.line("Ask your question.") }
    }

    /// Keeps the chosen school for the next interactive session.
    func remember() {
        guard let path = rememberPath else { return }
        RememberedSchool.write(policyID, to: path)
    }

    /// `:policy forget`: the next session asks which school again; this one keeps its choice.
    func forgetSchool() {
        if let path = rememberPath { RememberedSchool.forget(at: path) }
        let now = policyID.flatMap { library.policy($0) }.map { " This session keeps " + out.safe($0.school) + "." } ?? ""
        out.line(
            out.wrap(
                rememberPath == nil
                    ? "Nothing to forget: a school is only remembered between interactive sessions."
                    : "Forgotten: the next session will ask which school's policy applies to you." + now, hanging: 0))
        if isWalking { showQuestion() }
    }

    // MARK: A school named in a question

    /// "You mentioned Redbridge: use Redbridge Community School's policy?", or a choice of the
    /// schools the words could mean. Never taken without a yes.
    func offerSchool(_ named: SchoolNames.Mention, question: String, fromChoice: Bool) {
        let schools = named.ids.compactMap { library.policy($0) }
        guard !schools.isEmpty else { return }
        let mentioned = out.safe(named.words)
        if schools.count == 1 {
            out.line(
                out.wrap(
                    out.styled("You mentioned " + mentioned + ": use " + out.safe(schools[0].school) + "'s policy?", .bold),
                    hanging: 0))
            out.line("  " + out.styled("1.", .cyan) + " Yes")
        } else {
            out.line(
                out.wrap(out.styled("You mentioned " + mentioned + ": which school's policy applies to you?", .bold), hanging: 0))
            for (i, p) in schools.enumerated() {
                out.line(out.wrap("  " + out.styled("\(i + 1).", .cyan) + " " + out.safe(p.school), hanging: 5))
            }
        }
        out.line("  " + out.styled("\(schools.count + 1).", .cyan) + " " + otherSchoolLabel(fromChoice: fromChoice))
        mode = .confirmingSchool(ids: schools.map(\.id), question: question, fromChoice: fromChoice)
    }

    func otherSchoolLabel(fromChoice: Bool) -> String {
        if fromChoice { return "Another school" }
        if let p = policyID.flatMap({ library.policy($0) }) { return "No, keep " + out.safe(p.school) }
        return "No, keep showing every school"
    }

    func confirmSchool(_ text: String, ids: [String], question: String, fromChoice: Bool) {
        let word = Text.fold(text)
        var picked: String??
        if let n = Int(text), (1...ids.count + 1).contains(n) {
            picked = n <= ids.count ? .some(ids[n - 1]) : .some(nil)
        } else if ids.count == 1, ["yes", "y", "yeah", "yep", "yes please", "ok", "correct", "thats right"].contains(word) {
            picked = .some(ids[0])
        } else if ["no", "n", "nope", "another", "another school", "other", "keep", "no keep"].contains(word) {
            picked = .some(nil)
        } else if let p = library.policy(text.trimmingCharacters(in: .whitespaces)) {
            picked = .some(p.id)
        } else if case .matched(let i) = AnswerMatcher.match(text, labels: ids.compactMap { library.policy($0)?.school }) {
            picked = .some(ids[i])
        }
        guard let picked else {
            out.line(
                "Type a number from 1 to \(ids.count + 1)" + (ids.count == 1 ? " (1 for yes)." : ".")
                    + " Or :policy to see every school.")
            return
        }
        guard let id = picked else {
            if fromChoice {
                pending = question
                mode = .choosingPolicy
                showPolicyChoice()
            } else {
                mode = .idle
                ask(question, offeringSchool: false)
            }
            return
        }
        policyID = id
        remember()
        mode = .idle
        showPolicyLine()
        ask(question, offeringSchool: false)
    }

    /// "When in doubt, ask": the chosen policy's contact and clause (or every school's).
    func whenInDoubt() {
        let ps = policyID.flatMap { library.policy($0) }.map { [$0] } ?? library.policies
        for p in ps {
            let who = Render.joinNames(p.roleNames(p.whenInDoubtAsk))
            out.line(
                out.wrap(
                    out.styled("When in doubt, ask ", .bold) + out.safe(who)
                        + (policyID == nil ? " (" + out.safe(p.school) + ")" : "") + ".", hanging: 2))
            if let note = p.whenInDoubtNote, policyID != nil { out.line(out.wrap(out.safe(note), indent: 2, hanging: 0)) }
            if let c = p.clause(p.whenInDoubtClause), policyID != nil {
                Render.citation(
                    ResolvedCitation(policy: p, citation: Citation(clause: c.id))!, to: out, indent: 2, showSchool: true)
            }
        }
    }
}
