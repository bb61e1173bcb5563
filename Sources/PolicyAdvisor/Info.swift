import ArgumentParser
import DecisionTree
import Foundation

extension PolicyAdvisor {
    struct Topics: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the topics the advisor can answer.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: text or json.") var format: Format = .text

        func run() throws {
            let context = try global.load()
            let out = Output.stdout
            out.fitsLines = format == .text
            switch format {
            case .json:
                out.line(
                    JSONOut.array(
                        context.library.trees.map {
                            .object([("id", .string($0.id)), ("title", .string($0.title)), ("summary", .string($0.summary))])
                        }
                    ).encoded)
            case .text:
                out.line(
                    out.columns(
                        context.library.trees.map {
                            (left: out.styled(out.safe($0.id), .bold), right: out.safe($0.title) + ": " + out.safe($0.summary))
                        }))
            }
            out.flush()
        }
    }

    struct Policies: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the schools' policies, with their review dates.")

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: text or json.") var format: Format = .text

        func run() throws {
            let context = try global.load()
            let out = Output.stdout
            out.fitsLines = format == .text
            switch format {
            case .json:
                out.line(
                    JSONOut.array(
                        context.library.policies.map { p in
                            .object([
                                ("id", .string(p.id)), ("school", .string(p.school)), ("title", .string(p.title)),
                                ("approved", .str(p.approved?.description)), ("nextReview", .str(p.nextReview?.description)),
                                ("clauses", .int(p.clauses.count)), ("staleness", .str(p.stalenessNotice(today: context.today))),
                            ])
                        }
                    ).encoded)
            case .text:
                for p in context.library.policies {
                    out.line(out.styled(out.safe(p.id), .bold) + "  " + out.safe(p.school))
                    var dates: [String] = []
                    if let a = p.approved { dates.append("approved \(a.monthAndYear)") }
                    if let r = p.nextReview { dates.append("next review \(r.monthAndYear)") }
                    out.line(
                        "    \(p.clauses.count) clauses"
                            + (dates.isEmpty ? "; the policy gives no dates" : "; " + dates.joined(separator: ", ")))
                    if let n = p.stalenessNotice(today: context.today) {
                        out.line(out.wrap(out.styled("Note: ", .boldYellow) + out.safe(n), indent: 4, hanging: 2))
                    }
                }
            }
            out.flush()
        }
    }

    struct Cite: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a clause of a policy in full, with its heading.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The policy id.") var policy: String
        @Argument(help: "The clause id, such as 29, 6.6, A.3.7 or when-in-doubt-ask.") var clause: String
        @Option(help: "Output format: text or json.") var format: Format = .text

        func run() throws {
            let context = try global.load()
            let p = try context.library.requirePolicy(policy)
            guard let c = p.clause(named: clause) else {
                let near = p.clauses.map(\.id).filter { $0.hasPrefix(clause) || clause.hasPrefix($0) }.prefix(8)
                throw ValidationError(
                    "\(policy) has no clause '\(clause)'"
                        + (near.isEmpty ? "" : "; did you mean: \(near.joined(separator: ", "))?"))
            }
            let out = Output.stdout
            out.fitsLines = format == .text
            if format == .json {
                out.line(
                    JSONOut.object([
                        ("policy", .string(p.id)), ("school", .string(p.school)), ("clause", .string(c.id)),
                        ("heading", .string(c.heading)), ("text", .string(c.text)),
                    ]).encoded)
            } else {
                let r = ResolvedCitation(policy: p, citation: Citation(clause: c.id, quote: nil))!
                Render.citation(r, to: out, indent: 0, showSchool: true, full: true)
            }
            out.flush()
        }
    }

    struct Lint: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a trees directory and print every problem, compiler-style.",
            discussion: "Prints FILE:LINE:COL: error|warning: message. Exit status: 0 no errors (warnings allowed), 1 errors.")

        @Argument(help: ArgumentHelp("The trees directory (default: the one the advisor uses).", valueName: "dir"))
        var directory: String?

        @OptionGroup var global: GlobalOptions
        @Option(help: "Output format: text or json.") var format: Format = .text

        func run() throws {
            let dir = directory ?? global.treesDirectory()
            var diagnostics: [Diagnostic]
            var library: Library?
            do {
                let l = try Library.load(directory: dir, options: LoadOptions(checkSources: true))
                diagnostics = l.warnings
                library = l
            } catch {
                diagnostics = error.diagnostics
            }
            if let l = library { diagnostics += Self.checkTraining(dir: dir, library: l) }
            let out = Output.stdout
            let errors = diagnostics.filter { $0.severity == .error }.count
            let warnings = diagnostics.count - errors
            // Errors left out because they follow from one that is shown.
            let following = diagnostics.reduce(0) { $0 + $1.followers }
            let errorCount = "\(errors) error\(errors == 1 ? "" : "s")" + Diagnostic.followingNote(following, causes: errors)
            switch format {
            case .json:
                out.line(
                    JSONOut.object([
                        ("directory", .string(dir)),
                        ("errors", .int(errors)), ("followingErrors", .int(following)), ("warnings", .int(warnings)),
                        (
                            "diagnostics",
                            .array(
                                diagnostics.map { d in
                                    .object([
                                        ("file", .string(d.file)), ("line", d.location.map { .int($0.line) } ?? .null),
                                        ("column", d.location.map { .int($0.column) } ?? .null), ("path", .str(d.path)),
                                        ("severity", .string(d.severity.rawValue)), ("rule", .string(d.rule)),
                                        ("message", .string(d.message)), ("followers", .int(d.followers)),
                                    ])
                                })
                        ),
                    ]).encoded)
            case .text:
                for d in diagnostics { out.diagnostic(d) }
                if let l = library {
                    let nodes = l.trees.reduce(0) { $0 + $1.nodes.count }
                    let clauses = l.policies.reduce(0) { $0 + $1.clauses.count }
                    out.line(
                        "\(l.trees.count) topics (\(nodes) nodes), \(l.policies.count) policies (\(clauses) clauses): \(errors) errors, \(warnings) warnings"
                    )
                } else {
                    out.line("\(errorCount), \(warnings) warning\(warnings == 1 ? "" : "s")")
                }
            }
            out.flush()
            if errors > 0 { throw ExitCode.failure }
        }

        /// Training stories must still walk to an outcome under every policy after a tree changes.
        static func checkTraining(dir: String, library: Library) -> [Diagnostic] {
            let tdir = dir.hasSuffix("/") ? dir + "training" : dir + "/training"
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: tdir)) ?? []).filter { $0.hasSuffix(".txt") }
                .sorted()
            var out: [Diagnostic] = []
            for n in names {
                let path = tdir + "/" + n
                let text: String
                switch TrainingFiles.read(path) {
                case .success(let t): text = t
                case .failure(let problem):
                    out.append(Diagnostic(rule: "unreadable", file: path, message: problem.description))
                    continue
                }
                let (scenarios, issues) = Training.parse(text, file: path)
                for i in issues {
                    out.append(
                        Diagnostic(
                            rule: "training", file: path, location: SourceLocation(line: i.line, column: 1), message: i.message))
                }
                for s in scenarios {
                    for p in library.policyIDs {
                        if case .failure(let issue) = Training.resolve(
                            s, library: library, policyID: p, today: Day(year: 2000, month: 1, day: 1))
                        {
                            out.append(
                                Diagnostic(
                                    rule: "training", file: path, location: SourceLocation(line: s.line, column: 1),
                                    message: "under \(p): \(issue.message)"))
                            break
                        }
                    }
                }
            }
            return out
        }
    }
}

extension PolicyAdvisor {
    struct Table: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the coverage table: every topic's outcomes with each school's verdict and clauses (Markdown).")

        @OptionGroup var global: GlobalOptions

        func run() throws {
            let context = try global.load()
            Output.stdout.write(CoverageTable.markdown(context.library))
            Output.stdout.flush()
        }
    }
}

extension PolicyAdvisor {
    struct Route: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show how a question in words is routed, or measure the router (--eval).",
            discussion: """
                With --eval, routes every question of the corpus's test part (every fifth line of \
                trees/questions/*.txt, which the router never trains on) and prints top-1 accuracy, \
                the right topic among those offered, off-topic recall and precision, a confusion \
                matrix and the questions asked before an outcome. --questions DIR evaluates the \
                files of another directory instead (every line counts, named as in trees/questions).
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The question, in your own words.") var question: String?
        @Option(help: "Output format: text or json.") var format: Format = .text
        @Flag(help: "Measure the router on questions it never trained on.") var eval = false
        @Option(help: ArgumentHelp("With --eval: a directory of questions files to measure instead.", valueName: "dir"))
        var questions: String?
        @Flag(help: "With --eval: five-fold cross-validation on the training part (for tuning; never the test part).")
        var crossValidate = false

        func validate() throws {
            if !eval && question == nil { throw ValidationError("give a question, or --eval") }
            if eval && question != nil { throw ValidationError("--eval takes no question") }
            if questions != nil && !eval { throw ValidationError("--questions needs --eval") }
            if crossValidate && (!eval || questions != nil) {
                throw ValidationError("--cross-validate needs --eval, and measures the training part")
            }
        }

        func run() throws {
            let context = try global.load()
            let router = Router(library: context.library)
            let out = Output.stdout
            if eval {
                var examples = context.library.questions.test
                var title = "Routing: the corpus's test part"
                if let dir = questions {
                    examples = try RoutingCommand.readQuestions(dir, library: context.library)
                    title = "Routing: questions in \(dir)"
                }
                var e = RoutingEvaluation.run(examples, router: router, library: context.library)
                if crossValidate {
                    e = RoutingEvaluation.crossValidate(context.library)
                    title = "Routing: five-fold cross-validation on the training part"
                }
                out.line(e.markdown(classes: router.classes, title: title))
                out.flush()
                return
            }
            let question = question ?? ""
            let ranked = router.rank(question)
            let decision: String
            switch router.route(question) {
            case .topic(let t): decision = t
            case .close(let a, let b): decision = "close: \(a) or \(b)"
            case .unsure(let ts): decision = "unsure: " + ts.joined(separator: ", ")
            case .offTopic: decision = "off-topic"
            case .safeguarding(let t, let o): decision = "safeguarding: \(t)/\(o)"
            }
            if format == .json {
                out.line(
                    JSONOut.object([
                        ("question", .string(question)), ("decision", .string(decision)),
                        (
                            "scores",
                            .array(
                                ranked.map {
                                    .object([("topic", .string($0.topic)), ("score", .string(String(format: "%.3f", $0.score)))])
                                })
                        ),
                    ]).encoded)
            } else {
                for s in ranked { out.line(String(format: "%.3f  ", s.score) + s.topic) }
                out.line("decision: \(decision)")
            }
            out.flush()
        }
    }
}

enum RoutingCommand {
    /// Reads `DIR/<label>.txt` files (a topic id, off-topic or safeguarding): every line is a test question.
    static func readQuestions(_ dir: String, library: Library) throws -> [QuestionCorpus.Example] {
        let fm = FileManager.default
        guard let names = try? fm.contentsOfDirectory(atPath: dir) else {
            throw ValidationError("--questions: \(dir) is not a readable directory")
        }
        let labels = Set(library.trees.map(\.id) + [QuestionCorpus.offTopic, QuestionCorpus.safeguarding])
        var out: [QuestionCorpus.Example] = []
        for name in names.sorted() where name.hasSuffix(".txt") && !name.hasPrefix(".") {
            let label = String(name.dropLast(4))
            guard labels.contains(label) else {
                throw ValidationError("--questions: \(name) is not named for a topic, off-topic or safeguarding")
            }
            let path = dir + "/" + name
            let text: String
            switch SafeFile.readText(path, limit: LoadOptions().maxFileSize) {
            case .success(let t): text = t
            case .failure(let problem): throw ValidationError("--questions: \(path): \(problem)")
            }
            out += QuestionCorpus.parse(text, label: label, file: path).map {
                var e = $0
                e.isTest = true
                return e
            }
        }
        return out
    }
}
