import Foundation

/// Tables generated from the trees, for people who check them against the policies.
public enum CoverageTable {
    /// A Markdown document: for each topic, each outcome with every school's verdict and clauses.
    public static func markdown(_ library: Library) -> String {
        var out = "# What each school's policy says, topic by topic\n\n"
        out += "Generated from the trees by `policy-advisor table` (`make coverage-table`); do not edit by hand.\n"
        out += "A test fails when this file and the trees disagree.\n\n"
        out +=
            "Verdicts: **allowed**, **not-allowed**, **ask-first** (check with the named person first), **refer** (pass it on).\n"
        out += "A row marked ≠ is one where the schools disagree.\n\n"
        let policies = library.policies
        out += "Schools: " + policies.map { "`\($0.id)` \($0.school)" }.joined(separator: "; ") + ".\n"
        for t in library.trees {
            out += "\n## \(cell(t.title)) (`\(t.id)`)\n\n\(cell(t.summary))\n\n"
            out += "| | outcome | " + policies.map { "`\($0.id)`" }.joined(separator: " | ") + " |\n"
            out += "|---|---|" + policies.map { _ in "---" }.joined(separator: "|") + "|\n"
            for n in t.outcomes {
                let o = n.outcome!
                let verdicts = Set(policies.compactMap { o.answers[$0.id]?.verdict })
                var row = "| \(verdicts.count > 1 ? "≠" : "") | \(cell(o.title)) (`\(n.id)`) |"
                for p in policies {
                    guard let a = o.answers[p.id] else {
                        row += " — |"
                        continue
                    }
                    row += " **\(a.verdict.rawValue)** " + a.citations.map { $0.clause }.joined(separator: ", ") + " |"
                }
                out += row + "\n"
            }
        }
        return out
    }

    static func cell(_ s: String) -> String {
        Text.terminalSafe(s).replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}

/// Reverse coverage: which clauses of each policy the trees cite, and which none does.
public struct ClauseCoverage: Sendable {
    public var policyID: String
    public var school: String
    /// Clause ids cited by an outcome or named by a question's "why", in policy order.
    public var cited: [String]
    /// Clauses nothing cites: a gap for an author to look at, or a clause with nothing to say on these topics.
    public var uncited: [Clause]

    public static func compute(_ library: Library) -> [ClauseCoverage] {
        var used: [String: Set<String>] = [:]
        for t in library.trees {
            for n in t.nodes {
                switch n.kind {
                case .question(let q):
                    for (p, cs) in q.why?.clauses ?? [:] { used[p, default: []].formUnion(cs) }
                case .outcome(let o):
                    for (p, a) in o.answers { used[p, default: []].formUnion(a.citations.map(\.clause)) }
                }
            }
        }
        return library.policies.map { p in
            let u = used[p.id] ?? []
            return ClauseCoverage(
                policyID: p.id, school: p.school, cited: p.clauses.map(\.id).filter { u.contains($0) },
                uncited: p.clauses.filter { !u.contains($0.id) })
        }
    }
}

/// One outcome, every school side by side.
public struct OutcomeComparison: Sendable {
    public var outcomeID: String
    public var title: String
    public var rows: [(policyID: String, school: String, verdict: Verdict, clauses: [String])]
    public var schoolsDiffer: Bool

    public static func compute(_ tree: Tree, library: Library) -> [OutcomeComparison] {
        tree.outcomes.map { n in
            let o = n.outcome!
            let rows = library.policies.compactMap { p -> (String, String, Verdict, [String])? in
                guard let a = o.answers[p.id] else { return nil }
                return (p.id, p.school, a.verdict, a.citations.map(\.clause))
            }
            return OutcomeComparison(
                outcomeID: n.id, title: o.title, rows: rows, schoolsDiffer: Set(rows.map { $0.2 }).count > 1)
        }
    }
}
