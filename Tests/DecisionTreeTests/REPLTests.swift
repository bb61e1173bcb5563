// End-to-end tests of the interactive advisor: the real binary, run under a pseudo-terminal so
// that it takes the libedit path (line editing, history, Tab, Ctrl-C, Ctrl-D, colour).
//
// Linux only: the harness is written against Glibc (posix_openpt, posix_spawn with
// POSIX_SPAWN_SETSID), which is where CI runs.
#if os(Linux)

    import Foundation
    import Glibc
    import Testing

    @Suite("REPL under a pseudo-terminal", .timeLimit(.minutes(1)))
    struct REPLTests {
        typealias Key = PseudoTerminalSession.Key
        typealias TemporaryDirectory = PseudoTerminalSession.TemporaryDirectory

        static let firstQuestion = "Did the request come to your own personal account or to an official school site?"
        static let secondQuestion = "Who sent you the request?"
        static let thirdQuestion = "Is the pupil a member of your own family?"

        /// Starts the advisor on the shipped trees in a fresh temporary home; `policy` nil leaves the
        /// choice of school to the user.
        func start(policy: String? = "roselands-stafford", environment: [String: String] = [:], home: TemporaryDirectory) throws
            -> PseudoTerminalSession
        {
            var arguments = ["--trees", Fixtures.shippedTrees]
            if let policy { arguments += ["--policy", policy] }
            return try PseudoTerminalSession(
                executable: Fixtures.binary, arguments: arguments,
                environment: [
                    "TERM": "xterm-256color",
                    "HOME": home.path,
                    "XDG_STATE_HOME": home.path + "/state",
                    "POLICY_ADVISOR_TODAY": "2026-11-21",
                    "LANG": "C.UTF-8",
                    "PATH": "/usr/local/bin:/usr/bin:/bin",
                ].merging(environment) { _, new in new },
                keepingAlive: [home])
        }

        /// Types the friend-request question at the first prompt and waits for the first tree question.
        func askFriendRequest(_ pty: PseudoTerminalSession) throws {
            try pty.expect("ask> ")
            try pty.type("can I accept a friend request" + Key.enter)
            try pty.expect("Topic: Friend requests")
            try pty.expect(Self.firstQuestion)
            try pty.expect("answer> ")
        }

        /// personal account → Current pupil → No, unrelated: the Roselands "decline it" outcome.
        func answerToDeclineOutcome(_ pty: PseudoTerminalSession) throws {
            try pty.type("1" + Key.enter)
            try pty.expect(Self.secondQuestion)
            try pty.expect("answer> ")
            try pty.type("Current pupil" + Key.enter)
            try pty.expect(Self.thirdQuestion)
            try pty.expect("answer> ")
            try pty.type("No" + Key.enter)
            try pty.expect("Ask another question")
            try pty.expect("ask> ")
        }

        @Test("a question typed in your own words routes to the right topic")
        func routesQuestion() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try pty.expect("ask> ")
            try pty.type("can I accept a friend request" + Key.enter)
            try pty.expect("Topic: Friend requests")
            try pty.expect(Self.firstQuestion)
            try pty.expect("answer> ")
        }

        @Test("without --policy it first asks which school's policy applies")
        func asksForPolicy() throws {
            let home = try TemporaryDirectory()
            let pty = try start(policy: nil, home: home)
            try pty.expect("Which school's policy applies to you?")
            try pty.expect("school> ")
            try pty.type("roselands-stafford" + Key.enter)
            try pty.expect("Policy: Roselands & Stafford Federation")
            try pty.expect("ask> ")
        }

        @Test("an answer by number and an answer by word each move on to the next question")
        func answersByNumberAndWord() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try askFriendRequest(pty)
            try pty.type("1" + Key.enter)
            try pty.expect(Self.secondQuestion)
            try pty.expect("answer> ")
            try pty.type("Current" + Key.enter)
            try pty.expect(Self.thirdQuestion)
            try pty.expect("answer> ")
        }

        @Test(":back returns to the previous question, and the walk continues from there")
        func back() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try askFriendRequest(pty)
            try pty.type("1" + Key.enter)
            try pty.expect(Self.secondQuestion)
            try pty.expect("answer> ")
            try pty.type(":back" + Key.enter)
            try pty.expect(Self.firstQuestion)
            try pty.expect("answer> ")
            // Really back at the first question: "2" is now "An official school site" (which leads
            // straight to an outcome), not the second question's "Former pupil".
            let mark = pty.position
            try pty.type("2" + Key.enter)
            try pty.expect("Ask another question")
            try pty.expect("ask> ")
            #expect(!pty.screenText(since: mark).contains("Is the former pupil now an adult"))
            try pty.type(":path" + Key.enter)
            try pty.expect(Self.firstQuestion + " → An official school site")
        }

        @Test("Tab completes a partly typed answer, and the completed answer is accepted")
        func tabCompletesAnswer() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try askFriendRequest(pty)
            try pty.type("My p")
            try pty.expect("My p")
            try pty.type(Key.tab)
            // The line being edited now holds the whole label, before Enter is pressed.
            let line = try pty.waitForCurrentLine { $0.hasSuffix("My personal account") }
            #expect(line == "answer> My personal account")
            try pty.type(Key.enter)
            try pty.expect(Self.secondQuestion)
            try pty.expect("answer> ")
            try pty.type(":path" + Key.enter)
            try pty.expect(Self.firstQuestion + " → My personal account")
        }

        @Test("Up recalls a question from an earlier run's history; answers are never kept in the history")
        func historyAcrossRuns() throws {
            let home = try TemporaryDirectory()
            let historyFile = home.path + "/state/policy-advisor/history"

            let first = try start(home: home)
            try askFriendRequest(first)
            try first.type("My personal" + Key.enter)
            try first.expect(Self.secondQuestion)
            try first.expect("answer> ")
            try first.type("Current" + Key.enter)
            try first.expect(Self.thirdQuestion)
            try first.expect("answer> ")
            try first.type(Key.ctrlD)
            #expect(try first.waitForExit() == 0)

            let entries = try PseudoTerminalSession.historyEntries(atPath: historyFile)
            #expect(entries == ["can I accept a friend request"], "the history holds the question and none of the answers")

            let second = try start(home: home)
            try second.expect("ask> ")
            try second.type(Key.up)
            let line = try second.waitForCurrentLine { $0.hasSuffix("can I accept a friend request") }
            #expect(line == "ask> can I accept a friend request")
            try second.type(Key.enter)
            try second.expect("Topic: Friend requests")
            try second.expect(Self.firstQuestion)
            try second.expect("answer> ")
        }

        @Test("Ctrl-R finds an earlier question by any words in it")
        func controlRSearch() throws {
            let home = try TemporaryDirectory()
            let first = try start(home: home)
            try askFriendRequest(first)
            try first.type(Key.ctrlD)
            #expect(try first.waitForExit() == 0)

            let second = try start(home: home)
            try second.expect("ask> ")
            try second.type("friend req" + "\u{12}")
            let line = try second.waitForCurrentLine { $0.hasSuffix("can I accept a friend request") }
            #expect(line == "ask> can I accept a friend request")
            try second.type(Key.enter)
            try second.expect("Topic: Friend requests")
        }

        @Test("Ctrl-C abandons the line being typed and does not quit")
        func controlC() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try askFriendRequest(pty)
            try pty.type("hello")
            try pty.expect("hello")
            try pty.type(Key.ctrlC)
            try pty.expect("^C")
            try pty.expect("answer> ")
            #expect(pty.isRunning)
            // "hello" is gone: "1" alone answers (as "hello1" would not).
            try pty.type("1" + Key.enter)
            try pty.expect(Self.secondQuestion)
            try pty.expect("answer> ")
            #expect(pty.isRunning)
        }

        @Test("Ctrl-D on an empty line quits with exit status 0")
        func controlD() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try pty.expect("ask> ")
            try pty.type(Key.ctrlD)
            #expect(try pty.waitForExit() == 0)
        }

        @Test("NO_COLOR=1: no SGR colour sequence anywhere in the output")
        func noColor() throws {
            let home = try TemporaryDirectory()
            let pty = try start(environment: ["NO_COLOR": "1"], home: home)
            try askFriendRequest(pty)
            try answerToDeclineOutcome(pty)
            try pty.type(Key.ctrlD)
            #expect(try pty.waitForExit() == 0)
            #expect(pty.screenText(since: 0).contains("[NOT ALLOWED]"))
            let sgr = PseudoTerminalSession.sgrSequences(in: pty.rawOutput)
            #expect(sgr.isEmpty, "SGR sequences with NO_COLOR=1: \(sgr.map { $0.debugDescription })")
        }

        @Test("without NO_COLOR the verdict is coloured")
        func colour() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try askFriendRequest(pty)
            try answerToDeclineOutcome(pty)
            let raw = pty.rawOutput
            // The verdict label itself comes straight after an SGR sequence (white on red for "not allowed").
            let verdict = try #require(raw.range(of: " NOT ALLOWED "), "no verdict label in the output")
            let before = String(raw[..<verdict.lowerBound])
            let colour = try #require(PseudoTerminalSession.sgrSequences(in: before).last, "no SGR sequence before the verdict")
            #expect(before.hasSuffix(colour), "the verdict is not preceded directly by an SGR sequence")
        }

        @Test("with LANG=C or LC_ALL=C, accented letters typed are still read (a UTF-8 locale is used)")
        func cLocale() throws {
            for environment in [["LANG": "C"], ["LC_ALL": "C"], ["LANG": "", "LC_ALL": "POSIX"]] {
                let home = try TemporaryDirectory()
                let pty = try start(environment: environment, home: home)
                try pty.expect("ask> ")
                try pty.type(":cite café" + Key.enter)
                try pty.expect("has no clause 'café'")
                try pty.expect("ask> ")
                try pty.type(Key.ctrlD)
                #expect(try pty.waitForExit() == 0)
                #expect(!pty.screenText(since: 0).contains("no clause 'caf'"), "\(environment)")
            }
        }

        @Test("an outcome quotes the policy's clause (Roselands 6.6 on declining pupils' friend requests)")
        func quotesClause() throws {
            let home = try TemporaryDirectory()
            let pty = try start(home: home)
            try askFriendRequest(pty)
            try pty.type("My personal account" + Key.enter)
            try pty.expect(Self.secondQuestion)
            try pty.expect("answer> ")
            try pty.type("Current pupil" + Key.enter)
            try pty.expect(Self.thirdQuestion)
            try pty.expect("answer> ")
            try pty.type("No" + Key.enter)
            try pty.expect("Roselands & Stafford Federation, clause 6.6")
            try pty.expect(
                "Staff members must decline 'friend requests' from pupils they receive in their personal social media accounts.")
            try pty.expect("ask> ")
        }
    }

#endif
