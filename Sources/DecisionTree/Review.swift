import Foundation

/// Reviewing a new school's answers that are still placeholders (`"review": true`, written by
/// `adopt`): which outcomes are marked, what to show the author for each (how staff reach it,
/// the model school's answer, the new policy's nearest clauses and the words that differ),
/// reading the author's answer field by field as lint would judge it, and saving it into the
/// tree file whole, after proving that the trees directory still loads with it. The terminal
/// session itself is the command line's.
public struct PolicyReview: Sendable {
    /// An outcome of a tree.
    public struct Key: Sendable, Hashable {
        public var tree: String
        public var node: String

        public init(tree: String, node: String) {
            self.tree = tree
            self.node = node
        }
    }

    /// The parts of an answer, in the order they are asked.
    public enum Field: String, Sendable, Hashable, CaseIterable {
        case verdict, clauses, advice, ask
    }

    /// Why a typed value (or a whole answer) is refused, and which part to ask for again.
    public struct Problem: Error, Sendable, Hashable, CustomStringConvertible {
        public var field: Field?
        public var message: String

        public init(field: Field?, message: String) {
            self.field = field
            self.message = message
        }

        public var description: String { message }
    }

    /// An answer being written: what the file will hold for the policy at the outcome.
    public struct Draft: Sendable, Hashable {
        public var verdict: Verdict
        public var citations: [Citation]
        public var advice: String
        public var ask: [String]

        public init(verdict: Verdict, citations: [Citation], advice: String, ask: [String]) {
            self.verdict = verdict
            self.citations = citations
            self.advice = advice
            self.ask = ask
        }

        public var clauseIDs: [String] { citations.map(\.clause) }
    }

    /// Words of the model's clause replaced in the new one ("must decline" → "may accept"); either
    /// side may be empty.
    public struct Change: Sendable, Hashable {
        public var removed: String
        public var added: String

        public init(removed: String, added: String) {
            self.removed = removed
            self.added = added
        }
    }

    /// A clause of the new policy that may decide the outcome.
    public struct Candidate: Sendable, Hashable {
        public enum Relation: Sendable, Hashable {
            /// Word for word the model's clause (school names aside).
            case same(modelClause: String)
            /// The nearest to the model's clause, with the words that differ.
            case near(modelClause: String, changes: [Change])
            /// Like a clause another school cites at this outcome (there is no model to follow).
            case like(policyID: String, clause: String)
        }

        public var clause: Clause
        public var relation: Relation
    }

    /// What the model school answers at the outcome.
    public struct ModelAnswer: Sendable {
        public var policy: Policy
        public var answer: PolicyAnswer
        public var citations: [ResolvedCitation]
    }

    /// Everything the author needs to decide one outcome.
    public struct Item: Sendable {
        public var key: Key
        public var treeTitle: String
        /// The tree file the answer is saved in.
        public var file: String
        public var title: String
        public var safeguarding: Bool
        /// The shortest ways staff reach the outcome (question and answer steps), at most three.
        public var paths: [[Step]]
        /// How many ways there are in all (counted up to 10,000).
        public var pathCount: Int
        /// The answer the file holds now.
        public var current: PolicyAnswer
        public var model: ModelAnswer?
        /// The model's cited clauses that nothing in the new policy resembles (removed, or rewritten
        /// beyond recognition).
        public var unmatched: [String]
        public var candidates: [Candidate]
        /// What Enter keeps: the model's answer with its clauses mapped where every one of them has
        /// a counterpart, else the answer the file holds (the cautious placeholder).
        public var proposal: Draft
        /// Whether `proposal` is the model's answer.
        public var proposalIsModel: Bool
    }

    public let library: Library
    public let policy: Policy
    /// The model whose answers `adopt` carried: the policy file's `adoptedFrom`, else the known
    /// policy the text follows for at least a third of its clauses word for word.
    public let model: Policy?
    /// Whether the model is recorded in the policy file (rather than recognised from its text).
    public let modelRecorded: Bool
    /// Model clause id → the new policy's clause with the same words.
    let map: [String: String]
    let names: [String]
    let clauseShingles: [Set<String>]

    /// Nil when the library has no such policy.
    public init?(library: Library, policyID: String) {
        guard let p = library.policy(policyID) else { return nil }
        self.library = library
        policy = p
        var model: Policy?
        var recorded = false
        if let m = p.adoptedFrom, m != p.id, let mp = library.policy(m) {
            model = mp
            recorded = true
        } else {
            let best = library.policies.filter { $0.id != p.id }.map { ($0, Adopt.clauseMap(p, from: $0).match.wordForWord) }
                .max { $0.1 < $1.1 }
            if let best, best.1 > 0, best.1 * 3 >= p.clauses.count { model = best.0 }
        }
        self.model = model
        modelRecorded = recorded
        map = model.map { Adopt.clauseMap(p, from: $0).map } ?? [:]
        let names = ([p.school] + (model.map { [$0.school] } ?? [])).map {
            Text.fold($0.replacingOccurrences(of: "&", with: " and "))
        }
        .sorted { $0.count > $1.count }
        self.names = names
        clauseShingles = p.clauses.map { PolicyImport.shingles(PolicyImport.comparable($0.text, names: names)) }
    }

    // MARK: What is marked

    /// The outcomes whose answer for the policy is marked `"review": true`, tree by tree (in the
    /// library's order) and in file order within a tree.
    public var marked: [Key] {
        library.trees.flatMap { t in
            t.outcomes.filter { $0.outcome?.answers[policy.id]?.review == true }.map { Key(tree: t.id, node: $0.id) }
        }
    }

    /// The policy's clause ids, for completion.
    public var clauseIDs: [String] { policy.clauses.map(\.id) }
    /// The policy's role ids, for completion.
    public var roleIDs: [String] { policy.roles.map(\.id) }

    // MARK: What to show

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

    // MARK: Reading the author's answer

    /// The verdict typed (a word or its start: "not", "ask"; a number 1-4 in the order allowed,
    /// not-allowed, ask-first, refer); empty keeps `default`.
    public func verdict(_ text: String, default value: Verdict, for item: Item) -> Result<Verdict, Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        var v = value
        if !t.isEmpty {
            let labels = Verdict.allCases.map(\.rawValue)
            switch AnswerMatcher.match(t, labels: labels) {
            case .matched(let i): v = Verdict.allCases[i]
            case .ambiguous(let idx):
                return .failure(
                    Problem(
                        field: .verdict,
                        message: "“\(t)” could be " + idx.map { labels[$0] }.dropLast().joined(separator: ", ") + " or "
                            + labels[idx.last!] + ": type more of it."))
            case .noMatch:
                return .failure(
                    Problem(field: .verdict, message: "“\(t)” is not a verdict: type allowed, not-allowed, ask-first or refer."))
            }
        }
        if item.safeguarding && v != .refer {
            return .failure(
                Problem(
                    field: .verdict,
                    message:
                        "This is a safeguarding outcome: a worry about a child's safety is always passed on, so the verdict is refer (lint: safeguarding-not-refer)."
                ))
        }
        return .success(v)
    }

    /// The clauses typed (ids as the policy prints them, or their short forms, separated by commas
    /// or spaces; "none" for none); empty keeps `default`. A quote the default gives a clause is
    /// kept. A firm verdict must rest on a clause; ask-first or refer with none cites the policy's
    /// "if in doubt" clause.
    public func citations(_ text: String, default value: [Citation], verdict: Verdict) -> Result<[Citation], Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return value.isEmpty ? citations("none", default: value, verdict: verdict) : .success(value) }
        let tokens = t.split(whereSeparator: { $0 == "," || $0 == ";" || $0.isWhitespace }).map(String.init)
        var ids: [String] = []
        if !(tokens.count == 1 && ["none", "-"].contains(tokens[0].lowercased())) {
            for tok in tokens {
                guard let c = policy.clause(named: tok) else {
                    let near = nearestIDs(to: tok, among: clauseIDs)
                    return .failure(
                        Problem(
                            field: .clauses,
                            message: "\(policy.school)'s policy has no clause “\(tok)”."
                                + (near.isEmpty
                                    ? " Tab lists its clause ids; :cite ID shows one."
                                    : " Nearest: " + near.joined(separator: ", ") + ".")))
                }
                if !ids.contains(c.id) { ids.append(c.id) }
            }
        }
        if ids.isEmpty {
            if verdict == .allowed || verdict == .notAllowed {
                return .failure(
                    Problem(
                        field: .clauses,
                        message:
                            "A firm verdict (\(verdict.rawValue)) must rest on the clause that says so: name it (lint: no-citation). Where the text is silent, the verdict is ask-first."
                    ))
            }
            guard !policy.whenInDoubtClause.isEmpty else {
                return .failure(
                    Problem(
                        field: .clauses,
                        message:
                            "Name the clause the answer rests on (lint: no-citation); this policy has no “if in doubt” clause."))
            }
            ids = [policy.whenInDoubtClause]
        }
        return .success(ids.map { id in Citation(clause: id, quote: value.first { $0.clause == id }?.quote) })
    }

    /// Who to ask, typed as role ids or the roles' names, separated by commas; empty keeps `default`.
    public func ask(_ text: String, default value: [String]) -> Result<[String], Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return value.isEmpty ? .success(policy.whenInDoubtAsk) : .success(value) }
        var ids: [String] = []
        for raw in t.split(whereSeparator: { $0 == "," || $0 == ";" }) {
            let tok = raw.trimmingCharacters(in: .whitespaces)
            if tok.isEmpty { continue }
            let folded = Text.fold(tok)
            let byName = policy.roles.filter { r in
                let n = Text.fold(r.name)
                return n == folded || n == "the " + folded || n == "your " + folded
            }
            let byPrefix = policy.roles.filter { $0.id.hasPrefix(tok.lowercased()) }
            let role = policy.role(tok) ?? (byName.count == 1 ? byName[0] : nil) ?? (byPrefix.count == 1 ? byPrefix[0] : nil)
            guard let role else {
                let near = nearestIDs(to: tok, among: roleIDs)
                return .failure(
                    Problem(
                        field: .ask,
                        message: "“\(tok)” is not one of \(policy.school)'s roles"
                            + (near.isEmpty ? "" : " (nearest: " + near.joined(separator: ", ") + ")")
                            + ". Its roles: " + roleIDs.joined(separator: ", ")
                            + ". If its text names someone else, add a role to its policy file first."))
            }
            if !ids.contains(role.id) { ids.append(role.id) }
        }
        return ids.isEmpty ? .success(value) : .success(ids)
    }

    /// The advice typed; empty keeps `default`.
    public func advice(_ text: String, default value: String) -> Result<String, Problem> {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.isEmpty { return .success(value) }
        if let bad = Text.firstControlCharacter(t) {
            return .failure(
                Problem(
                    field: .advice,
                    message:
                        "The advice holds the control character U+\(String(bad.value, radix: 16, uppercase: true)); type it again without."
                ))
        }
        return .success(t)
    }

    /// Up to five ids nearest to a typed one: the ones it starts, then by edit distance.
    func nearestIDs(to typed: String, among ids: [String]) -> [String] {
        let t = Array(typed.lowercased().utf8)
        let scored = ids.compactMap { id -> (String, Int)? in
            let lower = id.lowercased()
            if lower.hasPrefix(typed.lowercased()) { return (id, 0) }
            let d = Text.editDistance(t, Array(lower.utf8), limit: 3)
            return d <= 3 ? (id, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(5).map(\.0)
    }

    // MARK: Checking and saving

    /// What saving an answer gave: the review over the trees as now written, and lint's
    /// warnings about the saved answer (none stop it).
    public struct Saved: Sendable {
        public var review: PolicyReview
        public var warnings: [Diagnostic]
    }

    /// The answer as lint judges it with everything else as it is: its errors (with the part each
    /// concerns) and warnings. Nothing is written.
    public func check(_ draft: Draft, for key: Key) -> (problems: [Problem], warnings: [Diagnostic], library: Library?) {
        let updated: (path: String, text: String, index: Int)
        switch updatedFile(draft, for: key) {
        case .success(let u): updated = u
        case .failure(let p): return ([p], [], nil)
        }
        guard let dir = library.directory else {
            return ([Problem(field: nil, message: "the trees were not loaded from a directory")], [], nil)
        }
        let mine = "nodes[\(updated.index)].outcome.\(policy.id)"
        func concernsMe(_ d: Diagnostic) -> Bool {
            d.file == updated.path && (d.path == mine || d.path?.hasPrefix(mine + ".") == true)
        }
        do {
            let l = try Library.load(
                directory: dir, options: LoadOptions(checkSources: true), replacing: [updated.path: Array(updated.text.utf8)])
            return ([], l.warnings.filter { concernsMe($0) && $0.rule != "needs-review" }, l)
        } catch {
            let errors = error.errors.sorted { concernsMe($0) && !concernsMe($1) }
            return (errors.map { Problem(field: concernsMe($0) ? Self.field(of: $0) : nil, message: $0.message) }, [], nil)
        }
    }

    /// Saves the answer into its tree file (the review mark gone), once the trees directory is
    /// proved to load with it, sources checked; the file is replaced whole or not at all.
    public func save(_ draft: Draft, for key: Key) throws(SaveFailure) -> Saved {
        let (problems, warnings, loaded) = check(draft, for: key)
        guard problems.isEmpty, let loaded else { throw SaveFailure.invalid(problems) }
        guard case .success(let updated) = updatedFile(draft, for: key) else { throw SaveFailure.invalid(problems) }
        do {
            try SafeFile.atomicWrite(updated.text, to: updated.path)
        } catch {
            throw SaveFailure.write(error)
        }
        guard let next = PolicyReview(library: loaded, policyID: policy.id) else { throw SaveFailure.invalid([]) }
        return Saved(review: next, warnings: warnings)
    }

    public enum SaveFailure: Error, Sendable, CustomStringConvertible {
        /// Lint's errors: nothing was written.
        case invalid([Problem])
        /// The file could not be written: it is as it was.
        case write(FileWriteError)

        public var description: String {
            switch self {
            case .invalid(let ps): return ps.map(\.message).joined(separator: "\n")
            case .write(let e): return e.description
            }
        }
    }

    static func field(of d: Diagnostic) -> Field? {
        guard let p = d.path else { return nil }
        if p.contains(".citations") { return .clauses }
        if p.hasSuffix(".advice") { return .advice }
        if p.hasSuffix(".ask") { return .ask }
        if p.hasSuffix(".verdict") { return .verdict }
        return nil
    }

    /// The tree file's text with the draft in place of the policy's answer at the outcome (read
    /// from the file now, so edits made to it meanwhile are kept), and the outcome's node index.
    func updatedFile(_ draft: Draft, for key: Key) -> Result<(path: String, text: String, index: Int), Problem> {
        guard let tree = library.tree(key.tree) else { return .failure(Problem(field: nil, message: "no topic \(key.tree)")) }
        let path = tree.file
        let bytes: [UInt8]
        switch SafeFile.read(path, limit: LoadOptions().maxFileSize) {
        case .success(let b): bytes = b
        case .failure(let f): return .failure(Problem(field: nil, message: "\(path): \(f.description)"))
        }
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            return .failure(
                Problem(
                    field: nil,
                    message: "\(path) is no longer valid JSON (\(error.location): \(error.message)); nothing was written"))
        }
        guard case .object(var top) = json.kind,
            let ni = top.firstIndex(where: { $0.key == "nodes" }), case .array(var nodes) = top[ni].value.kind,
            let index = nodes.firstIndex(where: { $0.members?.first { $0.key == "id" }?.value.string == key.node }),
            case .object(var members) = nodes[index].kind,
            let oi = members.firstIndex(where: { $0.key == "outcome" }), case .object(var answers) = members[oi].value.kind
        else {
            return .failure(
                Problem(field: nil, message: "\(path) no longer has the outcome \"\(key.node)\"; nothing was written"))
        }
        var citations: [JSONValue] = []
        for c in draft.citations {
            var m: [(String, JSONValue)] = [("clause", .str(c.clause))]
            if let q = c.quote { m.append(("quote", .str(q))) }
            citations.append(.obj(m))
        }
        let value = JSONValue.obj([
            ("verdict", .str(draft.verdict.rawValue)), ("advice", .str(draft.advice)), ("ask", .arr(draft.ask.map { .str($0) })),
            ("citations", .arr(citations)),
        ])
        if let ai = answers.firstIndex(where: { $0.key == policy.id }) {
            answers[ai].value = value
        } else {
            answers.append(JSONValue.Member(key: policy.id, keyLocation: SourceLocation(line: 0, column: 0), value: value))
        }
        members[oi].value.kind = .object(answers)
        nodes[index].kind = .object(members)
        top[ni].value.kind = .array(nodes)
        var v = json
        v.kind = .object(top)
        return .success((path, v.pretty(), index))
    }

    // MARK: Scenarios

    /// A scripted-mode consultation that proves the answer the file holds at the outcome (the
    /// shortest way there, the verdict and every clause), headed by a line that names it, or nil
    /// when an answer's label cannot stand on one line.
    public func scenario(_ key: Key) -> String? {
        guard let tree = library.tree(key.tree), let o = tree.node(key.node)?.outcome, let a = o.answers[policy.id],
            let path = Self.paths(to: key.node, in: tree, limit: 1).0.first,
            !path.contains(where: { $0.answer.contains("\n") })
        else { return nil }
        var lines = [Self.scenarioMarker(policy.id, key) + " " + o.title.replacingOccurrences(of: "\n", with: " ")]
        lines += ["policy: \(policy.id)", "topic: \(tree.id)"]
        lines += path.map { "answer: " + $0.answer }
        lines.append("expect: " + a.verdict.rawValue)
        lines += a.citations.map { "cite: " + $0.clause }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scenarioMarker(_ policyID: String, _ key: Key) -> String { "# review \(policyID): \(key.tree)/\(key.node):" }

    /// A scenario file's text with the outcome's consultation in it: in place of the one made
    /// for it before, else added at the end.
    public func scenarios(_ text: String, with key: Key) -> String {
        guard let entry = scenario(key) else { return text }
        let marker = Self.scenarioMarker(policy.id, key)
        var blocks = text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let cleaned = entry.trimmingCharacters(in: .newlines)
        if let i = blocks.firstIndex(where: { $0.trimmingCharacters(in: .newlines).hasPrefix(marker) }) {
            blocks[i] = cleaned
        } else {
            blocks.append(cleaned)
        }
        return blocks.map { $0.trimmingCharacters(in: .newlines) }.joined(separator: "\n\n") + "\n"
    }
}
