import DecisionTree
import Foundation

/// A command typed at the REPL. Commands start with ':' so they never collide with answers.
enum ReplCommand: Equatable {
    case help
    case topics
    case policy(String?)
    case back
    case restart
    case why
    case path
    case cite([String])
    case transcript(String?)
    case train([String])
    case quit
    case unknown(String)

    static let names = [
        ":help", ":topics", ":policy", ":back", ":restart", ":why", ":path", ":cite", ":transcript", ":train", ":quit",
    ]

    /// Parses a line starting with ':'; nil for any other line.
    static func parse(_ line: String) -> ReplCommand? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard trimmed.hasPrefix(":") else { return nil }
        let parts = trimmed.dropFirst().split(separator: " ", omittingEmptySubsequences: true).map(String.init)
        guard let name = parts.first?.lowercased() else { return .unknown("") }
        let args = Array(parts.dropFirst())
        switch name {
        case "help", "h", "?": return .help
        case "topics", "topic", "t": return .topics
        case "policy", "school", "p": return .policy(args.isEmpty ? nil : args.joined(separator: " "))
        case "back", "b", "undo": return .back
        case "restart", "r", "start": return .restart
        case "why", "w", "how": return .why
        case "path": return .path
        case "cite", "c", "clause": return .cite(args)
        case "transcript", "save": return .transcript(args.isEmpty ? nil : args.joined(separator: " "))
        case "train": return .train(args)
        case "quit", "q", "exit", "bye": return .quit
        default: return .unknown(name)
        }
    }
}

/// The interactive advisor: a conversation over the engine.
final class Repl {
    enum Mode: Equatable {
        case choosingPolicy
        case idle
        case choosingTopic([String])
        case walking
    }

    let library: Library
    let today: Day
    let out = Output.stdout
    let input: LineSource
    let routers: RouterCache
    /// Trained in the background from start-up; the first question waits for it if need be.
    var router: Router { routers.value }
    var mode: Mode = .idle
    var policyID: String?
    var walk: Walk?
    /// The question as typed that started the current walk.
    var asked = ""
    var last: TranscriptEntry?
    var session: [TranscriptEntry] = []
    var transcriptPath: String?
    var shownNotices: Set<String> = []
    var trainer: ((Repl, [String]) -> Void)?
    /// Questions whose answer taken from the question's words the person went back over.
    var declined: Set<String> = []
    /// A question typed before the school was chosen: answered once it is.
    var pending: String?
    /// Where the chosen school is kept between sessions (interactive sessions only), or nil.
    var rememberPath: String?
    /// Whether the school came from the last session.
    var remembered = false

    init(library: Library, today: Day, input: LineSource, policyID: String?, policyChosen: Bool, transcriptPath: String?) {
        self.library = library
        self.today = today
        self.input = input
        self.routers = RouterCache(library: library)
        routers.warmUp()
        self.policyID = policyID
        self.transcriptPath = transcriptPath
        self.mode = policyChosen ? .idle : .choosingPolicy
        input.completer = { [unowned self] text in self.completions(for: text) }
    }

    // MARK: Loop

    /// Runs until :quit or the end of input.
    func run() {
        banner()
        if mode == .choosingPolicy { showPolicyChoice() } else { showPolicyLine() }
        while true {
            let prompt: String
            switch mode {
            case .choosingPolicy: prompt = "school> "
            case .idle: prompt = "ask> "
            case .choosingTopic: prompt = "topic> "
            case .walking: prompt = "answer> "
            }
            switch input.read(prompt: prompt) {
            case .endOfInput:
                out.flush()
                return
            case .interrupted:
                continue
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                if !handle(line) {
                    out.flush()
                    return
                }
            }
            out.flush()
        }
    }

    /// Handles one line; returns false to quit.
    func handle(_ line: String) -> Bool {
        if let command = ReplCommand.parse(line) {
            input.remember(line)
            return run(command)
        }
        switch mode {
        case .choosingPolicy:
            choosePolicy(line)
        case .idle:
            let word = Text.fold(line)
            if ["quit", "exit", "bye"].contains(word) { return false }
            if ["help", "topics"].contains(word) {
                input.remember(line)
                if word == "help" { help() } else { topics() }
                return true
            }
            if let n = Int(line), (1...library.trees.count).contains(n) {
                start(topic: library.trees[n - 1].id)
                return true
            }
            input.remember(line)
            ask(line)
        case .choosingTopic(let options):
            chooseTopic(line, among: options)
        case .walking:
            answer(line)
        }
        return true
    }

    func run(_ command: ReplCommand) -> Bool {
        switch command {
        case .help: help()
        case .topics: topics()
        case .policy(let arg):
            if let arg {
                choosePolicy(arg)
            } else {
                mode = mode == .walking ? .walking : .choosingPolicy
                showPolicyChoice()
                if walk != nil && mode == .walking {
                    out.line("(Type a number or name to change the policy with ':policy NAME'.)")
                }
            }
        case .back: back()
        case .restart: restart()
        case .why: why()
        case .path: showPath()
        case .cite(let args): cite(args)
        case .transcript(let path): saveTranscript(path)
        case .train(let args):
            if let trainer { trainer(self, args) } else { out.line("Training is not available here.") }
            if mode == .walking, walk != nil { showQuestion() }
        case .quit: return false
        case .unknown(let name):
            out.line("Unknown command ':\(Text.terminalSafe(name))'. Commands: " + ReplCommand.names.joined(separator: " "))
        }
        return true
    }

    // MARK: Start

    func banner() {
        out.line(
            out.wrap(
                out.styled("policy-advisor \(PolicyAdvisor.version)", .bold)
                    + ": answers about your school's social media policy, with the clause behind each answer.", hanging: 0))
        topics()
        out.line(
            out.wrap(
                "Ask in your own words (for example \"can I accept a friend request?\"). Answer questions by number or word. Type :help for commands; Ctrl-D quits.",
                hanging: 0))
        out.line()
    }

    func topics() {
        out.line(out.wrap(out.styled("Topics", .bold) + out.styled(" (type a number to pick one):", .dim)))
        let nw = String(library.trees.count).count
        let rows = library.trees.enumerated().map { i, t in
            let n = String(i + 1)
            return (
                left: String(repeating: " ", count: nw - n.count) + out.styled(n + ".", .cyan) + " "
                    + out.styled(out.safe(t.id), .cyan),
                right: out.safe(t.title)
            )
        }
        out.line(out.columns(rows, indent: 2))
    }

    func help() {
        out.line(
            out.wrap(
                out.styled(
                    "Ask a question in your own words, then answer each question by its number or a word of the answer.", .bold)))
        let rows: [(String, String)] = [
            (":help", "this help"),
            (":topics", "the topics the advisor knows"),
            (":policy [ID]", "show or change which school's policy applies (none: most cautious)"),
            (":back", "go back one question"),
            (":restart", "start this topic's questions again"),
            (":why", "why this question is asked (the clause it rests on); after an answer: how it was reached"),
            (":path", "the answers given so far"),
            (":cite [POLICY] CLAUSE", "a clause in full, such as :cite 6.6"),
            (":transcript [FILE]", "save the last consultation as a Markdown record"),
            (":train [TOPIC]", "a scenario quiz for induction training"),
            (":quit", "leave (or Ctrl-D)"),
        ]
        out.line(out.columns(rows.map { (left: out.styled($0.0, .cyan), right: $0.1) }, indent: 2))
        out.line(
            out.wrap(
                "Up and down arrows recall earlier questions; type some words and press Ctrl-R to find one (again for older ones); Tab completes commands, topics and answers.",
                hanging: 0))
    }

    // MARK: Policy

    var policyChoices: [(label: String, id: String?)] {
        library.policies.map { ($0.school, $0.id) } + [
            ("Not sure / show all schools (the most cautious answer, and where schools differ)", nil)
        ]
    }

    func showPolicyChoice() {
        out.line(out.styled("Which school's policy applies to you?", .bold))
        for (i, c) in policyChoices.enumerated() {
            let id = c.id.map { " " + out.styled("(\($0))", .dim) } ?? ""
            out.line(out.wrap("  \(i + 1). " + out.safe(c.label) + id, hanging: 5))
        }
    }

    func showPolicyLine() {
        if let p = policyID.flatMap({ library.policy($0) }) {
            out.line(
                "Policy: " + out.styled(out.safe(p.school), .bold)
                    + (remembered ? " (as last time; change with :policy)" : " (change with :policy)"))
            remembered = false
        } else {
            out.line("Policy: not chosen: answers show every school and take the most cautious (change with :policy)")
        }
    }

    func choosePolicy(_ text: String) {
        let choices = policyChoices
        var picked: (label: String, id: String?)?
        if let p = library.policy(text.trimmingCharacters(in: .whitespaces)) {
            picked = (p.school, p.id)
        } else if ScriptRunner.nonePolicyWords.contains(Text.fold(text)) || Text.fold(text) == "show all" {
            picked = choices.last
        } else {
            switch AnswerMatcher.match(text, labels: choices.map(\.label)) {
            case .matched(let i): picked = choices[i]
            case .ambiguous(let idx):
                out.line("That could be " + idx.map { choices[$0].label }.joined(separator: " or ") + ". Type its number.")
            case .noMatch:
                if mode == .choosingPolicy && walk == nil && Text.words(text).count >= 3 {
                    // A question typed before choosing a school: keep it, and answer it next.
                    input.remember(text)
                    if let named = SchoolNames.named(in: text, library: library) {
                        policyID = named
                        remember()
                        mode = .idle
                        out.line(
                            "Policy: " + out.styled(out.safe(library.policy(named)!.school), .bold)
                                + " (named in your question; change with :policy)")
                        ask(text)
                        return
                    }
                    pending = text
                    out.line(out.wrap("I'll answer that as soon as I know which school's policy applies to you.", hanging: 0))
                } else {
                    out.line("Type a number from 1 to \(choices.count), or a school's name.")
                }
            }
        }
        guard let picked else {
            if mode == .choosingPolicy { showPolicyChoice() }
            return
        }
        policyID = picked.id
        remember()
        showPolicyLine()
        if mode == .choosingPolicy, walk == nil, let q = pending {
            pending = nil
            mode = .idle
            ask(q)
            return
        }
        if let old = walk {
            // The same answers, under the new policy: the questions do not depend on the school.
            let w = old.under(policy: policyID)
            walk = w
            if mode == .walking || mode == .choosingPolicy, w.currentQuestion != nil {
                mode = .walking
                showQuestion()
                return
            }
            if w.isFinished && (mode == .choosingPolicy || mode == .idle) && last != nil {
                mode = .idle
                showOutcome()
                return
            }
        }
        if mode == .choosingPolicy { mode = .idle }
        if mode == .idle { out.line("Ask your question.") }
    }

    // MARK: Asking

    func ask(_ question: String) {
        asked = question
        if policyID == nil, let named = SchoolNames.named(in: question, library: library) {
            policyID = named
            remember()
            out.line(
                "Policy: " + out.styled(out.safe(library.policy(named)!.school), .bold)
                    + " (named in your question; change with :policy)")
        }
        switch router.route(question) {
        case .topic(let id):
            start(topic: id, prefill: question)
        case .close(let a, let b):
            offerTopics([a, b], heading: "That could be about either of these:")
        case .unsure(let ts):
            offerTopics(ts, heading: "I'm not sure which of these you mean:")
        case .offTopic:
            offTopic()
        case .safeguarding(let topic, let outcome):
            safeguarding(topic: topic, outcome: outcome)
        }
    }

    /// A numbered choice of topics, best first, and "None of these".
    func offerTopics(_ ids: [String], heading: String) {
        out.line(heading)
        for (i, id) in ids.enumerated() {
            out.line(out.wrap("  " + out.styled("\(i + 1).", .cyan) + " " + out.safe(choiceTitle(id)), hanging: 5))
        }
        out.line("  " + out.styled("\(ids.count + 1).", .cyan) + " None of these")
        out.line(out.styled("Which one? (number or name)", .dim))
        mode = .choosingTopic(ids)
    }

    static let safeguardingChoice = "A worry about a child's safety (pass it on now)"

    /// How a topic (or the safeguarding choice) is named in a list of choices.
    func choiceTitle(_ id: String) -> String {
        id == QuestionCorpus.safeguarding ? Repl.safeguardingChoice : (library.tree(id)?.title ?? id)
    }

    /// Starts a chosen topic, or goes straight to the safeguarding outcome.
    func pick(_ id: String) {
        if id == QuestionCorpus.safeguarding, let target = library.safeguardingOutcome {
            safeguarding(topic: target.tree.id, outcome: target.outcomeID)
        } else {
            start(topic: id, prefill: asked)
        }
    }

    /// Two lines: what the advisor covers, and who to ask about anything else.
    func offTopic() {
        out.line(
            out.wrap(
                "That isn't something I can answer: I cover your school's social media policy ("
                    + library.trees.map { out.safe($0.title.lowercased()) }.joined(separator: ", ") + ").", hanging: 0))
        if let p = policyID.flatMap({ library.policy($0) }) {
            out.line(
                out.wrap(
                    "For anything else, ask " + out.safe(Render.joinNames(p.roleNames(p.whenInDoubtAsk)))
                        + " (" + out.safe(p.school) + "), or :topics to pick a topic.", hanging: 0))
        } else {
            out.line(
                out.wrap("For anything else, ask your line manager or the school office, or :topics to pick a topic.", hanging: 0)
            )
        }
    }

    /// A worry about a child's safety: straight to the safeguarding outcome, no questions first.
    func safeguarding(topic: String, outcome: String) {
        guard let tree = library.tree(topic), let w = Walk(library: library, tree: tree, policyID: policyID, at: outcome) else {
            return
        }
        walk = w
        out.line(
            out.wrap(
                out.styled(
                    "This sounds like a worry about a child's safety. Don't wait and don't investigate: pass it on today.", .bold),
                hanging: 0))
        finish()
    }

    func noTopic() {
        out.line(out.wrap("Ask again in other words, or pick a topic by its number:", hanging: 0))
        topics()
    }

    /// Keeps the chosen school for the next interactive session.
    func remember() {
        guard let path = rememberPath else { return }
        try? ((policyID ?? "none") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    /// "When in doubt, ask": the chosen policy's contact and clause (or every school's).
    func whenInDoubt() {
        let ps = policyID.flatMap { library.policy($0) }.map { [$0] } ?? library.policies
        for p in ps {
            let who = Render.joinNames(p.roleNames(p.whenInDoubtAsk))
            out.line(
                out.wrap(
                    out.styled("When in doubt, ask ", .bold) + out.safe(who)
                        + (policyID == nil ? " (" + out.safe(p.school) + ")" : "") + ".", hanging: 2))
            if let note = p.whenInDoubtNote, policyID != nil { out.line(out.wrap(out.safe(note), indent: 2, hanging: 0)) }
            if let c = p.clause(p.whenInDoubtClause), policyID != nil {
                Render.citation(
                    ResolvedCitation(policy: p, citation: Citation(clause: c.id))!, to: out, indent: 2, showSchool: true)
            }
        }
    }

    func chooseTopic(_ text: String, among options: [String]) {
        var labels = options.map(choiceTitle)
        var ids = options
        // Any topic may be named here, not only the two offered.
        for t in library.trees where !ids.contains(t.id) {
            labels.append(t.title)
            ids.append(t.id)
        }
        if let t = library.tree(text.trimmingCharacters(in: .whitespaces)) {
            start(topic: t.id, prefill: asked)
            return
        }
        if let n = Int(text.trimmingCharacters(in: .whitespaces)) {
            if n >= 1 && n <= options.count {
                pick(options[n - 1])
            } else if n == options.count + 1 {
                mode = .idle
                noTopic()
            } else {
                out.line("Type a number from 1 to \(options.count + 1).")
            }
            return
        }
        if ["none", "none of these", "neither", "none of them"].contains(Text.fold(text)) {
            mode = .idle
            noTopic()
            return
        }
        switch AnswerMatcher.match(text, labels: labels, allowNumbers: false) {
        case .matched(let i) where i < ids.count: pick(ids[i])
        default:
            // Not a topic: treat it as a new question.
            input.remember(text)
            ask(text)
        }
    }

    func start(topic id: String, prefill question: String? = nil) {
        guard let tree = library.tree(id) else { return }
        var w = Walk(library: library, tree: tree, policyID: policyID)
        declined = []
        let taken = question.map { w.prefill(from: $0) } ?? []
        walk = w
        mode = .walking
        out.line(
            out.wrap(
                out.styled("Topic: ", .dim) + out.styled(out.safe(tree.title), .bold)
                    + out.styled("  (:why explains a question, :back goes back)", .dim), hanging: 2))
        sayTaken(taken)
        if w.isFinished { finish() } else { showQuestion() }
    }

    /// One line for each answer taken from the question's own words.
    func sayTaken(_ taken: [Step]) {
        for step in taken {
            out.line(
                out.wrap(
                    "You said " + out.styled("“" + out.safe(step.inferredFrom ?? "") + "”", .bold) + ", so: "
                        + out.safe(step.question) + " " + out.styled("→ " + out.safe(step.answer), .cyan)
                        + out.styled(" (:back to change it)", .dim), hanging: 2))
        }
    }

    func showQuestion() {
        guard let w = walk, let q = w.currentQuestion else { return }
        out.line()
        out.line(out.wrap(out.styled(out.safe(q.text), .bold), hanging: 0))
        if let help = q.help { out.line(out.wrap(out.styled(out.safe(help), .dim), indent: 2, hanging: 0)) }
        for (i, a) in q.answers.enumerated() {
            out.line(out.wrap("  " + out.styled("\(i + 1).", .cyan) + " " + out.safe(a.label), hanging: 5))
        }
    }

    func answer(_ text: String) {
        guard var w = walk else {
            mode = .idle
            return
        }
        do {
            try w.answer(text)
        } catch {
            switch error.code {
            case .ambiguous:
                out.line(
                    out.wrap(
                        "\"\(out.safe(text))\" could mean: " + error.candidates.map { out.safe($0) }.joined(separator: " / ")
                            + ". Type the number, or more of the words.", hanging: 2))
            default:
                if router.route(text) != .offTopic && text.split(separator: " ").count > 2 {
                    out.line(
                        out.wrap(
                            "That doesn't match an answer. To ask something new, finish this or type :restart; to leave this topic, answer Not sure.",
                            hanging: 0))
                } else {
                    out.line(
                        "Type a number from 1 to \(w.currentQuestion?.answers.count ?? 0), or a word from one of the answers.")
                }
            }
            showQuestion()
            return
        }
        // Later questions the first question's words already settle are not asked either.
        var next = w
        let taken = asked.isEmpty ? [] : next.prefill(from: asked, skipping: declined)
        walk = next
        sayTaken(taken)
        if next.isFinished {
            finish()
        } else {
            showQuestion()
        }
    }

    func finish() {
        guard let w = walk, let result = w.result(today: today) else { return }
        mode = .idle
        let entry = TranscriptEntry(date: Date(), question: asked, result: result, library: library)
        last = entry
        session.append(entry)
        showOutcome()
        if let path = transcriptPath {
            do {
                try Transcript.append(entry, to: path, library: library, newSession: session.count == 1)
                out.line(out.styled("Saved to \(out.safe(path)).", .dim))
            } catch {
                Output.stderr.line("policy-advisor: could not save the transcript: \(error)")
            }
        }
        out.line()
        out.line(out.styled("Ask another question, or :why, :path, :cite, :transcript, :back.", .dim))
    }

    func showOutcome() {
        guard let w = walk, var result = w.result(today: today) else { return }
        out.line()
        // Staleness notices once per session.
        result.notices = result.notices.filter { !shownNotices.contains($0) }
        for n in result.notices { shownNotices.insert(n) }
        Render.consultation(result, library: library, to: out, showPath: false)
    }

    // MARK: Navigation

    func back() {
        guard var w = walk else {
            out.line("There is no question to go back to. Ask a question first.")
            return
        }
        let leaving = w.steps.last
        if w.back() {
            // Going back over an answer taken from the question's words: the person wants to
            // give it themselves, so it is not taken again.
            if let step = leaving, step.isInferred { declined.insert(step.nodeID) }
            walk = w
            mode = .walking
            showQuestion()
        } else {
            out.line("This is the first question.")
            if mode == .walking { showQuestion() }
        }
    }

    func restart() {
        guard var w = walk else {
            out.line("Nothing to restart. Ask a question first.")
            return
        }
        w.restart()
        walk = w
        mode = .walking
        out.line("Starting " + out.safe(w.tree.title) + " again.")
        showQuestion()
    }

    func why() {
        guard let w = walk else {
            out.line("Ask a question first; :why then explains why each question is asked.")
            return
        }
        if let e = w.why() {
            out.line(out.wrap(out.styled("Why this is asked: ", .bold) + out.safe(e.text), hanging: 2))
            Render.citations(e.citations, to: out)
            showQuestion()
        } else if let r = w.result(today: today) {
            out.line(out.styled("How this answer was reached:", .bold))
            Render.path(r.path, to: out)
            if r.policyID != nil {
                Render.citations(r.citations, to: out)
            } else {
                out.line("Each school's clauses are listed with its answer above.")
            }
        }
    }

    func showPath() {
        guard let w = walk, !w.steps.isEmpty else {
            out.line("No answers yet.")
            return
        }
        out.line(out.styled("Your answers so far (" + out.safe(w.tree.title) + "):", .bold))
        Render.path(w.steps, to: out)
        if mode == .walking { showQuestion() }
    }

    func cite(_ args: [String]) {
        var policy = policyID.flatMap { library.policy($0) }
        var clauseID: String?
        if args.count >= 2, let p = library.policy(args[0]) {
            policy = p
            clauseID = args[1]
        } else if args.count == 1 {
            clauseID = args[0]
        }
        guard let clauseID else {
            out.line("Usage: :cite CLAUSE (for the chosen policy) or :cite POLICY CLAUSE, for example :cite redbridge 6.2")
            return
        }
        guard let p = policy else {
            out.line(
                "Which school's clause? Type :cite POLICY \(out.safe(clauseID)); policies: "
                    + library.policyIDs.joined(separator: ", "))
            return
        }
        guard let c = p.clause(named: clauseID), let r = ResolvedCitation(policy: p, citation: Citation(clause: c.id)) else {
            out.line(
                out.wrap(
                    out.safe(p.school) + " has no clause '" + out.safe(clauseID)
                        + "'. Clauses cited here appear in the answers; `policy-advisor cite` lists one in full.", hanging: 0))
            return
        }
        Render.citation(r, to: out, indent: 0, showSchool: true, full: true)
    }

    func saveTranscript(_ path: String?) {
        guard let last else {
            out.line("There is no answer to save yet: finish a consultation first.")
            return
        }
        let target = path ?? Transcript.defaultName(for: last.date)
        do {
            try Transcript.append(last, to: target, library: library, newSession: false)
            out.line("Saved the consultation to " + out.safe(target) + ".")
        } catch {
            out.line("Could not save the transcript: \(error)")
        }
    }

    // MARK: Completion

    /// Whole-line completions for the text typed so far.
    func completions(for text: String) -> [String] {
        if text.hasPrefix(":") {
            let parts = text.split(separator: " ", omittingEmptySubsequences: false)
            if parts.count <= 1 { return ReplCommand.names.filter { $0.hasPrefix(text.lowercased()) } }
            let cmd = String(parts[0])
            let arg = parts.dropFirst().joined(separator: " ")
            var options: [String] = []
            if cmd == ":policy" { options = library.policyIDs + ["none"] }
            if cmd == ":train" { options = library.trees.map(\.id) }
            if cmd == ":cite" { options = library.policyIDs }
            return options.filter { $0.hasPrefix(arg) }.map { cmd + " " + $0 }
        }
        var labels: [String]
        switch mode {
        case .walking: labels = walk?.currentQuestion?.answers.map(\.label) ?? []
        case .choosingPolicy: labels = policyChoices.map(\.label) + library.policyIDs
        case .choosingTopic(let ids):
            labels = ids.map(choiceTitle) + ["None of these"] + library.trees.map(\.id)
        case .idle: labels = library.trees.map(\.id) + library.trees.map(\.title)
        }
        let typed = text.lowercased()
        let prefix = labels.filter { $0.lowercased().hasPrefix(typed) }
        if !prefix.isEmpty || typed.isEmpty { return typed.isEmpty ? labels : prefix }
        // A word of the label: "pup" completes "A pupil at my school".
        let words = Text.fold(text).split(separator: " ")
        return labels.filter { label in
            let lw = Text.fold(label).split(separator: " ")
            return !words.isEmpty && words.allSatisfy { w in lw.contains { $0.hasPrefix(w) } }
        }
    }
}

/// A school named in a question ("at Redbridge can I…"): its policy id, when exactly one school
/// is named by its id or by the words of its name that no other school shares.
enum SchoolNames {
    static let common: Set<String> = [
        "the", "school", "primary", "community", "academy", "trust", "federation", "and", "of", "high", "junior",
        "infant", "college", "church", "c", "e", "st", "saint",
    ]

    static func named(in text: String, library: Library) -> String? {
        let words = Text.words(text)
        let joined = " " + words.joined(separator: " ") + " "
        var found: [String] = []
        for p in library.policies {
            let idWords = Text.words(p.id).joined(separator: " ")
            // The id itself ("grange-primary"), or the school's full name.
            if joined.contains(" " + idWords + " ") || joined.contains(" " + Text.words(p.school).joined(separator: " ") + " ") {
                found.append(p.id)
                continue
            }
            // A word of the school's name that is distinctive: in no other school's name.
            let others = library.policies.filter { $0.id != p.id }.flatMap { Text.words($0.school) + Text.words($0.id) }
            let own = Text.words(p.school).filter { !common.contains($0) && $0.count >= 4 && !others.contains($0) }
            if own.contains(where: { words.contains($0) }) { found.append(p.id) }
        }
        return found.count == 1 ? found[0] : nil
    }
}
