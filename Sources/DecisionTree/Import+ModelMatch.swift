import Foundation

extension PolicyImport {
    /// How an imported policy stands against a known one: clauses matched by their words, not
    /// their numbers, with each school's own name set aside.
    public struct ModelMatch: Sendable, Hashable {
        public var policyID: String
        public var school: String
        public var wordForWord: Int
        public var differ: Int
        public var new: Int
        /// The known policy's clauses that nothing imported matches.
        public var missing: Int
        /// For each imported clause id, the known clause it matches word for word.
        public var same: [String: String]
    }

    static func comparable(_ text: String, names: [String]) -> String {
        var f = " " + Text.fold(text.replacingOccurrences(of: "&", with: " and ")) + " "
        // The name, and its possessive ("Redbridge Community School's" folds to "... schools").
        for n in names where !n.isEmpty {
            f = f.replacingOccurrences(of: " " + n + "s ", with: " school ").replacingOccurrences(
                of: " " + n + " ", with: " school ")
        }
        return f.trimmingCharacters(in: .whitespaces)
    }

    static func shingles(_ s: String) -> Set<String> {
        let w = s.split(separator: " ")
        guard w.count >= 3 else { return [s] }
        return Set((0...(w.count - 3)).map { w[$0..<($0 + 3)].joined(separator: " ") })
    }

    /// Compares imported clauses with a known policy (`match`: by their words, one to one).
    public static func compare(_ clauses: [ImportedClause], school: String, with policy: Policy) -> ModelMatch {
        let pairs = match(clauses.map(\.text), policy.clauses.map(\.text), names: [school, policy.school])
        var m = ModelMatch(
            policyID: policy.id, school: policy.school, wordForWord: 0, differ: 0, new: 0, missing: 0, same: [:])
        for (i, c) in clauses.enumerated() {
            guard let (j, exact) = pairs[i] else {
                m.new += 1
                continue
            }
            if exact {
                m.wordForWord += 1
                m.same[c.id] = policy.clauses[j].id
            } else {
                m.differ += 1
            }
        }
        m.missing = policy.clauses.count - pairs.count
        return m
    }
}
