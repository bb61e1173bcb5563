/// Induction training: a scenario quiz built from the trees.
///
/// A scenario is a consultation with a story: the situation, its topic, and the answers the
/// situation implies. The right answer is never stored: it is the verdict the tree gives for the
/// trainee's policy at the end of that path, so training can never contradict the advisor.

public struct TrainingScenario: Sendable, Hashable {
    public var story: String
    public var topic: String
    public var answers: [String]
    public var file: String
    public var line: Int

    public init(story: String, topic: String, answers: [String], file: String, line: Int) {
        self.story = story
        self.topic = topic
        self.answers = answers
        self.file = file
        self.line = line
    }
}

/// A scenario resolved for one policy: the story, the advisor's result, and so the right verdict.
public struct QuizItem: Sendable, Hashable {
    public var scenario: TrainingScenario
    public var result: Consultation
    public var correct: Verdict { result.verdict }
}

public struct TopicScore: Sendable, Hashable {
    public var topic: String
    public var asked: Int
    public var correct: Int

    public init(topic: String, asked: Int, correct: Int) {
        self.topic = topic
        self.asked = asked
        self.correct = correct
    }

    public var percent: Double { asked == 0 ? 0 : Double(correct) * 100 / Double(asked) }

    public func passed(mark: Double) -> Bool { percent + 1e-9 >= mark }
}

public enum Training {
    /// Reads scenarios from script text. Every consultation needs a story, a topic and answers; a
    /// policy or expectation is refused (the policy is the trainee's; the verdict is the tree's).
    public static func parse(_ text: String, file: String) -> (scenarios: [TrainingScenario], issues: [ScriptIssue]) {
        var scenarios: [TrainingScenario] = []
        var issues: [ScriptIssue] = []
        for e in ScriptParser.parse(text) {
            if !e.errors.isEmpty {
                issues += e.errors
                continue
            }
            guard let story = e.story else {
                issues.append(ScriptIssue(line: e.line, message: "a training scenario needs a 'story:' line"))
                continue
            }
            guard let topic = e.topic else {
                issues.append(ScriptIssue(line: e.line, message: "a training scenario needs a 'topic:' line"))
                continue
            }
            if let p = e.policy {
                issues.append(
                    ScriptIssue(
                        line: p.line, message: "a training scenario has no 'policy:': the trainee's policy gives the answer"))
                continue
            }
            if let x = e.expect {
                issues.append(
                    ScriptIssue(
                        line: x.line, message: "a training scenario has no 'expect:': the right answer comes from the tree"))
                continue
            }
            scenarios.append(
                TrainingScenario(
                    story: story.value, topic: topic.value, answers: e.answers.map(\.value), file: file, line: e.line))
        }
        return (scenarios, issues)
    }

    /// Walks a scenario's answers through its tree under a policy (nil: none, most cautious).
    public static func resolve(_ s: TrainingScenario, library: Library, policyID: String?, today: Day) -> Result<
        QuizItem, ScriptIssue
    > {
        guard let tree = library.tree(s.topic) else {
            return .failure(ScriptIssue(line: s.line, message: "unknown topic '\(s.topic)'"))
        }
        var walk = Walk(library: library, tree: tree, policyID: policyID)
        for a in s.answers {
            guard walk.currentQuestion != nil else {
                return .failure(ScriptIssue(line: s.line, message: "the scenario has more answers than its path has questions"))
            }
            do {
                try walk.answer(a, allowNumbers: false)
            } catch {
                return .failure(ScriptIssue(line: s.line, message: "the answer '\(a)' does not fit: \(error.message)"))
            }
        }
        guard let result = walk.result(today: today) else {
            return .failure(
                ScriptIssue(
                    line: s.line,
                    message: "the scenario's answers stop before an outcome, at \"\(walk.currentQuestion?.text ?? "")\""))
        }
        return .success(QuizItem(scenario: s, result: result))
    }

    /// Builds a quiz: the scenarios for the chosen topics, resolved for the policy, in an order
    /// that is random but repeatable for a seed.
    public static func quiz(
        _ scenarios: [TrainingScenario], library: Library, policyID: String?, topics: [String], seed: UInt64, today: Day
    ) -> (items: [QuizItem], issues: [ScriptIssue]) {
        var items: [QuizItem] = []
        var issues: [ScriptIssue] = []
        for s in scenarios where topics.isEmpty || topics.contains(s.topic) {
            switch resolve(s, library: library, policyID: policyID, today: today) {
            case .success(let item): items.append(item)
            case .failure(let issue): issues.append(issue)
            }
        }
        var rng = SplitMix64(seed: seed)
        items.shuffle(using: &rng)
        return (items, issues)
    }

    /// Scores per topic, in topic order, from (item, was the answer right).
    public static func score(_ answers: [(QuizItem, Bool)]) -> [TopicScore] {
        var byTopic: [String: TopicScore] = [:]
        for (item, right) in answers {
            var s = byTopic[item.scenario.topic] ?? TopicScore(topic: item.scenario.topic, asked: 0, correct: 0)
            s.asked += 1
            if right { s.correct += 1 }
            byTopic[item.scenario.topic] = s
        }
        return byTopic.values.sorted { $0.topic < $1.topic }
    }

    /// The overall score: all correct answers over all questions.
    public static func overall(_ scores: [TopicScore]) -> TopicScore {
        TopicScore(topic: "all", asked: scores.reduce(0) { $0 + $1.asked }, correct: scores.reduce(0) { $0 + $1.correct })
    }
}

/// A small seeded generator (SplitMix64) so that `--seed` gives the same order everywhere.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
