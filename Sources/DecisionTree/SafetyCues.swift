/// Words that speak of harm to a child: a safety net under the router, so that a disclosure is
/// never left to a classifier's confidence. A question with one of these cues goes straight to the
/// safeguarding outcome. Cues are word sequences on folded text; a word ending in `*` matches any
/// word it starts, `_` matches any one word, `a|b` either word, and a cue word of six letters or more (a few aside) also matches a one-letter typo of it.
public enum SafetyCues {
    static let cues: [[String]] = [
        ["self", "harm*"], ["selfharm*"], ["sefl", "harm*"], ["slef", "harm*"], ["self", "harn*"], ["harm*", "herself"],
        ["harm*", "himself"], ["harm*", "themselves"], ["hurt*", "herself"], ["hurt*", "himself"], ["hurt*", "themselves"],
        ["safeguarding", "issue*"], ["safeguarding", "concern*"], ["safeguarding", "worry"], ["safeguarding", "matter"],
        ["safeguarding", "problem"], ["safeguarding", "disclosure"], ["safeguarding", "referral"],
        ["hurt*", "at", "home"], ["being", "hurt"], ["hurting", "them"], ["load", "of", "tablets"], ["took", "_", "tablets"],
        ["took", "_", "_", "tablets"], ["took", "tablets"], ["overdos*"], ["took", "pills"], ["took", "_", "pills"],
        ["take", "_", "pills"], ["many", "pills"], ["to", "be", "alive"], ["want", "to", "live"], ["here", "anymore"],
        ["radicalis*"], ["radicaliz*"], ["extremis*"], ["her", "wrists"], ["his", "wrists"], ["their", "wrists"],
        ["wrists", "all", "cut"], ["disclos*", "something"], ["a", "disclosure"], ["disclosure", "in"], ["disclosure", "on"],
        ["pupil", "disclosed"], ["child", "disclosed"], ["student", "disclosed"], ["abbuse*"], ["abuse", "disclosure"],
        ["something", "sexual"], ["sexually"], ["worried", "about", "a", "kid"], ["worried", "about", "a", "child"],
        ["worried", "about", "a", "pupil"], ["worried", "about", "a", "student"], ["worried", "about", "a", "girl"],
        ["worried", "about", "a", "boy"], ["worrying", "message"], ["worrying", "msg"], ["worrying", "messages"],
        ["being", "kicked"], ["being", "beaten"], ["beaten", "up"], ["locks", "him"], ["locks", "her"], ["locked", "in", "his"],
        ["locked", "in", "her"], ["without", "food"], ["send", "me", "a", "pic"], ["send", "me", "pics"],
        ["send", "me", "pictures"], ["explicit", "image*"], ["explicit", "photo*"], ["indecent", "image*"],
        ["indecent", "photo*"], ["nude", "image*"], ["nude", "photo*"], ["nude", "pic*"], ["porn*"],
        ["being|bein|beign|been", "kicked|hurt|beaten|hit|punched|touched|abused|groomed"],
        ["adult", "messaging|sending|texting|contacting"], ["from", "an", "adult"], ["an", "adult", "has"],
        ["unexplained", "injur*|bruis*|marks"], ["bruises"], ["bruising"], ["flinch*"], ["same", "clothes"],
        ["sleeping", "in", "the", "car"], ["nowhere", "to", "sleep"], ["kicked", "her|him|them", "out"],
        ["worrying", "disclosure"], ["had|got", "a", "disclosure"], ["something", "worrying"], ["really", "worrying"],
        ["home", "life"], ["shouldnt", "know", "about"], ["what", "shes|she|hes", "wearing"],
        ["carry|carrying|sell|selling|deliver|delivering", "drugs"], ["do", "it", "tonight"],
        ["screaming", "at", "her|him|them"],
        ["touched", "me"], ["touches", "me"], ["hurts", "me"], ["hurts", "mum"], ["cant|can't", "do", "this", "anymore"],
        ["blackmail*"], ["sextort*"], ["missing", "from", "home"],
        ["she|he|shes|hes|pupil|child|kid|girl|boy|son|daughter|lad", "gone", "missing"],
        ["she|he|shes|hes|pupil|child|kid|girl|boy|son|daughter|lad", "_", "gone", "missing"], ["paracetamol"],
        ["hanging|hangin", "herself|himself|themselves"], ["nobody|noone", "would", "notice|care|miss"],
        ["no", "one", "would", "notice|care|miss"], ["too", "friendly", "with"], ["made", "me", "uneasy"],
        ["about", "my", "home"], ["not", "allowed|let", "to", "eat"], ["forced", "into", "marriage"],
        ["from", "a", "grown|older", "man|men"],
        ["self", "injur*"], ["suicid*"], ["cutting", "herself"], ["cutting", "himself"],
        ["cutting", "themselves"], ["cuts", "on", "her"], ["cuts", "on", "his"], ["kill", "herself"], ["kill", "himself"],
        ["kill", "themselves"], ["kill", "myself"], ["end", "it", "all"], ["want*", "to", "die"], ["better", "off", "dead"],
        ["groom*"], ["sexual*", "abus*"], ["abused"], ["abusing", "her"], ["abusing", "him"], ["being", "abused"],
        ["disclos*", "abuse"], ["made", "a", "disclosure"], ["disclosure", "from"], ["disclosed", "to", "me"],
        ["not", "safe", "at", "home"], ["doesnt", "feel", "safe"], ["dont", "feel", "safe"], ["not", "feel", "safe"],
        ["scared", "to", "go", "home"], ["frightened", "to", "go", "home"], ["afraid", "to", "go", "home"],
        ["hits", "her"], ["hits", "him"], ["hurts", "her"], ["hurts", "him"], ["hurting", "her"], ["hurting", "him"],
        ["beats", "her"], ["beats", "him"], ["touches", "her"], ["touches", "him"], ["touched", "her"], ["touched", "him"],
        ["touching", "her"], ["touching", "him"], ["chokes", "him"], ["chokes", "her"], ["nudes"], ["naked", "pic*"],
        ["naked", "photo*"], ["rape*"], ["fgm"], ["forced", "marriage"], ["forced", "to", "marry"], ["child", "protection"],
        ["neglect*"], ["child", "abuse"], ["sexting"], ["exploit*"], ["county", "lines"],
        // Found by cross-validation on the training part (never the test part).
        ["hit", "me", "with"], ["dad|stepdad|mum|mums|boyfriend|brother|uncle", "hits|hit|beats|beat|hurts|hurt|chokes"],
        ["kill", "yourself"], ["ways", "to", "kill"], ["ending", "it"], ["wont|won't", "be", "here"],
        ["posted|wrote|written|writing|saying|said|says|typed|commented", "help", "me"], ["left", "alone", "in|at"],
        ["home", "alone"], ["underwear"], ["no", "top", "on"], ["topless"], ["domestic", "violence|abuse"],
        ["has|had", "been", "violent"], ["locked", "in", "a|the", "cupboard|shed|cellar|bedroom"],
        ["pretending", "to", "be", "10|11|12|13|14|15|16"], ["pretending", "to", "be", "a", "kid|child|boy|girl|teenager"],
        ["asking", "her|him|them", "for", "pics|photos|pictures|nudes"],
        ["sending|sent|giving|gave|buying|bought", "her|him", "gifts|presents|money"],
        ["rate", "the", "girls|boys"], ["pupil|kid|child|girl|boy|lad|student|son|daughter", "bullied"],
        ["pupil|kid|child|girl|boy|lad|student|son|daughter", "being", "bullied"], ["posting", "threats"],
        ["threat*", "to", "take"], ["someone", "hanging|hangin"], ["got", "jumped"], ["from", "adult", "men"],
        ["asking", "them|her|him|children|kids", "to", "message|dm|text", "him|her"],
        ["acting", "out", "sex|sexual|sexually"], ["no", "_", "year", "old", "should"], ["sexualised|sexualized"],
        ["will|gonna", "hurt|hit|kill", "her|him|them"], ["going", "to", "hurt|hit|kill", "her|him|them"],
        ["tells|told|telling|asks|asked", "her|him|them", "to", "delete"], ["delete", "this|it", "after"],
        ["sending|sent|giving|offering", "_", "gift", "card|cards"], ["sending|sent|giving|offering", "gift", "card|cards"],
        ["not|isnt", "allowed", "contact"], ["sorry", "for", "everything"], ["tied", "to", "a"],
        ["man|men|stranger|strangers", "taking|filming|photographing"], ["noose"], ["just", "saying", "help"],
        ["with", "older", "men|man|lads|boys"], ["offering", "lifts"], ["great", "replacement"],
        ["worried|worryed", "abotu|abt|bout|abut", "a|one"],
    ]

    /// Whether `words` (folded) hold one of the cues, and which.
    public static func cue(in text: String) -> String? {
        let words = Text.words(text).map { Array($0.utf8) }
        for (n, cue) in compiled.enumerated() {
            guard cue.count <= words.count else { continue }
            for start in 0...(words.count - cue.count) {
                var ok = true
                for (k, t) in cue.enumerated() where !t.matches(words[start + k]) {
                    ok = false
                    break
                }
                if ok && !negated(words, before: start) { return cues[n].joined(separator: " ") }
            }
        }
        return nil
    }

    /// A cue word, worked out once: any word, one of some words, a word's start, or a word (with
    /// a one-letter typo allowed when it is long enough and not one of the `exact` ones).
    enum Token: Sendable {
        case any
        case oneOf([[UInt8]], prefixes: [[UInt8]])
        case prefix([UInt8], fuzzy: Bool)
        case word([UInt8], fuzzy: Bool)

        init(_ cue: String) {
            if cue == "_" {
                self = .any
            } else if cue.contains("|") {
                let alts = cue.split(separator: "|").map(String.init)
                self = .oneOf(
                    alts.filter { !$0.hasSuffix("*") }.map { Array($0.utf8) },
                    prefixes: alts.filter { $0.hasSuffix("*") }.map { Array($0.dropLast().utf8) })
            } else if cue.hasSuffix("*") {
                let stem = Array(cue.dropLast().utf8)
                self = .prefix(stem, fuzzy: stem.count >= 6 && !SafetyCues.exact.contains(cue))
            } else {
                self = .word(Array(cue.utf8), fuzzy: cue.utf8.count >= 6 && !SafetyCues.exact.contains(cue))
            }
        }

        func matches(_ w: [UInt8]) -> Bool {
            switch self {
            case .any: return true
            case .oneOf(let words, let prefixes):
                return words.contains(w) || prefixes.contains { w.starts(with: $0) }
            case .prefix(let stem, let fuzzy):
                if w.starts(with: stem) { return true }
                guard fuzzy, w.count >= stem.count else { return false }
                return Text.editDistance(Array(w.prefix(stem.count)), stem, limit: 1) <= 1
            case .word(let c, let fuzzy):
                if w == c { return true }
                guard fuzzy, abs(w.count - c.count) <= 1 else { return false }
                return Text.editDistance(w, c, limit: 1) <= 1
            }
        }
    }

    static let compiled: [[Token]] = cues.map { $0.map(Token.init) }

    /// Cue words one typo away from an everyday word ("sexting" and "texting"): matched exactly.
    static let exact: Set<String> = [
        "sexting", "exploit*", "touched", "hurting", "abused", "bruises", "bruising", "flinch*", "kicked", "wrists",
        "missing",
    ]

    /// Words that, just before a cue, say it is not so ("not a safeguarding issue").
    static let negations: Set<[UInt8]> = Set(["not", "no", "isnt", "wasnt", "never", "nothing"].map { Array($0.utf8) })

    /// Whether the words just before `start` deny the cue: "not", or "not a".
    static func negated(_ words: [[UInt8]], before start: Int) -> Bool {
        if start >= 1 && negations.contains(words[start - 1]) { return true }
        return start >= 2 && articles.contains(words[start - 1]) && negations.contains(words[start - 2])
    }

    static let articles: Set<[UInt8]> = [Array("a".utf8), Array("an".utf8)]

}
