import DecisionTree
import Testing

@Suite("Walk")
struct WalkTests {
    func walk(_ policy: String?) throws -> Walk {
        let l = try Fixtures.library()
        return Walk(library: l, tree: l.tree("pets")!, policyID: policy)
    }

    @Test("answering by index moves to the next question and records the path")
    func byIndex() throws {
        var w = try walk("beta")
        #expect(w.currentID == "which-pet")
        try w.answer(index: 0)
        #expect(w.currentID == "approved")
        #expect(w.steps.map(\.answer) == ["A dog"])
        #expect(w.steps.first?.question == "What kind of pet is it?")
    }

    @Test("answering by label: exact, any case, a unique word or a prefix")
    func byLabel() throws {
        var w = try walk("beta")
        try w.answer("A DOG")
        #expect(w.currentID == "approved")
        try w.answer("approved")  // a whole word of "Yes, approved"
        #expect(w.result(today: Fixtures.today)?.verdict == .allowed)
        var w2 = try walk("beta")
        try w2.answer("ca")  // prefix of "cat"
        #expect(w2.currentID == "cat-outcome")
        var w3 = try walk("beta")
        try w3.answer("2")  // a number
        #expect(w3.currentID == "cat-outcome")
    }

    @Test("an ambiguous label is refused, naming the answers it could mean")
    func ambiguous() throws {
        var w = try walk("beta")
        #expect { try w.answer("a") } throws: { e in
            guard let e = e as? WalkError else { return false }
            return e.code == .ambiguous && e.candidates.contains("A dog") && e.candidates.contains("A cat")
        }
        // "dog" is a whole word of "A dog" and only part of "A hot dog stand"? Both hold the word: ambiguous.
        #expect { try w.answer("dog") } throws: { ($0 as? WalkError)?.code == .ambiguous }
        #expect { try w.answer("giraffe") } throws: { ($0 as? WalkError)?.code == .noMatch }
        #expect { try w.answer("9") } throws: { ($0 as? WalkError)?.code == .noMatch }
        #expect { try w.answer(index: 7) } throws: { ($0 as? WalkError)?.code == .outOfRange }
        #expect(w.steps.isEmpty)
        try w.answer("hot")
        #expect(w.currentID == "cat-outcome")
    }

    @Test("'unsure' and 'don't know' choose Not sure, which leads to ask-first")
    func notSureWords() throws {
        var w = try walk("alpha")
        try w.answer("don't know")
        let r = try #require(w.result(today: Fixtures.today))
        #expect(r.verdict == .askFirst)
        #expect(r.ask == ["the head teacher"])
    }

    @Test("back returns to the previous question; back past the start does nothing")
    func back() throws {
        var w = try walk("beta")
        #expect(w.back() == false)
        #expect(w.currentID == "which-pet")
        try w.answer(index: 0)
        try w.answer(index: 1)
        #expect(w.isFinished)
        #expect(w.back() == true)
        #expect(w.currentID == "approved")
        #expect(w.steps.count == 1)
        #expect(w.back() == true)
        #expect(w.back() == false)
        #expect(w.currentID == "which-pet" && w.steps.isEmpty)
    }

    @Test("restart clears the path")
    func restart() throws {
        var w = try walk("beta")
        try w.answer(index: 0)
        w.restart()
        #expect(w.currentID == "which-pet" && w.steps.isEmpty)
    }

    @Test("one policy: the outcome is that school's, with its clause text resolved")
    func onePolicy() throws {
        var w = try walk("beta")
        try w.answer("A dog")
        try w.answer("yes")
        let r = try #require(w.result(today: Fixtures.today))
        #expect(r.policyID == "beta")
        #expect(r.verdict == .allowed)
        #expect(r.ask == ["your line manager"])
        #expect(r.citations.count == 1)
        #expect(r.citations[0].clauseID == "pets")
        #expect(r.citations[0].text == "Staff are allowed to bring a pet to school")
        #expect(r.citations[0].clauseText.hasSuffix("kept in cages only."))
        #expect(r.differences.isEmpty)
        #expect(r.path.map(\.answer) == ["A dog", "Yes, approved"])
    }

    @Test("no policy: the most cautious verdict, with each school's answer listed")
    func nonePolicy() throws {
        var w = try walk(nil)
        try w.answer("cat")
        let r = try #require(w.result(today: Fixtures.today))
        // alpha says refer, beta says allowed: refer is more cautious.
        #expect(r.verdict == .refer)
        #expect(r.policyID == nil)
        #expect(r.schoolsDiffer)
        #expect(r.differences.map(\.policyID) == ["alpha", "beta"])
        #expect(r.differences.map(\.verdict) == [.refer, .allowed])
        #expect(Set(r.citations.map(\.policyID)) == ["alpha", "beta"])
        #expect(r.advice.contains("differ"))
        // Alpha's review date has passed; Beta gives none: one notice, Alpha's.
        #expect(r.notices.count == 1)
        #expect(r.notices.first?.hasPrefix("Alpha School") == true)
    }

    @Test("caution order is not-allowed, refer, ask-first, allowed")
    func cautionOrder() {
        #expect(Verdict.mostCautious([.allowed, .askFirst]) == .askFirst)
        #expect(Verdict.mostCautious([.askFirst, .refer, .allowed]) == .refer)
        #expect(Verdict.mostCautious([.refer, .notAllowed]) == .notAllowed)
    }

    @Test("a policy past its review date carries a notice computed from today")
    func staleness() throws {
        let l = try Fixtures.library()
        let alpha = try #require(l.policy("alpha"))  // next review 2021-09
        #expect(alpha.stalenessNotice(today: Day(year: 2021, month: 9, day: 30)) == nil)
        let n = alpha.stalenessNotice(today: Day(year: 2021, month: 10, day: 1))
        #expect(n?.contains("was due for review in September 2021") == true)
        #expect(l.policy("beta")?.stalenessNotice(today: Fixtures.today) == nil)  // no date given
        var w = Walk(library: l, tree: l.tree("pets")!, policyID: "alpha")
        try w.answer("cat")
        #expect(w.result(today: Fixtures.today)?.notices.count == 1)
        #expect(w.result(today: Day(year: 2020, month: 1, day: 1))?.notices.isEmpty == true)
    }

    @Test("why names the clauses the question rests on, for the walk's policy")
    func why() throws {
        var w = try walk("beta")
        let e = try #require(w.why())
        #expect(e.text == "The policies treat pets differently.")
        #expect(e.citations.map(\.clauseID) == ["pets"])
        let all = try walk(nil).why()
        #expect(all?.citations.map(\.policyID) == ["alpha", "beta"])
        try w.answer("cat")
        #expect(w.why() == nil)
    }
}

@Suite("Answer matching")
struct AnswerMatcherTests {
    let labels = ["Yes, a current pupil", "A former pupil", "A colleague", "Not sure"]

    @Test("numbers, exact labels, words and prefixes")
    func matches() {
        #expect(AnswerMatcher.match("3", labels: labels) == .matched(2))
        #expect(AnswerMatcher.match("3", labels: labels, allowNumbers: false) == .noMatch)
        #expect(AnswerMatcher.match("A colleague", labels: labels) == .matched(2))
        #expect(AnswerMatcher.match("  a COLLEAGUE ", labels: labels) == .matched(2))
        #expect(AnswerMatcher.match("former", labels: labels) == .matched(1))
        #expect(AnswerMatcher.match("coll", labels: labels) == .matched(2))
        #expect(AnswerMatcher.match("current pupil", labels: labels) == .matched(0))
        #expect(AnswerMatcher.match("not sure", labels: labels) == .matched(3))
        #expect(AnswerMatcher.match("?", labels: labels) == .matched(3))
    }

    @Test("a word in two labels is ambiguous; nonsense matches nothing")
    func misses() {
        #expect(AnswerMatcher.match("pupil", labels: labels) == .ambiguous([0, 1]))
        #expect(AnswerMatcher.match("zebra", labels: labels) == .noMatch)
        #expect(AnswerMatcher.match("", labels: labels) == .noMatch)
        #expect(AnswerMatcher.match("0", labels: labels) == .noMatch)
    }
}

@Suite("Answers from the question's words")
struct HintTests {
    static func walk() throws -> Walk {
        let l = try Fixtures.library()
        return Walk(library: l, tree: l.tree("pets")!, policyID: "beta")
    }

    @Test("a hint in the question takes that answer, marked with the words")
    func takesHint() throws {
        var w = try Self.walk()
        let taken = w.prefill(from: "Can I bring MY CAT into class?")
        #expect(taken.map(\.answerID) == ["cat"])
        #expect(taken.first?.inferredFrom == "my cat")
        #expect(w.isFinished)
        #expect(w.result(today: Fixtures.today)?.path.first?.isInferred == true)
        let wentBack = w.back()
        #expect(wentBack)
        #expect(w.currentID == "which-pet")
    }

    @Test("a negated hint, or none, leaves the question to be asked")
    func negatedOrAbsent() throws {
        var w = try Self.walk()
        let r477 = w.prefill(from: "it's not my cat, it's a hamster")
        #expect(r477.isEmpty)
        let r358 = w.prefill(from: "can i bring a pet")
        #expect(r358.isEmpty)
        #expect(w.currentID == "which-pet")
    }

    @Test("hints match whole words only")
    func wholeWords() throws {
        var w = try Self.walk()
        let r365 = w.prefill(from: "kittens are cute")
        #expect(r365.isEmpty)
        let r749 = w.prefill(from: "a kitten")
        #expect(r749.map(\.answerID) == ["cat"])
    }

    @Test("answers already given come first; words settle only what is left")
    func scriptAnswersFirst() throws {
        let l = try Fixtures.library()
        var w = Walk(library: l, tree: l.tree("pets")!, policyID: "beta")
        let e = ScriptParser.parse("ask: my cat and my dog, my line manager approved it\nanswer: A dog\n")[0]
        #expect(ScriptRunner.feed(e.answers, into: &w, question: e.ask?.value) == nil)
        #expect(w.steps.map(\.answerID) == ["dog", "yes"])
        #expect(w.steps.map(\.isInferred) == [false, true])
    }
}

@Suite("Quotes of one item of a clause's list")
struct ListItemQuoteTests {
    let library = try! ShippedTreesTests.load()

    @Test("a quote of one item is shown with the clause's opening words, which make it a rule")
    func itemGetsOpening() throws {
        let p = try #require(library.policy("redbridge"))
        let quote = "bring the school into disrepute, for example by: criticising or arguing with students"
        let r = try #require(ResolvedCitation(policy: p, citation: Citation(clause: "6.4", quote: quote)))
        #expect(r.leadIn == "Any communications that employees make in a personal capacity through social media must not:")
        #expect(r.leadInOpensClause)
    }

    @Test("a quote from the clause's start, or the whole clause, needs no opening words")
    func startNeedsNone() throws {
        let p = try #require(library.policy("redbridge"))
        let start = "Any communications that employees make in a personal capacity through social media must not"
        #expect(ResolvedCitation(policy: p, citation: Citation(clause: "6.4", quote: start))?.leadIn == nil)
        #expect(ResolvedCitation(policy: p, citation: Citation(clause: "6.4"))?.leadIn == nil)
    }
}
