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

    // MARK: One outcome

    func reviewOne(_ key: PolicyReview.Key, position: Int, of total: Int, show showIt: Bool) -> Outcome {
        guard let item = review.item(key) else {
            out.line("The outcome \(out.safe(key.tree))/\(out.safe(key.node)) is no longer in the trees; skipping it.")
            return .skipped
        }
        if showIt { show(item, position: position, of: total) }
        var d = item.proposal
        field = .verdict
        draft = d
        defer { draft = nil }
        var hinted: PolicyReview.Field?
        while true {
            draft = d
            if hinted != field { hint(field, item: item, draft: d) }
            hinted = field
            switch input.read(prompt: prompt(field, draft: d)) {
            case .endOfInput: return .quit
            case .interrupted: continue
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix(":") {
                    input.remember(line)
                    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                    switch parts[0].lowercased() {
                    case ":help", ":h", ":?": help()
                    case ":skip", ":s", ":next":
                        out.line("Skipped: it stays marked for review.")
                        return .skipped
                    case ":back", ":b":
                        guard let previous = PolicyReview.Field.allCases.firstIndex(of: field), previous > 0 else {
                            return .back
                        }
                        field = PolicyReview.Field.allCases[previous - 1]
                    case ":show":
                        show(item, position: position, of: total)
                        hinted = nil
                    case ":cite", ":c": cite(parts.count > 1 ? parts[1] : "")
                    case ":quit", ":q", ":exit": return .quit
                    default:
                        out.line("Unknown command '\(out.safe(parts[0]))'. Commands: " + Self.commands.joined(separator: " "))
                    }
                    continue
                }
                if field == .advice && !line.isEmpty { input.remember(line) }
                guard take(line, into: &d, item: item) else { continue }
                if field == .ask {
                    if save(d, item: item) { return .saved }
                    continue
                }
                field = PolicyReview.Field.allCases[PolicyReview.Field.allCases.firstIndex(of: field)! + 1]
            }
        }
    }

    /// Reads one field into the draft; false (having said why) when it is refused.
    func take(_ line: String, into d: inout PolicyReview.Draft, item: PolicyReview.Item) -> Bool {
        var result: Result<Void, PolicyReview.Problem>
        switch field {
        case .verdict: result = review.verdict(line, default: d.verdict, for: item).map { d.verdict = $0 }
        case .clauses:
            let none = ["none", "-"].contains(line.lowercased()) || (line.isEmpty && d.citations.isEmpty)
            result = review.citations(line, default: d.citations, verdict: d.verdict).map { d.citations = $0 }
            if case .success = result, none {
                out.line(
                    out.styled(
                        "No clause named: citing the “if in doubt” clause, " + out.safe(review.policy.whenInDoubtClause) + ".",
                        .dim))
            }
        case .advice: result = review.advice(line, default: d.advice).map { d.advice = $0 }
        case .ask: result = review.ask(line, default: d.ask).map { d.ask = $0 }
        }
        if case .failure(let p) = result {
            refuse(p.message)
            return false
        }
        // The answer so far as lint sees it: what concerns this field is refused now; the rest
        // waits for its own prompt (and the last one sees everything).
        if field != .ask {
            let problems = review.check(d, for: item.key).problems.filter { $0.field == field || $0.field == nil }
            if !problems.isEmpty {
                for p in problems { refuse(p.message + (p.field == nil ? ". Type :skip to leave it, or :quit." : "")) }
                return false
            }
        }
        return true
    }

    func refuse(_ message: String) {
        out.line(out.wrap(out.styled("✗ ", .red) + out.safe(message), hanging: 2))
    }

    /// Saves the answer; false when lint refuses it (the field to fix is asked again) or the
    /// file cannot be written.
    func save(_ d: PolicyReview.Draft, item: PolicyReview.Item) -> Bool {
        do {
            let saved = try review.save(d, for: item.key)
            review = saved.review
            let left = review.marked.count
            out.line(
                out.wrap(
                    out.styled("✓ Saved ", .green) + out.safe((item.file as NSString).lastPathComponent) + ": "
                        + out.safe(item.title) + ", " + d.verdict.rawValue + ", citing "
                        + d.clauseIDs.map { out.safe(review.policy.shortID($0)) }.joined(separator: ", ") + ". "
                        + (left == 0 ? "Nothing left marked." : "\(left) left marked for review."), hanging: 2))
            for w in saved.warnings {
                out.line(out.wrap(out.styled("Lint warns: ", .yellow) + out.safe(w.message), hanging: 2))
            }
            saveScenario(item.key)
            return true
        } catch {
            switch error {
            case .invalid(let problems):
                out.line(
                    out.styled(
                        problems.contains { $0.field != nil } ? "Not saved: lint refuses this answer." : "Not saved:", .bold))
                for p in problems { refuse(p.message + (p.field == nil ? ". Type :skip to leave it, or :quit." : "")) }
                field = problems.first?.field ?? .verdict
            case .write(let e):
                refuse("Could not save: \(e.description). Press Enter to try again, or :skip or :quit.")
            }
            return false
        }
    }

    func saveScenario(_ key: PolicyReview.Key) {
        guard let path = scenarioPath else { return }
        var text = ""
        if case .success(let bytes) = SafeFile.read(path, limit: 32 * 1024 * 1024) {
            text = String(decoding: bytes, as: UTF8.self)
        }
        if text.isEmpty {
            text = "# Scenarios of the answers reviewed for \(review.policy.id) ('policy-advisor check' proves them).\n"
        }
        do {
            try SafeFile.atomicWrite(review.scenarios(text, with: key), to: path)
        } catch {
            refuse("Could not keep the scenario in \(path): \(error.reason). The answer itself is saved.")
        }
    }

    // MARK: Showing

    func show(_ item: PolicyReview.Item, position: Int, of total: Int) {
        let p = review.policy
        out.line()
        out.line(
            out.wrap(
                out.styled("Outcome \(position) of \(total) · " + out.safe(item.treeTitle) + " · " + out.safe(item.title), .bold)
                    + out.styled(" [" + out.safe(item.key.node) + "]", .dim), hanging: 2))
        if item.safeguarding {
            out.line(out.wrap("A safeguarding outcome: the verdict is always refer.", indent: 2, hanging: 0))
        }
        out.line(out.styled("How staff reach it:", .bold))
        for (i, path) in item.paths.enumerated() {
            if item.paths.count > 1 { out.line(out.styled("  Way \(i + 1):", .dim)) }
            Render.path(path, to: out)
        }
        if item.pathCount > item.paths.count {
            let more = item.pathCount - item.paths.count
            out.line(
                out.styled(
                    "  (and \(more) other way\(more == 1 ? "" : "s") there, longer" + (item.pathCount >= 10_000 ? " or more" : "")
                        + ")", .dim))
        }
        if let m = item.model {
            out.line(
                out.styled("The model, " + out.safe(m.policy.school) + ", answers: ", .bold) + out.verdictLabel(m.answer.verdict))
            out.line(out.wrap(out.styled("What to do: ", .bold) + out.safe(m.answer.advice), indent: 2, hanging: 2))
            out.line(
                out.wrap(
                    out.styled("Who to ask: ", .bold) + out.safe(Render.joinNames(m.policy.roleNames(m.answer.ask))), indent: 2,
                    hanging: 2))
            for r in m.citations { Render.citation(r, to: out, indent: 2, showSchool: true) }
        }
        if !item.candidates.isEmpty || !item.unmatched.isEmpty {
            out.line(out.styled(school + "'s clauses for it:", .bold))
        }
        for c in item.candidates {
            switch c.relation {
            case .same(let mc):
                out.line(
                    out.wrap(
                        out.styled("Word for word the model's ", .green) + out.safe(shownModel(mc)) + ":", indent: 2, hanging: 2))
            case .near(let mc, let changes):
                out.line(
                    out.wrap(
                        out.styled("Nearest to the model's ", .yellow) + out.safe(shownModel(mc))
                            + out.styled(", but the words differ", .yellow) + ":", indent: 2, hanging: 2))
                for ch in changes.prefix(6) {
                    let text: String
                    if ch.removed.isEmpty {
                        text = out.styled("added: ", .yellow) + "“" + out.safe(ch.added) + "”"
                    } else if ch.added.isEmpty {
                        text = out.styled("left out: ", .yellow) + "“" + out.safe(ch.removed) + "”"
                    } else {
                        text = out.styled("changed: ", .yellow) + "“" + out.safe(ch.removed) + "” → “" + out.safe(ch.added) + "”"
                    }
                    out.line(out.wrap(text, indent: 4, hanging: 2))
                }
                if changes.count > 6 { out.line(out.wrap("and \(changes.count - 6) more changes", indent: 4, hanging: 2)) }
            case .like(let pid, let clause):
                let other = review.library.policy(pid)
                out.line(
                    out.wrap(
                        "Like " + out.safe(other?.school ?? pid) + "'s "
                            + out.safe(Render.clauseName(other?.shortID(clause) ?? clause)) + ", which it cites here:", indent: 2,
                        hanging: 2))
            }
            if let r = ResolvedCitation(policy: p, citation: Citation(clause: c.clause.id)) {
                Render.citation(r, to: out, indent: 4, showSchool: false, full: true)
            }
        }
        for mc in item.unmatched {
            out.line(
                out.wrap(
                    out.styled("The model's " + out.safe(shownModel(mc)), .red)
                        + " has no counterpart in the new text (left out, or rewritten beyond recognition): where nothing else covers the case, the answer is ask-first.",
                    indent: 2, hanging: 2))
        }
        let cur = item.current
        out.line(
            out.wrap(
                out.styled(cur.review ? "In the file now (a placeholder): " : "In the file now: ", .bold)
                    + cur.verdict.rawValue + ", citing "
                    + cur.citations.map { out.safe(p.shortID($0.clause)) }.joined(separator: ", ") + "; ask "
                    + out.safe(Render.joinNames(p.roleNames(cur.ask))) + ".", hanging: 2))
        if item.proposalIsModel {
            out.line(
                out.wrap(
                    out.styled("Enter keeps the model's answer in " + school + "'s terms", .dim)
                        + out.styled(" (check every part against the clauses above).", .dim), hanging: 2))
        } else {
            out.line(out.wrap(out.styled("Enter keeps what the file holds now.", .dim), hanging: 2))
        }
    }

    func shownModel(_ id: String) -> String {
        Render.clauseName(review.model?.shortID(id) ?? id)
    }

    /// One line before each prompt: what to type.
    func hint(_ field: PolicyReview.Field, item: PolicyReview.Item, draft d: PolicyReview.Draft) {
        switch field {
        case .verdict:
            out.line(out.styled("Verdict: allowed, not-allowed, ask-first or refer.", .dim))
        case .clauses:
            out.line(
                out.styled("Clauses it rests on: ids as printed, separated by commas (Tab completes; :cite ID reads one).", .dim))
        case .advice:
            out.line(out.wrap(out.styled("Advice, what to do in a sentence or two. Enter keeps:", .dim), hanging: 0))
            out.line(out.wrap("“" + out.safe(d.advice) + "”", indent: 2, hanging: 1))
            out.line(out.styled("(Tab on an empty line puts it there to edit.)", .dim))
        case .ask:
            let roles = review.policy.roles.map { out.safe($0.id) + " (" + out.safe($0.name) + ")" }.joined(separator: ", ")
            out.line(out.wrap(out.styled("Who to ask, role ids separated by commas: ", .dim) + roles, hanging: 2))
        }
    }

    func prompt(_ field: PolicyReview.Field, draft d: PolicyReview.Draft) -> String {
        switch field {
        case .verdict: return "verdict [\(d.verdict.rawValue)]> "
        case .clauses:
            var shown = d.clauseIDs.map { out.safe(review.policy.shortID($0)) }.joined(separator: ", ")
            if shown.count > 50 { shown = String(shown.prefix(48)) + "…" }
            return "clauses [\(shown)]> "
        case .advice: return "advice> "
        case .ask: return "who to ask [" + d.ask.map { out.safe($0) }.joined(separator: ", ") + "]> "
        }
    }

    func help() {
        let rows: [(String, String)] = [
            ("Enter", "keep the value in [brackets]"),
            (
                "Tab",
                "complete a clause id, a role, a verdict or a command; on an empty advice line, put the advice there to edit"
            ),
            (":skip", "leave this outcome marked and go to the next"),
            (":back", "the previous part of this answer, or the previous outcome"),
            (":show", "show this outcome again"),
            (":cite CLAUSE", "a clause of \(school)'s policy in full"),
            (":quit", "stop; everything reviewed so far is saved (Ctrl-D too)"),
        ]
        for (c, d) in rows {
            // The description wrapped in its own column, the command put before its first line.
            let body = out.wrap(d, indent: 16)
            out.line("  " + out.styled(c.padding(toLength: 14, withPad: " ", startingAt: 0), .cyan) + body.dropFirst(16))
        }
    }

    func cite(_ id: String) {
        let p = review.policy
        guard !id.isEmpty else {
            out.line("Usage: :cite CLAUSE, such as :cite " + out.safe(p.clauses.first.map { p.shortID($0.id) } ?? "1"))
            return
        }
        guard let c = p.clause(named: id), let r = ResolvedCitation(policy: p, citation: Citation(clause: c.id)) else {
            refuse(
                review.citations(id, default: [], verdict: .askFirst).failureMessage
                    ?? "\(p.school)'s policy has no clause “\(id)”.")
            return
        }
        Render.citation(r, to: out, indent: 2, showSchool: true, full: true)
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

    // MARK: Completion

    func completions(for text: String) -> [String] {
        if text.hasPrefix(":") {
            if text.lowercased().hasPrefix(":cite ") {
                let typed = String(text.dropFirst(6))
                return review.clauseIDs.filter { $0.hasPrefix(typed) }.map { ":cite " + $0 }
            }
            return Self.commands.filter { $0.hasPrefix(text.lowercased()) }
        }
        switch field {
        case .verdict:
            return Verdict.allCases.map(\.rawValue).filter { $0.hasPrefix(text.lowercased()) }
        case .clauses: return completeLast(text, among: review.clauseIDs, separators: [",", " "])
        case .ask: return completeLast(text, among: review.roleIDs, separators: [","])
        case .advice: return text.isEmpty ? (draft.map { [$0.advice] } ?? []) : []
        }
    }

    /// Completes the last item of a list typed so far ("6.2, 6."): whole lines.
    func completeLast(_ text: String, among ids: [String], separators: Set<Character>) -> [String] {
        let cut = text.lastIndex { separators.contains($0) }.map { text.index(after: $0) } ?? text.startIndex
        var head = String(text[..<cut])
        var typed = String(text[cut...])
        while typed.hasPrefix(" ") {
            head += " "
            typed.removeFirst()
        }
        if head.hasSuffix(",") { head += " " }
        return ids.filter { $0.hasPrefix(typed) }.map { head + $0 }
    }

    /// A completion as listed: the item being completed, not the whole line.
    func label(_ line: String) -> String {
        if line.hasPrefix(":cite ") { return String(line.dropFirst(6)) }
        guard let cut = line.lastIndex(where: { $0 == "," || $0 == " " }), field != .advice else { return line }
        return String(line[line.index(after: cut)...])
    }
}

extension Result where Failure == PolicyReview.Problem {
    var failureMessage: String? {
        if case .failure(let p) = self { return p.message }
        return nil
    }
}
