import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// Reads word/document.xml's body into lines of text.
final class BodyReader: XMLReader {
    /// `tableEnd` marks where a table ends, so that the next table's rows stand apart.
    enum BlockKind { case plain, heading, list, row, tableEnd }

    struct Paragraph {
        var text = ""
        var style: String?
        var numID: String?
        var ilvl: Int?
        var outline: Int?
    }

    struct Table {
        var rows: [[String]] = []
        var cells: [String] = []
        var cell: [String] = []
    }

    let numbering: Numbering
    let styles: Styles
    private(set) var blocks: [(BlockKind, String)] = []
    private var paragraphs: [Paragraph] = []
    private var tables: [Table] = []
    /// Depth inside elements whose content is not the document's text (deleted text, fallbacks).
    private var skipping = 0
    private var inText = false
    private var inRun = 0
    private var inProperties = 0
    private var inChange = 0
    /// Counters of each list (by abstract list), per level.
    private var counters: [String: [Int: Int]] = [:]
    private var usedInstances = Set<String>()
    private(set) var removedInvisible = 0

    init(numbering: Numbering, styles: Styles) {
        self.numbering = numbering
        self.styles = styles
        super.init()
    }

    static let skipped: Set<Substring> = ["del", "moveFrom", "Fallback", "instrText", "delInstrText", "footnoteReference"]

    override func start(_ name: Substring, _ attributes: [String: String]) {
        if skipping > 0 || Self.skipped.contains(name) {
            skipping += 1
            return
        }
        let val = attribute(attributes, "val")
        switch name {
        case "p": paragraphs.append(Paragraph())
        case "pPr": inProperties += 1
        case "pPrChange", "rPrChange", "numberingChange": inChange += 1
        case "pStyle" where inProperties > 0 && inChange == 0 && !paragraphs.isEmpty: paragraphs[paragraphs.count - 1].style = val
        case "numId" where inProperties > 0 && inChange == 0 && !paragraphs.isEmpty: paragraphs[paragraphs.count - 1].numID = val
        case "ilvl" where inProperties > 0 && inChange == 0 && !paragraphs.isEmpty:
            paragraphs[paragraphs.count - 1].ilvl = val.flatMap { Int($0) }
        case "outlineLvl" where inProperties > 0 && inChange == 0 && !paragraphs.isEmpty:
            paragraphs[paragraphs.count - 1].outline = val.flatMap { Int($0) }
        case "r": inRun += 1
        case "t" where inRun > 0: inText = true
        case "tab" where inRun > 0: append("\t")
        case "br", "cr": if inRun > 0 { append("\n") }
        case "noBreakHyphen": append("-")
        case "tbl": tables.append(Table())
        default: break
        }
    }

    override func end(_ name: Substring) {
        if skipping > 0 {
            skipping -= 1
            return
        }
        switch name {
        case "t": inText = false
        case "r": inRun -= 1
        case "pPr": inProperties -= 1
        case "pPrChange", "rPrChange", "numberingChange": inChange -= 1
        case "p":
            guard let p = paragraphs.popLast() else { return }
            endParagraph(p)
        case "tc":
            guard !tables.isEmpty else { return }
            tables[tables.count - 1].cells.append(tables[tables.count - 1].cell.joined(separator: " "))
            tables[tables.count - 1].cell = []
        case "tr":
            guard !tables.isEmpty else { return }
            let cells = tables[tables.count - 1].cells
            tables[tables.count - 1].cells = []
            if cells.contains(where: { !$0.isEmpty }) { tables[tables.count - 1].rows.append(cells) }
        case "tbl":
            guard let t = tables.popLast() else { return }
            let rows = t.rows.map { $0.joined(separator: "\t") }
            if tables.isEmpty {
                // Rows of one table one under another; a blank line between two tables.
                for r in rows { blocks.append((.row, r)) }
                blocks.append((.tableEnd, ""))
            } else {
                // A table in a table's cell: its rows are that cell's text.
                tables[tables.count - 1].cell.append(rows.joined(separator: " "))
            }
        default: break
        }
    }

    override func characters(_ string: String) {
        if inText && skipping == 0 { append(string) }
    }

    private func append(_ s: String) {
        guard skipping == 0, !paragraphs.isEmpty else { return }
        paragraphs[paragraphs.count - 1].text += s
    }

    private func endParagraph(_ p: Paragraph) {
        var text = clean(p.text)
        // Numbering: the paragraph's own, else its style's (numId 0 switches a style's numbering off).
        var numID = p.numID
        var ilvl = p.ilvl
        if numID == nil, let style = p.style, let n = styles.numbering(style) {
            numID = n.numID
            ilvl = ilvl ?? n.ilvl ?? numbering.levelLinked(to: style, numID: n.numID)
        }
        var label: String?
        var isBullet = false
        let level = ilvl ?? 0
        if let id = numID, id != "0", numbering.level(id, level) != nil {
            (label, isBullet) = number(id, level)
        }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        text = trimmed
        let heading = p.style.flatMap { styles.headingLevel($0) } ?? p.outline.map { $0 + 1 }
        if !tables.isEmpty {
            let withLabel = label.map { isBullet ? "- " + text : ($0.isEmpty ? text : $0 + " " + text) } ?? text
            tables[tables.count - 1].cell.append(withLabel.replacingOccurrences(of: "\n", with: " "))
            return
        }
        if let h = heading {
            let number = label.flatMap { isBullet || $0.isEmpty ? nil : $0 + " " } ?? ""
            blocks.append((.heading, String(repeating: "#", count: min(h, 6)) + " " + number + text))
        } else if let label {
            // Bullets are indented by their level; numbers speak for themselves.
            let bullet = String(repeating: "  ", count: level) + "- "
            blocks.append((.list, (isBullet ? bullet : (label.isEmpty ? "" : label + " ")) + text))
        } else {
            blocks.append((.plain, text))
        }
    }

    /// The list number of a paragraph at `ilvl` of numbering instance `id`, as the document
    /// shows it, with the counters moved on; bullets are "-".
    private func number(_ id: String, _ ilvl: Int) -> (String, Bool) {
        guard let inst = numbering.instances[id], let lvl = numbering.level(id, ilvl) else { return ("", false) }
        let list = inst.abstract
        var c = counters[list] ?? [:]
        // A numbering instance with start overrides restarts the list where it is first used.
        if usedInstances.insert(id).inserted {
            for (l, start) in inst.startOverrides {
                c[l] = start - 1
                for d in c.keys where d > l { c[d] = nil }
            }
        }
        c[ilvl] = (c[ilvl] ?? (lvl.start - 1)) + 1
        for d in c.keys where d > ilvl {
            let restart = numbering.level(id, d)?.restart
            if restart == nil || (restart! != 0 && ilvl < restart!) { c[d] = nil }
        }
        counters[list] = c
        if lvl.format == "bullet" { return ("-", true) }
        if lvl.format == "none" { return (lvl.text.contains("%") ? "" : lvl.text, false) }
        var out = ""
        let chars = Array(lvl.text)
        var i = 0
        while i < chars.count {
            if chars[i] == "%", i + 1 < chars.count, let k = chars[i + 1].wholeNumberValue, (1...9).contains(k) {
                let l = k - 1
                let def = numbering.level(id, l) ?? Numbering.Level()
                let value = c[l] ?? def.start
                out += Self.format(value, lvl.isLegal ? "decimal" : def.format)
                i += 2
            } else {
                out.append(chars[i])
                i += 1
            }
        }
        return (out.trimmingCharacters(in: .whitespaces), false)
    }

    static func format(_ n: Int, _ format: String) -> String {
        switch format {
        case "lowerLetter", "upperLetter":
            // Word's letters: a … z, then aa … zz, aaa …
            guard n >= 1 else { return String(n) }
            let letter = Character(Unicode.Scalar(UInt8(97 + (n - 1) % 26)))
            let s = String(repeating: letter, count: (n - 1) / 26 + 1)
            return format == "upperLetter" ? s.uppercased() : s
        case "lowerRoman", "upperRoman":
            let s = roman(n)
            return format == "upperRoman" ? s.uppercased() : s
        case "decimalZero": return n < 10 && n >= 0 ? "0" + String(n) : String(n)
        case "none": return ""
        default: return String(n)
        }
    }

    static func roman(_ n: Int) -> String {
        guard n > 0 && n < 4000 else { return String(n) }
        let table: [(Int, String)] = [
            (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"),
            (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
        ]
        var n = n
        var out = ""
        for (v, s) in table {
            while n >= v {
                out += s
                n -= v
            }
        }
        return out
    }

    /// Takes out invisible characters (zero-width spaces, direction marks, controls other than
    /// tab and newline), counting them.
    private func clean(_ s: String) -> String {
        var out = String.UnicodeScalarView()
        for u in s.unicodeScalars {
            let v = u.value
            let invisible: Bool
            if v == 0x09 || v == 0x0A {
                invisible = false
            } else if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) {
                invisible = true
            } else if v >= 0xA0 {
                switch u.properties.generalCategory {
                case .format, .lineSeparator, .paragraphSeparator, .privateUse: invisible = true
                default: invisible = false
                }
            } else {
                invisible = false
            }
            if invisible {
                removedInvisible += 1
            } else {
                out.append(u)
            }
        }
        return String(out)
    }

    /// The text: blocks with a blank line between them, list items and table rows one under another.
    func finish() -> (text: String, removedInvisible: Int) {
        var out = ""
        var previous: BlockKind?
        for (kind, text) in blocks {
            if kind == .tableEnd {
                if previous != nil { previous = .tableEnd }
                continue
            }
            if let p = previous {
                // A list follows the words that introduce it ("Staff must not:") directly.
                let together =
                    (p == .list && kind == .list) || (p == .row && kind == .row)
                    || (p == .plain && kind == .list && out.hasSuffix(":"))
                out += together ? "\n" : "\n\n"
            }
            out += text
            previous = kind
        }
        return (out.isEmpty ? "" : out + "\n", removedInvisible)
    }
}
