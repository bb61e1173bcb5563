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
