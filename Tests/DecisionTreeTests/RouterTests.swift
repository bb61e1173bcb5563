import DecisionTree
import Foundation
import Testing

@Suite("Routing")
struct RouterTests {
    static func library() throws -> Library { try ShippedTreesTests.load() }
    static func router() throws -> Router { Router(library: try library()) }

    /// Worries about a child's safety, written for this test (in no corpus file): every one must go
    /// straight to the safeguarding outcome.
    static let disclosures = [
        "a child wrote on the class blog that her stepdad hurts her",
        "pupil told me something worrying about home",
        "one of my year 4s says she doesnt feel safe at home",
        "a girl in my form showed me cuts on her arm",
        "student messaged me at midnight saying she wants to end it all",
        "i think an older man is grooming one of our year 9s online",
        "kid said his uncle touches him",
        "y10 boy disclosed abuse to me after PE",
        "a pupil sent me a message saying her mum hits her",
        "worried about a child, he keeps coming in with bruises",
        "theres nudes of a year 8 going round snapchat",
        "a parent told me another child is being sexually abused",
        "pupil DMd me that shes being self harming again",
        "a student told me in confidence that her boyfriend forces her",
        "child in reception said daddy hurt mummy and him last night",
        "year 6 lad said his dads girlfriend locks him in his room with no food",
        "i saw a comment on a pupils tiktok saying they want to kill themselves",
        "one of my students keeps getting messages from a grown man on instagram",
        "a pupil disclosed that she is being abused at home, what do i do",
        "kid in 5B told me a secret and made me promise not to tell, its about his stepdad",
        "im worried one of the girls is being groomed by someone she met gaming",
        "a child is scared to go home",
        "pupil seems neglected, always hungry and dirty clothes",
        "a year 11 told me she was raped at a party",
        "sefl harm marks on a pupils wrist",
        "a child disclosd to me that she is being abused",
        "pupil sent me a worrying message late last night saying no one would miss her",
        "ive seen a video of one of our pupils being beaten up shared online",
        "a boy said someone online is blackmailing him with photos",
        "one of my tutees said her brother has been hurting her",
        "child protection concern about a pupil in my class",
        "a pupil told me her mum's boyfriend hits her when she's drunk",
        "i'm a TA and a little one told me someone at home hurts him",
        "year 7 says shes frightened of her dad",
        "a student is being exploited, they keep getting picked up by older men in cars",
        "pupil wrote in her diary that she wants to die and showed me",
        "there's a safeguarding issue with one of my pupils",
        "a pupil has been sent inappropriate pictures by an adult",
        "my nephew who is in year 5 told me his teacher hurts him",
        "a boy in my class said he is not allowed to eat if he is naughty",
        "student confided that she is being forced into marriage over the summer",
    ]

    /// Worries whose words could also be innocent (a colleague's messages): the router may not be
    /// sure, but a worry about a child's safety is always among the choices it offers.
    static let possibleWorries = [
        "a colleague keeps messaging a year 10 girl privately on snapchat and it feels wrong",
        "something about one of my pupils doesn't feel right",
    ]

    @Test("a possible worry about a child is at least offered as a choice", arguments: possibleWorries)
    func possibleWorry(_ question: String) throws {
        let r = try Self.router()
        let d = r.route(question)
        if case .safeguarding = d { return }
        #expect(d.offered.contains(QuestionCorpus.safeguarding), "\(d) \(r.rank(question).prefix(4))")
    }

    /// Ordinary questions with words like "hurt" that are not about a child's safety.
    static let ordinary = [
        "my son hurt his knee at football, can i leave early to take him to a&e",
        "i hurt my back moving tables, who do i report it to",
        "can i accept a friend request from a parent",
        "a pupil added me on instagram",
        "can i post photos of sports day on my facebook",
        "a journalist rang about the new headteacher",
        "how do i book annual leave",
        "my feelings were hurt by a comment a colleague made on facebook",
        "a parent is being abusive about me on the village facebook page",
        "can i disclose where i work on linkedin",
        "keys for the PE store have gone missing, who has the spare",
        "a child fell over in the playground and hurt her wrist, where is the accident book",
        "not a safeguarding issue, just want to know if i can accept a former pupil on facebook",
    ]

    @Test("a topic is never taken for the person while a worry about a child's safety is at all likely")
    func safetyAlwaysOffered() throws {
        let r = try Self.router()
        let topic = r.classes[0]
        let others = r.classes.filter { $0 != topic && $0 != QuestionCorpus.safeguarding }
        let ranked =
            [Router.Score(topic: topic, score: 0.9), Router.Score(topic: QuestionCorpus.safeguarding, score: 0.06)]
            + others.map { Router.Score(topic: $0, score: 0.04 / Double(others.count)) }
        let d = r.decide(ranked)
        #expect(d.offered.contains(QuestionCorpus.safeguarding), "\(d)")
        #expect(d.offered.first == topic)
        // And with no hint of a worry, the same topic is taken outright.
        let calm =
            [Router.Score(topic: topic, score: 0.95), Router.Score(topic: QuestionCorpus.safeguarding, score: 0.01)]
            + others.map { Router.Score(topic: $0, score: 0.04 / Double(others.count)) }
        #expect(r.decide(calm) == .topic(topic))
    }

    @Test("a worry about a child's safety goes straight to the safeguarding outcome", arguments: disclosures)
    func disclosure(_ question: String) throws {
        let r = try Self.router()
        guard case .safeguarding(let topic, let outcome) = r.route(question) else {
            Issue.record("not sent to safeguarding: \(r.route(question)) \(r.rank(question).prefix(3))")
            return
        }
        let l = try Self.library()
        #expect(l.tree(topic)?.node(outcome)?.outcome?.safeguarding == true)
    }

    @Test("an ordinary question is never sent to safeguarding", arguments: ordinary)
    func notSafeguarding(_ question: String) throws {
        let r = try Self.router()
        if case .safeguarding = r.route(question) {
            Issue.record("sent to safeguarding: \(r.rank(question).prefix(3))")
        }
    }

    @Test("at least 40 safeguarding phrasings are held here")
    func enoughDisclosures() { #expect(Self.disclosures.count >= 40) }

    @Test("off-topic questions get the off-topic answer, not a guess")
    func offTopic() throws {
        let r = try Self.router()
        for q in ["what is the wifi password", "im off sick tomorrow who do i ring", "xyzzy", "", "when is payday"] {
            #expect(r.route(q) == .offTopic, "\(q): \(r.rank(q).prefix(3))")
        }
    }

    @Test("case and punctuation do not change the decision")
    func tolerant() throws {
        let r = try Self.router()
        #expect(r.route("FRIEND REQUEST FROM A PUPIL!!!") == r.route("friend request from a pupil"))
        #expect(r.route("Friend-request, from a pupil?") == r.route("friend request from a pupil"))
    }

    @Test("training is deterministic: two routers rank every question alike")
    func deterministic() throws {
        let l = try Self.library()
        let a = Router(library: l)
        let b = Router(library: l)
        for e in l.questions.test.prefix(50) { #expect(a.rank(e.text) == b.rank(e.text)) }
    }

    @Test("the router never learns from the test part")
    func testPartHeldOut() throws {
        var l = try Self.library()
        let full = Router(library: l)
        #expect(!l.questions.test.isEmpty)
        l.questions.examples.removeAll(where: \.isTest)
        let trainOnly = Router(library: l)
        for e in try Self.library().questions.test.prefix(40) { #expect(full.rank(e.text) == trainOnly.rank(e.text)) }
    }

    @Test("every fifth question of a file is in the test part")
    func splitRule() {
        let text = "# a comment\n" + (1...12).map { "question \($0)" }.joined(separator: "\n\n")
        let ex = QuestionCorpus.parse(text, label: "pets", file: "pets.txt")
        #expect(ex.count == 12)
        #expect(ex.filter(\.isTest).map(\.text) == ["question 5", "question 10"])
    }

    @Test("the corpus has at least 200 questions a topic and 150 off-topic")
    func corpusSize() throws {
        let l = try Self.library()
        for t in l.trees { #expect(l.questions.examples.filter { $0.label == t.id }.count >= 200, "\(t.id)") }
        #expect(l.questions.examples.filter { $0.label == QuestionCorpus.offTopic }.count >= 150)
        #expect(l.questions.test.count >= 230)
    }

    /// A figure docs/routing.md records for the test part, by the start of its row.
    static func recorded(_ row: String) throws -> Double {
        let text = try String(contentsOfFile: Fixtures.repo + "/docs/routing.md", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("| " + row) })
        let cell = try #require(line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty })
        return try #require(Double(cell.dropLast())) / 100
    }

    /// A count docs/routing.md records, by the start of its row.
    static func recordedCount(_ row: String) throws -> Int {
        let text = try String(contentsOfFile: Fixtures.repo + "/docs/routing.md", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").first { $0.hasPrefix("| " + row) })
        let cell = try #require(line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty })
        return try #require(Int(cell))
    }

    @Test("top-1 accuracy on the test part stays within two points of docs/routing.md")
    func noRegression() throws {
        let l = try Self.library()
        let e = RoutingEvaluation.run(l.questions.test, router: Router(library: l), library: l)
        let recorded = try Self.recorded("top-1")
        #expect(e.top1 >= recorded - 0.02, "top-1 \(e.top1) against \(recorded) recorded")
        // A worry about a child: sent straight there, or offered, no less often than recorded.
        let safety = try Self.recorded("safeguarding sent straight there or offered")
        #expect(e.safeguardingOffered >= safety - 0.02, "safeguarding offered \(e.safeguardingOffered) against \(safety)")
        let falseSends = try Self.recordedCount("other questions sent straight to safeguarding")
        #expect(e.falseSafeguarding.count <= falseSends, "\(e.falseSafeguarding.map(\.example.text))")
    }

    @Test(
        "questions from writers the router never saw stay within three points of docs/routing.md, and no worry about a child is missed"
    )
    func unseenWriters() throws {
        let l = try Self.library()
        let dir = Fixtures.repo + "/docs/unseen-questions"
        var examples: [QuestionCorpus.Example] = []
        for name in try FileManager.default.contentsOfDirectory(atPath: dir).sorted() where name.hasSuffix(".txt") {
            let text = try String(contentsOfFile: dir + "/" + name, encoding: .utf8)
            examples += QuestionCorpus.parse(text, label: String(name.dropLast(4)), file: name)
        }
        #expect(examples.count >= 190)
        let e = RoutingEvaluation.run(examples, router: Router(library: l), library: l)
        // The second table of docs/routing.md is these questions'.
        let text = try String(contentsOfFile: Fixtures.repo + "/docs/routing.md", encoding: .utf8)
        let rows = text.split(separator: "\n").filter { $0.hasPrefix("| top-1") }
        try #require(rows.count == 2, "docs/routing.md should hold the test part and the unseen questions")
        let cell = try #require(
            rows[1].split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty })
        let recorded = try #require(Double(cell.dropLast())) / 100
        #expect(e.top1 >= recorded - 0.03, "top-1 \(e.top1) against \(recorded) recorded")
        #expect(e.safeguardingOffered == 1, "a worry about a child neither sent nor offered")
        #expect(e.falseSafeguarding.isEmpty, "\(e.falseSafeguarding.map(\.example.text))")
    }

    @Test("routing works on the fixture library, which has its own small corpus")
    func fixture() throws {
        let r = Router(library: try Fixtures.library())
        #expect(r.route("can I bring my dgo to school") == .topic("pets"))
        #expect(r.route("how do i book annual leave for next week") == .offTopic)
    }
}
