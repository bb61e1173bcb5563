/// The scripted-mode file format: plain text a school office can write by hand.
///
///     # comment
///     policy: redbridge
///     ask: can I accept a friend request from a pupil?
///     answer: A pupil at my school or another school
///     expect: ask-first
///     cite: when-in-doubt-ask
///
/// Consultations are separated by blank lines. Keys: `policy` (an id, or `none`), `ask` (the
/// question in words, routed as in the REPL) or `topic` (a topic id), `answer` (one per question,
/// matched by label), `expect` (a verdict), `cite` (a clause id the result must cite), and `story`
/// (a training scenario's situation). Lines are fed one at a time, so files of any length run in
/// bounded memory.

/// One consultation read from a script.
public struct ScriptEntry: Sendable, Hashable {
    public struct Line<T: Sendable & Hashable>: Sendable, Hashable {
        public var value: T
        public var line: Int
    }

    /// The line the consultation starts on.
    public var line: Int
    public var policy: Line<String>?
    public var ask: Line<String>?
    public var topic: Line<String>?
    public var answers: [Line<String>] = []
    public var expect: Line<String>?
    public var cites: [Line<String>] = []
    public var story: Line<String>?
    /// Problems found while reading the entry's lines.
    public var errors: [ScriptIssue] = []
}

/// A problem in a script, at a line.
public struct ScriptIssue: Error, Sendable, Hashable, CustomStringConvertible {
    public var line: Int
    public var message: String

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }

    public var description: String { "line \(line): \(message)" }
}

/// Reads script lines one at a time and hands back whole consultations.
public struct ScriptParser: Sendable {
    public static let keys = ["policy", "ask", "topic", "answer", "expect", "cite", "story"]
    /// Lines longer than this are refused (a guard against files that are not scripts).
    public static let maxLineLength = 64 * 1024

    var entry: ScriptEntry?
    var lineNumber = 0

    public init() {}

    /// Feeds one line (without its newline). Returns a finished consultation when the line ends one.
    public mutating func feed(_ raw: Substring) -> ScriptEntry? {
        lineNumber += 1
        var text = raw
        if text.hasSuffix("\r") { text = text.dropLast() }
        // A byte-order mark (Windows Notepad writes one) is not part of the first key.
        if lineNumber == 1, text.hasPrefix("\u{FEFF}") { text = text.dropFirst() }
        if text.utf8.count > ScriptParser.maxLineLength {
            addError(
                ScriptIssue(
                    line: lineNumber,
                    message:
                        "this line is \(text.utf8.count) bytes long; lines longer than \(ScriptParser.maxLineLength) bytes are refused"
                ))
            return nil
        }
        let trimmed = String(text).trimmingWhitespace()
        if trimmed.isEmpty { return finish() }
        if trimmed.hasPrefix("#") { return nil }
        guard let colon = trimmed.firstIndex(of: ":") else {
            addError(
                ScriptIssue(
                    line: lineNumber, message: "expected 'key: value' (keys: \(ScriptParser.keys.joined(separator: ", ")))"))
            return nil
        }
        let key = String(trimmed[..<colon]).trimmingWhitespace().lowercased()
        let value = String(trimmed[trimmed.index(after: colon)...]).trimmingWhitespace()
        let n = lineNumber
        // Take the entry out while it changes, so its arrays are never shared and an append
        // never copies them: one long consultation stays linear in its length.
        var e = begin()
        entry = nil
        defer { entry = e }
        if value.isEmpty {
            e.errors.append(ScriptIssue(line: n, message: "'\(key):' needs a value"))
            return nil
        }
        if let bad = Text.firstControlCharacter(value) {
            e.errors.append(
                ScriptIssue(
                    line: n, message: "the value holds the control character U+\(String(bad.value, radix: 16, uppercase: true))"))
            return nil
        }
        // Sets a key that may appear once; a second time is an error. (It returns the issue rather
        // than touching `e`, which the caller is already changing through `slot`.)
        func once(_ slot: inout ScriptEntry.Line<String>?) -> ScriptIssue? {
            if let prev = slot {
                return ScriptIssue(
                    line: n,
                    message:
                        "'\(key):' is given twice in one consultation (first on line \(prev.line)); separate consultations with a blank line"
                )
            }
            slot = .init(value: value, line: n)
            return nil
        }
        var issue: ScriptIssue?
        switch key {
        case "policy": issue = once(&e.policy)
        case "ask", "question": issue = once(&e.ask)
        case "topic": issue = once(&e.topic)
        case "answer": e.answers.append(.init(value: value, line: n))
        case "expect": issue = once(&e.expect)
        case "cite": e.cites.append(.init(value: value, line: n))
        case "story": issue = once(&e.story)
        default:
            e.errors.append(
                ScriptIssue(
                    line: n, message: "unknown key '\(key)' (expected one of: \(ScriptParser.keys.joined(separator: ", ")))"))
        }
        if let issue { e.errors.append(issue) }
        return nil
    }

    /// Counts a line that was too long to keep (the reader dropped its bytes) and reports it.
    public mutating func feedOverlong(length: Int) {
        lineNumber += 1
        addError(
            ScriptIssue(
                line: lineNumber,
                message: "this line is \(length) bytes long; lines longer than \(ScriptParser.maxLineLength) bytes are refused"))
    }

    /// Ends the input: returns the last consultation, if one is open.
    public mutating func end() -> ScriptEntry? { finish() }

    private mutating func addError(_ issue: ScriptIssue) {
        var e = begin()
        entry = nil
        e.errors.append(issue)
        entry = e
    }

    private mutating func begin() -> ScriptEntry {
        if let e = entry { return e }
        let e = ScriptEntry(line: lineNumber)
        entry = e
        return e
    }

    private mutating func finish() -> ScriptEntry? {
        defer { entry = nil }
        return entry
    }
}

extension ScriptParser {
    /// Parses a whole text (for tests and small inputs).
    public static func parse(_ text: String) -> [ScriptEntry] {
        var p = ScriptParser()
        var out: [ScriptEntry] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let e = p.feed(line) { out.append(e) }
        }
        if let e = p.end() { out.append(e) }
        return out
    }
}

/// What running one consultation gave.
public enum ScriptResult: Sendable, Hashable {
    /// The walk reached an outcome. `failures` lists unmet expectations (empty when all held).
    case answered(Consultation, failures: [ScriptIssue])
    /// The answers ran out before an outcome: the walk so far, waiting at a question.
    case needsMore(topic: String, policy: String?, path: [Step], question: String, options: [String], line: Int)
    /// The input was wrong (unknown policy, no match, ...).
    case inputError([ScriptIssue])
}

public struct ScriptRunner: Sendable {
    public let library: Library
    let routers: RouterCache
    /// The router, trained the first time a consultation asks a question without a topic.
    public var router: Router { routers.value }
    public let today: Day
    /// The policy used when a consultation names none (nil: none, the most cautious answer).
    public var defaultPolicy: String?

    public init(library: Library, today: Day, defaultPolicy: String? = nil) {
        self.library = library
        self.routers = RouterCache(library: library)
        self.today = today
        self.defaultPolicy = defaultPolicy
    }

    /// Words that choose no policy: the most cautious answer, with the schools' differences.
    public static let nonePolicyWords: Set<String> = ["none", "all", "any", "not sure", "unsure"]

    /// Runs one consultation: its policy, its topic (given, or routed from its question), its
    /// answers fed to a walk, and the result compared with what it expects.
    public func run(_ e: ScriptEntry) -> ScriptResult {
        if !e.errors.isEmpty { return .inputError(e.errors) }
        var issues: [ScriptIssue] = []
        let policyID = policy(of: e, issues: &issues)
        let (tree, start) = topic(of: e, issues: &issues)
        let expected = expectedVerdict(of: e, issues: &issues)
        guard issues.isEmpty, let tree else { return .inputError(issues) }

        var walk =
            start.flatMap { Walk(library: library, tree: tree, policyID: policyID, at: $0) }
            ?? Walk(library: library, tree: tree, policyID: policyID)
        if let issue = ScriptRunner.feed(e.answers, into: &walk, question: e.ask?.value) { return .inputError([issue]) }
        guard let result = walk.result(today: today) else {
            let q = walk.currentQuestion!
            return .needsMore(
                topic: tree.id, policy: policyID, path: walk.steps, question: q.text, options: q.answers.map(\.label),
                line: e.answers.last?.line ?? e.line)
        }
        return .answered(result, failures: failures(of: result, against: e, expected: expected))
    }

    /// The consultation's policy: its 'policy:' line (a word for none, or a policy id), else the default.
    func policy(of e: ScriptEntry, issues: inout [ScriptIssue]) -> String? {
        var policyID = defaultPolicy
        if let p = e.policy {
            if ScriptRunner.nonePolicyWords.contains(Text.fold(p.value)) {
                policyID = nil
            } else if library.policy(p.value) != nil {
                policyID = p.value
            } else {
                issues.append(
                    ScriptIssue(
                        line: p.line,
                        message:
                            "unknown policy '\(p.value)' (expected one of: \(library.policyIDs.joined(separator: ", ")), or none)"
                    ))
            }
        }
        return policyID
    }

    /// The consultation's tree, and the node to start at (nil: the tree's start): its 'topic:'
    /// line, else its question routed.
    func topic(of e: ScriptEntry, issues: inout [ScriptIssue]) -> (Tree?, String?) {
        var tree: Tree?
        var start: String?
        if let t = e.topic {
            tree = library.tree(t.value)
            if tree == nil, t.value == QuestionCorpus.safeguarding, let target = library.safeguardingOutcome {
                // "topic: safeguarding": straight to the safeguarding outcome, as a worried question goes.
                tree = target.tree
                start = target.outcomeID
            }
            if tree == nil {
                issues.append(
                    ScriptIssue(
                        line: t.line,
                        message:
                            "unknown topic '\(t.value)' (expected one of: \(library.trees.map(\.id).joined(separator: ", ")))"))
            }
        } else if let a = e.ask {
            (tree, start) = route(a, issues: &issues)
        } else {
            issues.append(ScriptIssue(line: e.line, message: "the consultation has no 'ask:' question or 'topic:'"))
        }
        return (tree, start)
    }

    /// The tree an 'ask:' question is routed to, and the outcome to start at for a safeguarding
    /// question; nil, with the reason, when the router cannot choose.
    func route(_ a: ScriptEntry.Line<String>, issues: inout [ScriptIssue]) -> (Tree?, String?) {
        var tree: Tree?
        var start: String?
        switch router.route(a.value) {
        case .topic(let id): tree = library.tree(id)
        case .safeguarding(let id, let outcome):
            tree = library.tree(id)
            start = outcome
        case .close(let x, let y):
            issues.append(
                ScriptIssue(
                    line: a.line, message: "the question could be about '\(x)' or '\(y)': add 'topic: \(x)' or 'topic: \(y)'")
            )
        case .unsure(let ts):
            issues.append(
                ScriptIssue(
                    line: a.line,
                    message:
                        "the router is not sure which topic this is (likeliest: \(ts.joined(separator: ", "))): add a 'topic:' line"
                ))
        case .offTopic:
            issues.append(
                ScriptIssue(
                    line: a.line,
                    message:
                        "the question is not about any of the advisor's topics (\(library.trees.map(\.id).joined(separator: ", "))); add a 'topic:' line if it is"
                ))
        }
        return (tree, start)
    }

    func expectedVerdict(of e: ScriptEntry, issues: inout [ScriptIssue]) -> Verdict? {
        var expected: Verdict?
        if let x = e.expect {
            expected = Verdict(rawValue: x.value.lowercased())
            if expected == nil {
                issues.append(
                    ScriptIssue(
                        line: x.line, message: "'\(x.value)' is not a verdict (expected allowed, not-allowed, ask-first or refer)"
                    ))
            }
        }
        return expected
    }

    /// Where the result differs from the consultation's 'expect:' and 'cite:' lines.
    func failures(of result: Consultation, against e: ScriptEntry, expected: Verdict?) -> [ScriptIssue] {
        var failures: [ScriptIssue] = []
        if let x = e.expect, let expected, expected != result.verdict {
            failures.append(
                ScriptIssue(
                    line: x.line,
                    message:
                        "expected \(expected.rawValue) but the advisor says \(result.verdict.rawValue) (outcome '\(result.outcomeID)')"
                ))
        }
        for c in e.cites where !result.citations.contains(where: { $0.clauseID == c.value }) {
            let got = result.citations.map(\.clauseID)
            failures.append(
                ScriptIssue(
                    line: c.line,
                    message:
                        "expected a citation of clause \(c.value), but the result cites \(got.isEmpty ? "nothing" : got.joined(separator: ", "))"
                ))
        }
        return failures
    }

    /// Feeds a script's answers into a walk, in order. Where the answers run out before an
    /// outcome, the words of the question (`ask:`) may settle the questions left (`Walk.prefill`):
    /// a script that gives every answer is never second-guessed.
    public static func feed(_ answers: [ScriptEntry.Line<String>], into walk: inout Walk, question: String?) -> ScriptIssue? {
        for a in answers {
            guard walk.currentQuestion != nil else {
                return ScriptIssue(
                    line: a.line,
                    message: "the walk already reached its answer ('\(walk.current.outcome!.title)'); this answer is one too many"
                )
            }
            do {
                try walk.answer(a.value, allowNumbers: false)
            } catch {
                let q = walk.currentQuestion!
                switch error.code {
                case .ambiguous:
                    return ScriptIssue(
                        line: a.line,
                        message: "'\(a.value)' matches more than one answer to \"\(q.text)\": "
                            + error.candidates.map { "'\($0)'" }.joined(separator: ", "))
                default:
                    return ScriptIssue(
                        line: a.line,
                        message: "'\(a.value)' matches no answer to \"\(q.text)\" (expected one of: "
                            + q.answers.map { "'\($0.label)'" }.joined(separator: ", ") + ")")
                }
            }
        }
        if let question { walk.prefill(from: question) }
        return nil
    }
}
