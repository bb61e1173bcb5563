import Foundation
import ZIPFoundation

/// Writes small Word documents for the tests, with ZIPFoundation: paragraphs (styles, list
/// numbering, runs, tabs, breaks), tables, numbering and styles parts, and page headers.
struct DocxWriter {
    static let ns = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\""
    static let rns = "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""

    /// The body's XML, element by element (`p`, `table`, or raw XML).
    var body: [String] = []
    /// `w:abstractNum` and `w:num` elements for word/numbering.xml (none: no numbering part).
    var numbering: [String] = []
    /// `w:style` elements for word/styles.xml (none: no styles part).
    var styles: [String] = []
    /// Texts of page headers (word/header1.xml …), referenced from the section properties.
    var headers: [String] = []
    var documentPath = "word/document.xml"

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A run of text; tabs and newlines become `w:tab` and `w:br`.
    static func run(_ text: String, bold: Bool = false) -> String {
        var out = "<w:r>" + (bold ? "<w:rPr><w:b/></w:rPr>" : "")
        var piece = ""
        func flush() {
            if !piece.isEmpty { out += "<w:t xml:space=\"preserve\">\(escape(piece))</w:t>" }
            piece = ""
        }
        for ch in text {
            if ch == "\t" {
                flush()
                out += "<w:tab/>"
            } else if ch == "\n" {
                flush()
                out += "<w:br/>"
            } else {
                piece.append(ch)
            }
        }
        flush()
        return out + "</w:r>"
    }

    /// A paragraph: `runs` are run elements (see `run`), or a plain text when given as `text`.
    static func p(_ text: String? = nil, runs: [String] = [], style: String? = nil, num: Int? = nil, ilvl: Int? = nil)
        -> String
    {
        var ppr = ""
        if style != nil || num != nil || ilvl != nil {
            ppr = "<w:pPr>"
            if let style { ppr += "<w:pStyle w:val=\"\(style)\"/>" }
            if num != nil || ilvl != nil {
                ppr += "<w:numPr>"
                if let ilvl { ppr += "<w:ilvl w:val=\"\(ilvl)\"/>" }
                if let num { ppr += "<w:numId w:val=\"\(num)\"/>" }
                ppr += "</w:numPr>"
            }
            ppr += "<w:rPr><w:b/></w:rPr></w:pPr>"
        }
        return "<w:p>" + ppr + (text.map { run($0) } ?? "") + runs.joined() + "</w:p>"
    }

    /// A table of rows of cells (each cell one paragraph).
    static func table(_ rows: [[String]]) -> String {
        "<w:tbl><w:tblPr/>"
            + rows.map { r in "<w:tr>" + r.map { "<w:tc><w:tcPr/>" + p($0) + "</w:tc>" }.joined() + "</w:tr>" }.joined()
            + "</w:tbl>"
    }

    /// A list definition: levels of (format, text, start).
    static func abstractNum(_ id: Int, _ levels: [(String, String, Int)]) -> String {
        "<w:abstractNum w:abstractNumId=\"\(id)\">"
            + levels.enumerated().map { i, l in
                "<w:lvl w:ilvl=\"\(i)\"><w:start w:val=\"\(l.2)\"/><w:numFmt w:val=\"\(l.0)\"/><w:lvlText w:val=\"\(escape(l.1))\"/><w:lvlJc w:val=\"left\"/></w:lvl>"
            }.joined() + "</w:abstractNum>"
    }

    /// A numbering instance of a list, optionally restarting levels at given numbers.
    static func num(_ id: Int, abstract: Int, startOverrides: [Int: Int] = [:]) -> String {
        "<w:num w:numId=\"\(id)\"><w:abstractNumId w:val=\"\(abstract)\"/>"
            + startOverrides.sorted { $0.key < $1.key }.map {
                "<w:lvlOverride w:ilvl=\"\($0.key)\"><w:startOverride w:val=\"\($0.value)\"/></w:lvlOverride>"
            }.joined() + "</w:num>"
    }

    static func style(_ id: String, name: String, basedOn: String? = nil, numID: Int? = nil, ilvl: Int? = nil) -> String {
        var s = "<w:style w:type=\"paragraph\" w:styleId=\"\(id)\"><w:name w:val=\"\(name)\"/>"
        if let basedOn { s += "<w:basedOn w:val=\"\(basedOn)\"/>" }
        if let numID {
            s +=
                "<w:pPr><w:numPr>" + (ilvl.map { "<w:ilvl w:val=\"\($0)\"/>" } ?? "")
                + "<w:numId w:val=\"\(numID)\"/></w:numPr></w:pPr>"
        }
        return s + "</w:style>"
    }

    func documentXML() -> String {
        var sect = "<w:sectPr>"
        for i in headers.indices { sect += "<w:headerReference w:type=\"default\" r:id=\"rIdH\(i + 1)\"/>" }
        sect += "<w:pgSz w:w=\"11906\" w:h=\"16838\"/></w:sectPr>"
        return "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:document \(Self.ns) \(Self.rns)><w:body>"
            + body.joined(separator: "\n") + sect + "</w:body></w:document>"
    }

    func data() throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        func add(_ path: String, _ text: String) throws {
            let d = Data(text.utf8)
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(d.count), compressionMethod: .deflate,
                provider: { pos, size in d.subdata(in: Int(pos)..<Int(pos) + size) })
        }
        let dir = documentPath.lastIndex(of: "/").map { String(documentPath[..<$0]) } ?? ""
        let name = (documentPath as NSString).lastPathComponent
        try add(
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/\(documentPath)\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/></Types>"
        )
        try add(
            "_rels/.rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"\(documentPath)\"/></Relationships>"
        )
        var rels = ""
        if !numbering.isEmpty {
            rels +=
                "<Relationship Id=\"rIdN\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>"
            try add(
                dir + "/numbering.xml", "<?xml version=\"1.0\"?><w:numbering \(Self.ns)>" + numbering.joined() + "</w:numbering>")
        }
        if !styles.isEmpty {
            rels +=
                "<Relationship Id=\"rIdS\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>"
            try add(dir + "/styles.xml", "<?xml version=\"1.0\"?><w:styles \(Self.ns)>" + styles.joined() + "</w:styles>")
        }
        for (i, h) in headers.enumerated() {
            rels +=
                "<Relationship Id=\"rIdH\(i + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/header\" Target=\"header\(i + 1).xml\"/>"
            try add(dir + "/header\(i + 1).xml", "<?xml version=\"1.0\"?><w:hdr \(Self.ns)>" + Self.p(h) + "</w:hdr>")
        }
        try add(
            dir + "/_rels/" + name + ".rels",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\(rels)</Relationships>"
        )
        try add(documentPath, documentXML())
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }
}
