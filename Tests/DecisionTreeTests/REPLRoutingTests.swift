// The first minute of a session under a pseudo-terminal: the question typed at the school prompt,
// the school named in a question and remembered, and every routing decision (a choice, off-topic,
// safeguarding).
#if os(Linux)

    import DecisionTree
    import Foundation
    import Testing

    @Suite("REPL: hearing the question", .timeLimit(.minutes(1)))
    struct REPLRoutingTests {
        typealias Key = PseudoTerminalSession.Key
        typealias TemporaryDirectory = PseudoTerminalSession.TemporaryDirectory

        func start(policy: String? = "redbridge", home: TemporaryDirectory) throws -> PseudoTerminalSession {
            var arguments = ["--trees", Fixtures.shippedTrees]
            if let policy { arguments += ["--policy", policy] }
            return try PseudoTerminalSession(
                executable: Fixtures.binary, arguments: arguments,
                environment: [
                    "TERM": "xterm-256color", "HOME": home.path, "XDG_STATE_HOME": home.path + "/state",
                    "POLICY_ADVISOR_TODAY": "2026-11-21", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin",
                ],
                keepingAlive: [home])
        }

        @Test("an unclear question gets a numbered choice, and a number picks that topic")
        func numberedChoice() throws {
            let home = try TemporaryDirectory()
            try #require(RouterDecisionExamples.unclearChoice != nil, "no vague question gets a choice")
            let pty = try start(home: home)
            try pty.expect("ask> ")
            try pty.type(RouterDecisionExamples.unclear + Key.enter)
            try pty.expect("None of these")
            try pty.expect("topic> ")
            try pty.type("2" + Key.enter)
            try pty.expect("Topic: " + RouterDecisionExamples.unclearSecondTitle)
            try pty.expect("answer> ")
        }

        @Test("an off-topic question gets two lines: what the advisor covers, and whom to ask")
        func offTopic() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try pty.expect("ask> ")
            let mark = pty.position
            try pty.type("whats the wifi password for the staff room" + Key.enter)
            try pty.expect("I cover your school's social media policy")
            try pty.expect("For anything else, ask")
            try pty.expect("ask> ")
            #expect(!pty.screenText(since: mark).contains("Topic:"))
        }

        @Test("a disclosure goes straight to the school's safeguarding answer, with no questions first")
        func disclosure() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: "grange-community", home: home)
            try pty.expect("ask> ")
            let mark = pty.position
            try pty.type("a girl in my class wrote on the class blog that her stepdad hurts her" + Key.enter)
            try pty.expect("worry about a child's safety")
            try pty.expect("REFER")
            try pty.expect("designated safeguarding lead")
            try pty.expect("ask> ")
            #expect(!pty.screenText(since: mark).contains("answer> "))
        }

        @Test("a question typed at the school prompt is kept and answered once the school is chosen")
        func questionAtSchoolPrompt() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: nil, home: home)
            try pty.expect("school> ")
            try pty.type("can i accept a friend request from a parent" + Key.enter)
            try pty.expect("as soon as I know which school")
            try pty.expect("school> ")
            try pty.type("4" + Key.enter)
            try pty.expect("Policy: Redbridge Community School")
            try pty.expect("Topic: Friend requests")
        }

        @Test("a school named in the question is offered first, taken only on a yes, and remembered")
        func schoolNamedAndRemembered() throws {
            let home = try TemporaryDirectory()
            let first = try start(policy: nil, home: home)
            try first.expect("school> ")
            try first.type("im at mercia, can i accept a friend request from a parent" + Key.enter)
            try first.expect("You mentioned mercia: use Mercia Primary Academy Trust's policy?")
            try first.expect("2. Another school")
            try first.expect("school> ")
            #expect(!first.screenText(since: 0).contains("Topic:"))
            try first.type("1" + Key.enter)
            try first.expect("Policy: Mercia Primary Academy Trust")
            try first.expect("Topic: Friend requests")
            try first.expect("answer> ")
            try first.type(Key.ctrlD)
            _ = try first.waitForExit()
            let second = try start(policy: nil, home: home)
            try second.expect("Policy: Mercia Primary Academy Trust (as last time")
            try second.expect("ask> ")
        }

        @Test("a question naming Redbridge offers Redbridge first; another school lists them all and keeps the question")
        func redbridgeOfferedThenDeclined() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: nil, home: home)
            try pty.expect("school> ")
            try pty.type("I'm a TA at Redbridge, a parent sent me a friend request on facebook" + Key.enter)
            try pty.expect("You mentioned Redbridge: use Redbridge Community School's policy?")
            try pty.expect("school> ")
            try pty.type("2" + Key.enter)
            try pty.expect("Which school's policy applies to you?")
            try pty.expect("school> ")
            try pty.type("5" + Key.enter)
            try pty.expect("Policy: Roselands & Stafford Federation")
            try pty.expect("Topic: Friend requests")
        }

        @Test("a worry about a child typed at the school prompt is answered at once, then for the school chosen")
        func safeguardingBeforeSchool() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: nil, home: home)
            try pty.expect("school> ")
            let mark = pty.position
            try pty.type("one of my year 5s told me her stepdad hurts her, what do i do" + Key.enter)
            try pty.expect("worry about a child's safety")
            try pty.expect("REFER")
            try pty.expect("Which school is yours?")
            try pty.expect("school> ")
            #expect(!pty.screenText(since: mark).contains("answer> "))
            try pty.type("4" + Key.enter)
            try pty.expect("Policy: Redbridge Community School")
            try pty.expect("a member of the senior team")
            try pty.expect("ask> ")
        }

        @Test(":topics in the middle of a question: a number then picks a topic, and :back returns to the question")
        func topicsMidWalk() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: "redbridge", home: home)
            try pty.expect("ask> ")
            try pty.type(":topics" + Key.enter)
            try pty.expect("ask> ")
            try pty.type("4" + Key.enter)
            try pty.expect("Topic: Contact with pupils")
            try pty.expect("answer> ")
            try pty.type(":topics" + Key.enter)
            try pty.expect("Type a topic's number to start it")
            try pty.expect("topic> ")
            try pty.type(":back" + Key.enter)
            try pty.expect("What is your question about?")
            try pty.expect("answer> ")
            try pty.type(":topics" + Key.enter)
            try pty.expect("topic> ")
            try pty.type("1" + Key.enter)
            try pty.expect("Topic: Friend requests")
            try pty.expect("answer> ")
        }

        @Test("the two Granges are both offered when a question says only 'the Grange'")
        func bothGranges() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: nil, home: home)
            try pty.expect("school> ")
            try pty.type("here at the grange can i accept a parent's friend request" + Key.enter)
            try pty.expect("which school's policy applies to you?")
            try pty.expect("The Grange Community Primary School")
            try pty.expect("The Grange Primary School")
            try pty.expect("3. Another school")
            try pty.type("2" + Key.enter)
            try pty.expect("Policy: The Grange Primary School")
            try pty.expect("Topic: Friend requests")
        }

        @Test("with a school chosen, a question naming another school asks before changing it")
        func namedWhileChosen() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: "redbridge", home: home)
            try pty.expect("ask> ")
            try pty.type("at stafford's can i accept a friend request from a parent" + Key.enter)
            try pty.expect("You mentioned stafford: use Roselands & Stafford Federation's policy?")
            try pty.expect("2. No, keep Redbridge Community School")
            try pty.type("no" + Key.enter)
            try pty.expect("answer> ")
            #expect(!pty.screenText(since: 0).contains("Policy: Roselands"))
        }

        @Test(":policy changes the school and the change is remembered; :policy forget clears it")
        func policyChangeRememberedAndForgotten() throws {
            let home = try TemporaryDirectory()
            let first = try start(policy: nil, home: home)
            try first.expect("school> ")
            try first.type("3" + Key.enter)
            try first.expect("Policy: Mercia Primary Academy Trust")
            try first.type(":policy redbridge" + Key.enter)
            try first.expect("Policy: Redbridge Community School")
            try first.type(Key.ctrlD)
            _ = try first.waitForExit()
            let second = try start(policy: nil, home: home)
            try second.expect("Policy: Redbridge Community School (as last time")
            try second.expect("ask> ")
            try second.type(":policy forget" + Key.enter)
            try second.expect("Forgotten: the next session will ask")
            try second.expect("ask> ")
            try second.type(Key.ctrlD)
            _ = try second.waitForExit()
            let third = try start(policy: nil, home: home)
            try third.expect("Which school's policy applies to you?")
            try third.expect("school> ")
        }

        @Test("a remembered school these trees no longer have is dropped, with a note")
        func rememberedSchoolRemoved() throws {
            let home = try TemporaryDirectory()
            let dir = home.path + "/state/policy-advisor"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "st-gone-academy\n".write(toFile: dir + "/school", atomically: true, encoding: .utf8)
            let pty = try start(policy: nil, home: home)
            try pty.expect("The school chosen last time (st-gone-academy) is not in these trees any more")
            try pty.expect("Which school's policy applies to you?")
            try pty.expect("school> ")
            #expect(!FileManager.default.fileExists(atPath: dir + "/school"))
        }

        @Test("training without --policy offers the remembered school first")
        func trainingOffersRememberedSchool() throws {
            let home = try TemporaryDirectory()
            let dir = home.path + "/state/policy-advisor"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            try "redbridge\n".write(toFile: dir + "/school", atomically: true, encoding: .utf8)
            let pty = try PseudoTerminalSession(
                executable: Fixtures.binary,
                arguments: ["train", "--trees", Fixtures.shippedTrees, "--topic", "friend-requests"],
                environment: [
                    "TERM": "xterm-256color", "HOME": home.path, "XDG_STATE_HOME": home.path + "/state",
                    "POLICY_ADVISOR_TODAY": "2026-11-21", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin",
                ],
                keepingAlive: [home])
            try pty.expect("Train on Redbridge Community School's policy, as last time?")
            try pty.type("1" + Key.enter)
            try pty.expect("Induction training: social media policy of Redbridge Community School")
        }

        @Test("a question's own words settle a question, and the advisor says so")
        func prefilled() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try pty.expect("ask> ")
            try pty.type(RouterDecisionExamples.hinted + Key.enter)
            try pty.expect("You said")
            try pty.expect("(:back to change it)")
        }
    }

    /// Questions for the pseudo-terminal tests, chosen by the trained router itself so that the tests
    /// follow what the router decides rather than hard-coding it.
    enum RouterDecisionExamples {
        static let library: Library = try! ShippedTreesTests.load()
        static let router = Router(library: library)

        static let vague = [
            "can i use facebook", "is this allowed", "question about social media", "what about instagram",
            "parents and facebook", "i need advice about a post", "whatsapp question", "can i post this",
            "pupils online", "about email",
        ]

        /// A question the router is unsure of, and the topics it offers.
        static var unclearChoice: (question: String, offered: [String])? {
            for q in vague {
                switch router.route(q) {
                case .unsure(let ts) where ts.count >= 2: return (q, ts)
                case .close(let a, let b): return (q, [a, b])
                default: continue
                }
            }
            return nil
        }

        static var unclear: String { unclearChoice?.question ?? vague[0] }
        static var unclearSecondTitle: String {
            unclearChoice.flatMap { library.tree($0.offered[1])?.title } ?? "(no unclear question found)"
        }

        static let candidatesWithHints = [
            "my nephew is in my class and wants me on whatsapp",
            "a journalist from the echo rang me wanting a comment about the school",
            "can i use my school email to sign up for linkedin", "a former pupil who is at uni wants to connect on linkedin",
        ]

        /// A question routed to one topic whose words settle at least its first question.
        static var hinted: String {
            for q in candidatesWithHints {
                guard case .topic(let id) = router.route(q), let tree = library.tree(id) else { continue }
                var w = Walk(library: library, tree: tree, policyID: nil)
                if !w.prefill(from: q).isEmpty { return q }
            }
            return candidatesWithHints[0]
        }
    }

#endif
