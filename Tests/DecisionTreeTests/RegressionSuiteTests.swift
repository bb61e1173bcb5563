import DecisionTree
import Foundation
import Testing

/// The shipped regression suite (scenarios/*.txt): every scenario passes, and together they reach
/// every outcome of every tree under every policy.
@Suite("Regression suite")
struct RegressionSuiteTests {
    static func scenarioFiles() throws -> [String] {
        let dir = Fixtures.repo + "/scenarios"
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".txt") }.sorted().map {
            dir + "/" + $0
        }
    }

    @Test("every scenario passes, and every (outcome, policy) pair of every tree is reached")
    func coversEveryPair() throws {
        let library = try ShippedTreesTests.load()
        let runner = ScriptRunner(library: library, today: Fixtures.today)
        var reached = Set<String>()
        var count = 0
        for file in try Self.scenarioFiles() {
            let text = try String(contentsOfFile: file, encoding: .utf8)
            for e in ScriptParser.parse(text) {
                count += 1
                #expect(e.expect != nil, "\(file):\(e.line) has no 'expect:'")
                #expect(!e.cites.isEmpty, "\(file):\(e.line) has no 'cite:'")
                switch runner.run(e) {
                case .answered(let c, let failures):
                    #expect(failures.isEmpty, "\(file): \(failures)")
                    if let p = c.policyID { reached.insert("\(c.topic)/\(c.outcomeID)/\(p)") }
                case .needsMore(_, _, _, let q, _, let line):
                    Issue.record("\(file):\(line): ends before an outcome, at \"\(q)\"")
                case .inputError(let issues):
                    Issue.record("\(file): \(issues)")
                }
            }
        }
        #expect(count > 0)
        var missing: [String] = []
        for t in library.trees {
            for n in t.outcomes {
                for p in library.policies where !reached.contains("\(t.id)/\(n.id)/\(p.id)") {
                    missing.append("\(t.id)/\(n.id)/\(p.id)")
                }
            }
        }
        #expect(missing.isEmpty, "no scenario reaches: \(missing.joined(separator: ", "))")
    }

    @Test("docs/coverage.md is the table generated from the trees")
    func coverageTableIsCurrent() throws {
        let library = try ShippedTreesTests.load()
        let committed = try String(contentsOfFile: Fixtures.repo + "/docs/coverage.md", encoding: .utf8)
        #expect(committed == CoverageTable.markdown(library), "docs/coverage.md is stale: run 'make coverage-table'")
    }
}
