import Foundation

/// Reads a school's policy document (plain text or Markdown) into a policy file: clauses with ids
/// by the project's scheme, headings kept, every clause verbatim by construction, the approval and
/// review dates, the roles the text names, and its "if in doubt" clause. What it cannot place is
/// reported, never guessed silently.
public enum PolicyImport {
    public struct ImportedClause: Sendable, Hashable {
        public var id: String
        public var heading: String
        public var text: String
        /// The 1-based line of the source where the clause starts.
        public var line: Int
        /// Whether the clause came with its own number (numbered clauses run on over blank lines).
        public var isNumbered: Bool = false

        public init(id: String, heading: String, text: String, line: Int, isNumbered: Bool = false) {
            self.id = id
            self.heading = heading
            self.text = text
            self.line = line
            self.isNumbered = isNumbered
        }
    }

    public struct Result: Sendable {
        public var clauses: [ImportedClause] = []
        public var approved: PolicyDate?
        public var nextReview: PolicyDate?
        public var dateNote: String?
        public var roles: [(id: String, name: String, clauses: [String])] = []
        public var whenInDoubtClause: String?
        /// Lines dropped as page furniture (repeated headers and footers, page numbers).
        public var dropped: [String] = []
        /// Things a person should look at.
        public var notes: [String] = []
        /// The document's text without its page furniture: saved as the policy's source text, so
        /// that a clause broken by a page header is still one run of the source's words.
        public var cleanedSource = ""
    }

    /// Imports a policy document's text: its page furniture taken out, its clauses read line by
    /// line (`ClauseReader`), each proved verbatim, then its dates, roles and "if in doubt" clause.
    public static func read(_ source: String) -> Result {
        var result = Result()
        let rawLines = source.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        let furniture = Furniture(rawLines)
        let (lines, lineNumbers) = furniture.remove(from: rawLines, dropped: &result.dropped)
        var reader = ClauseReader(lines: lines, lineNumbers: lineNumbers, furniture: furniture, result: result)
        reader.readAll()
        result = reader.result
        result.cleanedSource = lines.joined(separator: "\n")
        leaveOutUnproved(&result)
        findDates(lines, into: &result)
        findRoles(&result)
        findWhenInDoubt(&result)
        return result
    }

    /// Verbatim by construction, and proved: a clause the checker cannot find word for word in the
    /// cleaned source (table cells, odd markup) is left out and reported, never kept unproved.
    static func leaveOutUnproved(_ result: inout Result) {
        let normalSource = Text.normalizeForQuote(result.cleanedSource)
        var notes: [String] = []
        result.clauses.removeAll { c in
            if Text.isVerbatim(normalizedQuote: Text.normalizeForQuote(c.text), inNormalized: normalSource) { return false }
            notes.append("line \(c.line): \(c.id) left out: its words could not be matched to the source exactly (a table?)")
            return true
        }
        result.notes += notes
    }

    /// The clause that says what to do when in doubt: one that is the rule itself ("If in doubt
    /// always seek advice.") first, then any that holds it; none gives a note.
    static func findWhenInDoubt(_ result: inout Result) {
        let doubtPhrases = ["if in doubt", "when in doubt", "if you are unsure", "if you are in any doubt"]
        result.whenInDoubtClause =
            result.clauses.first { c in doubtPhrases.contains { Text.fold(c.text).hasPrefix($0) } }?.id
            ?? result.clauses.first {
                let f = " " + Text.fold($0.heading + " " + $0.text) + " "
                return f.contains(" if in doubt ") || f.contains(" when in doubt ") || f.contains(" if you are unsure ")
                    || f.contains(" if you are in any doubt ") || f.contains(" you are unsure what to do ")
                    || f.contains(" not sure what to do ") || f.contains(" is not covered by this policy ")
                    || f.contains(" not covered by this policy ")
            }?.id
        if result.whenInDoubtClause == nil {
            result.notes.append("no \"if in doubt\" sentence found: the policy file gets a whenInDoubt note to check")
        }
    }

}
