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

/// A Markdown record of consultations. Each consultation is appended to the file, whole or not at
/// all, as it ends; a new session with the same file appends to the earlier sessions' record.
enum Transcript {
    typealias WriteError = FileWriteError

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

    static let heading = "# policy-advisor consultation record\n"

    static func markdown(_ entries: [TranscriptEntry], library: Library) -> String {
        heading + entries.map { section($0, library: library) }.joined()
    }

    /// One consultation's section of the record.
    static func section(_ e: TranscriptEntry, library: Library) -> String {
        var out = ""
        do {
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
                if let lead = c.leadIn {
                    out +=
                        c.leadInOpensClause
                        ? "> “" + md(Render.quoteText(lead)) + "”  \n" : "> “…" + md(Render.quoteText(lead)) + "”  \n"
                }
                let lines = Render.quoteText(c.text).split(separator: "\n").map { md(String($0)) }
                out += "> “" + (c.leadInOpensClause ? "…" : "") + lines.joined(separator: "  \n> ") + "”\n\n"
            }
            for n in r.notices { out += "_Note: \(md(n))_\n\n" }
        }
        return out
    }

    /// Why `path` cannot take a transcript, checked before the session starts: nil if it can.
    /// An existing file must be a transcript already (it is appended to, never replaced).
    static func problem(_ path: String) -> String? {
        if let p = SafeFile.writableProblem(path) { return p }
        guard case .success(let fd) = SafeFile.open(path) else { return nil }
        defer { close(fd) }
        var start = [UInt8](repeating: 0, count: heading.utf8.count)
        let n = start.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        if n == 0 { return nil }
        if n < 0 || Array(start[0..<max(0, n)]) != Array(heading.utf8) {
            return "the file exists and is not a policy-advisor transcript: name a new file, or an earlier transcript to add to"
        }
        return nil
    }

    /// Appends one consultation (after the heading, if the file is new or empty, or a session
    /// line when `newSession` and the file holds earlier sessions). The file is written in place:
    /// its mode and its hard links are kept, and no temporary file is made. On a full disk the
    /// file is cut back to what it was before, and the error says so.
    static func append(_ entry: TranscriptEntry, to path: String, library: Library, newSession: Bool) throws {
        let fd: Int32
        switch SafeFile.openForAppend(path) {
        case .success(let f): fd = f
        case .failure(let p): throw WriteError(path: path, reason: p.description)
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        defer { flock(fd, LOCK_UN) }
        var st = stat()
        _ = fstat(fd, &st)
        var text = ""
        if st.st_size == 0 {
            text = heading
        } else if newSession {
            text = "\n---\n\n_A later session, from \(timestamp(entry.date))._\n"
        }
        text += section(entry, library: library)
        if let err = SafeFile.appendWhole(Array(text.utf8), fd: fd) {
            throw WriteError(
                path: path,
                reason: "\(String(cString: strerror(err))): this consultation is not in the record (the file is as it was)")
        }
    }
}
