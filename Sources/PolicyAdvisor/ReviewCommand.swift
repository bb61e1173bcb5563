import ArgumentParser
import DecisionTree
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

extension PolicyAdvisor {
    struct ReviewCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "review",
            abstract: "Check a new school's answers still marked for review against its text, one outcome at a time.",
            discussion: """
                For each outcome whose answer for ID is marked "review": true (adopt marks those it \
                could not carry): how staff reach it, the model school's answer and clause, the new \
                policy's nearest clauses with the words that differ, then prompts for the verdict, the \
                clauses, the advice and who to ask. Enter keeps the value shown; Tab completes clause \
                ids and roles. Each answer is checked as lint would and saved into its tree file at \
                once (the review mark removed), so :quit loses nothing and running review again goes \
                on from the next marked outcome. Commands: :skip, :back, :show, :cite CLAUSE, :help, \
                :quit. Input that is not a terminal is read line by line (one value a line). Exit \
                status: 0 nothing left marked, 1 some still marked (skipped or stopped), 2 the trees \
                do not load, 64 bad arguments.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new policy's id.") var policy: String
        @Option(
            help: ArgumentHelp(
                "Keep a scripted-mode consultation for each answer reviewed in this file ('policy-advisor check FILE' proves them).",
                valueName: "file"))
        var scenarios: String?

        func validate() throws {
            if let s = scenarios, let problem = SafeFile.writableProblem(s) {
                throw ValidationError("--scenarios: \(s): \(problem)")
            }
        }

        func run() throws {
            let context = try global.load()
            _ = try context.library.requirePolicy(policy)
            guard let review = PolicyReview(library: context.library, policyID: policy) else { throw ExitCode.inputError }
            let source: LineSource
            if isatty(0) == 1 && isatty(1) == 1 && Env.get("TERM") != "dumb", let editor = LineEditor(historyPath: nil) {
                source = editor
            } else {
                source = PlainLineSource(out: Output.stdout)
            }
            let session = ReviewSession(review: review, input: source, scenarios: scenarios, today: context.today)
            let leftMarked = session.run()
            Output.stdout.flush()
            if leftMarked { throw ExitCode.failure }
        }
    }
}

/// The review conversation: one outcome at a time, one field at a time. What is marked, what to
/// show, checking and saving are the library's (`PolicyReview`); this is the talking.
final class ReviewSession {
    var review: PolicyReview
    let input: LineSource
    let out = Output.stdout
    let scenarioPath: String?
    let today: Day
    /// The outcomes answered and skipped this session (one reviewed twice, by :back, counts once).
    var answered: Set<PolicyReview.Key> = []
    var passedOver: Set<PolicyReview.Key> = []
    var reviewed: Int { answered.count }
    var skipped: Int { passedOver.subtracting(answered).count }
    /// The field being asked, and the answer so far (for completion).
    var field: PolicyReview.Field = .verdict
    var draft: PolicyReview.Draft?
    /// The model's advice in the new school's terms, offered by Tab but never kept by Enter.
    var modelAdvice: String?

    static let commands = [":help", ":skip", ":back", ":show", ":cite", ":quit"]

    init(review: PolicyReview, input: LineSource, scenarios: String?, today: Day) {
        self.review = review
        self.input = input
        self.scenarioPath = scenarios
        self.today = today
        input.completer = { [unowned self] text in self.completions(for: text) }
        input.completionLabel = { [unowned self] line in self.label(line) }
    }

    var school: String { out.safe(review.policy.school) }

    enum Outcome {
        case saved, skipped, back, quit
    }

    /// Runs the session; returns whether outcomes are still marked at the end.
    func run() -> Bool {
        let queue = review.marked
        if queue.isEmpty {
            out.line(out.wrap("No outcome of \(school) is marked for review (\"review\": true): nothing to do.", hanging: 0))
            finalCheck()
            return false
        }
        intro(queue.count)
        var i = 0
        var showIt = true
        while i < queue.count {
            let outcome = reviewOne(queue[i], position: i + 1, of: queue.count, show: showIt)
            showIt = true
            switch outcome {
            case .saved:
                answered.insert(queue[i])
                i += 1
            case .skipped:
                passedOver.insert(queue[i])
                i += 1
            case .back:
                if i == 0 {
                    out.line("This is the first outcome of this session.")
                    showIt = false
                } else {
                    i -= 1
                }
            case .quit:
                let left = review.marked.count
                out.line()
                out.line(
                    out.wrap(
                        "Stopped. Reviewed \(reviewed) this session; \(left) still marked for review. Everything reviewed is saved: 'policy-advisor review \(review.policy.id)' goes on from the next.",
                        hanging: 0))
                return left > 0
            }
        }
        out.line()
        let left = review.marked.count
        out.line(
            out.styled("Reviewed \(reviewed) outcome\(reviewed == 1 ? "" : "s") this session", .bold)
                + (skipped > 0 ? ", skipped \(skipped) (still marked: review again to do them)." : "."))
        finalCheck()
        return left > 0
    }

    func intro(_ count: Int) {
        let model = review.model.map { m in
            " Model: " + out.safe(m.school) + (review.modelRecorded ? " (recorded by adopt)" : " (recognised from the text)")
                + "; its answer is shown beside each."
        }
        out.line(
            out.wrap(
                out.styled("Reviewing \(school)", .bold) + ": \(count) outcome\(count == 1 ? "" : "s") marked for review."
                    + (model ?? ""), hanging: 0))
        out.line(
            out.wrap(
                "For each: the verdict, the clauses it rests on, the advice and who to ask. Enter keeps the value in [brackets]; Tab completes. Each answer is saved as soon as it is complete, so :quit loses nothing. :help lists the commands.",
                hanging: 0))
    }

    // MARK: The end

    /// Lint's verdict on the trees as they now stand, and the scenarios kept, run as check would.
    func finalCheck() {
        guard let dir = review.library.directory else { return }
        do {
            let l = try Library.load(directory: dir, options: LoadOptions(checkSources: true))
            let marked = l.warnings.filter {
                $0.rule == "needs-review" && $0.path?.contains(".outcome.\(review.policy.id).") == true
            }
            out.line(
                out.wrap(
                    "lint: the trees load, every clause verbatim: 0 errors, \(l.warnings.count) warning\(l.warnings.count == 1 ? "" : "s")"
                        + (l.warnings.isEmpty
                            ? "."
                            : marked.isEmpty
                                ? ", none of them a review mark for \(review.policy.id)."
                                : ", \(marked.count) of them answers of \(review.policy.id) still marked for review."),
                    hanging: 2))
            if let path = scenarioPath, case .success(let bytes) = SafeFile.read(path, limit: 32 * 1024 * 1024) {
                let runner = ScriptRunner(library: l, today: today)
                var passed = 0
                var failed: [String] = []
                for e in ScriptParser.parse(String(decoding: bytes, as: UTF8.self)) {
                    switch runner.run(e) {
                    case .answered(_, let failures) where failures.isEmpty: passed += 1
                    case .answered(_, let failures): failed += failures.map(\.description)
                    case .needsMore(_, _, _, let q, _, let line): failed.append("line \(line): needs an answer to “\(q)”")
                    case .inputError(let issues): failed += issues.map(\.description)
                    }
                }
                out.line(
                    "check \(out.safe(path)): \(passed) passed, \(failed.count) failed"
                        + (failed.isEmpty ? "." : ":"))
                for f in failed { out.line(out.wrap(out.safe(f), indent: 2, hanging: 2)) }
            } else {
                out.line(
                    out.wrap("Prove the answers with scenarios: 'policy-advisor check FILE' (docs/authoring.md).", hanging: 0))
            }
        } catch {
            out.line(
                out.wrap(
                    "lint: the trees have \(error.errors.count) error\(error.errors.count == 1 ? "" : "s"): run 'policy-advisor lint \(out.safe(dir))'.",
                    hanging: 0))
        }
    }

}
