import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

/// A Word `.docx` (a zip of XML) read to plain text in the layout `import` reads: one paragraph a
/// line with a blank line between paragraphs (list items one under another and under the words
/// ending in ":" that introduce them), headings as
/// `# Heading` (`## ` for level 2 and so on), table rows as lines of cells joined by tabs, tabs
/// and line breaks kept. Automatic list numbers (`word/numbering.xml`) are written out as the
/// document shows them ("1.", "6.6", "(a)", "iv."; a bullet as "- "), so a renumbered list keeps
/// its numbers as text. Deleted text of tracked changes is left out, inserted text kept; page
/// headers and footers (separate parts) are not read.
public enum Docx {
    /// The most a part may hold once unzipped (a zip bomb stops here).
    public static let partLimit = 64 * 1024 * 1024

    /// The text of a .docx archive's main document.
    public static func text(fromArchive bytes: [UInt8], limit partLimit: Int = partLimit) throws(PolicyDocument.Failure) -> (
        text: String, removedInvisible: Int
    ) {
        let archive: Archive
        do {
            archive = try Archive(data: Data(bytes), accessMode: .read)
        } catch {
            throw PolicyDocument.Failure("not a readable .docx: the zip archive is damaged or cut short")
        }
        func part(_ path: String) throws(PolicyDocument.Failure) -> Data? {
            guard let entry = archive[path] else { return nil }
            guard entry.uncompressedSize <= UInt64(partLimit) else {
                throw PolicyDocument.Failure(
                    "\(path) is larger than \(partLimit >= 1024 * 1024 ? "\(partLimit / 1024 / 1024) MB" : "\(partLimit) bytes") unzipped"
                )
            }
            var data = Data()
            do {
                _ = try archive.extract(entry) { chunk in
                    data.append(chunk)
                    if data.count > partLimit { throw CocoaError(.fileReadTooLarge) }
                }
            } catch {
                throw PolicyDocument.Failure("not a readable .docx: \(path) cannot be unzipped (the archive is damaged)")
            }
            return data
        }
        // The main document is where the package's relationships say, usually word/document.xml.
        var documentPath = "word/document.xml"
        if let rels = try part("_rels/.rels"),
            let target = Relationships.parse(rels).first(where: { $0.type.hasSuffix("/officeDocument") })?.target
        {
            documentPath = target.hasPrefix("/") ? String(target.dropFirst()) : target
        }
        guard let document = try part(documentPath) else {
            if archive.contains(where: { $0.path.hasPrefix("word/") }) || documentPath != "word/document.xml" {
                throw PolicyDocument.Failure("not a complete Word document: the archive has no \(documentPath)")
            }
            throw PolicyDocument.Failure("a zip archive, but not a Word document: it has no word/document.xml")
        }
        // Numbering and styles: where the document's relationships say, else the usual names.
        let dir = documentPath.lastIndex(of: "/").map { String(documentPath[..<$0]) } ?? ""
        let name = (documentPath as NSString).lastPathComponent
        var numberingPath = dir + "/numbering.xml"
        var stylesPath = dir + "/styles.xml"
        if let rels = try part(dir + "/_rels/" + name + ".rels") {
            for r in Relationships.parse(rels) {
                let path = r.target.hasPrefix("/") ? String(r.target.dropFirst()) : dir + "/" + r.target
                if r.type.hasSuffix("/numbering") { numberingPath = path }
                if r.type.hasSuffix("/styles") { stylesPath = path }
            }
        }
        return try text(document: document, numbering: try part(numberingPath), styles: try part(stylesPath), part: documentPath)
    }

    /// The text of a document part, with its numbering and styles parts if it has them.
    public static func text(document: Data, numbering: Data?, styles: Data?, part: String = "word/document.xml")
        throws(PolicyDocument.Failure) -> (text: String, removedInvisible: Int)
    {
        var numbers = Numbering()
        if let numbering { numbers = try Numbering.parse(numbering, part: "word/numbering.xml") }
        var styleSheet = Styles()
        if let styles { styleSheet = try Styles.parse(styles, part: "word/styles.xml") }
        let body = BodyReader(numbering: numbers, styles: styleSheet)
        try runParser(document, delegate: body, part: part)
        return body.finish()
    }

    static func runParser(_ data: Data, delegate: XMLReader, part: String) throws(PolicyDocument.Failure) {
        // Word never declares entities; a document that does (a way to read other files or to
        // blow up in memory) is refused before it is parsed.
        if data.range(of: Data("<!DOCTYPE".utf8)) != nil || data.range(of: Data("<!ENTITY".utf8)) != nil {
            throw PolicyDocument.Failure(
                "not a readable .docx: \(part) declares a DOCTYPE or entities, which Word documents never do")
        }
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = false
        parser.shouldResolveExternalEntities = false
        parser.delegate = delegate
        let ok = parser.parse()
        // Foundation on Linux can return true after an error, and says nothing of a document cut
        // short: the reader keeps the first error and the open elements.
        if !ok || delegate.error != nil || delegate.depth != 0 || !delegate.sawRoot {
            let (line, column) = delegate.error ?? (parser.lineNumber, parser.columnNumber)
            let what = delegate.error == nil && ok ? "it ends before its elements are closed" : "line \(line), column \(column)"
            throw PolicyDocument.Failure("not a readable .docx: \(part) is not well-formed XML (\(what))")
        }
    }
}

/// A reader of one XML part: keeps count of open elements and the first error, and hands each
/// element to `start`, `end` and `characters`.
class XMLReader: NSObject, XMLParserDelegate {
    var depth = 0
    var sawRoot = false
    var error: (Int, Int)?

    func start(_ name: Substring, _ attributes: [String: String]) {}
    func end(_ name: Substring) {}
    func characters(_ s: String) {}

    func parser(
        _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName: String?,
        attributes: [String: String]
    ) {
        depth += 1
        sawRoot = true
        start(local(elementName), attributes)
    }

    func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName: String?) {
        depth -= 1
        end(local(elementName))
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) { characters(string) }

    func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
        if error == nil { error = (parser.lineNumber, parser.columnNumber) }
    }
}

/// An element's name without its namespace prefix ("w:p" → "p").
func local(_ name: String) -> Substring {
    if let i = name.lastIndex(of: ":") { return name[name.index(after: i)...] }
    return Substring(name)
}

/// An attribute by its local name ("w:val" → "val").
func attribute(_ attributes: [String: String], _ name: String) -> String? {
    if let v = attributes["w:" + name] { return v }
    return attributes.first { local($0.key) == name }?.value
}

/// A package's relationships (`_rels/.rels`, `word/_rels/document.xml.rels`).
final class Relationships: XMLReader {
    var found: [(type: String, target: String)] = []

    static func parse(_ data: Data) -> [(type: String, target: String)] {
        let r = Relationships()
        let parser = XMLParser(data: data)
        parser.shouldResolveExternalEntities = false
        parser.delegate = r
        _ = parser.parse()
        return r.error == nil ? r.found : []
    }

    override func start(_ name: Substring, _ attributes: [String: String]) {
        if name == "Relationship", let type = attributes["Type"], let target = attributes["Target"],
            attributes["TargetMode"] != "External"
        {
            found.append((type, target))
        }
    }
}

/// word/numbering.xml: each list's levels (start, number format, text such as "%1.%2"), and each
/// numbering instance's list and start overrides.
struct Numbering {
    struct Level {
        var start = 1
        var format = "decimal"
        var text = ""
        /// Restart after this level (1-based) is used; nil: after any higher level; 0: never.
        var restart: Int?
        /// Legal numbering: every level shown as a decimal number.
        var isLegal = false
        var style: String?
    }

    struct Instance {
        var abstract: String
        var startOverrides: [Int: Int] = [:]
        var levelOverrides: [Int: Level] = [:]
    }

    var abstracts: [String: [Int: Level]] = [:]
    var instances: [String: Instance] = [:]

    static func parse(_ data: Data, part: String) throws(PolicyDocument.Failure) -> Numbering {
        let reader = NumberingReader()
        try Docx.runParser(data, delegate: reader, part: part)
        return reader.numbering
    }

    func level(_ numID: String, _ ilvl: Int) -> Level? {
        guard let inst = instances[numID] else { return nil }
        return inst.levelOverrides[ilvl] ?? abstracts[inst.abstract]?[ilvl]
    }

    /// The level of a list whose paragraph style is `style` (a style linked from a level).
    func levelLinked(to style: String, numID: String) -> Int? {
        guard let inst = instances[numID], let levels = abstracts[inst.abstract] else { return nil }
        return levels.first { $0.value.style == style }?.key
    }
}

final class NumberingReader: XMLReader {
    var numbering = Numbering()
    private var abstract: String?
    private var levels: [Int: Numbering.Level] = [:]
    private var level: (Int, Numbering.Level)?
    private var instance: (String, Numbering.Instance)?
    private var overrideLevel: Int?

    override func start(_ name: Substring, _ attributes: [String: String]) {
        let val = attribute(attributes, "val")
        switch name {
        case "abstractNum":
            abstract = attribute(attributes, "abstractNumId")
            levels = [:]
        case "num":
            if let id = attribute(attributes, "numId") { instance = (id, Numbering.Instance(abstract: "")) }
        case "abstractNumId":
            if instance != nil, let val { instance!.1.abstract = val }
        case "lvlOverride":
            overrideLevel = attribute(attributes, "ilvl").flatMap { Int($0) }
        case "startOverride":
            if let l = overrideLevel, let v = val.flatMap({ Int($0) }), instance != nil { instance!.1.startOverrides[l] = v }
        case "lvl":
            level = (attribute(attributes, "ilvl").flatMap { Int($0) } ?? 0, Numbering.Level())
        case "start":
            if level != nil, let v = val.flatMap({ Int($0) }) { level!.1.start = v }
        case "numFmt":
            if level != nil, let val { level!.1.format = val }
        case "lvlText":
            if level != nil { level!.1.text = val ?? "" }
        case "lvlRestart":
            if level != nil { level!.1.restart = val.flatMap { Int($0) } }
        case "isLgl":
            if level != nil { level!.1.isLegal = val.map { $0 != "0" && $0 != "false" } ?? true }
        case "pStyle":
            if level != nil { level!.1.style = val }
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "lvl":
            guard let (i, l) = level else { return }
            if let o = overrideLevel, instance != nil {
                instance!.1.levelOverrides[o] = l
            } else {
                levels[i] = l
            }
            level = nil
        case "abstractNum":
            if let a = abstract { numbering.abstracts[a] = levels }
            abstract = nil
        case "lvlOverride":
            overrideLevel = nil
        case "num":
            if let (id, inst) = instance { numbering.instances[id] = inst }
            instance = nil
        default: break
        }
    }
}

/// word/styles.xml: which paragraph styles are headings (and of which level), and the list
/// numbering a style carries.
struct Styles {
    struct Style {
        var name = ""
        var basedOn: String?
        var numID: String?
        var ilvl: Int?
        var outline: Int?
    }

    var styles: [String: Style] = [:]

    static func parse(_ data: Data, part: String) throws(PolicyDocument.Failure) -> Styles {
        let reader = StylesReader()
        try Docx.runParser(data, delegate: reader, part: part)
        return reader.styles
    }

    /// The heading level of a style (1 for "heading 1" and "Title"), following `basedOn`.
    func headingLevel(_ id: String) -> Int? {
        var seen = Set<String>()
        var current: String? = id
        while let c = current, seen.insert(c).inserted {
            let name = (styles[c]?.name ?? "").lowercased()
            for candidate in [name, c.lowercased()] {
                if candidate == "title" { return 1 }
                if candidate.hasPrefix("heading"), let n = Int(candidate.dropFirst(7).trimmingCharacters(in: .whitespaces)),
                    (1...9).contains(n)
                {
                    return n
                }
            }
            if let o = styles[c]?.outline, (0...8).contains(o) { return o + 1 }
            current = styles[c]?.basedOn
        }
        return nil
    }

    /// The numbering a style carries (its own or a style it is based on).
    func numbering(_ id: String) -> (numID: String, ilvl: Int?)? {
        var seen = Set<String>()
        var current: String? = id
        while let c = current, seen.insert(c).inserted {
            if let n = styles[c]?.numID { return (n, styles[c]?.ilvl) }
            current = styles[c]?.basedOn
        }
        return nil
    }
}

final class StylesReader: XMLReader {
    var styles = Styles()
    private var current: (String, Styles.Style)?
    private var inParagraphProperties = false

    override func start(_ name: Substring, _ attributes: [String: String]) {
        let val = attribute(attributes, "val")
        switch name {
        case "style":
            if attribute(attributes, "type") ?? "paragraph" == "paragraph", let id = attribute(attributes, "styleId") {
                current = (id, Styles.Style())
            }
        case "name": if current != nil { current!.1.name = val ?? "" }
        case "basedOn": if current != nil { current!.1.basedOn = val }
        case "pPr": inParagraphProperties = true
        case "numId": if current != nil && inParagraphProperties { current!.1.numID = val }
        case "ilvl": if current != nil && inParagraphProperties { current!.1.ilvl = val.flatMap { Int($0) } }
        case "outlineLvl": if current != nil && inParagraphProperties { current!.1.outline = val.flatMap { Int($0) } }
        default: break
        }
    }

    override func end(_ name: Substring) {
        switch name {
        case "style":
            if let (id, s) = current { styles.styles[id] = s }
            current = nil
        case "pPr": inParagraphProperties = false
        default: break
        }
    }
}

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
