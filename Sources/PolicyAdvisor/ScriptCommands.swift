import ArgumentParser
import DecisionTree
import Foundation

/// Runs scripts: shared by `run` and `check`.
struct ScriptSession {
    let context: Context
    let runner: ScriptRunner
    let out = Output.stdout
    let err = Output.stderr
    let format: Format
    let checking: Bool
    var passed = 0
    /// Consultations in a check file with no `expect:` or `cite:`.
    var unchecked = 0
    var failed = 0
    var inputErrors = 0
    var answered = 0

    init(context: Context, policy: String?, format: Format, checking: Bool) {
        self.context = context
        self.runner = ScriptRunner(library: context.library, today: context.today, defaultPolicy: policy)
        self.format = format
        self.checking = checking
        // Results are for people; check's fail lines are compiler-style, one line each.
        if format == .text && !checking { Output.stdout.fitsLines = true }
    }

    mutating func error(_ file: String, _ line: Int?, _ message: String) {
        inputErrors += 1
        let place = line.map { "\(file):\($0)" } ?? file
        err.line(err.styled(err.safe(place) + ":", .bold) + " " + err.styled("error", .boldRed) + ": " + err.safe(message))
    }

    mutating func runFile(_ path: String) {
        let name = path == "-" ? "<stdin>" : path
        let fd: Int32
        if path == "-" {
            if StandardInput.closedAtStart {
                return error(name, nil, "standard input is closed: there is no script to read (name a file, or pipe one in)")
            }
            fd = 0
        } else {
            // A named pipe is read as a stream, like standard input; a device or socket is refused,
            // and a link loop or a path that cannot be searched is said as what it is.
            switch SafeFile.open(path, allowPipes: true) {
            case .success(let f): fd = f
            case .failure(.missing): return error(name, nil, "no such file")
            case .failure(.directory): return error(name, nil, "this is a directory, not a script file")
            case .failure(let problem): return error(name, nil, problem.description)
            }
        }
        defer { if path != "-" { close(fd) } }
        if let failure = ScriptParser.read(fd: fd, each: { consult($0, file: name) }) {
            error(name, failure.line, failure.message)
        }
    }

    mutating func consult(_ e: ScriptEntry, file: String) {
        switch runner.run(e) {
        case .inputError(let issues):
            for i in issues { error(file, i.line, i.message) }
            if checking { failed += 1 }
        case .needsMore(let topic, _, _, let question, let options, let line):
            error(
                file, line,
                "the consultation ends before an outcome in '\(topic)': next question \"\(question)\" (answers: \(options.map { "'\($0)'" }.joined(separator: ", ")))"
            )
            if checking { failed += 1 }
        case .answered(let c, let failures):
            answered += 1
            if checking {
                if e.expect == nil && e.cites.isEmpty {
                    // Counted as passed, but it proves nothing: say so (and fail under --strict).
                    unchecked += 1
                    err.line(
                        err.styled("\(err.safe(file)):\(e.line):", .bold) + " " + err.styled("warning", .yellow)
                            + ": this consultation checks nothing (no 'expect:' or 'cite:' line)")
                }
                if failures.isEmpty {
                    passed += 1
                } else {
                    failed += 1
                    // With --format json, standard output holds only JSON lines: failures go to
                    // standard error, beside the summary.
                    let sink = format == .json ? err : out
                    for f in failures {
                        sink.line(
                            sink.styled("\(sink.safe(file)):\(f.line):", .bold) + " " + sink.styled("fail", .boldRed) + ": "
                                + sink.safe(f.message))
                    }
                }
                if format == .json { out.line(Render.json(c, question: e.ask?.value).encoded) }
                return
            }
            switch format {
            case .json:
                out.line(Render.json(c, question: e.ask?.value).encoded)
            case .text:
                out.line(
                    out.styled("── \(out.safe(file)):\(e.line)", .dim)
                        + (e.ask.map { " " + out.styled(out.safe($0.value), .bold) } ?? ""), fit: false)
                out.line(out.wrap(out.styled("Topic: ", .dim) + out.safe(c.topicTitle), hanging: 2))
                Render.consultation(c, library: context.library, to: out)
                out.line()
            }
        }
    }
}

struct ScriptOptions: ParsableArguments {
    @Argument(help: ArgumentHelp("Script files to read ('-' for standard input).", valueName: "file"))
    var files: [String]

    @Option(help: "Output format: text or json (one object per consultation, one per line).")
    var format: Format = .text
}

extension PolicyAdvisor {
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer every consultation in script files.",
            discussion: "See README 'Scripted mode' for the file format. Exit status: 0 ok, 2 if any input error.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var policyOption: PolicyOption
        @OptionGroup var script: ScriptOptions

        mutating func run() throws {
            let context = try global.load()
            let policy = try policyOption.resolve(in: context.library)
            var session = ScriptSession(context: context, policy: policy, format: script.format, checking: false)
            for f in script.files { session.runFile(f) }
            session.out.flush()
            if session.inputErrors > 0 { throw ExitCode.inputError }
        }
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run script files and compare each result with its expectations.",
            discussion: """
                Ends with 'N passed, N failed'. A consultation with no 'expect:' or 'cite:' checks nothing: \
                it is counted as passed with a warning (a failure under --strict). Exit status: 0 all \
                passed, 1 any failed (or, with --strict, any checked nothing), 2 any input error or no \
                consultation at all.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var policyOption: PolicyOption
        @OptionGroup var script: ScriptOptions
        @Flag(help: "Fail when a consultation has no 'expect:' or 'cite:' line.") var strict = false

        mutating func run() throws {
            let context = try global.load()
            let policy = try policyOption.resolve(in: context.library)
            var session = ScriptSession(context: context, policy: policy, format: script.format, checking: true)
            for f in script.files { session.runFile(f) }
            let summary = "\(session.passed) passed, \(session.failed) failed"
            if script.format == .json {
                Output.stderr.line(summary)
            } else {
                session.out.line(summary)
            }
            session.out.flush()
            if session.inputErrors > 0 { throw ExitCode.inputError }
            if session.failed > 0 { throw ExitCode.failure }
            if session.passed == 0 {
                Output.stderr.line("policy-advisor: the check files hold no consultation, so nothing was checked")
                throw ExitCode.inputError
            }
            if strict && session.unchecked > 0 { throw ExitCode.failure }
        }
    }

    struct Ask: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Answer one question from the command line.",
            discussion: """
                Exit status: 0 answered, 2 input error (an answer that matches nothing), 3 needs more \
                (prints the next question and its options, or the likeliest topics when the question \
                could be about more than one: add --topic), 4 the question is not about the advisor's topics.
                """)

        @OptionGroup var global: GlobalOptions
        @OptionGroup var policyOption: PolicyOption

        @Argument(help: "The question, in your own words.")
        var question: String

        @Option(help: ArgumentHelp("The topic id, if you know it (skips routing).", valueName: "id"))
        var topic: String?

        @Option(
            name: .customLong("answer"),
            help: ArgumentHelp(
                "An answer to the next question, by label or number; repeat for each question.", valueName: "label"))
        var answers: [String] = []

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        mutating func run() throws {
            let context = try global.load()
            let library = context.library
            let policy = try policyOption.resolve(in: library)
            let out = Output.stdout
            out.fitsLines = format == .text
            let (tree, start) = try treeAndStart(library: library, policy: policy, out: out)
            var walk =
                start.flatMap { Walk(library: library, tree: tree, policyID: policy, at: $0) }
                ?? Walk(library: library, tree: tree, policyID: policy)
            for a in answers {
                guard walk.currentQuestion != nil else {
                    throw ValidationError("too many answers: the walk reached its answer before '\(a)'")
                }
                do {
                    try walk.answer(a)
                } catch {
                    Output.stderr.line("policy-advisor: " + Output.stderr.safe(error.message))
                    throw ExitCode.inputError
                }
            }
            // Where the answers given run out, the question's own words may settle the rest.
            walk.prefill(from: question)
            if let result = walk.result(today: context.today) {
                if format == .json {
                    out.line(Render.json(result, question: question).encoded)
                } else {
                    out.line(out.wrap(out.styled("Topic: ", .dim) + out.safe(tree.title), hanging: 2))
                    Render.consultation(result, library: library, to: out)
                }
                out.flush()
                return
            }
            try needsMore(walk, tree: tree, policy: policy, out: out)
        }

        /// The tree to walk, and the node to start at (nil: its start): --topic, else the question
        /// routed. A question the router cannot place ends here (exit 3 or 4).
        func treeAndStart(library: Library, policy: String?, out: Output) throws -> (Tree, String?) {
            if let t = topic, t == QuestionCorpus.safeguarding, let target = library.safeguardingOutcome {
                return (target.tree, target.outcomeID)
            } else if let t = topic {
                return (try library.requireTree(t), nil)
            }
            switch Router(library: library).route(question) {
            case .topic(let id):
                return (library.tree(id)!, nil)
            case .safeguarding(let id, let outcome):
                return (library.tree(id)!, outcome)
            case .close(let x, let y):
                try chooseTopic([x, y], library: library, policy: policy, out: out)
            case .unsure(let ts):
                try chooseTopic(ts, library: library, policy: policy, out: out)
            case .offTopic:
                try offTopic(library: library, policy: policy, out: out)
            }
        }

        /// The question is not about the advisor's topics: say so, and whom to ask, and exit 4.
        func offTopic(library: Library, policy: String?, out: Output) throws -> Never {
            if format == .json {
                out.line(
                    JSONOut.object([
                        ("topic", .null), ("policy", .str(policy)), ("question", .string(question)),
                        ("ask", .array(library.whenInDoubt(policyID: policy).map { .string($0) })),
                        ("topics", .array(library.trees.map { .string($0.id) })),
                    ]).encoded)
            } else {
                out.line(
                    out.wrap(
                        "That question is not about the advisor's topics ("
                            + library.trees.map { out.safe($0.id) }.joined(separator: ", ")
                            + "); add --topic ID if it is.", hanging: 0))
                out.line(
                    out.wrap(
                        out.safe(library.anythingElse(policyID: policy)),
                        hanging: 2))
            }
            out.flush()
            throw ExitCode.noTopic
        }

        /// The answers ran out before an outcome: the way so far and the next question, exit 3.
        func needsMore(_ walk: Walk, tree: Tree, policy: String?, out: Output) throws -> Never {
            let q = walk.currentQuestion!
            if format == .json {
                out.line(
                    JSONOut.object([
                        ("topic", .string(tree.id)), ("policy", .str(policy)), ("question", .string(question)),
                        ("path", Render.pathJSON(walk.steps)),
                        (
                            "next",
                            .object([("question", .string(q.text)), ("options", .array(q.answers.map { .string($0.label) }))])
                        ),
                    ]).encoded)
            } else {
                out.line(out.wrap(out.styled("Topic: ", .dim) + out.safe(tree.title), hanging: 2))
                Render.path(walk.steps, to: out)
                out.line(out.wrap(out.styled("Next question: ", .bold) + out.safe(q.text), hanging: 2))
                for (i, a) in q.answers.enumerated() { out.line("  \(i + 1). \(out.safe(a.label))") }
                out.line("Add --answer LABEL to answer it.")
            }
            out.flush()
            throw ExitCode.needsMoreAnswers
        }

        /// The router is not sure: print the likeliest topics and exit 3, never pick silently.
        func chooseTopic(_ ids: [String], library: Library, policy: String?, out: Output) throws -> Never {
            if format == .json {
                out.line(
                    JSONOut.object([
                        ("topic", .null), ("policy", .str(policy)), ("question", .string(question)),
                        ("candidates", .array(ids.map { .string($0) })),
                    ]).encoded)
            } else {
                out.line("That could be about more than one topic:")
                for (i, id) in ids.enumerated() {
                    let title =
                        id == QuestionCorpus.safeguarding ? "a worry about a child's safety" : library.tree(id)?.title ?? ""
                    out.line("  \(i + 1). \(out.safe(id))  \(out.safe(title))")
                }
                out.line("Add --topic ID to choose one.")
            }
            out.flush()
            throw ExitCode.needsMoreAnswers
        }

    }
}
