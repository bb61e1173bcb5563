/// Answers taken from a person's own words: "my nephew" settles "Is the pupil a relative?".
///
/// Each answer may carry `hints`, short phrases matched as whole words (case, punctuation and
/// accents folded). A question is settled only when exactly one answer's hints match and the
/// match is not negated ("not my nephew", "isn't on facebook"): two matching answers, or a
/// negation, leave the question to be asked.
public enum Hints {
    /// An answer the question's words settle, with the words that settled it.
    public struct Match: Sendable, Hashable {
        public var answer: Answer
        /// The hint as written in the tree ("my nephew").
        public var hint: String
    }

    static let negations: Set<String> = [
        "not", "no", "never", "isnt", "arent", "wasnt", "dont", "doesnt", "didnt", "without", "nor", "non",
    ]

    /// Whether `pattern` occurs as consecutive words in `words`.
    static func matches(words: [String], pattern: [String]) -> Bool { firstMatch(words: words, pattern: pattern) != nil }

    static func firstMatch(words: [String], pattern: [String]) -> Int? {
        guard !pattern.isEmpty, pattern.count <= words.count else { return nil }
        var i = 0
        while i + pattern.count <= words.count {
            var ok = true
            for k in 0..<pattern.count where words[i + k] != pattern[k] {
                ok = false
                break
            }
            if ok { return i }
            i += 1
        }
        return nil
    }

    /// Whether the words at `index` are negated by one of the two words before them.
    static func negated(words: [String], at index: Int) -> Bool {
        for back in 1...2 where index - back >= 0 && negations.contains(words[index - back]) { return true }
        return false
    }

    /// The answer of `question` that the person's words settle, if exactly one does.
    public static func answer(for question: Question, in text: String) -> Match? {
        answer(for: question, words: Text.words(text))
    }

    public static func answer(for question: Question, words: [String]) -> Match? {
        var found: Match?
        for a in question.answers where !a.isNotSure {
            for h in a.hints {
                guard let at = firstMatch(words: words, pattern: Text.words(h)) else { continue }
                if negated(words: words, at: at) { return nil }
                if let f = found, f.answer.id != a.id { return nil }
                if found == nil { found = Match(answer: a, hint: h) }
            }
        }
        return found
    }
}
