import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
