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

}
