import Foundation

// The roles a policy's text names: the usual ones by their words, and named people.
extension PolicyImport {
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
        for who in order {
            // "Mrs Okafor, the Designated Safeguarding Lead" or "the Headteacher, Mr Bramwell": the
            // person is that role's holder, named with it, not a role of their own.
            let w = Text.fold(who)
            let holder = knownRoles.first { _, _, words in
                people[who]!.contains { id in
                    guard let c = result.clauses.first(where: { $0.id == id }) else { return false }
                    let f = " " + Text.fold(c.text) + " "
                    return words.contains { f.contains(" " + w + " the " + $0 + " ") || f.contains(" " + $0 + " " + w + " ") }
                }
            }
            if let (id, name, _) = holder {
                let named = who + ", " + name
                if let k = result.roles.firstIndex(where: { $0.0 == id }) {
                    let clauses = result.roles[k].2 + people[who]!.filter { !result.roles[k].2.contains($0) }
                    result.roles[k] = (id, named, clauses)
                } else {
                    result.roles.append((id, named, people[who]!))
                }
                continue
            }
            result.roles.append((slug(who), who, people[who]!))
        }
    }
}
