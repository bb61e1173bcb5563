import DecisionTree
import Foundation
import Testing

/// The shipped training scenarios (trees/training/*.txt) agree with the advisor, always.
@Suite("Shipped training scenarios")
struct ShippedTrainingTests {
    static func scenarios() throws -> [TrainingScenario] {
        let dir = Fixtures.shippedTrees + "/training"
        var all: [TrainingScenario] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).filter({ $0.hasSuffix(".txt") }).sorted() {
            let (s, issues) = Training.parse(try String(contentsOfFile: dir + "/" + name, encoding: .utf8), file: name)
            #expect(issues.isEmpty, "\(name): \(issues)")
            all += s
        }
        return all
    }

    @Test("every scenario's path, under every policy, gives the quiz the advisor's own verdict")
    func quizAgreesWithAdvisor() throws {
        let library = try ShippedTreesTests.load()
        let runner = ScriptRunner(library: library, today: Fixtures.today)
        for s in try Self.scenarios() {
            for policy in library.policyIDs + [nil] as [String?] {
                guard case .success(let item) = Training.resolve(s, library: library, policyID: policy, today: Fixtures.today)
                else {
                    Issue.record("\(s.file):\(s.line) does not walk to an outcome under \(policy ?? "none")")
                    continue
                }
                // The same consultation through the advisor's scripted path.
                let e = ScriptParser.parse(
                    "policy: \(policy ?? "none")\ntopic: \(s.topic)\n" + s.answers.map { "answer: \($0)" }.joined(separator: "\n")
                )[0]
                guard case .answered(let advised, _) = runner.run(e) else {
                    Issue.record("\(s.file):\(s.line): the advisor gives no answer")
                    continue
                }
                #expect(item.correct == advised.verdict, "\(s.file):\(s.line) under \(policy ?? "none")")
                #expect(item.result.outcomeID == advised.outcomeID)
                #expect(!s.answers.contains { Text.fold($0) == "not sure" }, "\(s.file):\(s.line) answers Not sure")
            }
        }
    }

    @Test("at least six scenarios per topic, covering every verdict each topic gives under each policy")
    func coverage() throws {
        let library = try ShippedTreesTests.load()
        let scenarios = try Self.scenarios()
        for tree in library.trees {
            let mine = scenarios.filter { $0.topic == tree.id }
            #expect(mine.count >= 6, "\(tree.id) has \(mine.count) scenarios")
            // Outcomes reached by an answer other than "Not sure".
            var reachable = Set<String>()
            for n in tree.nodes {
                for a in n.question?.answers ?? [] where !a.isNotSure {
                    if tree.node(a.next)?.outcome != nil { reachable.insert(a.next) }
                }
            }
            for policy in library.policyIDs {
                let possible = Set(reachable.compactMap { tree.node($0)?.outcome?.answers[policy]?.verdict })
                var given = Set<Verdict>()
                for s in mine {
                    if case .success(let item) = Training.resolve(s, library: library, policyID: policy, today: Fixtures.today) {
                        given.insert(item.correct)
                    }
                }
                #expect(
                    possible.isSubset(of: given),
                    "\(tree.id) under \(policy): no scenario for \(possible.subtracting(given).map(\.rawValue))")
            }
        }
    }
}
