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
        return s
    }
}

/// Loading failed: every problem found, in file and line order.
public struct LoadFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var diagnostics: [Diagnostic]

    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    public var errors: [Diagnostic] { diagnostics.filter { $0.severity == .error } }

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

    func error(_ rule: String, _ file: String, _ at: SourceLocation?, _ path: String?, _ message: String) {
        items.append(Diagnostic(rule: rule, severity: .error, file: file, location: at, path: path, message: message))
    }

    func warning(_ rule: String, _ file: String, _ at: SourceLocation?, _ path: String?, _ message: String) {
        items.append(Diagnostic(rule: rule, severity: .warning, file: file, location: at, path: path, message: message))
    }

    var hasErrors: Bool { items.contains { $0.severity == .error } }

    func sorted() -> [Diagnostic] {
        items.enumerated().sorted { a, b in
            let x = a.element
            let y = b.element
            if x.file != y.file { return x.file < y.file }
            let lx = x.location ?? SourceLocation(line: 0, column: 0)
            let ly = y.location ?? SourceLocation(line: 0, column: 0)
            if lx != ly { return lx < ly }
            return a.offset < b.offset
        }.map(\.element)
    }
}
