/// Tables generated from the trees, for people who check them against the policies.
public enum CoverageTable {
    /// A Markdown document: for each topic, each outcome with every school's verdict and clauses.
    public static func markdown(_ library: Library) -> String {
        var out = "# What each school's policy says, topic by topic\n\n"
        out += "Generated from the trees by `policy-advisor table` (`make coverage-table`); do not edit by hand.\n"
        out += "A test fails when this file and the trees disagree.\n\n"
        out += "Verdicts: **allowed**, **not-allowed**, **ask-first** (check with the named person first), **refer** (pass it on).\n"
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
