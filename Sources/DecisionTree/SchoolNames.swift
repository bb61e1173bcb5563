import Foundation

/// Schools named in a question ("I'm a TA at Redbridge", "at stafford", "here at the Grange").
///
/// The advisor only ever offers what it finds here; it never silently takes a school from a
/// question's words.
public enum SchoolNames {
    /// Words in school names that say nothing about which school is meant.
    static let common: Set<String> = [
        "the", "school", "schools", "primary", "community", "academy", "trust", "federation", "and", "of", "high",
        "junior", "infant", "infants", "college", "church", "c", "e", "st", "saint", "policy", "council",
    ]

    /// What a question names: the words as typed (for "You mentioned …") and the schools they
    /// could mean, best first. Empty `ids` when no school is named.
    public struct Mention: Sendable, Hashable {
        public var words: String
        public var ids: [String]
    }

    /// The schools a question names, strongest evidence first: the policy id or the school's full
    /// name; then one of its other names (`knownAs`) or a word of its name no other school has;
    /// then a word several schools' names share ("the Grange"), which offers each of them.
    public static func mentioned(in text: String, library: Library) -> Mention? {
        let nameWords = library.policies.map { p in Text.words(p.school).filter { !common.contains($0) } }
        let known = Set(nameWords.joined()).union(library.policies.flatMap { $0.knownAs.flatMap(Text.words) })
        // "Stafford's" and "staffords" name Stafford.
        let words = Text.words(text).map { w in
            w.count > 4 && w.hasSuffix("s") && !known.contains(w) && known.contains(String(w.dropLast()))
                ? String(w.dropLast()) : w
        }
        guard !words.isEmpty else { return nil }
        // The best match for each school: (strength, the words matched).
        var best: [String: (Int, [String])] = [:]
        func found(_ id: String, _ strength: Int, _ phrase: [String]) {
            if let b = best[id], b.0 >= strength { return }
            best[id] = (strength, phrase)
        }
        for (k, p) in library.policies.enumerated() {
            let full = Text.words(p.school).drop { $0 == "the" }
            for phrase in [Text.words(p.id), Array(full)] where phrase.count >= 2 {
                if contains(words, phrase) { found(p.id, 3, phrase) }
            }
            for alias in p.knownAs {
                let phrase = Text.words(alias)
                if !phrase.isEmpty && contains(words, phrase) { found(p.id, 2, phrase) }
            }
            for w in nameWords[k] where w.count >= 4 && words.contains(w) {
                let shared = nameWords.enumerated().contains { $0.offset != k && $0.element.contains(w) }
                found(p.id, shared ? 1 : 2, [w])
            }
        }
        guard let top = best.values.map(\.0).max() else { return nil }
        let ids = library.policies.map(\.id).filter { best[$0]?.0 == top }
        let phrase = best[ids[0]]!.1
        return Mention(words: original(phrase, in: text), ids: ids)
    }

    /// Whether `words` holds `phrase` as consecutive words.
    static func contains(_ words: [String], _ phrase: [String]) -> Bool {
        guard !phrase.isEmpty, words.count >= phrase.count else { return false }
        for i in 0...(words.count - phrase.count) where Array(words[i..<(i + phrase.count)]) == phrase { return true }
        return false
    }

    /// The matched words as the person typed them ("Redbridge", not "redbridge"), where they can
    /// be found; otherwise the folded words.
    static func original(_ phrase: [String], in text: String) -> String {
        let pieces = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber && $0 != "'" && $0 != "’" })
        for i in pieces.indices {
            guard i + phrase.count <= pieces.count else { break }
            let run = pieces[i..<(i + phrase.count)]
            let folded = run.map { Text.fold(String($0)) }
            if zip(folded, phrase).allSatisfy({ $0 == $1 || $0 == $1 + "s" }) {
                let start = run.first!.startIndex
                let end = run.last!.endIndex
                var typed = String(text[start..<end])
                for suffix in ["'s", "’s"] where typed.hasSuffix(suffix) { typed.removeLast(2) }
                // Quote marks around the name ("'Teacher at Redbridge School'") are not part of it.
                return typed.trimmingCharacters(in: CharacterSet(charactersIn: "'’‘"))
            }
        }
        return phrase.joined(separator: " ")
    }
}
