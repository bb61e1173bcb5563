import Foundation

extension PolicyImport {
    /// Reads the clauses of a text without its page furniture, one line at a time: headings,
    /// numbered clauses, lettered items and steps, plain paragraphs (ids from their heading), and
    /// the section titles of a contents table. Clauses go into `result` as each one ends.
    struct ClauseReader {
        let lines: [String]
        /// Each line's 1-based line in the source.
        let lineNumbers: [Int]
        let furniture: Furniture
        /// Whether the text's sections are unnumbered (see `hasUnnumberedSections`).
        let unnumberedSections: Bool
        var result: Result
        var heading = ""
        /// How many plain paragraphs each heading's id has numbered so far.
        var headingParagraphs: [String: Int] = [:]
        // Section titles from a contents table, the numbered sections the text heads, and the last.
        var contents: [Int: String] = [:]
        var headedSections = Set<Int>()
        var section: Int?
        /// Sections that hold lettered items or steps: their paragraphs keep their numbers.
        var withItems = Set<String>()
        var current: ImportedClause?
        var usedIDs = Set<String>()

        init(lines: [String], lineNumbers: [Int], furniture: Furniture, result: Result) {
            self.lines = lines
            self.lineNumbers = lineNumbers
            self.furniture = furniture
            self.result = result
            unnumberedSections = Self.hasUnnumberedSections(lines)
        }

        /// Whether the text's sections are unnumbered: more unnumbered paragraphs than numbered ones
        /// before the first numbered clause with a dot in its number.
        static func hasUnnumberedSections(_ lines: [String]) -> Bool {
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
        }

        /// Reads every line, then gives a heading that holds one paragraph the heading's id alone
        /// ("when-in-doubt-ask").
        mutating func readAll() {
            for i in lines.indices { readLine(i) }
            flush()
            for (base, n) in headingParagraphs where n == 1 && !withItems.contains(base) {
                if let i = result.clauses.firstIndex(where: { $0.id == base + ".1" }), !usedIDs.contains(base) {
                    result.clauses[i].id = base
                }
            }
        }

        /// Ends the clause being read: kept unless empty, its id made unique (a note says so).
        mutating func flush() {
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

        mutating func drop(_ t: String) {
            if !result.dropped.contains(t) { result.dropped.append(t) }
        }

        func isBlank(_ k: Int) -> Bool { k >= lines.count || lines[k].trimmingCharacters(in: .whitespaces).isEmpty }

        /// The first line after line `i` that is not blank, as it stands (nil at the end).
        func nextLine(after i: Int) -> String? {
            lines[(i + 1)...].first { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
        }

        /// Whether the paragraph after the blank line `i` is one line of sentences followed by a
        /// heading, a numbered clause or the end.
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

        /// Reads line `i`: each kind of line in turn, the first that fits.
        mutating func readLine(_ i: Int) {
            let t = lines[i].trimmingCharacters(in: .whitespaces)
            if t.isEmpty {
                blankLine(at: i)
                return
            }
            if furniture.contains(t) {
                drop(t)
                return
            }
            if t.contains("\t") && readTableLine(t) { return }
            if t.hasPrefix("#") && readMarkdownHeading(t) { return }
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
                current = ImportedClause(id: slug(heading) + "." + letter, heading: heading, text: rest, line: lineNumbers[i])
                return
            }
            if let (number, rest) = numbered(plain) {
                readNumbered(number, rest, at: i)
                return
            }
            if isHeading(plain, at: i) {
                flush()
                heading = cleanHeading(plain)
                return
            }
            addToParagraph(t, at: i)
        }
    }
}

extension PolicyImport.ClauseReader {
    /// A blank line ends a paragraph. A numbered clause runs on only into a list, or from a list
    /// into the words that close it.
    mutating func blankLine(at i: Int) {
        guard let c = current else { return }
        let next = nextLine(after: i)?.trimmingCharacters(in: .whitespaces) ?? ""
        let lastLine = c.text.split(separator: "\n").last.map(String.init) ?? ""
        let intoList =
            ["- ", "* ", "• "].contains { next.hasPrefix($0) } && PolicyImport.numbered(String(next.dropFirst(2))) == nil
        let fromList =
            ["- ", "* ", "• "].contains { lastLine.hasPrefix($0) } && PolicyImport.numbered(next) == nil
            && !PolicyImport.isHeadingText(next)
        // In a text of numbered clauses, one plain paragraph of sentences between a numbered
        // clause and the next heading or number is still that clause ("56. Staff must…", then
        // "Photographs must be checked…", then a heading).
        let runsOn = !unnumberedSections && c.isNumbered && isRunOn(after: i)
        // Words that introduce a list ("… to participate by:") keep it, numbered or not.
        let introducesList =
            intoList && lastLine.hasSuffix(":") && PolicyImport.lettered(String(next.dropFirst(2))) == nil
        if !(c.isNumbered && (intoList || fromList)) && !runsOn && !introducesList { flush() }
    }

    /// A contents table or a cover table ("1.\tIntroduction\tPage 3", "Date:\tJune 2021"): dropped,
    /// a contents line's section title kept. False for a line with tabs that is neither.
    mutating func readTableLine(_ t: String) -> Bool {
        let cells = t.split(separator: "\t").map { $0.trimmingCharacters(in: .whitespaces) }
        let last = Text.fold(cells.last ?? "")
        guard
            cells.count >= 2
                && (last.range(of: #"^(page )?\d+$"#, options: .regularExpression) != nil
                    || PolicyImport.date(in: Text.fold(t)) != nil || cells.count >= 3 || Text.words(t).count <= 8)
        else { return false }
        drop(t)
        // A contents line ("9.\tSocial Media Guidelines\tPage 7"): the section's title.
        if let n = Int(cells[0].trimmingCharacters(in: CharacterSet(charactersIn: "."))), cells.count >= 2,
            !cells[1].isEmpty, contents[n] == nil
        {
            contents[n] = cells[1]
        }
        return true
    }

    /// A Markdown heading ("## 6 Personal use", as a .docx's heading styles are read): always a
    /// heading, its number dropped. False when it is not one, or holds nothing.
    mutating func readMarkdownHeading(_ t: String) -> Bool {
        guard let r = t.range(of: #"^#+\s+"#, options: .regularExpression) else { return false }
        var h = String(t[r.upperBound...]).replacingOccurrences(of: "**", with: "")
        if let (_, rest) = PolicyImport.numbered(h) { h = rest }
        guard !h.isEmpty else { return false }
        flush()
        heading = PolicyImport.cleanHeading(h)
        return true
    }

    /// A numbered line: a section's heading ("6. Personal use of social media"), a step of an
    /// unnumbered section, or a numbered clause.
    mutating func readNumbered(_ number: String, _ rest: String, at i: Int) {
        // "2. Aim" followed by "2.1 …": the title of the section its clauses number.
        let following =
            nextLine(after: i).map {
                var n = $0.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "**", with: "")
                if n.hasPrefix("- ") { n = String(n.dropFirst(2)) }
                return n
            } ?? ""
        let titlesSection =
            PolicyImport.numbered(following).map { $0.0.hasPrefix(number + ".") } == true && Text.words(rest).count <= 10
            && (rest.first?.isUppercase ?? false) && !rest.hasSuffix(".") && !rest.hasSuffix(":")
        if (PolicyImport.isHeadingText(rest) || titlesSection) && !rest.hasSuffix(".") && Text.words(rest).count <= 10 {
            // "6. Personal use of social media": a section heading.
            flush()
            heading = rest
            if let n = Int(number) {
                section = n
                headedSections.insert(n)
            }
            return
        }
        flush()
        // A numbered list inside an unnumbered section ("1. Ensure that permission…" under
        // "Staff Protocol"): its items are steps of that section.
        let isStep = !heading.isEmpty && unnumberedSections && number.allSatisfy(\.isNumber)
        if isStep { withItems.insert(PolicyImport.slug(heading)) }
        let id = isStep ? PolicyImport.slug(heading) + ".step-" + number : number
        current = PolicyImport.ImportedClause(id: id, heading: heading, text: rest, line: lineNumbers[i], isNumbered: true)
    }

    /// Whether the unnumbered line `plain` (line `i`) is a heading: capitals or Title Case, or
    /// (in a text of unnumbered sections) a short line standing alone between blank lines.
    func isHeading(_ plain: String, at i: Int) -> Bool {
        let nextBlank = i + 1 >= lines.count || lines[i + 1].trimmingCharacters(in: .whitespaces).isEmpty
        let previousBlank = i == 0 || lines[i - 1].trimmingCharacters(in: .whitespaces).isEmpty
        let shortLine =
            Text.words(plain).count <= 12 && !plain.hasSuffix(".") && !plain.hasSuffix(",") && !plain.hasSuffix(";")
            && !plain.hasSuffix(":") && !plain.hasPrefix("-") && (plain.first?.isUppercase ?? false)
        let nextParagraphIsLong = nextLine(after: i).map { Text.words($0).count >= 12 } ?? false
        // A longer title standing alone before a long paragraph ("You speak for yourself but your
        // actions reflect those of …", 13 words; up to 20) is a heading too.
        let titleLine =
            Text.words(plain).count <= 20 && !plain.hasSuffix(".") && !plain.hasSuffix(",") && !plain.hasSuffix(";")
            && !plain.hasSuffix(":") && !plain.hasPrefix("-") && (plain.first?.isUppercase ?? false)
        return
            (shortLine
            && (PolicyImport.isHeadingText(plain)
                || (nextBlank && previousBlank && ((current.map { !$0.isNumbered } ?? true) || nextParagraphIsLong))))
            || (titleLine && nextBlank && previousBlank && nextParagraphIsLong && !plain.contains("\t"))
    }

    /// A line of a paragraph: the clause being read goes on, or a new one starts, its id the
    /// heading's and a paragraph number.
    mutating func addToParagraph(_ t: String, at i: Int) {
        if current != nil {
            current!.text += "\n" + t
            return
        }
        // Plain paragraphs after the last clause of section N, where the contents table lists a
        // section N+1 that the text never heads: that section's ("Social Media Guidelines", headed
        // only in Redbridge's contents).
        if let n = section, let title = contents[n + 1], !headedSections.contains(n + 1),
            result.clauses.last?.id.hasPrefix("\(n).") == true
        {
            heading = PolicyImport.cleanHeading(title)
            section = n + 1
            headedSections.insert(n + 1)
        }
        let base = PolicyImport.slug(heading.isEmpty ? "introduction" : heading)
        let k = (headingParagraphs[base] ?? 0) + 1
        headingParagraphs[base] = k
        current = PolicyImport.ImportedClause(
            id: base + "." + String(k), heading: heading.isEmpty ? "Introduction" : heading, text: t, line: lineNumbers[i])
    }
}
