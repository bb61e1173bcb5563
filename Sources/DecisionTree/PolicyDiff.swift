import Foundation

extension PolicyImport {
    /// Clauses of two policies paired by their words, not their numbers: first word for word
    /// (each school's name set aside, case, punctuation and markup aside), then the most similar
    /// of those left (three-word shingles, or the words themselves for a short clause), one to one.
    /// Returns, for each clause of `new` that has a partner, the partner's index in `old` and
    /// whether the two are word for word.
    /// A school's name as its text may write it, folded, longest first: the whole name, without a
    /// leading "the", and cut before the first word that only says what kind of school it is
    /// ("St Aidan's C of E Primary School" is "St Aidan's" in its own text).
    public static func nameForms(_ name: String) -> [String] {
        var words = Text.words(name.replacingOccurrences(of: "&", with: " and "))
        guard !words.isEmpty else { return [] }
        var forms = [words.joined(separator: " ")]
        if words.first == "the" {
            words.removeFirst()
            forms.append(words.joined(separator: " "))
        }
        let kinds: Set<String> = [
            "c", "ce", "church", "catholic", "rc", "roman", "primary", "secondary", "junior", "infant", "infants", "school",
            "academy", "federation", "community", "high", "college", "trust", "nursery", "first", "middle", "cofe",
        ]
        if let cut = words.firstIndex(where: kinds.contains), cut > 0 {
            let short = words[..<cut].joined(separator: " ")
            if short.count >= 4 { forms.append(short) }
        }
        return Array(Set(forms)).sorted { $0.count > $1.count }
    }

    public static func match(_ new: [String], _ old: [String], names: [String]) -> [Int: (old: Int, exact: Bool)] {
        let folded = Set(names.flatMap(nameForms)).sorted { $0.count > $1.count }
        let a = new.map { comparable($0, names: folded) }
        let b = old.map { comparable($0, names: folded) }
        var result: [Int: (old: Int, exact: Bool)] = [:]
        var taken = Set<Int>()
        var byText: [String: [Int]] = [:]
        for (i, t) in b.enumerated() { byText[t, default: []].append(i) }
        for (i, t) in a.enumerated() {
            guard var queue = byText[t], let first = queue.first else { continue }
            queue.removeFirst()
            byText[t] = queue
            result[i] = (first, true)
            taken.insert(first)
        }
        // Near matches, best first, one to one.
        let restA = a.indices.filter { result[$0] == nil }
        let restB = b.indices.filter { !taken.contains($0) }
        let shA = Dictionary(uniqueKeysWithValues: restA.map { ($0, shingles(a[$0])) })
        let shB = Dictionary(uniqueKeysWithValues: restB.map { ($0, shingles(b[$0])) })
        var candidates: [(Double, Int, Int)] = []
        for i in restA {
            for j in restB {
                let s = similarity(a[i], b[j], shA[i]!, shB[j]!)
                if s >= 0.5 { candidates.append((s, i, j)) }
            }
        }
        candidates.sort { x, y in x.0 != y.0 ? x.0 > y.0 : abs(x.1 - x.2) < abs(y.1 - y.2) }
        var usedA = Set<Int>()
        for (_, i, j) in candidates where !usedA.contains(i) && !taken.contains(j) {
            result[i] = (j, false)
            usedA.insert(i)
            taken.insert(j)
        }
        return result
    }

    /// How alike two comparable texts are (0 to 1): the share of three-word shingles they share,
    /// or for short texts (or texts that share most words in another order) the share of words.
    static func similarity(_ x: String, _ y: String, _ sx: Set<String>, _ sy: Set<String>) -> Double {
        let inter = sx.intersection(sy).count
        let jaccard = inter == 0 ? 0 : Double(inter) / Double(sx.union(sy).count)
        let wx = x.split(separator: " ")
        let wy = y.split(separator: " ")
        guard wx.count >= 3 && wy.count >= 3 else { return jaccard }
        var bag: [Substring: Int] = [:]
        for w in wx { bag[w, default: 0] += 1 }
        var common = 0
        for w in wy where (bag[w] ?? 0) > 0 {
            bag[w]! -= 1
            common += 1
        }
        let dice = 2 * Double(common) / Double(wx.count + wy.count)
        // Words in common count only when nearly all are shared: a few shared words are not a match.
        return max(jaccard, dice >= 0.8 ? dice - 0.3 : 0)
    }
}

/// What changed between two versions of one school's policy: clauses added, removed, changed
/// (with a word diff) and renumbered, paired by their words (`PolicyImport.match`), and which
/// outcomes of the trees cite a changed or removed clause.
public enum PolicyDiff {
    public struct Clause: Sendable, Hashable {
        public var id: String
        public var heading: String
        public var text: String

        public init(id: String, heading: String, text: String) {
            self.id = id
            self.heading = heading
            self.text = text
        }
    }

    public enum Word: Sendable, Hashable {
        case same(String)
        case removed(String)
        case added(String)
    }

    public struct Change: Sendable, Hashable {
        public var old: Clause
        public var new: Clause
        public var words: [Word]
    }

    public struct Result: Sendable, Hashable {
        /// Word for word and under the same id.
        public var same: [Clause] = []
        /// Word for word under another id: (old, new).
        public var renumbered: [(old: Clause, new: Clause)] = []
        public var changed: [Change] = []
        public var removed: [Clause] = []
        public var added: [Clause] = []

        public var isSame: Bool { renumbered.isEmpty && changed.isEmpty && removed.isEmpty && added.isEmpty }

        public static func == (a: Result, b: Result) -> Bool {
            a.same == b.same && a.changed == b.changed && a.removed == b.removed && a.added == b.added
                && a.renumbered.map(\.old) == b.renumbered.map(\.old) && a.renumbered.map(\.new) == b.renumbered.map(\.new)
        }

        public func hash(into h: inout Hasher) {
            h.combine(same)
            h.combine(changed)
        }
    }

    /// Compares two versions; `names` are the schools' names, set aside when comparing words.
    public static func compare(old: [Clause], new: [Clause], names: [String]) -> Result {
        let pairs = PolicyImport.match(new.map(\.text), old.map(\.text), names: names)
        var r = Result()
        var matchedOld = Set<Int>()
        for (i, n) in new.enumerated() {
            guard let (j, exact) = pairs[i] else {
                r.added.append(n)
                continue
            }
            matchedOld.insert(j)
            let o = old[j]
            if exact {
                if o.id == n.id { r.same.append(n) } else { r.renumbered.append((o, n)) }
            } else {
                r.changed.append(Change(old: o, new: n, words: words(from: o.text, to: n.text)))
            }
        }
        r.removed = old.indices.filter { !matchedOld.contains($0) }.map { old[$0] }
        return r
    }

    /// A word diff: the words of `a` and `b` in order, each the same, removed or added (words
    /// compared without case and punctuation, shown as written).
    public static func words(from a: String, to b: String) -> [Word] {
        let x = a.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let y = b.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        let fx = x.map { Text.fold($0.replacingOccurrences(of: "*", with: "")) }
        let fy = y.map { Text.fold($0.replacingOccurrences(of: "*", with: "")) }
        // Longest common subsequence, by rows (clauses are short).
        let n = x.count
        let m = y.count
        var table = [[Int]](repeating: [Int](repeating: 0, count: m + 1), count: n + 1)
        if n > 0 && m > 0 {
            for i in stride(from: n - 1, through: 0, by: -1) {
                for j in stride(from: m - 1, through: 0, by: -1) {
                    table[i][j] = fx[i] == fy[j] ? table[i + 1][j + 1] + 1 : max(table[i + 1][j], table[i][j + 1])
                }
            }
        }
        var out: [Word] = []
        var i = 0
        var j = 0
        while i < n || j < m {
            if i < n && j < m && fx[i] == fy[j] {
                out.append(.same(y[j]))
                i += 1
                j += 1
            } else if j < m && (i == n || table[i][j + 1] >= table[i + 1][j]) {
                out.append(.added(y[j]))
                j += 1
            } else {
                out.append(.removed(x[i]))
                i += 1
            }
        }
        // Removed words before added ones in each run of changes, so they read as a replacement.
        var k = 0
        while k < out.count {
            guard case .same = out[k] else {
                var end = k
                while end < out.count, !(isSame(out[end])) { end += 1 }
                let run = out[k..<end]
                out.replaceSubrange(
                    k..<end,
                    with: run.filter { if case .removed = $0 { true } else { false } }
                        + run.filter { if case .added = $0 { true } else { false } })
                k = end
                continue
            }
            k += 1
        }
        return out
    }

    static func isSame(_ w: Word) -> Bool {
        if case .same = w { return true }
        return false
    }

    /// The word diff as plain text: removed words as `[-words-]`, added as `{+words+}` (git's
    /// plain word diff), which reads without colour.
    public static func plain(_ words: [Word]) -> String {
        var parts: [String] = []
        var k = 0
        while k < words.count {
            switch words[k] {
            case .same(let w):
                parts.append(w)
                k += 1
            case .removed:
                var run: [String] = []
                while k < words.count, case .removed(let w) = words[k] {
                    run.append(w)
                    k += 1
                }
                parts.append("[-" + run.joined(separator: " ") + "-]")
            case .added:
                var run: [String] = []
                while k < words.count, case .added(let w) = words[k] {
                    run.append(w)
                    k += 1
                }
                parts.append("{+" + run.joined(separator: " ") + "+}")
            }
        }
        return parts.joined(separator: " ")
    }

    /// How a clause of the school's policy in the trees stands in the new version.
    public enum Status: String, Sendable, Hashable {
        case changed
        case removed
        /// Not found in the old text given (it cannot be told whether it changed): review it too.
        case unmatched
    }

    /// An outcome whose answer for the school cites a clause that changed or was removed.
    public struct Affected: Sendable, Hashable {
        public var topic: String
        public var outcome: String
        public var title: String
        public var clauses: [(clause: String, status: Status)]

        public static func == (a: Affected, b: Affected) -> Bool {
            a.topic == b.topic && a.outcome == b.outcome && a.clauses.map(\.clause) == b.clauses.map(\.clause)
                && a.clauses.map(\.status) == b.clauses.map(\.status)
        }

        public func hash(into h: inout Hasher) {
            h.combine(topic)
            h.combine(outcome)
        }
    }

    /// The outcomes, tree by tree, whose answer for `policyID` cites a clause in `status` (by the
    /// policy's clause ids), and those whose cited clauses are only renumbered (`renumbered`:
    /// old id → new id).
    public static func affected(_ library: Library, policyID: String, status: [String: Status], renumbered: [String: String])
        -> (review: [Affected], renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])])
    {
        var review: [Affected] = []
        var renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])] = []
        for tree in library.trees {
            for node in tree.outcomes {
                guard let o = node.outcome, let answer = o.answers[policyID] else { continue }
                var seen = Set<String>()
                let cited = answer.citations.map(\.clause).filter { seen.insert($0).inserted }
                let hits = cited.compactMap { c in status[c].map { (clause: c, status: $0) } }
                if !hits.isEmpty {
                    review.append(Affected(topic: tree.id, outcome: node.id, title: o.title, clauses: hits))
                } else {
                    let moved = cited.compactMap { c in renumbered[c].map { (old: c, new: $0) } }
                    if !moved.isEmpty { renumberedOnly.append((tree.id, node.id, moved)) }
                }
            }
        }
        return (review, renumberedOnly)
    }
}
