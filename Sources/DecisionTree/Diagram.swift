import Foundation

/// Trees as diagrams for the people who edit them: Graphviz DOT and Mermaid.
/// Questions are boxes, answer labels sit on the edges, outcomes are coloured by verdict: the
/// given policy's verdict, or with no policy the verdict every school shares (grey where they differ).
public enum Diagram {
    public enum Format: String, Sendable, CaseIterable {
        case dot
        case mermaid
    }

    /// Fill colours by verdict (and for outcomes where schools differ).
    static func colour(_ v: Verdict?) -> String {
        switch v {
        case .allowed?: return "#c8e6c9"
        case .notAllowed?: return "#ffcdd2"
        case .askFirst?: return "#fff3c4"
        case .refer?: return "#e1bee7"
        case nil: return "#e0e0e0"
        }
    }

    /// The outcome's verdict under the policy, or the verdict every school shares (nil if they differ).
    static func verdict(_ o: Outcome, policy: String?) -> Verdict? {
        if let p = policy { return o.answers[p]?.verdict }
        let all = Set(o.answers.values.map(\.verdict))
        return all.count == 1 ? all.first : nil
    }

    /// Word-wraps a label to lines of about `width` characters.
    public static func lines(_ s: String, width: Int = 28) -> [String] {
        var out: [String] = []
        var cur = ""
        for w in Text.terminalSafe(s).split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if !cur.isEmpty && cur.count + 1 + w.count > width {
                out.append(cur)
                cur = ""
            }
            cur += (cur.isEmpty ? "" : " ") + w
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    static func outcomeLines(_ n: Node, _ o: Outcome, library: Library, policy: String?) -> [String] {
        var l = lines(o.title)
        if let p = policy, let a = o.answers[p] {
            l.append("[\(a.verdict.rawValue)] " + a.citations.map(\.clause).joined(separator: ", "))
        } else {
            let counts = Verdict.allCases.compactMap { v -> String? in
                let n = library.policies.filter { o.answers[$0.id]?.verdict == v }.count
                return n == 0 ? nil : "\(v.rawValue) ×\(n)"
            }
            l.append("[" + counts.joined(separator: ", ") + "]")
        }
        return l
    }

    public static func render(_ tree: Tree, library: Library, policy: String?, format: Format) -> String {
        switch format {
        case .dot: return dot(tree, library: library, policy: policy)
        case .mermaid: return mermaid(tree, library: library, policy: policy)
        }
    }

    static func dotString(_ s: String) -> String {
        var out = "\""
        for ch in s {
            switch ch {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default: out.append(ch)
            }
        }
        return out + "\""
    }

    public static func dot(_ tree: Tree, library: Library, policy: String?) -> String {
        var s = "digraph \(dotString(tree.id)) {\n"
        let school = policy.flatMap { library.policy($0)?.school }
        s += "  label=\(dotString(Text.terminalSafe(tree.title) + (school.map { " — \($0)" } ?? " — all schools")));\n"
        s += "  labelloc=t; fontname=\"Helvetica\"; rankdir=TB;\n"
        s += "  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", fontsize=10];\n"
        for n in tree.nodes {
            switch n.kind {
            case .question(let q):
                s +=
                    "  \(dotString(n.id)) [shape=box, style=\"rounded\", label=\(dotString(lines(q.text).joined(separator: "\n")))];\n"
            case .outcome(let o):
                let v = verdict(o, policy: policy)
                s +=
                    "  \(dotString(n.id)) [shape=box, style=\"filled\", fillcolor=\"\(colour(v))\", label=\(dotString(outcomeLines(n, o, library: library, policy: policy).joined(separator: "\n")))];\n"
            }
        }
        for n in tree.nodes {
            for a in n.question?.answers ?? [] {
                s +=
                    "  \(dotString(n.id)) -> \(dotString(a.next)) [label=\(dotString(lines(a.label, width: 22).joined(separator: "\n")))];\n"
            }
        }
        s += "}\n"
        return s.replacingNewlinesInsideQuotes()
    }

    static func mermaidText(_ s: String) -> String {
        Text.terminalSafe(s).replacingOccurrences(of: "\"", with: "#quot;").replacingOccurrences(of: "\n", with: "<br/>")
    }

    public static func mermaid(_ tree: Tree, library: Library, policy: String?) -> String {
        var ids: [String: String] = [:]
        for (i, n) in tree.nodes.enumerated() { ids[n.id] = "n\(i)" }
        var s = "flowchart TD\n"
        var classes: [String: [String]] = [:]
        for n in tree.nodes {
            let id = ids[n.id]!
            switch n.kind {
            case .question(let q):
                s += "  \(id)(\"\(mermaidText(lines(q.text).joined(separator: "\n")))\")\n"
            case .outcome(let o):
                s += "  \(id)[\"\(mermaidText(outcomeLines(n, o, library: library, policy: policy).joined(separator: "\n")))\"]\n"
                let v = verdict(o, policy: policy)
                classes[v.map { $0.rawValue.replacingOccurrences(of: "-", with: "") } ?? "differ", default: []].append(id)
            }
        }
        for n in tree.nodes {
            for a in n.question?.answers ?? [] {
                guard let to = ids[a.next] else { continue }
                s += "  \(ids[n.id]!) -->|\"\(mermaidText(a.label))\"| \(to)\n"
            }
        }
        let defs: [(String, Verdict?)] = [
            ("allowed", .allowed), ("notallowed", .notAllowed), ("askfirst", .askFirst), ("refer", .refer), ("differ", nil),
        ]
        for (name, v) in defs {
            s += "  classDef \(name) fill:\(colour(v)),stroke:#555\n"
            if let members = classes[name] { s += "  class \(members.joined(separator: ",")) \(name)\n" }
        }
        return s
    }
}

extension String {
    /// In DOT output, line breaks inside quoted labels become `\n` escapes.
    func replacingNewlinesInsideQuotes() -> String {
        var out = ""
        var inQuotes = false
        var escaped = false
        for ch in self {
            if inQuotes {
                if escaped {
                    escaped = false
                } else if ch == "\\" {
                    escaped = true
                } else if ch == "\"" {
                    inQuotes = false
                } else if ch == "\n" {
                    out += "\\n"
                    continue
                }
            } else if ch == "\"" {
                inQuotes = true
            }
            out.append(ch)
        }
        return out
    }
}
