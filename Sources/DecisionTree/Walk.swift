/// Walking a tree: a value-type session that answers questions, goes back, restarts, and at the
/// end resolves the outcome for one policy, or for none (the most cautious answer, with the
/// schools' differences listed).

/// How a typed answer matched a question's answers.
public enum AnswerMatch: Sendable, Hashable {
    /// The index of the one answer that matches.
    case matched(Int)
    /// Several answers match: their indexes.
    case ambiguous([Int])
    case noMatch
}

public enum AnswerMatcher {
    /// Words people type when they do not know; they select the "Not sure" answer.
    static let notSureWords: Set<String> = ["unsure", "dont know", "do not know", "idk", "dunno", "dk", "not certain"]

    /// Matches typed text to one of `labels`: a number (1-based, when `allowNumbers`), the exact
    /// label, the label ignoring case and punctuation, or a unique word or prefix. Every typed word
    /// must be the start of a word in the label.
    public static func match(_ input: String, labels: [String], allowNumbers: Bool = true) -> AnswerMatch {
        let trimmed = input.trimmingWhitespace()
        guard !trimmed.isEmpty else { return .noMatch }
        if allowNumbers, let n = Int(trimmed) {
            return (1...max(1, labels.count)).contains(n) && n <= labels.count ? .matched(n - 1) : .noMatch
        }
        if let i = labels.firstIndex(of: trimmed) { return .matched(i) }
        let folded = Text.fold(trimmed)
        guard !folded.isEmpty else {
            if trimmed == "?", let i = labels.firstIndex(where: { Text.fold($0) == "not sure" }) { return .matched(i) }
            return .noMatch
        }
        let foldedLabels = labels.map(Text.fold)
        let exact = foldedLabels.indices.filter { foldedLabels[$0] == folded }
        if exact.count == 1 { return .matched(exact[0]) }
        if notSureWords.contains(folded), let i = foldedLabels.firstIndex(of: "not sure") { return .matched(i) }
        let typed = folded.split(separator: " ")
        var hits: [Int] = []
        for (i, label) in foldedLabels.enumerated() {
            let words = label.split(separator: " ")
            if label.hasPrefix(folded) || typed.allSatisfy({ t in words.contains { $0.hasPrefix(t) } }) {
                hits.append(i)
            }
        }
        if hits.count == 1 { return .matched(hits[0]) }
        if hits.count > 1 {
            // Prefer answers where every typed word is a whole word of the label.
            let whole = hits.filter { i in
                let words = foldedLabels[i].split(separator: " ")
                return typed.allSatisfy { words.contains($0) }
            }
            if whole.count == 1 { return .matched(whole[0]) }
            return .ambiguous(hits)
        }
        return .noMatch
    }
}

/// A problem answering a question.
public struct WalkError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Code: String, Sendable, Hashable {
        case noMatch = "no-match"
        case ambiguous
        case outOfRange = "out-of-range"
        case finished
    }

    public var code: Code
    public var message: String
    /// The labels the user could have meant (for ambiguous answers) or all of them.
    public var candidates: [String]

    public var description: String { message }
}

/// One step of a walk: the question asked and the answer given.
public struct Step: Sendable, Hashable {
    public var nodeID: String
    public var question: String
    public var answerID: String
    public var answer: String
    /// Where the answer was taken from the person's question rather than asked: the words that
    /// settled it ("my nephew"). Nil for an answer the person gave.
    public var inferredFrom: String? = nil

    public init(nodeID: String, question: String, answerID: String, answer: String, inferredFrom: String? = nil) {
        self.nodeID = nodeID
        self.question = question
        self.answerID = answerID
        self.answer = answer
        self.inferredFrom = inferredFrom
    }

    public var isInferred: Bool { inferredFrom != nil }
}

/// A walk through one tree, for one policy or none. A value: copy it to branch or undo.
public struct Walk: Sendable {
    public let library: Library
    public let tree: Tree
    /// The policy id, or nil for "not sure / show all".
    public let policyID: String?
    public private(set) var steps: [Step] = []
    public private(set) var currentID: String

    public init(library: Library, tree: Tree, policyID: String?) {
        self.library = library
        self.tree = tree
        self.policyID = policyID
        self.currentID = tree.start
    }

    /// A walk that starts at a given node (for safeguarding, straight at its outcome).
    public init?(library: Library, tree: Tree, policyID: String?, at nodeID: String) {
        guard tree.node(nodeID) != nil else { return nil }
        self.init(library: library, tree: tree, policyID: policyID)
        self.currentID = nodeID
    }

    /// Takes the answers that the person's own words settle, from the current question on
    /// ("my nephew": the pupil is a relative), until a question they do not settle. Returns the
    /// steps taken, each marked with the words that settled it.
    /// Questions in `skipping` (ones the person went back over to change) are never settled.
    @discardableResult
    public mutating func prefill(from text: String, skipping: Set<String> = []) -> [Step] {
        let words = Text.words(text)
        var taken: [Step] = []
        var visited = skipping
        while let q = currentQuestion, visited.insert(currentID).inserted, let m = Hints.answer(for: q, words: words) {
            let step = Step(
                nodeID: currentID, question: q.text, answerID: m.answer.id, answer: m.answer.label, inferredFrom: m.hint)
            steps.append(step)
            taken.append(step)
            currentID = m.answer.next
        }
        return taken
    }

    /// The same answers walked under another policy (the tree is shared, so the path holds).
    public func under(policy: String?) -> Walk {
        var w = Walk(library: library, tree: tree, policyID: policy)
        w.steps = steps
        w.currentID = currentID
        return w
    }

    public var current: Node { tree.node(currentID)! }
    public var currentQuestion: Question? { current.question }
    public var isFinished: Bool { current.outcome != nil }

    /// Answers the current question by its 0-based index.
    public mutating func answer(index: Int) throws(WalkError) {
        guard let q = currentQuestion else {
            throw WalkError(
                code: .finished, message: "the walk has reached its answer; there is no question to answer", candidates: [])
        }
        guard q.answers.indices.contains(index) else {
            throw WalkError(
                code: .outOfRange, message: "choose a number from 1 to \(q.answers.count)", candidates: q.answers.map(\.label))
        }
        let a = q.answers[index]
        steps.append(Step(nodeID: currentID, question: q.text, answerID: a.id, answer: a.label))
        currentID = a.next
    }

    /// Answers the current question by typed text: a number, the label, or a unique word or prefix.
    public mutating func answer(_ text: String, allowNumbers: Bool = true) throws(WalkError) {
        guard let q = currentQuestion else {
            throw WalkError(
                code: .finished, message: "the walk has reached its answer; there is no question to answer", candidates: [])
        }
        let labels = q.answers.map(\.label)
        switch AnswerMatcher.match(text, labels: labels, allowNumbers: allowNumbers) {
        case .matched(let i):
            try answer(index: i)
        case .ambiguous(let idx):
            let names = idx.map { labels[$0] }
            throw WalkError(
                code: .ambiguous,
                message: "\"\(text)\" matches more than one answer: " + names.map { "\"\($0)\"" }.joined(separator: ", "),
                candidates: names)
        case .noMatch:
            throw WalkError(
                code: .noMatch,
                message: "\"\(text)\" matches none of the answers: " + labels.map { "\"\($0)\"" }.joined(separator: ", "),
                candidates: labels)
        }
    }

    /// Goes back one question. Returns false (and changes nothing) at the first question.
    @discardableResult
    public mutating func back() -> Bool {
        guard let last = steps.popLast() else { return false }
        currentID = last.nodeID
        return true
    }

    public mutating func restart() {
        steps = []
        currentID = tree.start
    }

    /// Why the current question is asked: the sentence and the clauses under the walk's policy
    /// (or every policy's, with none chosen).
    public func why() -> Explanation? {
        guard let q = currentQuestion else { return nil }
        var cites: [ResolvedCitation] = []
        let policies = policyID.flatMap { library.policy($0) }.map { [$0] } ?? library.policies
        for p in policies {
            for c in q.why?.clauses[p.id] ?? [] {
                if let r = ResolvedCitation(policy: p, citation: Citation(clause: c, quote: nil)) { cites.append(r) }
            }
        }
        return Explanation(text: q.why?.text ?? "", citations: cites)
    }

    /// The outcome, resolved for the walk's policy (or none), once the walk has reached one.
    public func result(today: Day) -> Consultation? {
        guard let outcome = current.outcome else { return nil }
        return Consultation.make(
            library: library, tree: tree, outcomeID: currentID, outcome: outcome, policyID: policyID, steps: steps,
            today: today)
    }
}

/// Why a question is asked.
public struct Explanation: Sendable, Hashable {
    public var text: String
    public var citations: [ResolvedCitation]
}

/// A citation with its clause's words.
public struct ResolvedCitation: Sendable, Hashable {
    public var policyID: String
    public var school: String
    public var clauseID: String
    /// The id as shown to people: long heading-made ids shortened (`Policy.shortID`).
    public var shownID: String
    public var heading: String
    /// The quoted words: the citation's quote, or the whole clause.
    public var text: String
    /// The whole clause.
    public var clauseText: String
    public var isExcerpt: Bool

    public init?(policy: Policy, citation: Citation) {
        guard let c = policy.clause(citation.clause) else { return nil }
        policyID = policy.id
        school = policy.school
        clauseID = c.id
        shownID = policy.shortID(c.id)
        heading = c.heading
        clauseText = c.text
        text = citation.quote ?? c.text
        isExcerpt = citation.quote != nil
        if let lead = policy.leadIn(of: c.id) {
            leadIn = lead
        } else if let q = citation.quote, let lead = ResolvedCitation.listLeadIn(clause: c.text, quote: q) {
            leadIn = lead
            leadInOpensClause = true
        }
    }

    /// For a quote of one item of a clause's own list ("Any communications … must not:" then
    /// "- bring the school into disrepute …"), the clause's opening line, so that the item is
    /// never read without the words that make it a rule. Nil when the quote starts the clause
    /// or the clause does not open with a line ending in a colon.
    static func listLeadIn(clause: String, quote: String) -> String? {
        guard let newline = clause.firstIndex(of: "\n") else { return nil }
        let first = clause[..<newline].trimmingCharacters(in: .whitespaces)
        guard first.hasSuffix(":") else { return nil }
        // Not when the quote itself starts on that line.
        let start = String(Text.normalizeForQuote(quote).prefix(24))
        guard !Text.normalizeForQuote(first).contains(start) else { return nil }
        return first
    }

    /// For an item of a list ("a) Breach our …"), the words that introduce the list ("employees
    /// are prohibited from using social media to:"), so an item is never read without them.
    public var leadIn: String?
    /// Whether `leadIn` is the clause's own opening line (the quote is one of its items), rather
    /// than the end of the clause before.
    public var leadInOpensClause = false
}

/// What one policy says at the outcome reached.
public struct PolicyResult: Sendable, Hashable {
    public var policyID: String
    public var school: String
    public var verdict: Verdict
    public var advice: String
    /// Who to ask, in the policy's words ("the headteacher").
    public var ask: [String]
    public var citations: [ResolvedCitation]
    public var staleness: String?
}

/// The result of a consultation: the verdict, what to do, who to ask and the clauses behind it.
public struct Consultation: Sendable, Hashable {
    public var topic: String
    public var topicTitle: String
    public var outcomeID: String
    public var outcomeTitle: String
    /// The policy the answer is for, or nil for none chosen.
    public var policyID: String?
    public var path: [Step]
    public var verdict: Verdict
    public var advice: String
    public var ask: [String]
    public var citations: [ResolvedCitation]
    /// With no policy chosen: every school's answer. With one: empty.
    public var differences: [PolicyResult]
    /// Whether the schools disagree (no policy chosen).
    public var schoolsDiffer: Bool
    /// Staleness notices for the policies behind the answer.
    public var notices: [String]

    static func make(
        library: Library, tree: Tree, outcomeID: String, outcome: Outcome, policyID: String?, steps: [Step], today: Day
    ) -> Consultation {
        func resolve(_ p: Policy) -> PolicyResult? {
            guard let a = outcome.answers[p.id] else { return nil }
            return PolicyResult(
                policyID: p.id, school: p.school, verdict: a.verdict, advice: a.advice, ask: p.roleNames(a.ask),
                citations: a.citations.compactMap { ResolvedCitation(policy: p, citation: $0) },
                staleness: p.stalenessNotice(today: today))
        }
        if let pid = policyID, let p = library.policy(pid), let r = resolve(p) {
            return Consultation(
                topic: tree.id, topicTitle: tree.title, outcomeID: outcomeID, outcomeTitle: outcome.title, policyID: pid,
                path: steps, verdict: r.verdict, advice: r.advice, ask: r.ask, citations: r.citations, differences: [],
                schoolsDiffer: false, notices: r.staleness.map { [$0] } ?? [])
        }
        let all = library.policies.compactMap(resolve)
        let verdict = Verdict.mostCautious(all.map(\.verdict)) ?? .askFirst
        let cautious = all.filter { $0.verdict == verdict }
        let differ = Set(all.map(\.verdict)).count > 1
        let advice: String
        if differ {
            let groups = Verdict.allCases.sorted { $0.caution > $1.caution }.compactMap { v -> String? in
                let schools = all.filter { $0.verdict == v }.map(\.school)
                return schools.isEmpty ? nil : "\(v.label.lowercased()) at \(schools.joined(separator: ", "))"
            }
            advice =
                "Schools' policies differ here (\(groups.joined(separator: "; "))). Until you know which policy is yours, take the most cautious answer: \(verdict.label.lowercased()). Choose your school's policy for advice that follows its own words."
        } else {
            advice =
                "Every school's policy gives the same verdict here, each for its own reasons. Choose your school's policy for advice in its own words."
        }
        var ask: [String] = []
        for r in cautious { for name in r.ask where !ask.contains(name) { ask.append(name) } }
        return Consultation(
            topic: tree.id, topicTitle: tree.title, outcomeID: outcomeID, outcomeTitle: outcome.title, policyID: nil,
            path: steps, verdict: verdict, advice: advice, ask: ask, citations: all.flatMap(\.citations), differences: all,
            schoolsDiffer: differ, notices: all.compactMap(\.staleness))
    }
}
