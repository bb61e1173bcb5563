import Foundation

/// The loaded, validated contents of a trees directory. All values are immutable and `Sendable`.

/// The four verdicts an outcome can give. Nothing else is a verdict.
public enum Verdict: String, Sendable, Hashable, CaseIterable, Codable {
    case allowed
    case notAllowed = "not-allowed"
    case askFirst = "ask-first"
    case refer

    /// How cautious the verdict is: `not-allowed` over `refer` over `ask-first` over `allowed`.
    public var caution: Int {
        switch self {
        case .allowed: return 0
        case .askFirst: return 1
        case .refer: return 2
        case .notAllowed: return 3
        }
    }

    /// The verdict as a short label a person reads.
    public var label: String {
        switch self {
        case .allowed: return "Allowed"
        case .notAllowed: return "Not allowed"
        case .askFirst: return "Ask first"
        case .refer: return "Refer it on"
        }
    }

    /// The verdict as an action in plain words (used by training's choices).
    public var plainAction: String {
        switch self {
        case .allowed: return "Go ahead: the policy allows it"
        case .notAllowed: return "Don't: the policy does not allow it"
        case .askFirst: return "Check with the right person before you do anything"
        case .refer: return "Pass it on to the person the policy names"
        }
    }

    /// The most cautious of some verdicts.
    public static func mostCautious<S: Sequence>(_ verdicts: S) -> Verdict? where S.Element == Verdict {
        verdicts.max { $0.caution < $1.caution }
    }
}

/// A date as precise as the policy gives it: a year, a month, or a day.
public struct PolicyDate: Sendable, Hashable, CustomStringConvertible {
    public var year: Int
    public var month: Int?
    public var day: Int?

    public init(year: Int, month: Int? = nil, day: Int? = nil) {
        self.year = year
        self.month = month
        self.day = day
    }

    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    public init?(_ text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count), parts[0].count == 4, let y = Int(parts[0]) else { return nil }
        year = y
        if parts.count >= 2 {
            guard parts[1].count == 2, let m = Int(parts[1]), (1...12).contains(m) else { return nil }
            month = m
        }
        if parts.count == 3 {
            guard parts[2].count == 2, let d = Int(parts[2]), (1...PolicyDate.daysIn(month: month!, year: y)).contains(d) else {
                return nil
            }
            day = d
        }
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]

    /// The last day this date covers, as (year, month, day): a month date covers the whole month.
    public var lastDay: (year: Int, month: Int, day: Int) {
        let m = month ?? 12
        return (year, m, day ?? PolicyDate.daysIn(month: m, year: year))
    }

    /// "September 2023", "April 2019", "2024".
    public var monthAndYear: String {
        guard let m = month else { return String(year) }
        return "\(PolicyDate.monthNames[m - 1]) \(year)"
    }

    /// The date as written in a policy file.
    public var description: String {
        var s = String(year)
        if let m = month { s += "-" + (m < 10 ? "0" : "") + String(m) }
        if let d = day { s += "-" + (d < 10 ? "0" : "") + String(d) }
        return s
    }
}

/// A day of the calendar, used for "today" so that results never depend on a hidden clock.
public struct Day: Sendable, Hashable, Comparable {
    public var year: Int
    public var month: Int
    public var day: Int

    public init(year: Int, month: Int, day: Int) {
        self.year = year
        self.month = month
        self.day = day
    }

    public static func < (a: Day, b: Day) -> Bool { (a.year, a.month, a.day) < (b.year, b.month, b.day) }
}

public struct Clause: Sendable, Hashable {
    public var id: String
    public var heading: String
    public var text: String
    public var location: SourceLocation?
}

public struct Role: Sendable, Hashable {
    public var id: String
    public var name: String
    public var clauses: [String]
}

public struct Policy: Sendable {
    public var id: String
    public var school: String
    /// Other names staff use for the school when they name it in a question (a short form, the
    /// town, the council whose model it follows); never shown as its name.
    public var knownAs: [String] = []
    public var title: String
    /// Path of the source text, relative to the policy file.
    public var source: String
    public var approved: PolicyDate?
    public var nextReview: PolicyDate?
    public var dateNote: String?
    public var roles: [Role]
    public var whenInDoubtAsk: [String]
    /// The clause with the policy's own "if in doubt" words; empty where it has none.
    public var whenInDoubtClause: String
    /// Where the policy has no general "if in doubt" sentence: a line saying so, and whom its
    /// text names for which matters.
    public var whenInDoubtNote: String?
    public var clauses: [Clause]
    /// The model policy whose text this one follows and whose answers `adopt` carried across
    /// (a policy id), or nil.
    public var adoptedFrom: String?
    /// The file the policy was read from.
    public var file: String
    /// Where top-level fields stand in the file (for messages).
    var fieldLocations: [String: SourceLocation] = [:]

    var clauseIndex: [String: Int] = [:]
    var roleIndex: [String: Int] = [:]

    public func clause(_ id: String) -> Clause? { clauseIndex[id].map { clauses[$0] } }

    /// A clause named as a person types it: its id, a unique start of its id, or the short form
    /// the advisor shows for a long id ("you-speak…" or "protecting-our…​.8").
    public func clause(named typed: String) -> Clause? {
        if let c = clause(typed) { return c }
        let t = typed.replacingOccurrences(of: "...", with: "…")
        let parts = t.split(separator: "…", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        let head = parts[0]
        let tail = parts.count > 1 ? parts[1] : ""
        guard !head.isEmpty else { return nil }
        let hits = clauses.filter { $0.id.hasPrefix(head) && $0.id.hasSuffix(tail) && $0.id.count >= head.count + tail.count }
        return hits.count == 1 ? hits[0] : nil
    }

    /// The sentence that introduces a lettered list item's list (the end of the clause before the
    /// list, when it ends with a colon), or nil for any other clause.
    public func leadIn(of id: String) -> String? {
        guard let dot = id.lastIndex(of: "."), id.distance(from: dot, to: id.endIndex) == 2,
            let letter = id.last, letter.isLowercase, letter.isLetter, let i = clauseIndex[id]
        else { return nil }
        let base = id[..<dot]
        var k = i
        while k > 0, clauses[k - 1].id.hasPrefix(base + "."), clauses[k - 1].id.count == id.count,
            clauses[k - 1].id.last?.isLowercase == true
        {
            k -= 1
        }
        guard k > 0 else { return nil }
        let before = clauses[k - 1].text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard before.hasSuffix(":") else { return nil }
        // The last sentence: after the last ". " before the colon.
        if let r = before.range(of: ". ", options: .backwards) { return String(before[r.upperBound...]) }
        return before
    }

    /// The id as shown: ids made from long headings are shortened to their first words (a
    /// paragraph number kept); `clause(named:)` finds the clause from either form.
    public func shortID(_ id: String) -> String {
        guard id.count > 24 else { return id }
        var base = Substring(id)
        var tail = ""
        if let dot = id.lastIndex(of: "."),
            id[id.index(after: dot)...].allSatisfy(\.isNumber) || id[id.index(after: dot)...].hasPrefix("step-")
        {
            base = id[..<dot]
            tail = String(id[dot...])
        }
        let words = base.split(separator: "-")
        var n = 2
        while n < words.count {
            let head = words.prefix(n).joined(separator: "-")
            if clause(named: head + "…" + tail)?.id == id { return head + "…" + tail }
            n += 1
        }
        return id
    }
    public func role(_ id: String) -> Role? { roleIndex[id].map { roles[$0] } }

    /// The names of some roles, in the policy's words ("the headteacher").
    public func roleNames(_ ids: [String]) -> [String] { ids.compactMap { role($0)?.name } }

    /// A notice when the policy's review date has passed, or nil.
    public func stalenessNotice(today: Day) -> String? {
        guard let review = nextReview else { return nil }
        let last = review.lastDay
        guard Day(year: last.year, month: last.month, day: last.day) < today else { return nil }
        return "\(school)'s policy was due for review in \(review.monthAndYear): check with your school that it is still current."
    }

    mutating func buildIndexes() {
        clauseIndex = [:]
        for (i, c) in clauses.enumerated() where clauseIndex[c.id] == nil { clauseIndex[c.id] = i }
        roleIndex = [:]
        for (i, r) in roles.enumerated() where roleIndex[r.id] == nil { roleIndex[r.id] = i }
    }
}

/// A clause a tree cites, optionally narrowed to a verbatim quote from it.
public struct Citation: Sendable, Hashable {
    public var clause: String
    public var quote: String?
    public var location: SourceLocation?

    public init(clause: String, quote: String? = nil, location: SourceLocation? = nil) {
        self.clause = clause
        self.quote = quote
        self.location = location
    }
}

/// What one policy says at an outcome.
public struct PolicyAnswer: Sendable, Hashable {
    public var verdict: Verdict
    public var advice: String
    public var ask: [String]
    public var citations: [Citation]
    public var location: SourceLocation?
    /// A placeholder still to be checked against the school's text (`adopt`, `scaffold`).
    public var review: Bool = false
}

public struct Answer: Sendable, Hashable {
    public var id: String
    public var label: String
    public var next: String
    /// Where the answer's `next` stands (for link errors).
    public var location: SourceLocation?
    /// Where the answer's `label` stands.
    public var labelLocation: SourceLocation?
    /// Words in a person's question that settle this answer ("my nephew" for "a relative"): the
    /// walk takes the answer and says so. Matched as whole words, case and accents folded.
    public var hints: [String] = []
    /// Where the answer's `hints` stand.
    public var hintsLocation: SourceLocation?

    /// Whether this is the "Not sure" answer every question must offer.
    public var isNotSure: Bool { Text.fold(label) == "not sure" }
}

/// Why a question is asked: a sentence, and per policy the clauses that make it matter.
public struct Why: Sendable, Hashable {
    public var text: String
    public var clauses: PolicyMap<[String]>
}

public struct Question: Sendable, Hashable {
    public var text: String
    public var help: String?
    public var why: Why?
    public var answers: [Answer]
}

public struct Outcome: Sendable, Hashable {
    public var title: String
    public var answers: PolicyMap<PolicyAnswer>
    /// A worry about a child's safety: every policy's verdict must be `refer`, and a question that
    /// speaks of harm to a child goes straight here.
    public var safeguarding: Bool = false
    /// Policy keys written in the file whose answers could not be read (already reported), with
    /// their places: validation does not report them again as missing.
    var keys: PolicyMap<SourceLocation> = [:]

    public init(title: String, answers: PolicyMap<PolicyAnswer>) {
        self.title = title
        self.answers = answers
    }
}

public struct Node: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case question(Question)
        case outcome(Outcome)
    }

    public var id: String
    public var kind: Kind
    public var location: SourceLocation?

    public var question: Question? {
        if case .question(let q) = kind { return q }
        return nil
    }

    public var outcome: Outcome? {
        if case .outcome(let o) = kind { return o }
        return nil
    }
}

public struct Tree: Sendable {
    public var id: String
    public var title: String
    public var summary: String
    public var routing: [String]
    public var start: String
    public var nodes: [Node]
    public var file: String

    var nodeIndex: [String: Int] = [:]
    /// Where top-level fields stand in the file (for messages).
    var fieldLocations: [String: SourceLocation] = [:]
    /// Ids of nodes that failed to load: references to them are not reported again.
    var brokenNodeIDs: Set<String> = []

    public func node(_ id: String) -> Node? { nodeIndex[id].map { nodes[$0] } }

    /// Outcome nodes in file order.
    public var outcomes: [Node] { nodes.filter { $0.outcome != nil } }

    mutating func buildIndex() {
        nodeIndex = [:]
        nodeIndex.reserveCapacity(nodes.count)
        for (i, n) in nodes.enumerated() where nodeIndex[n.id] == nil { nodeIndex[n.id] = i }
    }
}

/// Everything in a trees directory: the policies and the topic trees.
public struct Library: Sendable {
    public var policies: [Policy]
    public var trees: [Tree]
    /// Problems that do not stop the library being used (advice for authors).
    public var warnings: [Diagnostic] = []
    /// The directory the library was loaded from, if any.
    public var directory: String?
    /// How staff ask about each topic (`questions/*.txt`): the router learns from it.
    public var questions = QuestionCorpus()

    /// The outcome a worry about a child's safety goes straight to: an outcome marked
    /// `"safeguarding": true` whose id is `safeguarding`, or else the first one marked, in topic order.
    public var safeguardingOutcome: (tree: Tree, outcomeID: String)? {
        for t in trees {
            if let n = t.nodes.first(where: { $0.id == "safeguarding" && $0.outcome?.safeguarding == true }) { return (t, n.id) }
        }
        for t in trees {
            if let n = t.nodes.first(where: { $0.outcome?.safeguarding == true }) { return (t, n.id) }
        }
        return nil
    }

    public init(policies: [Policy], trees: [Tree]) {
        self.policies = policies
        self.trees = trees
    }

    public func policy(_ id: String) -> Policy? { policies.first { $0.id == id } }
    public func tree(_ id: String) -> Tree? { trees.first { $0.id == id } }
    public var policyIDs: [String] { policies.map(\.id) }
}
