/// A problem found in a tree or policy file, with where it is and what to do about it.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible {
    public enum Severity: String, Sendable, Hashable {
        case error
        case warning
    }

    /// A short stable name for the rule that found the problem (for tests and `--format json`).
    public var rule: String
    public var severity: Severity
    /// The file, as the user named it (relative paths stay relative).
    public var file: String
    public var location: SourceLocation?
    /// Where in the JSON document, such as `nodes[3].answers[1].next`.
    public var path: String?
    public var message: String
    /// How many errors that follow from this one (a reference to a policy whose file did not load,
    /// say) were left out, so that the cause is not buried under its consequences.
    public var followers: Int = 0
    /// What an error is about when it could follow from another's failure: a reference to a
    /// policy or topic that did not load.
    var subject: Subject?

    enum Subject: Sendable, Hashable {
        case policy(String)
        case topic(String)
    }

    public init(
        rule: String, severity: Severity = .error, file: String, location: SourceLocation? = nil,
        path: String? = nil, message: String
    ) {
        self.rule = rule
        self.severity = severity
        self.file = file
        self.location = location
        self.path = path
        self.message = message
    }

    /// `file:line:col: error: message`, as compilers print it.
    public var description: String {
        var s = file
        if let l = location { s += ":\(l.line):\(l.column)" }
        s += ": \(severity.rawValue): \(message)"
        if followers > 0 { s += " (… and \(Diagnostic.followersPhrase(followers)))" }
        return s
    }
}

extension Diagnostic {
    /// "1 error that follows from it", "102 errors that follow from it".
    public static func followersPhrase(_ n: Int) -> String {
        n == 1 ? "1 error that follows from it" : "\(n) errors that follow from it"
    }

    /// For a count of errors: " (and 140 that follow from it)", or "" when none were left out.
    public static func followingNote(_ followers: Int, causes: Int) -> String {
        guard followers > 0 else { return "" }
        return " (and \(followers) that follow\(followers == 1 ? "s" : "") from \(causes == 1 ? "it" : "them"))"
    }
}

/// Loading failed: every problem found, causes first, then in file and line order.
public struct LoadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }
    /// Errors left out because they follow from one that is reported.
    public var followers: Int { diagnostics.reduce(0) { $0 + $1.followers } }

    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while loading; sorted by file and place at the end.
final class DiagnosticCollector {
    var items: [Diagnostic] = []
    /// Strings that repeat across a tree (policy ids, role ids, clause ids, labels) are kept once.
    private var strings: [String: String] = [:]

    func intern(_ s: String) -> String {
        if s.utf8.count <= 15 { return s }  // small strings live inline anyway
        if let existing = strings[s] { return existing }
        strings[s] = s
        return s
    }

    func error(
        _ rule: String, _ file: String, _ at: SourceLocation?, _ path: String?, _ message: String,
        about subject: Diagnostic.Subject? = nil
    ) {
        var d = Diagnostic(rule: rule, severity: .error, file: file, location: at, path: path, message: message)
        d.subject = subject
        items.append(d)
    }

    /// The failures that others follow from: a policy or tree file that did not load (with the ids
    /// it could have had), or the policies directory itself.
    enum Cause {
        case policyFile(String, ids: Set<String>)
        case treeFile(String, ids: Set<String>)
        case policiesDirectory(String)
    }

    /// Leaves out every error that follows from a cause (a reference to a policy or topic whose
    /// file did not load) and counts it on the cause's first error, which `sorted` puts first.
    func foldConsequences(_ causes: [Cause]) {
        guard !causes.isEmpty else { return }
        let ordered = sorted()
        func firstError(in file: String) -> Int? {
            ordered.firstIndex { $0.file == file && $0.severity == .error && $0.subject == nil }
        }
        var found: [(index: Int, covers: (Diagnostic.Subject) -> Bool)] = []
        for c in causes {
            switch c {
            case .policiesDirectory(let dir):
                if let i = firstError(in: dir) {
                    found.append((i, { if case .policy = $0 { return true } else { return false } }))
                }
            case .policyFile(let file, let ids):
                if let i = firstError(in: file) {
                    found.append((i, { if case .policy(let p) = $0 { return ids.contains(p) } else { return false } }))
                }
            case .treeFile(let file, let ids):
                if let i = firstError(in: file) {
                    found.append((i, { if case .topic(let t) = $0 { return ids.contains(t) } else { return false } }))
                }
            }
        }
        guard !found.isEmpty else { return }
        var result = ordered
        var dropped = Set<Int>()
        for (i, d) in ordered.enumerated() where d.severity == .error {
            guard let subject = d.subject, let cause = found.first(where: { $0.covers(subject) }) else { continue }
            result[cause.index].followers += 1
            dropped.insert(i)
        }
        items = result.enumerated().filter { !dropped.contains($0.offset) }.map(\.element)
    }

    func warning(_ rule: String, _ file: String, _ at: SourceLocation?, _ path: String?, _ message: String) {
        items.append(Diagnostic(rule: rule, severity: .warning, file: file, location: at, path: path, message: message))
    }

    var hasErrors: Bool { items.contains { $0.severity == .error } }

    /// Causes (errors others follow from) first, then by file and place.
    func sorted() -> [Diagnostic] {
        items.enumerated().sorted { a, b in
            let x = a.element
            let y = b.element
            if (x.followers > 0) != (y.followers > 0) { return x.followers > 0 }
            if x.file != y.file { return x.file < y.file }
            let lx = x.location ?? SourceLocation(line: 0, column: 0)
            let ly = y.location ?? SourceLocation(line: 0, column: 0)
            if lx != ly { return lx < ly }
            return a.offset < b.offset
        }.map(\.element)
    }
}
