import DecisionTree
import Foundation

/// A JSON value for output, keeping key order so output is stable.
indirect enum JSONOut {
    case null
    case bool(Bool)
    case int(Int)
    case string(String)
    case array([JSONOut])
    case object([(String, JSONOut)])

    static func str(_ s: String?) -> JSONOut { s.map { .string($0) } ?? .null }

    var encoded: String {
        var out = ""
        encode(into: &out)
        return out
    }

    func encode(into out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .string(let s): JSONOut.escape(s, into: &out)
        case .array(let a):
            out += "["
            for (i, v) in a.enumerated() {
                if i > 0 { out += "," }
                v.encode(into: &out)
            }
            out += "]"
        case .object(let m):
            out += "{"
            for (i, (k, v)) in m.enumerated() {
                if i > 0 { out += "," }
                JSONOut.escape(k, into: &out)
                out += ":"
                v.encode(into: &out)
            }
            out += "}"
        }
    }

    static func escape(_ s: String, into out: inout String) { JSONText.quote(s, into: &out) }
}

enum Render {
    // MARK: JSON

    static func json(_ c: Consultation, question: String?) -> JSONOut {
        var fields: [(String, JSONOut)] = [
            ("topic", .string(c.topic)),
            ("policy", .str(c.policyID)),
            ("question", .str(question)),
            ("path", pathJSON(c.path)),
            ("outcome", .string(c.outcomeID)),
            ("verdict", .string(c.verdict.rawValue)),
            ("advice", .string(c.advice)),
            ("ask", .array(c.ask.map { .string($0) })),
            ("citations", .array(c.citations.map(citationJSON))),
        ]
        if c.policyID == nil {
            fields.append(
                (
                    "differences",
                    .array(
                        c.differences.map { d in
                            .object([
                                ("policy", .string(d.policyID)), ("verdict", .string(d.verdict.rawValue)),
                                ("advice", .string(d.advice)), ("ask", .array(d.ask.map { .string($0) })),
                                ("citations", .array(d.citations.map(citationJSON))),
                            ])
                        })
                ))
        }
        fields.append(("staleness", c.notices.isEmpty ? .null : .string(c.notices.joined(separator: " "))))
        return .object(fields)
    }

    static func pathJSON(_ steps: [Step]) -> JSONOut {
        .array(
            steps.map { s in
                var fields: [(String, JSONOut)] = [("question", .string(s.question)), ("answer", .string(s.answer))]
                if let h = s.inferredFrom { fields += [("inferred", .bool(true)), ("from", .string(h))] }
                return .object(fields)
            })
    }

    static func citationJSON(_ r: ResolvedCitation) -> JSONOut {
        .object([
            ("policy", .string(r.policyID)), ("clause", .string(r.clauseID)), ("heading", .string(r.heading)),
            ("text", .string(r.text)), ("leadIn", r.leadIn.map { .string($0) } ?? .null),
        ])
    }

    // MARK: Text

    /// The path so far, one line a question.
    static func path(_ steps: [Step], to out: Output) {
        for s in steps {
            let from = s.inferredFrom.map { out.styled(" (from your words “" + out.safe($0) + "”)", .dim) } ?? ""
            out.line(
                out.wrap(
                    out.safe(s.question) + " " + out.styled("→ " + out.safe(s.answer), .cyan) + from, indent: 2, hanging: 4))
        }
    }

    /// A consultation's result as a person reads it.
    static func consultation(_ c: Consultation, library: Library, to out: Output, showPath: Bool = true) {
        if showPath && !c.path.isEmpty {
            out.line(out.styled("Your answers:", .bold))
            path(c.path, to: out)
            out.line()
        }
        let label = out.verdictLabel(c.verdict)
        out.line(out.wrap(label + "  " + out.styled(out.safe(c.outcomeTitle), .bold), keeping: label, hanging: 2))
        if let pid = c.policyID, let p = library.policy(pid) {
            out.line(out.wrap(out.styled("Policy: ", .dim) + out.safe(p.school), indent: 0, hanging: 2))
        }
        out.line(out.wrap(out.styled("What to do: ", .bold) + out.safe(c.advice), hanging: 2))
        if !c.ask.isEmpty {
            out.line(out.wrap(out.styled("Who to ask: ", .bold) + out.safe(joinNames(c.ask)), hanging: 2))
        }
        if c.policyID != nil {
            citations(c.citations, to: out)
        } else {
            out.line(out.wrap(out.styled("Each school's answer:", .bold)))
            for d in c.differences {
                let label = out.verdictLabel(d.verdict)
                out.line(
                    out.wrap("• " + out.styled(out.safe(d.school), .bold) + ": " + label, keeping: label, indent: 2, hanging: 2))
                out.line(out.wrap(out.safe(d.advice), indent: 4))
                if !d.ask.isEmpty { out.line(out.wrap("Who to ask: " + out.safe(joinNames(d.ask)), indent: 4, hanging: 2)) }
                for r in d.citations { citation(r, to: out, indent: 4, showSchool: false) }
            }
        }
        for n in c.notices {
            out.line(out.wrap(out.styled("Note: ", .boldYellow) + out.safe(n), hanging: 2))
        }
    }

    static func citations(_ list: [ResolvedCitation], to out: Output) {
        guard !list.isEmpty else { return }
        out.line(out.styled("The policy says:", .bold))
        for r in list { citation(r, to: out, indent: 2, showSchool: true) }
    }

    static func citation(_ r: ResolvedCitation, to out: Output, indent: Int, showSchool: Bool, full: Bool = false) {
        var head = showSchool ? out.safe(r.school) + ", " : ""
        head += clauseLabel(r.clauseID, heading: out.safe(r.heading), shown: r.shownID)
        if r.isExcerpt && !full { head += ", in part" }
        out.line(out.wrap(out.styled(head + ":", .dim), indent: indent, hanging: 2))
        let text = full ? r.clauseText : r.text
        if let lead = r.leadIn, r.leadInOpensClause, !full {
            // The clause's opening words, then the item quoted: "… must not:" "…bring the school …".
            out.line(out.wrap("“" + out.safe(quoteText(lead)) + "”", indent: indent + 2, hanging: 1))
            out.line(out.wrap("“…" + out.safe(quoteText(text)) + "”", indent: indent + 2, hanging: 1))
            return
        }
        if let lead = r.leadIn, !r.leadInOpensClause {
            out.line(out.wrap("“…" + out.safe(quoteText(lead)) + "”", indent: indent + 2, hanging: 1))
        }
        out.line(out.wrap("“" + out.safe(quoteText(text)) + "”", indent: indent + 2, hanging: 1))
    }

    /// Clause text for quoting: list lines keep their dash, other breaks fold into spaces.
    static func quoteText(_ s: String) -> String {
        guard s.utf8.contains(10) else { return s }
        return s.split(separator: "\n", omittingEmptySubsequences: true).map { line -> String in
            var l = line[...]
            while l.first == " " || l.first == "\t" { l = l.dropFirst() }
            while l.last == " " || l.last == "\t" { l = l.dropLast() }
            return String(l)
        }.joined(separator: "\n")
    }

    /// Whether a clause id is a printed number (29, 6.6, A.3.7) rather than one made from a heading.
    static func isNumbered(_ id: String) -> Bool {
        id.first.map { $0.isNumber || ($0.isUppercase && id.contains(".")) } == true
    }

    /// "clause 6.6", or "clause “when-in-doubt-ask”" for ids made from headings.
    static func clauseName(_ id: String) -> String {
        isNumbered(id) ? "clause \(id)" : "clause “\(id)”"
    }

    /// "clause 6.6 (Personal use)"; for ids made from headings, the heading reads better than the
    /// id: "“When in doubt, ask” [when-in-doubt-ask]", "“Monitoring” paragraph 2 [monitoring.2]".
    static func clauseLabel(_ id: String, heading: String, shown: String? = nil) -> String {
        if isNumbered(id) { return "clause \(id) (\(heading))" }
        var where_ = "“\(heading)”"
        if let dot = id.lastIndex(of: "."), case let tail = id[id.index(after: dot)...], !tail.isEmpty {
            if tail.allSatisfy(\.isNumber) {
                where_ += " paragraph \(tail)"
            } else if tail.hasPrefix("step-") {
                where_ += " step \(tail.dropFirst(5))"
            } else {
                where_ += " item \(tail))"
                where_ = where_.replacingOccurrences(of: "))", with: ")")
            }
        }
        return where_ + " [\(shown ?? id)]"
    }

    static func joinNames(_ names: [String]) -> String { Library.joinNames(names) }
}
