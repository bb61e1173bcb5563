import Foundation

/// How well the router hears questions it never trained on: the corpus's test part, or any other
/// set of labelled questions (`policy-advisor route --eval`).
public struct RoutingEvaluation: Sendable {
    public struct Row: Sendable, Hashable {
        public var example: QuestionCorpus.Example
        public var decision: Router.Decision
        /// The class the router put first: a topic, `off-topic` or `safeguarding`.
        public var first: String
    }

    public var rows: [Row] = []
    /// Expected questions before an outcome, without and with answers taken from the question.
    public var questionsBefore: Double = 0
    public var questionsAfter: Double = 0

    /// Routes every example with `router` (which must not have trained on them).
    public static func run(_ examples: [QuestionCorpus.Example], router: Router, library: Library) -> RoutingEvaluation {
        var e = RoutingEvaluation()
        var before = 0.0
        var after = 0.0
        var counted = 0
        let target = library.safeguardingOutcome
        for ex in examples {
            let d = router.route(ex.text)
            let first: String
            switch d {
            case .offTopic: first = QuestionCorpus.offTopic
            case .safeguarding: first = QuestionCorpus.safeguarding
            // A choice offered with a worry about a child first: the top topic is what a person
            // would most likely pick; safeguarding counts as first only when sent straight there.
            case .unsure(let ts) where ts.first == QuestionCorpus.safeguarding && ts.count > 1: first = ts[1]
            case .close(QuestionCorpus.safeguarding, let b): first = b
            default: first = d.offered.first ?? QuestionCorpus.offTopic
            }
            e.rows.append(Row(example: ex, decision: d, first: first))
            // Questions asked: in the true topic's tree, paths weighted equally.
            if ex.label == QuestionCorpus.safeguarding, let target {
                before += Double(depth(of: target.outcomeID, in: target.tree) ?? 0)
                if case .safeguarding = d {} else { after += Double(depth(of: target.outcomeID, in: target.tree) ?? 0) }
                counted += 1
            } else if let tree = library.tree(ex.label) {
                var memo: [String: Double] = [:]
                before += expectedQuestions(from: tree.start, in: tree, memo: &memo)
                var w = Walk(library: library, tree: tree, policyID: nil)
                w.prefill(from: ex.text)
                after += expectedQuestions(from: w.currentID, in: tree, memo: &memo)
                counted += 1
            }
        }
        if counted > 0 {
            e.questionsBefore = before / Double(counted)
            e.questionsAfter = after / Double(counted)
        }
        return e
    }

    /// K-fold cross-validation on the corpus's training part only: each fold is routed by a router
    /// trained on the other folds. This is where the router's settings are tuned; the test part is
    /// never touched.
    public static func crossValidate(_ library: Library, folds: Int = 5) -> RoutingEvaluation {
        let training = library.questions.training
        var all = RoutingEvaluation()
        var before = 0.0
        var after = 0.0
        for k in 0..<folds {
            var l = library
            var held: [QuestionCorpus.Example] = []
            var kept: [QuestionCorpus.Example] = []
            for (i, e) in training.enumerated() {
                if i % folds == k { held.append(e) } else { kept.append(e) }
            }
            l.questions = QuestionCorpus(examples: kept)
            let e = run(held, router: Router(library: l), library: library)
            all.rows += e.rows
            before += e.questionsBefore * Double(e.rows.count)
            after += e.questionsAfter * Double(e.rows.count)
        }
        if !all.rows.isEmpty {
            all.questionsBefore = before / Double(all.rows.count)
            all.questionsAfter = after / Double(all.rows.count)
        }
        return all
    }

    /// The mean number of questions from a node to an outcome, every answer but "Not sure"
    /// equally likely.
    static func expectedQuestions(from id: String, in tree: Tree, memo: inout [String: Double], depth: Int = 0) -> Double {
        if let m = memo[id] { return m }
        guard depth < 200, let q = tree.node(id)?.question else { return 0 }
        let answers = q.answers.filter { !$0.isNotSure }
        guard !answers.isEmpty else { return 1 }
        var sum = 0.0
        for a in answers { sum += expectedQuestions(from: a.next, in: tree, memo: &memo, depth: depth + 1) }
        let v = 1 + sum / Double(answers.count)
        memo[id] = v
        return v
    }

    /// The number of questions on the shortest path from the start to a node.
    static func depth(of target: String, in tree: Tree) -> Int? {
        var frontier = [tree.start]
        var seen: Set<String> = [tree.start]
        var d = 0
        while !frontier.isEmpty {
            if frontier.contains(target) { return d }
            var next: [String] = []
            for id in frontier {
                for a in tree.node(id)?.question?.answers ?? [] where seen.insert(a.next).inserted { next.append(a.next) }
            }
            frontier = next
            d += 1
        }
        return nil
    }

    // MARK: Figures

    var inScope: [Row] { rows.filter { $0.example.label != QuestionCorpus.offTopic } }
    var offTopicRows: [Row] { rows.filter { $0.example.label == QuestionCorpus.offTopic } }

    static func ratio(_ n: Int, _ d: Int) -> Double { d == 0 ? 0 : Double(n) / Double(d) }

    /// In-scope questions whose first offer is right (for safeguarding: sent straight there).
    public var top1: Double { Self.ratio(inScope.filter { $0.first == $0.example.label }.count, inScope.count) }
    /// In-scope questions whose right topic is among those offered.
    public var offeredRight: Double {
        Self.ratio(
            inScope.filter { r in
                r.example.label == QuestionCorpus.safeguarding
                    ? (r.first == QuestionCorpus.safeguarding || r.decision.offered.contains(QuestionCorpus.safeguarding))
                    : r.decision.offered.contains(r.example.label) && r.first != QuestionCorpus.safeguarding
            }.count, inScope.count)
    }
    public var offTopicRecall: Double {
        Self.ratio(offTopicRows.filter { $0.first == QuestionCorpus.offTopic }.count, offTopicRows.count)
    }
    public var offTopicPrecision: Double {
        let called = rows.filter { $0.first == QuestionCorpus.offTopic }
        return Self.ratio(called.filter { $0.example.label == QuestionCorpus.offTopic }.count, called.count)
    }
    /// In-scope questions called off-topic.
    public var inScopeCalledOffTopic: Double {
        Self.ratio(inScope.filter { $0.first == QuestionCorpus.offTopic }.count, inScope.count)
    }
    /// Safeguarding questions sent straight there or offered it among the choices.
    public var safeguardingOffered: Double {
        let s = rows.filter { $0.example.label == QuestionCorpus.safeguarding }
        return Self.ratio(
            s.filter { $0.first == QuestionCorpus.safeguarding || $0.decision.offered.contains(QuestionCorpus.safeguarding) }
                .count, s.count)
    }
    public var safeguardingRecall: Double {
        let s = rows.filter { $0.example.label == QuestionCorpus.safeguarding }
        return Self.ratio(s.filter { $0.first == QuestionCorpus.safeguarding }.count, s.count)
    }
    /// Questions not about harm to a child that were sent to safeguarding.
    public var falseSafeguarding: [Row] {
        rows.filter { r in
            guard r.example.label != QuestionCorpus.safeguarding, case .safeguarding = r.decision else { return false }
            return true
        }
    }
    /// How many questions got each kind of decision.
    public var decisionCounts: [(String, Int)] {
        var counts: [String: Int] = [:]
        for r in rows {
            let k: String
            switch r.decision {
            case .topic: k = "one topic"
            case .close: k = "two close"
            case .unsure: k = "unsure (choice of three)"
            case .offTopic: k = "off-topic"
            case .safeguarding: k = "safeguarding"
            }
            counts[k, default: 0] += 1
        }
        return ["one topic", "two close", "unsure (choice of three)", "off-topic", "safeguarding"].map { ($0, counts[$0] ?? 0) }
    }

    /// The confusion matrix: for each true label, how many went first to each class.
    public func confusion(classes: [String]) -> [(label: String, counts: [Int])] {
        classes.map { label in
            let mine = rows.filter { $0.example.label == label }
            return (label, classes.map { c in mine.filter { $0.first == c }.count })
        }
    }

    /// The report as Markdown (docs/routing.md keeps the last run).
    public func markdown(classes: [String], title: String) -> String {
        func pct(_ x: Double) -> String {
            let v = (x * 1000).rounded() / 10
            return String(v) + "%"
        }
        var s = "# \(title)\n\n"
        s += "\(rows.count) questions (\(inScope.count) in scope, \(offTopicRows.count) off-topic).\n\n"
        s += "| measure | result |\n|---|---|\n"
        s += "| top-1: right topic first (in scope) | \(pct(top1)) |\n"
        s += "| right topic among those offered (in scope) | \(pct(offeredRight)) |\n"
        s += "| off-topic recall | \(pct(offTopicRecall)) |\n"
        s += "| off-topic precision | \(pct(offTopicPrecision)) |\n"
        s += "| in-scope questions called off-topic | \(pct(inScopeCalledOffTopic)) |\n"
        s += "| safeguarding recall (straight to the outcome) | \(pct(safeguardingRecall)) |\n"
        s += "| safeguarding sent straight there or offered among the choices | \(pct(safeguardingOffered)) |\n"
        s += "| other questions sent straight to safeguarding | \(falseSafeguarding.count) |\n"
        let b = (questionsBefore * 100).rounded() / 100
        let a = (questionsAfter * 100).rounded() / 100
        s += "| questions before an outcome, without / with answers from the question | \(b) / \(a) |\n\n"
        s += "Decisions: " + decisionCounts.map { "\($0.0) \($0.1)" }.joined(separator: ", ") + ".\n\n"
        s += "Confusion (rows: the true class; columns: the class offered first):\n\n"
        s += "| | " + classes.joined(separator: " | ") + " |\n"
        s += "|---|" + classes.map { _ in "---:" }.joined(separator: "|") + "|\n"
        for (label, counts) in confusion(classes: classes) {
            s += "| " + label + " | " + counts.map(String.init).joined(separator: " | ") + " |\n"
        }
        let wrong = rows.filter { $0.first != $0.example.label }
        if !wrong.isEmpty {
            s += "\nMisrouted (true class → offered first):\n\n"
            for r in wrong {
                let text = Text.terminalSafe(r.example.text).replacingOccurrences(of: "|", with: "/")
                s += "- \(r.example.label) → \(r.first): \(text)\n"
            }
        }
        return s
    }
}
