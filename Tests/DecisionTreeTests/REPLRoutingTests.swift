// The first minute of a session under a pseudo-terminal: the question typed at the school prompt,
// the school named in a question and remembered, and every routing decision (a choice, off-topic,
// safeguarding).
#if os(Linux)

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

        @Test("a school named in the question is chosen, and remembered in the next session")
        func schoolNamedAndRemembered() throws {
            let home = try TemporaryDirectory()
            let first = try start(policy: nil, home: home)
            try first.expect("school> ")
            try first.type("im at mercia, can i accept a friend request from a parent" + Key.enter)
            try first.expect("Policy: Mercia Primary Academy Trust (named in your question")
            try first.expect("Topic: Friend requests")
            try first.expect("answer> ")
            try first.type(Key.ctrlD)
            _ = try first.waitForExit()
            let second = try start(policy: nil, home: home)
            try second.expect("Policy: Mercia Primary Academy Trust (as last time")
            try second.expect("ask> ")
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

#endif
