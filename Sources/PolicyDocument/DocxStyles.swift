import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
