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

    /// Roles a school's text commonly names: (id, how the advisor says it, words that name it).
    static let knownRoles: [(String, String, [String])] = [
        ("headteacher", "the headteacher", ["headteacher", "head teacher", "headmaster", "headmistress", "principal"]),
        ("dsl", "the designated safeguarding lead", ["designated safeguarding lead", "dsl", "safeguarding lead"]),
        ("line-manager", "your line manager", ["line manager"]),
        ("governors", "the governing body", ["governing body", "governors", "board of governors"]),
        ("ceo", "the CEO", ["ceo", "chief executive"]),
        ("senior-team", "the senior leadership team", ["senior leadership team", "senior team", "slt", "senior leader"]),
        ("communications-manager", "the communications manager", ["communications manager", "communications team"]),
        ("business-manager", "the school business manager", ["business manager"]),
        ("hr", "HR", ["human resources", "hr department", "head of hr"]),
        ("deputy-head", "the deputy headteacher", ["deputy head", "deputy headteacher"]),
    ]

    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

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

    /// "a) Text", "(b) Text": the item letter and the text after it.
    static func lettered(_ t: String) -> (String, String)? {
        guard let re = try? NSRegularExpression(pattern: #"^(?:\(?([a-z])\)|([ivx]+)\.)\s+(.+)$"#),
            let m = re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)),
            let r3 = Range(m.range(at: 3), in: t)
        else { return nil }
        let r1 = Range(m.range(at: 1), in: t) ?? Range(m.range(at: 2), in: t)
        guard let r1 else { return nil }
        return (String(t[r1]), String(t[r3]))
    }

    /// "12. Text", "6.6 Text", "A.3.7 Text", "Step 1 Text": the clause number and the text after it.
    static func numbered(_ t: String) -> (String, String)? {
        let patterns = [
            #"^([A-Z]\.\d+(?:\.\d+)*)\.?\s+(.+)$"#,
            #"^(\d+(?:\.\d+)+)\.?\s+(.+)$"#,
            #"^(\d+)[.)]\s+(.+)$"#,
            #"^(\d+)\s+([A-Z][A-Z ,&–-]+|[A-Z]{2,}\b.*[^.])$"#,
            #"^[Ss]tep (\d+)[:.]?\s+(.+)$"#,
        ]
        for (k, p) in patterns.enumerated() {
            guard let re = try? NSRegularExpression(pattern: p),
                let m = re.firstMatch(in: t, range: NSRange(t.startIndex..., in: t)),
                let r1 = Range(m.range(at: 1), in: t), let r2 = Range(m.range(at: 2), in: t)
            else { continue }
            let number = k == 4 ? "step-" + t[r1] : String(t[r1])
            return (number, String(t[r2]))
        }
        return nil
    }

    static func isHeadingText(_ t: String) -> Bool {
        let letters = t.unicodeScalars.filter { CharacterSet.letters.contains($0) }
        guard letters.count >= 3 else { return false }
        let upper = letters.filter { CharacterSet.uppercaseLetters.contains($0) }.count
        if Double(upper) / Double(letters.count) > 0.8 { return true }
        // Title Case: most words of four letters or more start with a capital.
        let words = t.split(separator: " ").filter { $0.count >= 4 }
        guard !words.isEmpty else { return false }
        let capitalised = words.filter { $0.first.map { $0.isUppercase } ?? false }.count
        return Double(capitalised) / Double(words.count) >= 0.75 && t.split(separator: " ").count <= 10
    }

    /// A heading as a person reads it: no markdown, no template noise in brackets, sentence case
    /// for headings in capitals.
    static func cleanHeading(_ t: String) -> String {
        var h = t.replacingOccurrences(of: #"\s*\([^)]*\)\.?$"#, with: "", options: .regularExpression)
        h = h.trimmingCharacters(in: CharacterSet(charactersIn: " :.-*#"))
        let letters = h.unicodeScalars.filter { CharacterSet.letters.contains($0) }
        if !letters.isEmpty && letters.allSatisfy({ CharacterSet.uppercaseLetters.contains($0) }) {
            h = h.prefix(1).uppercased() + h.dropFirst().lowercased()
        }
        return h.isEmpty ? t : h
    }

    /// A heading's id: its folded words joined with '-' ("When in doubt, ask" → "when-in-doubt-ask").
    public static func slug(_ heading: String) -> String {
        let s = Text.words(heading).joined(separator: "-")
        return s.isEmpty ? "section" : s
    }

    static func findDates(_ lines: [String], into result: inout Result) {
        var notes: [String] = []
        for l in lines {
            let f = Text.fold(l)
            let isApproval =
                f.contains("date of approval") || f.contains("approved") || f.contains("date adopted")
                || f.contains("adopted") || f.contains("last review") || f.hasPrefix("date ")
            let isReview = f.contains("review")
            guard isApproval || isReview, let d = date(in: f) else { continue }
            let isLast = f.contains("last review") || f.contains("reviewed")
            if isReview && !isLast && result.nextReview == nil && (f.contains("next") || f.contains("date") || f.contains("due"))
            {
                result.nextReview = d
                notes.append("next review \(d) from \"\(l.trimmingCharacters(in: .whitespaces))\"")
            } else if isApproval && result.approved == nil {
                result.approved = d
                notes.append("approved \(d) from \"\(l.trimmingCharacters(in: .whitespaces))\"")
            }
        }
        if !notes.isEmpty { result.dateNote = "Read by import: " + notes.joined(separator: "; ") + "." }
    }

    /// "September 2024", "1 September 2024", "09/2024", "01/09/2024", "2024-09-01".
    static func date(in folded: String) -> PolicyDate? {
        // "30th" → "30".
        let w = folded.split(separator: " ").map { word -> String in
            let s = String(word)
            for suffix in ["st", "nd", "rd", "th"]
            where s.count > 2 && s.hasSuffix(suffix) && s.dropLast(2).allSatisfy(\.isNumber) {
                return String(s.dropLast(2))
            }
            return s
        }
        for (i, word) in w.enumerated() {
            if let m = monthNames.firstIndex(where: { $0 == word || (word.count >= 3 && $0.hasPrefix(word)) }),
                i + 1 < w.count, let y = Int(w[i + 1]), (1990...2100).contains(y)
            {
                if i > 0, let d = Int(w[i - 1]), (1...31).contains(d) { return PolicyDate(year: y, month: m + 1, day: d) }
                return PolicyDate(year: y, month: m + 1)
            }
        }
        // Numbers: fold turned "/" and "-" into spaces.
        for i in w.indices {
            if i + 2 < w.count, let a = Int(w[i]), let b = Int(w[i + 1]), let c = Int(w[i + 2]) {
                if w[i].count == 4, (1...12).contains(b), (1...31).contains(c) { return PolicyDate(year: a, month: b, day: c) }
                if w[i + 2].count == 4, (1...12).contains(b), (1...31).contains(a) {
                    return PolicyDate(year: c, month: b, day: a)
                }
            }
            if i + 1 < w.count, let m = Int(w[i]), let y = Int(w[i + 1]), w[i + 1].count == 4, (1...12).contains(m) {
                return PolicyDate(year: y, month: m)
            }
        }
        return nil
    }

    static func findRoles(_ result: inout Result) {
        for (id, name, words) in knownRoles {
            let hits = result.clauses.filter { c in
                let f = " " + Text.fold(c.text) + " "
                return words.contains { f.contains(" " + $0 + " ") }
            }.map(\.id)
            if !hits.isEmpty { result.roles.append((id, name, hits)) }
        }
        // A named person: "Mr Lane", "Mrs Patel", "Ms Khan", "Dr Shah".
        guard let re = try? NSRegularExpression(pattern: #"\b(Mr|Mrs|Ms|Miss|Dr)\.? ([A-Z][a-z]+)"#) else { return }
        var people: [String: [String]] = [:]
        var order: [String] = []
        for c in result.clauses {
            for m in re.matches(in: c.text, range: NSRange(c.text.startIndex..., in: c.text)) {
                guard let r = Range(m.range, in: c.text) else { continue }
                let who = String(c.text[r])
                if people[who] == nil { order.append(who) }
                if !(people[who]?.contains(c.id) ?? false) { people[who, default: []].append(c.id) }
            }
        }
        for who in order { result.roles.append((slug(who), who, people[who]!)) }
    }
}

extension PolicyImport {
    /// The policy file for an import, in the shipped layout (one clause a line).
    public static func policyJSON(_ r: Result, id: String, school: String, title: String) -> String {
        func s(_ v: String) -> String {
            var out = ""
            JSONValue.escape(v, into: &out)
            return out
        }
        var lines: [String] = []
        lines.append("{")
        lines.append("  \"$schema\": \"../policy.schema.json\",")
        lines.append("  \"formatVersion\": 1,")
        lines.append("  \"id\": \(s(id)),")
        lines.append("  \"school\": \(s(school)),")
        lines.append("  \"title\": \(s(title)),")
        lines.append("  \"source\": \(s("sources/" + id + ".txt")),")
        if let a = r.approved { lines.append("  \"approved\": \(s(a.description)),") }
        if let n = r.nextReview { lines.append("  \"nextReview\": \(s(n.description)),") }
        if let d = r.dateNote { lines.append("  \"dateNote\": \(s(d)),") }
        var roles = r.roles
        if roles.isEmpty { roles = [("headteacher", "the headteacher", [])] }
        lines.append("  \"roles\": [")
        for (i, role) in roles.enumerated() {
            let clauses = role.clauses.map(s).joined(separator: ", ")
            lines.append(
                "    {\"id\": \(s(role.id)), \"name\": \(s(role.name)), \"clauses\": [\(clauses)]}"
                    + (i + 1 < roles.count ? "," : ""))
        }
        lines.append("  ],")
        // Whom to ask when in doubt: those the "if in doubt" clause names, else the head teacher.
        let doubtRoles =
            r.whenInDoubtClause.map { c in roles.filter { $0.clauses.contains(c) }.map(\.id) } ?? []
        let ask = doubtRoles.isEmpty ? [roles.first { $0.id == "headteacher" }?.id ?? roles[0].id] : doubtRoles
        var doubt = "  \"whenInDoubt\": {\"ask\": [\(ask.map(s).joined(separator: ", "))]"
        if let c = r.whenInDoubtClause {
            doubt += ", \"clause\": \(s(c))"
            if doubtRoles.isEmpty {
                doubt +=
                    ", \"note\": \(s("Clause \(c) says to ask when in doubt but names nobody; ask \(roles.first { $0.id == ask[0] }?.name ?? ask[0]).")),"
                doubt.removeLast()
            }
        } else {
            doubt +=
                ", \"note\": \(s("The policy has no general 'if in doubt' sentence; ask \(roles.first { $0.id == ask[0] }?.name ?? ask[0]) (to check)."))"
        }
        lines.append(doubt + "},")
        lines.append("  \"clauses\": [")
        for (i, c) in r.clauses.enumerated() {
            lines.append(
                "    {\"id\": \(s(c.id)), \"heading\": \(s(c.heading)), \"text\": \(s(c.text))}"
                    + (i + 1 < r.clauses.count ? "," : ""))
        }
        lines.append("  ]")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}

extension PolicyImport {
    /// How an imported policy stands against a known one: clauses matched by their words, not
    /// their numbers, with each school's own name set aside.
    public struct ModelMatch: Sendable, Hashable {
        public var policyID: String
        public var school: String
        public var wordForWord: Int
        public var differ: Int
        public var new: Int
        /// The known policy's clauses that nothing imported matches.
        public var missing: Int
        /// For each imported clause id, the known clause it matches word for word.
        public var same: [String: String]
    }

    static func comparable(_ text: String, names: [String]) -> String {
        var f = " " + Text.fold(text.replacingOccurrences(of: "&", with: " and ")) + " "
        // The name, and its possessive ("Redbridge Community School's" folds to "... schools").
        for n in names where !n.isEmpty {
            f = f.replacingOccurrences(of: " " + n + "s ", with: " school ").replacingOccurrences(
                of: " " + n + " ", with: " school ")
        }
        return f.trimmingCharacters(in: .whitespaces)
    }

    static func shingles(_ s: String) -> Set<String> {
        let w = s.split(separator: " ")
        guard w.count >= 3 else { return [s] }
        return Set((0...(w.count - 3)).map { w[$0..<($0 + 3)].joined(separator: " ") })
    }

    /// Compares imported clauses with a known policy (`match`: by their words, one to one).
    public static func compare(_ clauses: [ImportedClause], school: String, with policy: Policy) -> ModelMatch {
        let pairs = match(clauses.map(\.text), policy.clauses.map(\.text), names: [school, policy.school])
        var m = ModelMatch(
            policyID: policy.id, school: policy.school, wordForWord: 0, differ: 0, new: 0, missing: 0, same: [:])
        for (i, c) in clauses.enumerated() {
            guard let (j, exact) = pairs[i] else {
                m.new += 1
                continue
            }
            if exact {
                m.wordForWord += 1
                m.same[c.id] = policy.clauses[j].id
            } else {
                m.differ += 1
            }
        }
        m.missing = policy.clauses.count - pairs.count
        return m
    }
}
