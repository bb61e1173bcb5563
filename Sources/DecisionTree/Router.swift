import Foundation

/// Routing: which topic a question in the person's own words is about.
///
/// The router is a linear classifier trained, when it is made, from the training part of the
/// question corpus (`trees/questions/`) and each tree's title and routing phrases: the fastText
/// recipe (Joulin et al., 2016) without the embedding layer. A question becomes features (its
/// word stems, pairs of neighbouring words, and the character 3- to 5-grams of every word, so
/// that "freind" and "whatsap" are near-misses, not unknown words), weighted as in tf-idf (a
/// feature few questions have counts for more) with words and spellings each scaled to length 1;
/// one softmax layer gives each class a probability. The classes are the topics, `off-topic` (school questions the advisor
/// does not cover) and `safeguarding` (harm to a child: straight to the safeguarding outcome).
///
/// Training is deterministic: features are numbered in the order they are first seen, examples
/// are shuffled with a fixed seed, and nothing depends on hashing order. The corpus's test part is
/// never used here (see `QuestionCorpus`).
public struct Router: Sendable {
    public struct Score: Sendable, Hashable {
        /// A topic id, `off-topic` or `safeguarding`.
        public var topic: String
        /// The probability the router gives it (all classes sum to 1).
        public var score: Double

        public init(topic: String, score: Double) {
            self.topic = topic
            self.score = score
        }
    }

    public enum Decision: Sendable, Hashable {
        /// One topic fits clearly.
        case topic(String)
        /// Two topics are close: offer both, best first.
        case close(String, String)
        /// Not sure: offer the likeliest topics (best first) and "None of these".
        case unsure([String])
        /// A school question the advisor does not cover.
        case offTopic
        /// The question speaks of harm to a child: straight to this tree's safeguarding outcome.
        case safeguarding(topic: String, outcome: String)

        /// The topics offered, best first (empty for off-topic; the tree for safeguarding).
        public var offered: [String] {
            switch self {
            case .topic(let t): return [t]
            case .close(let a, let b): return [a, b]
            case .unsure(let ts): return ts
            case .offTopic: return []
            case .safeguarding(let t, _): return [t]
            }
        }
    }

    /// The class names, in a fixed order: topics (library order), then off-topic, safeguarding.
    public let classes: [String]
    let topicCount: Int
    let safeguardingTarget: (topic: String, outcome: String)?
    /// Weights, feature-major: `weights[f * classes.count + c]`, for `buckets` hashed features.
    let weights: [Float]
    let bias: [Float]
    /// Each bucket's inverse document frequency over the training questions (0: never seen, so
    /// not used when ranking). Rare features count for more than ones nearly every question has.
    let idf: [Float]
    /// Every feature seen in training, by its full hash (to tell words it knows from gibberish).
    let seen: Set<UInt64>
    /// Features are hashed into this many buckets (FNV-1a, the same on every machine).
    static let buckets = 1 << 17

    // Decision thresholds, chosen by five-fold cross-validation on the training part only
    // (`policy-advisor route --eval --cross-validate`); the test part never tuned anything.
    /// At or above this probability of `safeguarding`, the question goes straight there: a worry
    /// about a child is never left to a choice.
    public static let safeguardingThreshold = 0.70
    /// At or above this probability (and below `safeguardingThreshold`), a worry about a child's
    /// safety is among the choices offered, and no topic is taken without offering it.
    public static let safeguardingOffered = 0.05
    /// `off-topic` must be at least this likely, and the likeliest class, to be called off-topic.
    public static let offTopicThreshold = 0.30
    /// One topic is chosen outright when it is at least this likely...
    public static let confident = 0.80
    /// ...and the runner-up is below this.
    public static let runnerUp = 0.20
    /// Below this share of its features ever seen in training (or with no whole word ever seen,
    /// below three quarters), a question is gibberish or in words the advisor does not know:
    /// off-topic, not a guess.
    public static let unknownWords = 0.5
    /// Two topics are offered when together they are at least this likely.
    public static let closePair = 0.85

    /// Trains a router from the library's trees and the training part of its question corpus.
    public init(library: Library) {
        var examples: [(String, Int)] = []
        var classes = library.trees.map(\.id)
        for (i, t) in library.trees.enumerated() {
            examples.append((t.title, i))
            for r in t.routing { examples.append((r, i)) }
        }
        let labels = library.questions.labels
        if labels.contains(QuestionCorpus.offTopic) { classes.append(QuestionCorpus.offTopic) }
        let target = library.safeguardingOutcome
        if labels.contains(QuestionCorpus.safeguarding), target != nil { classes.append(QuestionCorpus.safeguarding) }
        for e in library.questions.training {
            if let c = classes.firstIndex(of: e.label) { examples.append((e.text, c)) }
        }
        self.init(
            classes: classes, topicCount: library.trees.count, examples: examples,
            safeguarding: target.map { ($0.tree.id, $0.outcomeID) })
    }

    init(classes: [String], topicCount: Int, examples: [(String, Int)], safeguarding: (String, String)?) {
        self.classes = classes
        self.topicCount = topicCount
        self.safeguardingTarget = safeguarding
        var bucketed: [(words: [Int32], chars: [Int32], label: Int)] = []
        bucketed.reserveCapacity(examples.count)
        var seen = Set<UInt64>()
        var df = [Int32](repeating: 0, count: Router.buckets)
        for (text, label) in examples {
            let f = Router.hashes(text)
            seen.formUnion(f.wordFeatures)
            seen.formUnion(f.chars)
            let e = (words: Router.bucketed(f.wordFeatures), chars: Router.bucketed(f.chars), label: label)
            for b in Set(e.words + e.chars) { df[Int(b)] += 1 }
            bucketed.append(e)
        }
        self.seen = seen
        // Smoothed inverse document frequency, as in tf-idf: log((1 + n) / (1 + df)) + 1.
        let n = Float(examples.count)
        let idf = df.map { $0 == 0 ? Float(0) : Float(log(Double((1 + n) / (1 + Float($0))))) + 1 }
        self.idf = idf
        let encoded = bucketed.map { e in
            let v = Router.vector(words: e.words, chars: e.chars, idf: idf)
            return (features: v.ids, values: v.values, label: e.label)
        }
        let (w, b) = Router.train(encoded, features: Router.buckets, classes: classes.count)
        self.weights = w
        self.bias = b
    }

    // MARK: Features

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
        return w
    }

    /// A question as the classifier sees it: its word-level features (stems and neighbouring
    /// pairs) and its character features, each bucket listed once and weighted by its idf; each of
    /// the two groups scaled to length 1, so that words and spellings count equally.
    static func vector(words: [Int32], chars: [Int32], idf: [Float]) -> (ids: [Int32], values: [Float]) {
        var ids: [Int32] = []
        var values: [Float] = []
        ids.reserveCapacity(words.count + chars.count)
        values.reserveCapacity(words.count + chars.count)
        for group in [words, chars] {
            let kept = group.filter { idf[Int($0)] > 0 }
            var norm: Float = 0
            for f in kept { norm += idf[Int(f)] * idf[Int(f)] }
            guard norm > 0 else { continue }
            let scale = 1 / norm.squareRoot()
            for f in kept {
                ids.append(f)
                values.append(idf[Int(f)] * scale)
            }
        }
        return (ids, values)
    }

    /// The bucket of each feature hash, sorted, each once.
    static func bucketed(_ hs: [UInt64]) -> [Int32] {
        let mask = UInt64(buckets - 1)
        var ids = hs.map { Int32(truncatingIfNeeded: ($0 >> 7) & mask) }
        ids.sort()
        var out: [Int32] = []
        out.reserveCapacity(ids.count)
        for i in ids where out.last != i { out.append(i) }
        return out
    }

    /// The 64-bit FNV-1a hashes of a question's features: word stems, neighbouring pairs and
    /// character 3- to 5-grams of each word with its boundaries ("<fr", "fre", ... "nd>").
    struct Hashes {
        /// Stems and pairs of neighbouring stems.
        var wordFeatures: [UInt64] = []
        /// Character n-grams.
        var chars: [UInt64] = []
        /// The stems alone.
        var words: [UInt64] = []
        var all: [UInt64] { wordFeatures + chars }
    }

    static func hashes(_ text: String) -> Hashes {
        let words = Text.words(text).map { Array(stem($0).utf8) }
        var h = Hashes()
        h.chars.reserveCapacity(words.count * 12)
        func fnv(_ seed: UInt64, _ bytes: ArraySlice<UInt8>) -> UInt64 {
            var h = seed
            for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            return h
        }
        let basis: UInt64 = 0xcbf2_9ce4_8422_2325
        var previous: UInt64?
        for w in words {
            let wordHash = fnv(fnv(basis, [0x01]), w[...])
            h.wordFeatures.append(wordHash)
            h.words.append(wordHash)
            if let p = previous { h.wordFeatures.append(fnv(p ^ 0x9E37_79B9, w[...])) }
            previous = wordHash
            let chars = [UInt8(ascii: "<")] + w + [UInt8(ascii: ">")]
            guard chars.count >= 4 else { continue }
            for n in 3...5 where chars.count >= n {
                for st in 0...(chars.count - n) { h.chars.append(fnv(basis, chars[st..<(st + n)])) }
            }
        }
        return h
    }

    // MARK: Training

    /// Softmax regression by stochastic gradient descent: a fixed number of passes, a learning
    /// rate falling linearly to zero, examples shuffled with a fixed seed.
    static func train(_ examples: [(features: [Int32], values: [Float], label: Int)], features: Int, classes: Int) -> (
        [Float], [Float]
    ) {
        var w = [Float](repeating: 0, count: max(1, features * classes))
        var b = [Float](repeating: 0, count: classes)
        guard classes > 1, !examples.isEmpty else { return (w, b) }
        let epochs = 12
        let startRate: Float = 0.5
        var order = Array(examples.indices)
        var seed: UInt64 = 0x5EED_1234_ABCD_0001
        let total = Float(epochs * examples.count)
        var step: Float = 0
        var scores = [Float](repeating: 0, count: classes)
        w.withUnsafeMutableBufferPointer { w in
            b.withUnsafeMutableBufferPointer { b in
                scores.withUnsafeMutableBufferPointer { scores in
                    for _ in 0..<epochs {
                        // Fisher-Yates with a 64-bit LCG: the same order on every machine.
                        for i in stride(from: order.count - 1, to: 0, by: -1) {
                            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                            let j = Int((seed >> 33) % UInt64(i + 1))
                            order.swapAt(i, j)
                        }
                        for k in order {
                            let (fs, xs, label) = examples[k]
                            let rate = startRate * (1 - step / total)
                            step += 1
                            guard !fs.isEmpty else { continue }
                            Router.scoresInto(
                                scores, features: fs, values: xs, weights: UnsafeBufferPointer(w), bias: UnsafeBufferPointer(b),
                                classes: classes)
                            Router.softmax(scores)
                            for c in 0..<classes {
                                let g = (c == label ? 1 : 0) - scores[c]
                                scores[c] = rate * g
                                b[c] += rate * g * 0.1
                            }
                            for (f, x) in zip(fs, xs) {
                                let base = Int(f) * classes
                                for c in 0..<classes { w[base + c] += scores[c] * x }
                            }
                        }
                    }
                }
            }
        }
        return (w, b)
    }

    static func scoresInto(
        _ scores: UnsafeMutableBufferPointer<Float>, features fs: [Int32], values xs: [Float],
        weights w: UnsafeBufferPointer<Float>,
        bias b: UnsafeBufferPointer<Float>, classes: Int
    ) {
        for c in 0..<classes { scores[c] = b[c] }
        for (f, x) in zip(fs, xs) {
            let base = Int(f) * classes
            for c in 0..<classes { scores[c] += w[base + c] * x }
        }
    }

    static func softmax(_ s: UnsafeMutableBufferPointer<Float>) {
        var m = -Float.infinity
        for v in s where v > m { m = v }
        var sum: Float = 0
        for i in s.indices {
            s[i] = Float(exp(Double(s[i] - m)))
            sum += s[i]
        }
        for i in s.indices { s[i] /= sum }
    }

    // MARK: Routing

    /// Every class with its probability, best first.
    public func rank(_ question: String) -> [Score] { rank(hashes: Router.hashes(question)) }

    /// The ranking for a question's feature hashes (`route` has them already).
    func rank(hashes h: Hashes) -> [Score] {
        let (fs, xs) = Router.vector(words: Router.bucketed(h.wordFeatures), chars: Router.bucketed(h.chars), idf: idf)
        var scores = [Float](repeating: 0, count: classes.count)
        if fs.isEmpty {
            // Nothing the router has ever seen: it knows nothing about the question.
            for c in scores.indices { scores[c] = 1 / Float(classes.count) }
        } else {
            scores.withUnsafeMutableBufferPointer { s in
                weights.withUnsafeBufferPointer { w in
                    bias.withUnsafeBufferPointer { b in
                        Router.scoresInto(s, features: fs, values: xs, weights: w, bias: b, classes: classes.count)
                    }
                }
                Router.softmax(s)
            }
        }
        return zip(classes, scores).map { Score(topic: $0, score: Double($1)) }
            .sorted { $0.score > $1.score || ($0.score == $1.score && $0.topic < $1.topic) }
    }

    /// What to do with a question: one topic, two close ones, a choice, off-topic, or safeguarding.
    public func route(_ question: String) -> Decision {
        // Harm to a child is never left to the classifier's confidence.
        if let target = safeguardingTarget, SafetyCues.cue(in: question) != nil {
            return .safeguarding(topic: target.topic, outcome: target.outcome)
        }
        // Little the router has ever seen (empty, gibberish): not a question it can place.
        let h = Router.hashes(question)
        let fs = h.all
        let knownShare = Double(fs.filter { seen.contains($0) }.count) / Double(max(1, fs.count))
        let knowsAWord = h.words.contains { seen.contains($0) }
        if knownShare < Router.unknownWords || (!knowsAWord && knownShare < 0.75) { return .offTopic }
        return decide(rank(hashes: h))
    }

    /// The decision for a ranking from `rank`.
    public func decide(_ ranked: [Score]) -> Decision {
        let p = Dictionary(uniqueKeysWithValues: ranked.map { ($0.topic, $0.score) })
        let safety = safeguardingTarget == nil ? 0 : (p[QuestionCorpus.safeguarding] ?? 0)
        // Straight there when very likely, or when it is the likeliest class at 0.65 or more.
        let safetyFirst = ranked.first?.topic == QuestionCorpus.safeguarding && safety >= 0.65
        if let target = safeguardingTarget, safety >= Router.safeguardingThreshold || safetyFirst {
            return .safeguarding(topic: target.topic, outcome: target.outcome)
        }
        guard let first = ranked.first else { return .offTopic }
        // The candidates: the topics, and a worry about a child's safety when it is at all likely
        // (then it is offered as a choice, never taken for the person).
        let candidates = ranked.filter {
            $0.topic != QuestionCorpus.offTopic
                && ($0.topic != QuestionCorpus.safeguarding || safety >= Router.safeguardingOffered)
        }
        // Off-topic when it is the likeliest class: more likely than not, or likely enough with
        // no hint of a worry about a child.
        if first.topic == QuestionCorpus.offTopic
            && (first.score >= 0.5 || (first.score >= Router.offTopicThreshold && safety < Router.safeguardingOffered))
        {
            return .offTopic
        }
        guard let t1 = candidates.first else { return .offTopic }
        let s2 = candidates.count > 1 ? candidates[1].score : 0
        if t1.score >= Router.confident && s2 < Router.runnerUp && t1.topic != QuestionCorpus.safeguarding
            && safety < Router.safeguardingOffered
        {
            return .topic(t1.topic)
        }
        if candidates.count > 1 && t1.score + s2 >= Router.closePair && first.topic != QuestionCorpus.offTopic {
            return .close(t1.topic, candidates[1].topic)
        }
        if candidates.count == 1 { return t1.score >= Router.confident ? .topic(t1.topic) : .unsure([t1.topic]) }
        return .unsure(Array(candidates.prefix(3).map(\.topic)))
    }
}
