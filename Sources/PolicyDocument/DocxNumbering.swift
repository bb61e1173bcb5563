import Foundation

#if canImport(FoundationXML)
    import FoundationXML
#endif

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
