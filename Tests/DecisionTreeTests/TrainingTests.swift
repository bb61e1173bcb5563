import DecisionTree
import Foundation
import Testing

@Suite("Training")
struct TrainingTests {
    static func fixtureScenarios() -> [TrainingScenario] {
        Training.parse(Fixtures.text("valid/training/pets.txt"), file: "pets.txt").scenarios
    }

    @Test("scenarios parse with their story, topic and answers; a policy or expectation is refused")
    func parse() {
        let s = Self.fixtureScenarios()
        #expect(s.count == 3)
        #expect(s[0].story.hasPrefix("You want to bring"))
        #expect(s[0].answers == ["A dog", "Yes, approved"])
        #expect(s[0].line == 2)
        let bad = Training.parse(
            "story: x\ntopic: pets\npolicy: beta\nanswer: cat\n\nstory: y\ntopic: pets\nexpect: allowed\n\ntopic: pets\nanswer: cat",
            file: "f")
        #expect(bad.scenarios.isEmpty)
        #expect(bad.issues.map(\.line) == [3, 8, 10])
    }

    @Test("the right answer is the tree's verdict for the chosen policy")
    func rightAnswerFromTree() throws {
        let l = try Fixtures.library()
        let s = Self.fixtureScenarios()[1]  // a cat: alpha refers, beta allows
        guard case .success(let a) = Training.resolve(s, library: l, policyID: "alpha", today: Fixtures.today),
            case .success(let b) = Training.resolve(s, library: l, policyID: "beta", today: Fixtures.today),
            case .success(let none) = Training.resolve(s, library: l, policyID: nil, today: Fixtures.today)
        else {
            Issue.record("scenario did not resolve")
            return
        }
        #expect(a.correct == .refer)
        #expect(b.correct == .allowed)
        #expect(none.correct == .refer)  // the most cautious
    }

    @Test("a scenario whose path no longer fits the tree is reported, not guessed")
    func brokenPath() throws {
        let l = try Fixtures.library()
        let s = TrainingScenario(story: "x", topic: "pets", answers: ["A giraffe"], file: "f", line: 7)
        guard case .failure(let issue) = Training.resolve(s, library: l, policyID: "beta", today: Fixtures.today) else {
            Issue.record("expected a failure")
            return
        }
        #expect(issue.line == 7)
        let short = TrainingScenario(story: "x", topic: "pets", answers: ["A dog"], file: "f", line: 9)
        guard case .failure(let i2) = Training.resolve(short, library: l, policyID: "beta", today: Fixtures.today) else {
            Issue.record("expected a failure for answers that stop before an outcome")
            return
        }
        #expect(i2.message.contains("stop before an outcome"))
    }

    @Test("the order is random but the same for the same seed")
    func seededOrder() throws {
        let l = try Fixtures.library()
        let s = Self.fixtureScenarios() + Self.fixtureScenarios() + Self.fixtureScenarios()
        let a = Training.quiz(s, library: l, policyID: "beta", topics: [], seed: 42, today: Fixtures.today).items.map(
            \.scenario.line)
        let b = Training.quiz(s, library: l, policyID: "beta", topics: [], seed: 42, today: Fixtures.today).items.map(
            \.scenario.line)
        let orders = Set(
            (0..<20).map { seed in
                Training.quiz(s, library: l, policyID: "beta", topics: [], seed: UInt64(seed), today: Fixtures.today).items.map(
                    \.scenario.line)
            })
        #expect(a == b)
        #expect(orders.count > 1)
        #expect(a.count == 9)
    }

    @Test("scores per topic, and pass or fail against the mark")
    func scoring() throws {
        let l = try Fixtures.library()
        let items = Training.quiz(
            Self.fixtureScenarios(), library: l, policyID: "beta", topics: [], seed: 1, today: Fixtures.today
        ).items
        let answers = items.enumerated().map { ($0.element, $0.offset != 0) }  // one wrong of three
        let scores = Training.score(answers)
        #expect(scores.count == 1)
        #expect(scores[0].asked == 3 && scores[0].correct == 2)
        #expect(!scores[0].passed(mark: 80))
        #expect(scores[0].passed(mark: 66))
        #expect(TopicScore(topic: "t", asked: 5, correct: 4).passed(mark: 80))  // exactly the mark passes
        #expect(!TopicScore(topic: "t", asked: 0, correct: 0).passed(mark: 1))
        #expect(
            Training.overall([TopicScore(topic: "a", asked: 2, correct: 1), TopicScore(topic: "b", asked: 3, correct: 3)]).correct
                == 4)
    }

    @Test("the seeded generator is fixed (orders stay the same across builds and machines)")
    func generatorIsStable() {
        var g = SplitMix64(seed: 1)
        #expect(g.next() == 0x910A_2DEC_8902_5CC1)
    }
}
