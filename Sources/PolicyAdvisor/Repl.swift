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
    enum Mode {
        case choosingPolicy
        case idle
        case choosingTopic([String])
        /// A topic's questions, with the walk so far.
        case walking(Walk)
        /// A question named a school (or schools): offer it before answering the question.
        /// `fromChoice`: no school was chosen yet, so "another school" lists them all.
        case confirmingSchool(ids: [String], question: String, fromChoice: Bool)
    }

    let library: Library
    let today: Day
    let out: Output
    let input: LineSource
    let routers: RouterCache
    /// Trained in the background from start-up; the first question waits for it if need be.
    var router: Router { routers.value }
    var mode: Mode = .idle {
        // A walk left (finished, or for another topic) stays at hand for :why, :path and :back.
        willSet { if case .walking(let w) = mode { lastWalk = w } }
    }
    var policyID: String?
    /// The last walk left, finished or not (see `mode`).
    var lastWalk: Walk?
    /// The walk in hand: the one being walked, else the last one left.
    var walk: Walk? {
        if case .walking(let w) = mode { return w }
        return lastWalk
    }
    var isWalking: Bool {
        if case .walking = mode { return true }
        return false
    }
    var isChoosingPolicy: Bool {
        if case .choosingPolicy = mode { return true }
        return false
    }
    var isIdle: Bool {
        if case .idle = mode { return true }
        return false
    }
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
    /// A school remembered from the last session that these trees no longer have.
    var droppedSchool: String?

    init(
        library: Library, today: Day, input: LineSource, policyID: String?, policyChosen: Bool, transcriptPath: String?,
        out: Output = .stdout
    ) {
        self.out = out
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
        if let id = droppedSchool {
            out.line(
                out.wrap(
                    "The school chosen last time (\(out.safe(id))) is not in these trees any more, so I have forgotten it.",
                    hanging: 0))
        }
        if isChoosingPolicy { showPolicyChoice() } else { showPolicyLine() }
        while true {
            let prompt: String
            switch mode {
            case .choosingPolicy: prompt = "school> "
            case .idle: prompt = "ask> "
            case .choosingTopic: prompt = "topic> "
            case .walking: prompt = "answer> "
            case .confirmingSchool: prompt = "school> "
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
        case .confirmingSchool(let ids, let question, let fromChoice):
            confirmSchool(line, ids: ids, question: question, fromChoice: fromChoice)
        }
        return true
    }

    func run(_ command: ReplCommand) -> Bool {
        switch command {
        case .help: help()
        case .topics:
            topics()
            if isWalking {
                // Mid-question, a number now picks a topic; :back returns to the question.
                mode = .choosingTopic(library.trees.map(\.id))
                out.line(out.styled("Type a topic's number to start it, or :back to return to your question.", .dim))
            }
        case .policy(let arg):
            if let arg, ["forget", "forget it", "clear"].contains(Text.fold(arg)) {
                forgetSchool()
            } else if let arg {
                choosePolicy(arg)
            } else {
                if !isWalking { mode = .choosingPolicy }
                showPolicyChoice()
                if isWalking {
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
            if isWalking { showQuestion() }
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
            (":policy [ID]", "show or change which school's policy applies (none: most cautious; forget: ask next session)"),
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

    // MARK: Completion

    /// Whole-line completions for the text typed so far.
    func completions(for text: String) -> [String] {
        if text.hasPrefix(":") {
            let parts = text.split(separator: " ", omittingEmptySubsequences: false)
            if parts.count <= 1 { return ReplCommand.names.filter { $0.hasPrefix(text.lowercased()) } }
            let cmd = String(parts[0])
            let arg = parts.dropFirst().joined(separator: " ")
            var options: [String] = []
            if cmd == ":policy" { options = library.policyIDs + ["none", "forget"] }
            if cmd == ":train" { options = library.trees.map(\.id) }
            if cmd == ":cite" { options = library.policyIDs }
            return options.filter { $0.hasPrefix(arg) }.map { cmd + " " + $0 }
        }
        var labels: [String]
        switch mode {
        case .walking(let w): labels = w.currentQuestion?.answers.map(\.label) ?? []
        case .choosingPolicy: labels = policyChoices.map(\.label) + library.policyIDs
        case .choosingTopic(let ids):
            labels = ids.map(choiceTitle) + ["None of these"] + library.trees.map(\.id)
        case .idle: labels = library.trees.map(\.id) + library.trees.map(\.title)
        case .confirmingSchool(let ids, _, _):
            labels = (ids.count == 1 ? ["Yes"] : []) + ids.compactMap { library.policy($0)?.school } + ["No", "Another school"]
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
