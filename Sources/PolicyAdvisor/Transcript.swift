import DecisionTree
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One consultation for the record.
struct TranscriptEntry {
    var date: Date
    var question: String
    var result: Consultation
    var library: Library
}

/// A Markdown record of consultations, written whole or not at all.
enum Transcript {
    struct WriteError: Error, CustomStringConvertible {
        var path: String
        var reason: String
        var description: String { "\(path): \(reason)" }
    }

    static func defaultName(for date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.dateFormat = "yyyyMMdd-HHmmss"
        return "policy-advisor-\(f.string(from: date)).md"
    }

    static func timestamp(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm ZZZZZ"
        return f.string(from: date)
    }

    /// Markdown-safe text: control characters gone, no raw HTML.
    static func md(_ s: String) -> String {
        Text.terminalSafe(s).replacingOccurrences(of: "<", with: "&lt;")
    }

    static func markdown(_ entries: [TranscriptEntry], library: Library) -> String {
        var out = "# policy-advisor consultation record\n"
        for e in entries {
            let r = e.result
            out += "\n## \(md(r.topicTitle))\n\n"
            out += "- Date and time: \(timestamp(e.date))\n"
            if let pid = r.policyID, let p = library.policy(pid) {
                out += "- Policy: \(md(p.school)), \(md(p.title)) (`\(pid)`)\n"
            } else {
                out += "- Policy: none chosen (the most cautious of every school's answer)\n"
            }
            out += "- Question as typed: \(e.question.isEmpty ? "(topic chosen directly)" : md(e.question))\n"
            out += "\n### Questions and answers\n\n"
            for (i, s) in r.path.enumerated() {
                out += "\(i + 1). \(md(s.question)) **\(md(s.answer))**\n"
            }
            out += "\n### Verdict: \(r.verdict.label) (`\(r.verdict.rawValue)`)\n\n"
            out += "**\(md(r.outcomeTitle)).** \(md(r.advice))\n\n"
            if !r.ask.isEmpty { out += "**Who to ask:** \(md(Render.joinNames(r.ask)))\n\n" }
            if r.policyID == nil {
                out += "### Each school's answer\n\n"
                for d in r.differences {
                    out +=
                        "- **\(md(d.school))**: \(d.verdict.label). \(md(d.advice)) Who to ask: \(md(Render.joinNames(d.ask))).\n"
                }
                out += "\n"
            }
            out += "### The policy's words\n\n"
            for c in r.citations {
                out +=
                    "> **\(md(c.school)), \(Render.clauseLabel(c.clauseID, heading: md(c.heading)))\(c.isExcerpt ? ", in part" : "")**  \n"
                if let lead = c.leadIn { out += "> “…" + md(Render.quoteText(lead)) + "”  \n" }
                let lines = Render.quoteText(c.text).split(separator: "\n").map { md(String($0)) }
                out += "> “" + lines.joined(separator: "  \n> ") + "”\n\n"
            }
            for n in r.notices { out += "_Note: \(md(n))_\n\n" }
        }
        return out
    }

    /// Writes to a temporary file beside `path`, then renames it over `path`.
    static func write(_ entries: [TranscriptEntry], to path: String, library: Library) throws {
        try atomicWrite(markdown(entries, library: library), to: path)
    }

    static func atomicWrite(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw WriteError(path: path, reason: "the directory \(dir) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw WriteError(path: path, reason: "this is a directory")
        }
        let tmp = dir + "/." + url.lastPathComponent + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: tmp, contents: Data(text.utf8)) else {
            throw WriteError(path: path, reason: "cannot write in \(dir) (check its permissions)")
        }
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw WriteError(path: path, reason: reason)
        }
    }
}
