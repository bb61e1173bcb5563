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

    /// Imports a policy document's text.
    public static func read(_ source: String) -> Result {
        var result = Result()
        let rawLines = source.components(separatedBy: "\n").map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
        // Page furniture: short lines that repeat on three or more pages, and page numbers.
        var counts: [String: Int] = [:]
        for l in rawLines {
            let t = l.trimmingCharacters(in: .whitespaces)
            if !t.isEmpty && t.count < 80 { counts[t, default: 0] += 1 }
        }
        func isPageNumber(_ t: String) -> Bool {
            let f = Text.fold(t)
            if f.range(of: #"^page \d+( of \d+)?$"#, options: .regularExpression) != nil { return true }
            return f.range(of: #"^\d+$"#, options: .regularExpression) != nil && t.count <= 4
        }
        // A short line right above or below a page number, with no blank line between, is that
        // page's header or footer even when the document is too short for it to repeat.
        var besidePageNumbers = Set<String>()
        for (k, l) in rawLines.enumerated() where isPageNumber(l.trimmingCharacters(in: .whitespaces)) {
            for j in [k - 1, k + 1] where j >= 0 && j < rawLines.count {
                // The header and the number stand apart from the text, a blank line beyond them.
                let beyond = j + (j < k ? -1 : 1)
                guard beyond < 0 || beyond >= rawLines.count || rawLines[beyond].trimmingCharacters(in: .whitespaces).isEmpty
                else { continue }
                let t = rawLines[j].trimmingCharacters(in: .whitespaces)
                if !t.isEmpty && Text.words(t).count <= 12 && !isPageNumber(t) && numbered(t) == nil
                    && !["- ", "* ", "• "].contains(where: { t.hasPrefix($0) }) && (t.first?.isLowercase == false)
                    && !t.hasSuffix(".") && !t.hasSuffix(":") && !t.hasSuffix(";") && !t.hasSuffix(",") && !t.contains("\t")
                {
                    besidePageNumbers.insert(t)
                }
            }
        }
        func isFurniture(_ t: String) -> Bool {
            if isPageNumber(t) || besidePageNumbers.contains(t) { return true }
            return (counts[t] ?? 0) >= 3 && !t.hasSuffix(".") && Text.words(t).count <= 12
        }
        // Take the furniture out with the blank lines around it: a page break in mid-clause joins
        // the two halves again; between paragraphs one blank line stays.
        var lines: [String] = []
        var lineNumbers: [Int] = []
        var k = 0
        while k < rawLines.count {
            let t = rawLines[k].trimmingCharacters(in: .whitespaces)
            guard !t.isEmpty, isFurniture(t) else {
                lines.append(rawLines[k])
                lineNumbers.append(k + 1)
                k += 1
                continue
            }
            if !result.dropped.contains(t) { result.dropped.append(t) }
            while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
                lines.removeLast()
                lineNumbers.removeLast()
            }
            k += 1
            while k < rawLines.count {
                let n = rawLines[k].trimmingCharacters(in: .whitespaces)
                if n.isEmpty || isFurniture(n) {
                    if !n.isEmpty && !result.dropped.contains(n) { result.dropped.append(n) }
                    k += 1
                } else {
                    break
                }
            }
            let before = lines.last?.trimmingCharacters(in: .whitespaces) ?? ""
            let after = k < rawLines.count ? rawLines[k].trimmingCharacters(in: .whitespaces) : ""
            // A heading after the page break (a short line standing alone) or a numbered clause
            // starts afresh, whatever came before.
            let standsAlone = k + 1 >= rawLines.count || rawLines[k + 1].trimmingCharacters(in: .whitespaces).isEmpty
            let afterIsHeading =
                standsAlone && (after.first?.isUppercase ?? false) && Text.words(after).count <= 12
                && !after.hasSuffix(".") && !after.hasSuffix(",") && !after.hasSuffix(";") && !after.hasSuffix(":")
            let continues =
                (["- ", "* ", "• "].contains { after.hasPrefix($0) } || (after.first?.isLowercase ?? false)
                    || !(before.hasSuffix(".") || before.hasSuffix("!") || before.hasSuffix("?") || before.hasSuffix(":")))
                && !afterIsHeading && numbered(after) == nil
            if !continues && !lines.isEmpty {
                lines.append("")
                lineNumbers.append(k)
            }
        }
        var heading = ""
        // Whether the text's sections are unnumbered (more unnumbered paragraphs than numbered ones
        // before the first numbered clause with a dot in its number).
        let unnumberedSections: Bool = {
            var plainParagraphs = 0
            var numberedLines = 0
            for l in lines {
                var t = l.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
                if t.hasPrefix("- ") { t = String(t.dropFirst(2)) }
                if let (n, _) = numbered(t) {
                    numberedLines += 1
                    if n.contains(".") { return false }
                } else if Text.words(t).count > 15 {
                    plainParagraphs += 1
                }
            }
            return plainParagraphs > numberedLines * 2
        }()
        var headingParagraphs: [String: Int] = [:]
        // Section titles from a contents table, the numbered sections the text heads, and the last.
        var contents: [Int: String] = [:]
        var headedSections = Set<Int>()
        var section: Int?
        // Sections that hold lettered items or steps: their paragraphs keep their numbers.
        var withItems = Set<String>()
        var current: ImportedClause?
        var usedIDs = Set<String>()
        func flush() {
            if var c = current {
                c.text = c.text.trimmingCharacters(in: .whitespacesAndNewlines)
                if !c.text.isEmpty {
                    var id = c.id
                    var n = 2
                    while usedIDs.contains(id) {
                        id = c.id + "-\(n)"
                        n += 1
                    }
                    if id != c.id { result.notes.append("line \(c.line): the number \(c.id) is used twice; the second is \(id)") }
                    c.id = id
                    usedIDs.insert(id)
                    result.clauses.append(c)
                }
            }
            current = nil
        }
        func isBlank(_ k: Int) -> Bool { k >= lines.count || lines[k].trimmingCharacters(in: .whitespaces).isEmpty }
        // Whether the paragraph after the blank line `i` is one line of sentences followed by a
        // heading, a numbered clause or the end.
        func isRunOn(after i: Int) -> Bool {
            guard let j = ((i + 1)..<lines.count).first(where: { !isBlank($0) }), isBlank(j + 1) else { return false }
            let p = lines[j].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
            guard numbered(p) == nil, lettered(p) == nil, !["- ", "* ", "• ", "#"].contains(where: { p.hasPrefix($0) }),
                p.hasSuffix("."), Text.words(p).count > 12, !p.contains("\t")
            else { return false }
            guard let m = ((j + 1)..<lines.count).first(where: { !isBlank($0) }) else { return true }
            var after = lines[m].trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
            if after.hasPrefix("- ") { after = String(after.dropFirst(2)) }
            return numbered(after) != nil || after.hasPrefix("#")
                || (Text.words(after).count <= 12 && !after.hasSuffix(".") && (after.first?.isUppercase ?? false))
        }
        for (i, raw) in lines.enumerated() {
            let lineNo = lineNumbers[i]
            let t = raw.trimmingCharacters(in: .whitespaces)
            if t.isEmpty {
                // A blank line ends a paragraph. A numbered clause runs on only into a list, or
                // from a list into the words that close it.
                if let c = current {
                    let next =
                        lines[(i + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }?
                        .trimmingCharacters(in: .whitespaces) ?? ""
                    let lastLine = c.text.split(separator: "\n").last.map(String.init) ?? ""
                    let intoList =
                        ["- ", "* ", "• "].contains { next.hasPrefix($0) } && numbered(String(next.dropFirst(2))) == nil
                    let fromList =
                        ["- ", "* ", "• "].contains { lastLine.hasPrefix($0) } && numbered(next) == nil
                        && !isHeadingText(next)
                    // In a text of numbered clauses, one plain paragraph of sentences between a
                    // numbered clause and the next heading or number is still that clause ("56.
                    // Staff must…", then "Photographs must be checked…", then a heading).
                    let runsOn = !unnumberedSections && c.isNumbered && isRunOn(after: i)
                    // Words that introduce a list ("… to participate by:") keep it, numbered or not.
                    let introducesList =
                        intoList && lastLine.hasSuffix(":") && lettered(String(next.dropFirst(2))) == nil
                    if !(c.isNumbered && (intoList || fromList)) && !runsOn && !introducesList { flush() }
                }
                continue
            }
            if isFurniture(t) {
                if !result.dropped.contains(t) { result.dropped.append(t) }
                continue
            }
            // A contents table or a cover table ("1.\tIntroduction\tPage 3", "Date:\tJune 2021").
            if t.contains("\t") {
                let cells = t.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
                let last = Text.fold(cells.last ?? "")
                if cells.count >= 2
                    && (last.range(of: #"^(page )?\d+$"#, options: .regularExpression) != nil || date(in: Text.fold(t)) != nil
                        || cells.count >= 3 || Text.words(t).count <= 8)
                {
                    if !result.dropped.contains(t) { result.dropped.append(t) }
                    // A contents line ("9.\tSocial Media Guidelines\tPage 7"): the section's title.
                    if let n = Int(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "."))), cells.count >= 2,
                        !cells[1].isEmpty, contents[n] == nil
                    {
                        contents[n] = cells[1]
                    }
                    continue
                }
            }
            // A Markdown heading ("## 6 Personal use", as a .docx's heading styles are read): always a
            // heading, its number dropped.
            if t.hasPrefix("#"), let r = t.range(of: #"^#+\s+"#, options: .regularExpression) {
                var h = String(t[r.upperBound...]).replacingOccurrences(of: "**", with: "")
                if let (_, rest) = numbered(h) { h = rest }
                if !h.isEmpty {
                    flush()
                    heading = cleanHeading(h)
                    continue
                }
            }
            var plain = t.replacingOccurrences(of: "**", with: "").replacingOccurrences(of: "#", with: "")
                .trimmingCharacters(in: .whitespaces)
            // A list dash before a number ("- 1.1 The internet…") is layout, not a bullet.
            if plain.hasPrefix("- ") || plain.hasPrefix("* ") || plain.hasPrefix("• "),
                numbered(String(plain.dropFirst(2))) != nil || lettered(String(plain.dropFirst(2))) != nil
            {
                plain = String(plain.dropFirst(2))
            }
            if let (letter, rest) = lettered(plain), current.map({ !$0.isNumbered }) ?? true, !heading.isEmpty {
                // "a) Breach our …" under an unnumbered heading: its own clause, id heading.a.
                flush()
                withItems.insert(slug(heading))
                current = ImportedClause(id: slug(heading) + "." + letter, heading: heading, text: rest, line: lineNo)
                continue
            }
            if let (number, rest) = numbered(plain) {
                // "2. Aim" followed by "2.1 …": the title of the section its clauses number.
                let nextLine =
                    lines[(i + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map {
                        var n = $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
                        if n.hasPrefix("- ") { n = String(n.dropFirst(2)) }
                        return n
                    } ?? ""
                let titlesSection =
                    numbered(nextLine).map { $0.0.hasPrefix(number + ".") } == true && Text.words(rest).count <= 10
                    && (rest.first?.isUppercase ?? false) && !rest.hasSuffix(".") && !rest.hasSuffix(":")
                if (isHeadingText(rest) || titlesSection) && !rest.hasSuffix(".") && Text.words(rest).count <= 10 {
                    // "6. Personal use of social media": a section heading.
                    flush()
                    heading = rest
                    if let n = Int(number) {
                        section = n
                        headedSections.insert(n)
                    }
                    continue
                }
                flush()
                // A numbered list inside an unnumbered section ("1. Ensure that permission…" under
                // "Staff Protocol"): its items are steps of that section.
                let isStep = !heading.isEmpty && unnumberedSections && number.allSatisfy(\.isNumber)
                if isStep { withItems.insert(slug(heading)) }
                let id = isStep ? slug(heading) + ".step-" + number : number
                current = ImportedClause(id: id, heading: heading, text: rest, line: lineNo, isNumbered: true)
                continue
            }
            let nextBlank = i + 1 >= lines.count || lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty
            let previousBlank = i == 0 || lines[i - 1].trimmingCharacters(in: .whitespaces).isEmpty
            let shortLine =
                Text.words(plain).count <= 12 && !plain.hasSuffix(".") && !plain.hasSuffix(",") && !plain.hasSuffix(";")
                && !plain.hasSuffix(":") && !plain.hasPrefix("-") && (plain.first?.isUppercase ?? false)
            // A heading: capitals or Title Case, or (in a text of unnumbered sections) a short
            // line standing alone between blank lines.
            let nextParagraphIsLong: Bool = {
                guard let n = lines[(i + 1)...].first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else {
                    return false
                }
                return Text.words(n).count >= 12
            }()
            // A longer title standing alone before a long paragraph ("You speak for yourself but
            // your actions reflect those of …", 13 words; up to 20) is a heading too.
            let titleLine =
                Text.words(plain).count <= 20 && !plain.hasSuffix(".") && !plain.hasSuffix(",") && !plain.hasSuffix(";")
                && !plain.hasSuffix(":") && !plain.hasPrefix("-") && (plain.first?.isUppercase ?? false)
            if (shortLine
                && (isHeadingText(plain)
                    || (nextBlank && previousBlank && ((current.map { !$0.isNumbered } ?? true) || nextParagraphIsLong))))
                || (titleLine && nextBlank && previousBlank && nextParagraphIsLong && !plain.contains("\t"))
            {
                flush()
                heading = cleanHeading(plain)
                continue
            }
            if current != nil {
                current!.text += "\n" + t
            } else {
                // Plain paragraphs after the last clause of section N, where the contents table
                // lists a section N+1 that the text never heads: that section's ("Social Media
                // Guidelines", headed only in Redbridge's contents).
                if let n = section, let title = contents[n + 1], !headedSections.contains(n + 1),
                    result.clauses.last?.id.hasPrefix("\(n).") == true
                {
                    heading = cleanHeading(title)
                    section = n + 1
                    headedSections.insert(n + 1)
                }
                let base = slug(heading.isEmpty ? "introduction" : heading)
                let k = (headingParagraphs[base] ?? 0) + 1
                headingParagraphs[base] = k
                current = ImportedClause(
                    id: base + "." + String(k), heading: heading.isEmpty ? "Introduction" : heading, text: t, line: lineNo)
            }
        }
        flush()
        // A heading that holds one paragraph gives it the heading's id alone ("when-in-doubt-ask").
        for (base, n) in headingParagraphs where n == 1 && !withItems.contains(base) {
            if let i = result.clauses.firstIndex(where: { $0.id == base + ".1" }), !usedIDs.contains(base) {
                result.clauses[i].id = base
            }
        }
        // Verbatim by construction, and proved: a clause the checker cannot find word for word
        // (table cells, odd markup) is left out and reported, never kept unproved.
        result.cleanedSource = lines.joined(separator: "\n")
        let normalSource = Text.normalizeForQuote(result.cleanedSource)
        result.clauses.removeAll { c in
            if Text.isVerbatim(normalizedQuote: Text.normalizeForQuote(c.text), inNormalized: normalSource) { return false }
            result.notes.append(
                "line \(c.line): \(c.id) left out: its words could not be matched to the source exactly (a table?)")
            return true
        }
        findDates(lines, into: &result)
        findRoles(&result)
        let doubtPhrases = ["if in doubt", "when in doubt", "if you are unsure", "if you are in any doubt"]
        // Prefer a clause that is the rule itself ("If in doubt always seek advice."), then any that holds it.
        result.whenInDoubtClause =
            result.clauses.first { c in doubtPhrases.contains { Text.fold(c.text).hasPrefix($0) } }?.id
            ?? result.clauses.first {
                let f = " " + Text.fold($0.heading + " " + $0.text) + " "
                return f.contains(" if in doubt ") || f.contains(" when in doubt ") || f.contains(" if you are unsure ")
                    || f.contains(" if you are in any doubt ")
            }?.id
        if result.whenInDoubtClause == nil {
            result.notes.append("no \"if in doubt\" sentence found: the policy file gets a whenInDoubt note to check")
        }
        return result
    }

}
