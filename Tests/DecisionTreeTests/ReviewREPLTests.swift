// `policy-advisor review` under a pseudo-terminal (libedit, as an author meets it): answer two
// marked outcomes with bad input on the way, quit, resume, finish; then lint and check pass.
#if os(Linux)

    import DecisionTree
    import Foundation
    import Testing

    @Suite("review under a pseudo-terminal", .timeLimit(.minutes(2)))
    struct ReviewREPLTests {
        typealias Key = PseudoTerminalSession.Key
        typealias TemporaryDirectory = PseudoTerminalSession.TemporaryDirectory
        static let killLine = "\u{15}"

        func start(_ root: String, scenarios: String, home: TemporaryDirectory) throws -> PseudoTerminalSession {
            try PseudoTerminalSession(
                executable: Fixtures.binary,
                arguments: ["review", "--trees", root + "/trees", AdoptedVariant.id, "--scenarios", scenarios],
                environment: [
                    "TERM": "xterm-256color", "HOME": home.path, "XDG_STATE_HOME": home.path + "/state",
                    "POLICY_ADVISOR_TODAY": "2026-11-21", "LANG": "C.UTF-8", "PATH": "/usr/local/bin:/usr/bin:/bin",
                ],
                keepingAlive: [home])
        }

        /// Presses Enter at each of an outcome's four prompts (keeping the model's answer).
        func keepAll(_ pty: PseudoTerminalSession, left: Int) throws {
            // Enter keeps the cautious verdict (never the model's, whose clause changed) and the
            // model's clauses; the model's advice fits only its own verdict, so advice is typed.
            for (prompt, typed) in [
                ("verdict [", ""), ("clauses [", ""),
                ("advice> ", "The words of this clause differ from the model's: check with the named person before you act."),
                ("who to ask [", ""),
            ] {
                try pty.expect(prompt)
                try pty.type(typed + Key.enter)
            }
            try pty.expect("✓ Saved")
            try pty.expect(left == 0 ? "Nothing left marked." : "\(left) left marked for review.")
        }

        @Test("answer two marked outcomes, quit, resume and finish: nothing marked is left, lint and check pass")
        func reviewQuitResumeFinish() throws {
            let root = try AdoptedVariant.make()
            defer { try? FileManager.default.removeItem(atPath: root) }
            let home = try TemporaryDirectory()
            let scenarios = root + "/oakfield-scenarios.txt"
            let marked = try AdoptedVariant.citing66()
            #expect(marked.count == 6 && marked.first == ReviewTests.decline, "\(marked)")

            let pty = try start(root, scenarios: scenarios, home: home)
            try pty.expect("6 outcomes marked for review")
            try pty.expect("Outcome 1 of 6 · Friend requests · Friend request from a pupil")
            // The way there, the model's answer and the new text's clause with the changed words.
            try pty.expect("Who sent you the request? → Current pupil")
            try pty.expect("The model, Roselands & Stafford Federation, answers:")
            try pty.expect("Nearest to the model's clause 6.6, but the words differ:")
            try pty.expect("changed: “must decline” → “may accept”")
            try pty.expect("“Staff members may accept 'friend requests' from pupils")
            try pty.expect("Word for word the model's clause 6.2:")

            // Verdict: a word that is none, then Tab completes one.
            // Enter would keep the cautious verdict, not the model's: the clause it rests on changed.
            try pty.expect("but not its verdict")
            try pty.expect("verdict [ask-first]> ")
            try pty.type("maybe" + Key.enter)
            try pty.expect("“maybe” is not a verdict")
            try pty.expect("verdict [ask-first]> ")
            try pty.type("allo" + Key.tab)
            #expect(try pty.waitForCurrentLine { $0.hasSuffix("allowed") } == "verdict [ask-first]> allowed")
            try pty.type(Key.enter)

            // Clauses: Tab lists and completes ids; an unknown id is refused with the nearest; no
            // clause under a firm verdict is refused.
            try pty.expect("clauses [6.6, 6.2]> ")
            try pty.type("6.1" + Key.tab)
            try pty.expect("6.1 6.10 6.11 6.12")
            try pty.type(Self.killLine + "6.99" + Key.enter)
            try pty.expect("no clause “6.99”. Nearest: 6.9")
            try pty.expect("clauses [6.6, 6.2]> ")
            try pty.type("none" + Key.enter)
            try pty.expect("A firm verdict (allowed) must rest on the clause that says so")
            try pty.expect("clauses [6.6, 6.2]> ")
            try pty.type("6.6" + Key.enter)

            // Advice: the model's (for its own verdict) is not offered under another; the placeholder
            // is never kept; lint's rule on silence.
            try pty.expect("from this text:")
            try pty.expect("advice> ")
            try pty.type(Key.enter)
            try pty.expect("Type the advice")
            try pty.expect("advice> ")
            try pty.type("The policy does not cover this." + Key.enter)
            try pty.expect("where a policy is silent, the answer is ask-first")
            try pty.expect("advice> ")
            try pty.type("You may accept it: 6.6 lets staff accept friend requests from pupils." + Key.enter)

            // Who to ask: an unknown role refused, then Tab completes one.
            try pty.expect("who to ask [line-manager]> ")
            try pty.type("boss" + Key.enter)
            try pty.expect("“boss” is not one of Oakfield Primary School's roles")
            try pty.type("head" + Key.tab)
            try pty.waitForCurrentLine { $0.hasSuffix("headteacher") }
            try pty.type(Key.enter)
            try pty.expect("✓ Saved friend-requests.json: Friend request from a pupil, allowed, citing 6.6.")
            try pty.expect("5 left marked for review.")

            // The second: Enter at every prompt but the advice. Then quit.
            try pty.expect("Outcome 2 of 6")
            try keepAll(pty, left: 4)
            try pty.expect("Outcome 3 of 6")
            try pty.expect("verdict [")
            try pty.type(":quit" + Key.enter)
            try pty.expect("Stopped. Reviewed 2 this session; 4 still marked for review.")
            #expect(try pty.waitForExit() == 1)

            // Saved as answered, the mark gone; the rest still marked.
            var l = try Library.load(directory: root + "/trees", options: LoadOptions(checkSources: true))
            let first = try #require(
                l.tree("friend-requests")?.node(ReviewTests.decline.node)?.outcome?.answers[AdoptedVariant.id])
            #expect(!first.review && first.verdict == .allowed && first.ask == ["headteacher"])
            #expect(first.citations.map(\.clause) == ["6.6"])
            #expect(first.advice == "You may accept it: 6.6 lets staff accept friend requests from pupils.")
            let review = try #require(PolicyReview(library: l, policyID: AdoptedVariant.id))
            #expect(review.marked == Array(marked.dropFirst(2)))

            // Resume: the next marked outcome first; finish the same way.
            let again = try start(root, scenarios: scenarios, home: home)
            try again.expect("4 outcomes marked for review")
            try again.expect("Outcome 1 of 4")
            for left in [3, 2, 1, 0] { try keepAll(again, left: left) }
            try again.expect("Reviewed 4 outcomes this session.")
            try again.expect("lint: the trees load, every clause verbatim: 0 errors")
            try again.expect("check \(scenarios): 6 passed, 0 failed.")
            #expect(try again.waitForExit() == 0)

            l = try Library.load(directory: root + "/trees", options: LoadOptions(checkSources: true))
            #expect(PolicyReview(library: l, policyID: AdoptedVariant.id)?.marked.isEmpty == true)
            let lint = try CLI.run(["lint", root + "/trees"])
            #expect(lint.status == 0 && !(lint.out + lint.err).contains("still to be checked"), "\(lint)")
            let files = try FileManager.default.contentsOfDirectory(atPath: root + "/scenarios").filter { $0.hasSuffix(".txt") }
                .sorted().map { root + "/scenarios/" + $0 }
            let check = try CLI.run(["check", "--trees", root + "/trees"] + files + [scenarios])
            #expect(check.status == 0 && check.out.contains(" passed, 0 failed"), "\(check)")
        }
    }

#endif
