import Foundation

/// Routing: which topic a question in the user's own words is about.
///
/// Each topic is described by its routing phrases, title and summary. A question is reduced to
/// word stems (case, punctuation and plurals folded, small words dropped); each stem is matched
/// to the topic's stems exactly, by a small typo ("freind"), or as a prefix. Words that many
/// topics share weigh less than words that only one topic uses. A topic's score mixes how well
/// the question matches its best phrase and how much of the question its vocabulary covers.
/// Below `threshold` the router says "no topic" rather than guess.
public struct Router: Sendable {
    public struct Score: Sendable, Hashable {
        public var topic: String
        public var score: Double
    }

    public enum Decision: Sendable, Hashable {
        /// One topic fits clearly.
        case topic(String)
        /// Two topics are close: offer both, best first.
        case close(String, String)
        /// Nothing fits well enough.
        case none
    }

    struct Phrase: Sendable {
        var stems: [String]
    }

    struct Topic: Sendable {
        var id: String
        var phrases: [Phrase]
        var vocabulary: Set<String>
    }

    let topics: [Topic]
    let idf: [String: Double]
    let unknownWeight: Double
    let allVocabulary: [String]
    public var threshold: Double = 0.34
    /// The runner-up counts as close when its score is at least this share of the best.
    public var closeRatio: Double = 0.85

    public init(library: Library) {
        var topics: [Topic] = []
        for t in library.trees {
            var phrases = t.routing.map { Phrase(stems: Router.stems($0)) }
            phrases.append(Phrase(stems: Router.stems(t.title)))
            let vocab = Set(phrases.flatMap(\.stems) + Router.stems(t.summary))
            phrases = phrases.filter { !$0.stems.isEmpty }
            topics.append(Topic(id: t.id, phrases: phrases, vocabulary: vocab))
        }
        var df: [String: Int] = [:]
        for t in topics { for s in t.vocabulary { df[s, default: 0] += 1 } }
        let n = Double(max(1, topics.count))
        var idf: [String: Double] = [:]
        for (s, d) in df { idf[s] = log((n + 1) / Double(d)) }
        self.topics = topics
        self.idf = idf
        self.unknownWeight = log((n + 1) / 0.75)
        self.allVocabulary = df.keys.sorted()
    }

    static let stopwords: Set<String> = [
        "a", "an", "the", "i", "im", "ive", "id", "me", "my", "mine", "you", "your", "we", "our", "us", "it", "its",
        "is", "am", "are", "was", "were", "be", "been", "being", "do", "does", "did", "can", "could", "should",
        "would", "will", "shall", "may", "might", "must", "to", "of", "in", "on", "at", "for", "with", "from", "by",
        "about", "and", "or", "but", "if", "so", "this", "that", "these", "those", "what", "how", "who", "when",
        "where", "which", "why", "there", "here", "just", "really", "please", "hi", "hello", "ok", "okay", "um",
        "er", "is", "as", "up", "into", "out", "get", "got", "some", "any", "have", "has", "had", "they", "them",
        "he", "she", "him", "her", "his", "hers", "their", "allowed", "ok", "fine", "want", "need", "s", "t",
    ]

    /// Folds a word to a stem: "requests" → "request", "messaging" → "messag", "replies" → "reply".
    static func stem(_ word: String) -> String {
        var w = word
        if w.hasSuffix("ies") && w.count > 4 {
            w = String(w.dropLast(3)) + "y"
        } else if w.hasSuffix("sses") {
            w = String(w.dropLast(2))
        } else if w.hasSuffix("s") && !w.hasSuffix("ss") && !w.hasSuffix("us") && w.count > 3 {
            w = String(w.dropLast())
        }
        if w.hasSuffix("ing") && w.count > 5 {
            w = String(w.dropLast(3))
        } else if w.hasSuffix("ed") && w.count > 4 {
            w = String(w.dropLast(2))
        }
        if w.hasSuffix("e") && w.count > 3 { w = String(w.dropLast()) }
        return w
    }

    static func stems(_ text: String) -> [String] {
        var out: [String] = []
        for w in Text.words(text) where !stopwords.contains(w) {
            let s = stem(w)
            if !s.isEmpty && !out.contains(s) { out.append(s) }
        }
        return out
    }

    /// How well a typed stem matches a vocabulary stem: 1 exact, less for a typo or a prefix.
    static func similarity(_ q: String, _ v: String) -> Double {
        if q == v { return 1 }
        let qa = Array(q.utf8)
        let va = Array(v.utf8)
        let shorter = min(qa.count, va.count)
        if shorter >= 4 {
            let limit = shorter >= 7 ? 2 : 1
            if Text.editDistance(qa, va, limit: limit) <= limit { return 0.8 }
            if q.hasPrefix(v) || v.hasPrefix(q) { return 0.7 }
        }
        return 0
    }

    func bestMatch(_ q: String, in vocabulary: Set<String>) -> (String, Double)? {
        if vocabulary.contains(q) { return (q, 1) }
        var best: (String, Double)?
        for v in vocabulary {
            let s = Router.similarity(q, v)
            if s > 0 && (best == nil || s > best!.1) { best = (v, s) }
        }
        return best
    }

    func weight(_ stem: String) -> Double { idf[stem] ?? unknownWeight }

    /// Every topic with its score, best first.
    public func rank(_ question: String) -> [Score] {
        let q = Router.stems(question)
        guard !q.isEmpty else { return topics.map { Score(topic: $0.id, score: 0) } }
        // A typed stem that no topic knows keeps its own weight; one that matches takes the
        // weight of the stem it matches.
        // The weight a typed stem carries in a topic that does not know it depends only on the
        // stem: worked out the first time it is needed, then kept for the other topics.
        var missingWeight = [Double?](repeating: nil, count: q.count)
        var scores: [Score] = []
        for t in topics {
            var matched: [(typed: String, vocab: String, sim: Double)] = []
            var totalWeight = 0.0
            var coveredWeight = 0.0
            for (k, s) in q.enumerated() {
                if let (v, sim) = bestMatch(s, in: t.vocabulary) {
                    matched.append((s, v, sim))
                    totalWeight += weight(v)
                    coveredWeight += weight(v) * sim
                } else {
                    if missingWeight[k] == nil {
                        let knownSomewhere = allVocabulary.contains { Router.similarity(s, $0) > 0 }
                        missingWeight[k] = knownSomewhere ? weight(s) : unknownWeight
                    }
                    totalWeight += missingWeight[k]!
                }
            }
            let coverage = totalWeight > 0 ? coveredWeight / totalWeight : 0
            var bestPhrase = 0.0
            let matchedVocab = Dictionary(matched.map { ($0.vocab, $0.sim) }, uniquingKeysWith: max)
            for p in t.phrases {
                let pw = p.stems.reduce(0) { $0 + weight($1) }
                let hit = p.stems.reduce(0) { $0 + weight($1) * (matchedVocab[$1] ?? 0) }
                guard pw > 0, hit > 0 else { continue }
                let recall = hit / pw
                let precision = min(1, hit / max(totalWeight, 1e-9))
                let f = 2 * precision * recall / (precision + recall)
                bestPhrase = max(bestPhrase, f)
            }
            scores.append(Score(topic: t.id, score: 0.55 * bestPhrase + 0.45 * coverage))
        }
        return scores.sorted { $0.score > $1.score || ($0.score == $1.score && $0.topic < $1.topic) }
    }

    /// The topic for a question, two close topics, or none.
    public func route(_ question: String) -> Decision {
        let ranked = rank(question)
        guard let first = ranked.first, first.score >= threshold else { return .none }
        if ranked.count > 1 {
            let second = ranked[1]
            if second.score >= threshold && second.score >= first.score * closeRatio {
                return .close(first.topic, second.topic)
            }
        }
        return .topic(first.topic)
    }
}
