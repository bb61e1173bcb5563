import Foundation

// How import reads a line: a clause number or item letter, a heading, a heading's id.
extension PolicyImport {
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
            // "A1", "B2", "F1.2": a section letter and the clause's number, as many schools number.
            #"^([A-Z]\d{1,2}(?:\.\d+)*)[.):]?\s+([A-Z(\"'“‘].+)$"#,
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
            let number = k == 5 ? "step-" + t[r1] : String(t[r1])
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
}
