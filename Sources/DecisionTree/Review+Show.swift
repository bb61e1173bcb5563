import Foundation

// Reviewing: what to show the author for an outcome (how staff reach it, the model's answer, the
// new policy's nearest clauses and the words that differ).
extension PolicyReview {
    public func item(_ key: Key) -> Item? {
        guard let tree = library.tree(key.tree), let node = tree.node(key.node), let outcome = node.outcome,
            let current = outcome.answers[policy.id]
        else { return nil }
        let (paths, count) = Self.paths(to: key.node, in: tree, limit: 3)
        var modelAnswer: ModelAnswer?
        if let m = model, let a = outcome.answers[m.id] {
            modelAnswer = ModelAnswer(
                policy: m, answer: a, citations: a.citations.compactMap { ResolvedCitation(policy: m, citation: $0) })
        }
        var candidates: [Candidate] = []
        var unmatched: [String] = []
        // For each model clause: the clause of the new policy it became.
        var mapped: [String: String] = [:]
        func add(_ c: Candidate) {
            if !candidates.contains(where: { $0.clause.id == c.clause.id }) { candidates.append(c) }
        }
        if let m = modelAnswer {
            for mc in uniqued(m.answer.citations.map(\.clause)) {
                guard let modelClause = m.policy.clause(mc) else { continue }
                if let id = map[mc], let c = policy.clause(id) {
                    add(Candidate(clause: c, relation: .same(modelClause: mc)))
                    mapped[mc] = id
                    continue
                }
                let near = nearest(to: modelClause.text, count: 2)
                guard let best = near.first else {
                    unmatched.append(mc)
                    continue
                }
                mapped[mc] = policy.clauses[best.index].id
                for n in near where n.score >= best.score * 0.8 {
                    let c = policy.clauses[n.index]
                    add(
                        Candidate(
                            clause: c, relation: .near(modelClause: mc, changes: changes(from: modelClause.text, to: c.text))))
                }
            }
        } else {
            // No model: the clauses most like those the other schools cite here.
            var scored: [(index: Int, score: Double, policyID: String, clause: String)] = []
            for other in library.policies where other.id != policy.id {
                for cit in outcome.answers[other.id]?.citations ?? [] {
                    guard let oc = other.clause(cit.clause) else { continue }
                    for n in nearest(to: oc.text, count: 3, floor: 0.15) {
                        scored.append((n.index, n.score, other.id, oc.id))
                    }
                }
            }
            for s in scored.sorted(by: { $0.score > $1.score }) where candidates.count < 3 {
                add(Candidate(clause: policy.clauses[s.index], relation: .like(policyID: s.policyID, clause: s.clause)))
            }
        }
        var proposal = Draft(verdict: current.verdict, citations: current.citations, advice: current.advice, ask: current.ask)
        var isModel = false
        if current.review, let m = modelAnswer, !m.answer.citations.isEmpty, unmatched.isEmpty {
            proposal = carried(m, mapped: mapped)
            // An outcome is marked because a clause it rests on changed: a changed word can change
            // the rule, so Enter never keeps the model's verdict. The clauses, the people and the
            // advice to edit are offered; the verdict stays the cautious one until it is typed.
            proposal.verdict = current.verdict
            isModel = true
        }
        if outcome.safeguarding { proposal.verdict = .refer }
        return Item(
            key: key, treeTitle: tree.title, file: tree.file, title: outcome.title, safeguarding: outcome.safeguarding,
            paths: paths, pathCount: count, current: current, model: modelAnswer, unmatched: unmatched,
            candidates: candidates, proposal: proposal, proposalIsModel: isModel)
    }

    /// The model's answer in the new school's terms: its clauses mapped, its school's name and its
    /// clause numbers in the advice replaced, the same roles where the new policy has them.
    func carried(_ m: ModelAnswer, mapped: [String: String]) -> Draft {
        var citations: [Citation] = []
        for c in m.answer.citations {
            guard let id = mapped[c.clause], let clause = policy.clause(id),
                !citations.contains(where: { $0.clause == id })
            else { continue }
            var quote: String?
            if var q = c.quote {
                q = q.replacingOccurrences(of: m.policy.school, with: policy.school)
                if Text.isVerbatim(q, in: clause.text) { quote = q }
            }
            citations.append(Citation(clause: id, quote: quote))
        }
        let advice = Adopt.renumbering(Adopt.renamed(m.answer.advice, from: m.policy, to: policy), mapped)
        let ask = m.answer.ask.filter { policy.role($0) != nil }
        return Draft(
            verdict: m.answer.verdict, citations: citations, advice: advice, ask: ask.isEmpty ? policy.whenInDoubtAsk : ask)
    }

    func uniqued(_ ids: [String]) -> [String] {
        var seen = Set<String>()
        return ids.filter { seen.insert($0).inserted }
    }

    /// The new policy's clauses most like `text` (word shingles, school names aside), best first.
    func nearest(to text: String, count: Int, floor: Double = 0.3) -> [(index: Int, score: Double)] {
        let sh = PolicyImport.shingles(PolicyImport.comparable(text, names: names))
        var scored: [(index: Int, score: Double)] = []
        for (i, cs) in clauseShingles.enumerated() {
            let inter = sh.intersection(cs).count
            guard inter > 0 else { continue }
            let j = Double(inter) / Double(sh.union(cs).count)
            if j >= floor { scored.append((i, j)) }
        }
        return Array(scored.sorted { $0.score > $1.score }.prefix(count))
    }

    /// The words that differ between the model's clause and the new one, by a longest common
    /// subsequence of words (case and punctuation aside); a school's name put for the model's is
    /// not a change.
    public func changes(from old: String, to new: String) -> [Change] {
        let a = old.split(whereSeparator: \.isWhitespace).map(String.init)
        let b = new.split(whereSeparator: \.isWhitespace).map(String.init)
        let fa = a.map(Text.fold)
        let fb = b.map(Text.fold)
        let n = a.count
        let m = b.count
        guard n * m <= 4_000_000 else { return [Change(removed: old, added: new)] }
        // lcs[i][j]: the longest common subsequence of a[i...] and b[j...].
        var lcs = [[Int32]](repeating: [Int32](repeating: 0, count: m + 1), count: n + 1)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: m - 1, through: 0, by: -1) {
                lcs[i][j] = fa[i] == fb[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
            }
        }
        var out: [Change] = []
        var removed: [String] = []
        var added: [String] = []
        let schoolNames = Set(
            (model.map { Adopt.names(of: $0.school) } ?? []) + Adopt.names(of: policy.school) + [policy.school]
                + (model.map { [$0.school] } ?? [])
        ).map(Text.fold)
        func flush() {
            if !removed.isEmpty || !added.isEmpty {
                let r = removed.joined(separator: " ")
                let d = added.joined(separator: " ")
                let isName = schoolNames.contains(Text.fold(r)) && schoolNames.contains(Text.fold(d))
                if !isName { out.append(Change(removed: r, added: d)) }
            }
            removed = []
            added = []
        }
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && fa[i] == fb[j] {
                flush()
                i += 1
                j += 1
            } else if j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j]) {
                added.append(b[j])
                j += 1
            } else {
                removed.append(a[i])
                i += 1
            }
        }
        flush()
        return out
    }

    /// The ways from the tree's start to `target`, shortest first (at most `limit`), and how many
    /// there are (counted up to 10,000).
    static func paths(to target: String, in tree: Tree, limit: Int) -> ([[Step]], Int) {
        var found: [[Step]] = []
        var count = 0
        // Depth first, without recursion; the trees are acyclic (the loader proves it).
        var stack: [(node: String, steps: [Step])] = [(tree.start, [])]
        while let (id, steps) = stack.popLast(), count < 10_000 {
            if id == target {
                count += 1
                if found.count < 200 { found.append(steps) }
                continue
            }
            guard let q = tree.node(id)?.question, steps.count < 256 else { continue }
            for a in q.answers.reversed() {
                stack.append((a.next, steps + [Step(nodeID: id, question: q.text, answerID: a.id, answer: a.label)]))
            }
        }
        return (Array(found.sorted { $0.count < $1.count }.prefix(limit)), count)
    }
}
