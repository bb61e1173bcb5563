import ArgumentParser
import DecisionTree
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Loads the training scenarios shipped beside the trees (`<trees>/training/*.txt`).
enum TrainingFiles {
    /// One training file's text, or why it cannot be read (a directory, a NUL byte, not UTF-8).
    static func read(_ path: String) -> Result<String, FileProblem> {
        SafeFile.readText(path, limit: LoadOptions().maxFileSize)
    }

    static func load(treesDirectory: String) throws -> [TrainingScenario] {
        let dir = treesDirectory + "/training"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir))?.filter { $0.hasSuffix(".txt") }.sorted() ?? []
        var all: [TrainingScenario] = []
        var problems: [String] = []
        for n in names {
            let path = dir + "/" + n
            let text: String
            switch read(path) {
            case .success(let t): text = t
            case .failure(let problem):
                problems.append("\(path): error: \(problem)")
                continue
            }
            let (scenarios, issues) = Training.parse(text, file: path)
            all += scenarios
            problems += issues.map { "\(path):\($0.line): error: \($0.message)" }
        }
        if !problems.isEmpty {
            for p in problems { Output.stderr.line(Output.stderr.safe(p)) }
            throw ExitCode.inputError
        }
        return all
    }
}

/// The training record: one CSV row per topic, appended under a lock so that runs at the same
/// time never lose or rewrite rows; the header is written once, when the file is new.
enum TrainingRecord {
    static let header = "name,date and time,policy,topic,questions,correct,passed"

    struct RecordError: Error, CustomStringConvertible {
        var description: String
    }

    /// A CSV field: quoted when it holds a comma or quote; a leading = + - @, tab or carriage
    /// return (OWASP's formula triggers) is prefixed with ' so that a spreadsheet never runs it as
    /// a formula. Control characters are shown visibly (`^M`), line breaks become spaces.
    static func field(_ s: String) -> String {
        var v = s
        if let f = v.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(f) { v = "'" + v }
        v = Text.terminalSafe(v).replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\t", with: " ")
        if v.contains(",") || v.contains("\"") {
            return "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    static func rows(name: String, date: Date, policy: String, scores: [TopicScore], mark: Double) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_GB_POSIX")
        f.dateFormat = "yyyy-MM-dd HH:mm:ss"
        let when = f.string(from: date)
        return scores.map { s in
            [
                field(name), when, field(policy), field(s.topic), String(s.asked), String(s.correct),
                s.passed(mark: mark) ? "yes" : "no",
            ]
            .joined(separator: ",") + "\r\n"
        }.joined()
    }

    /// Checks before the quiz starts that the record can be written, so nobody does a quiz for
    /// nothing: a FIFO, a device, a directory or a link loop is refused here, not after the quiz.
    static func checkWritable(_ path: String) throws {
        if let problem = SafeFile.writableProblem(path) { throw RecordError(description: "\(path): \(problem)") }
    }

    static func append(_ rows: String, to path: String) throws {
        // Never blocks on a FIFO put there since the check; anything but a regular file is refused.
        let fd: Int32
        switch SafeFile.openForAppend(path) {
        case .success(let f): fd = f
        case .failure(let problem): throw RecordError(description: "\(path): \(problem)")
        }
        defer { close(fd) }
        guard flock(fd, LOCK_EX) == 0 else { throw RecordError(description: "\(path): cannot lock the file") }
        defer { flock(fd, LOCK_UN) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw RecordError(description: "\(path): \(String(cString: strerror(errno)))") }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            throw RecordError(description: "\(path): not a regular file; the record must be a file")
        }
        var text = rows
        if st.st_size == 0 { text = header + "\r\n" + rows }
        let bytes = Array(text.utf8)
        // Write it all (a write may be short), or leave the file exactly as it was: on failure it
        // is cut back to its size before this append, still under the lock.
        var offset = 0
        var failure: Int32?
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            if n == 0 {
                failure = ENOSPC
                break
            }
            offset += n
        }
        if failure == nil && fsync(fd) != 0 && errno != EINVAL { failure = errno }
        if let e = failure {
            _ = ftruncate(fd, st.st_size)
            throw RecordError(
                description: "\(path): the record could not be written (\(String(cString: strerror(e)))); the file is as it was")
        }
    }
}

/// Runs a quiz over a line source: the story, "What should you do?", the four verdicts, feedback.
final class Trainer {
    let library: Library
    let today: Day
    let input: LineSource
    let out = Output.stdout
    let policyID: String?
    let passMark: Double

    init(library: Library, today: Day, input: LineSource, policyID: String?, passMark: Double) {
        self.library = library
        self.today = today
        self.input = input
        self.policyID = policyID
        self.passMark = passMark
    }

    static let choices: [Verdict] = [.allowed, .notAllowed, .askFirst, .refer]

    /// Asks which school's policy to train on. Returns .some(nil) for "all schools", nil to stop.
    static func choosePolicy(library: Library, input: LineSource, out: Output, remembered: String? = nil) -> String?? {
        if let id = remembered, let p = library.policy(id) {
            out.line(out.styled("Train on " + out.safe(p.school) + "'s policy, as last time?", .bold))
            out.line("  1. Yes")
            out.line("  2. Another school")
            asking: while true {
                switch input.read(prompt: "school> ") {
                case .endOfInput: return nil
                case .interrupted: continue
                case .line(let raw):
                    let word = Text.fold(raw)
                    if word.isEmpty { continue }
                    if ReplCommand.parse(raw.trimmingCharacters(in: .whitespaces)) == .quit { return nil }
                    if ["1", "yes", "y", "yeah", "yep", "ok"].contains(word) { return .some(p.id) }
                    if ["2", "no", "n", "another", "another school", "other"].contains(word) { break asking }
                    if let q = library.policy(raw.trimmingCharacters(in: .whitespaces)) { return .some(q.id) }
                    out.line("Type 1 for yes, or 2 for another school.")
                }
            }
        }
        let labels = library.policies.map(\.school) + ["Not sure / all schools (the most cautious answer)"]
        while true {
            out.line(out.styled("Which school's policy do you work under?", .bold))
            for (i, l) in labels.enumerated() { out.line("  \(i + 1). " + out.safe(l)) }
            switch input.read(prompt: "school> ") {
            case .endOfInput: return nil
            case .interrupted: continue
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                if ReplCommand.parse(line) == .quit { return nil }
                if let p = library.policy(line) { return .some(p.id) }
                switch AnswerMatcher.match(line, labels: labels) {
                case .matched(let i): return .some(i < library.policies.count ? library.policies[i].id : nil)
                default: out.line("Type a number from 1 to \(labels.count).")
                }
            }
        }
    }

    /// Asks every item; returns the answers given, or nil if the trainee stopped early.
    func run(_ items: [QuizItem]) -> [(QuizItem, Bool)]? {
        let school = policyID.flatMap { library.policy($0)?.school } ?? "every school (the most cautious answer)"
        out.line(out.styled("Induction training", .bold) + ": social media policy of " + out.safe(school))
        let topics = Set(items.map(\.scenario.topic)).sorted()
        out.line(
            out.wrap(
                "\(items.count) situations on \(topics.joined(separator: ", ")). For each, choose what you should do. Pass mark: \(Int(passMark))%. Type :quit to stop.",
                hanging: 0))
        var answers: [(QuizItem, Bool)] = []
        for (i, item) in items.enumerated() {
            let title = library.tree(item.scenario.topic)?.title ?? item.scenario.topic
            out.line()
            out.line(out.styled("Situation \(i + 1) of \(items.count)", .bold) + out.styled(" · " + out.safe(title), .dim))
            out.line(out.wrap(out.safe(item.scenario.story), indent: 2, hanging: 0))
            guard let chosen = ask() else {
                out.line("Training stopped after \(answers.count) of \(items.count) situations; nothing is recorded.")
                return nil
            }
            let right = chosen == item.correct
            answers.append((item, right))
            feedback(item, chosen: chosen, right: right)
        }
        return answers
    }

    /// "What should you do?" until a valid choice; nil on :quit or end of input.
    func ask() -> Verdict? {
        while true {
            out.line(out.styled("What should you do?", .bold))
            for (i, v) in Trainer.choices.enumerated() {
                out.line("  " + out.styled("\(i + 1).", .cyan) + " " + v.plainAction)
            }
            switch input.read(prompt: "choice> ") {
            case .endOfInput: return nil
            case .interrupted: continue
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty { continue }
                if let c = ReplCommand.parse(line), c == .quit { return nil }
                if let v = Verdict(rawValue: line.lowercased()) { return v }
                switch AnswerMatcher.match(line, labels: Trainer.choices.map(\.plainAction)) {
                case .matched(let i): return Trainer.choices[i]
                default: out.line("Type a number from 1 to 4.")
                }
            }
        }
    }

    func feedback(_ item: QuizItem, chosen: Verdict, right: Bool) {
        let r = item.result
        if right {
            let label = out.verdictLabel(r.verdict)
            out.line(out.wrap(out.styled("✓ Right: ", .boldGreen) + label, keeping: label, hanging: 2))
        } else {
            let label = out.verdictLabel(r.verdict)
            out.line(
                out.wrap(
                    out.styled("✗ Not quite. ", .boldRed) + "The answer is " + label
                        + " (you chose \(chosen.label.lowercased())).", keeping: label, hanging: 2))
        }
        out.line(out.wrap(out.styled("What to do: ", .bold) + out.safe(r.advice), hanging: 2))
        if !r.ask.isEmpty {
            out.line(out.wrap(out.styled("Who to ask: ", .bold) + out.safe(Render.joinNames(r.ask)), hanging: 2))
        }
        if r.policyID != nil {
            Render.citations(r.citations, to: out)
        } else {
            for d in r.differences {
                out.line(
                    out.wrap(
                        "• " + out.safe(d.school) + ": " + d.verdict.label
                            + (d.citations.first.map { ", " + Render.clauseName($0.clauseID) } ?? ""), indent: 2, hanging: 2))
            }
        }
    }

    /// The end: score per topic, topics to revisit, pass or fail. Returns whether it passed.
    @discardableResult
    func summary(_ scores: [TopicScore]) -> Bool {
        out.line()
        out.line(out.styled("Your score", .bold))
        let rows = scores.map { s in
            let mark = s.passed(mark: passMark) ? out.styled("✓", .green) : out.styled("✗", .red)
            return (left: "\(mark) " + out.safe(s.topic), right: "\(s.correct)/\(s.asked)  \(Int(s.percent.rounded()))%")
        }
        out.line(out.columns(rows, indent: 2))
        let all = Training.overall(scores)
        let passed = all.passed(mark: passMark)
        out.line(
            "Overall: \(all.correct)/\(all.asked) (\(Int(all.percent.rounded()))%), pass mark \(Int(passMark))%: "
                + (passed ? out.styled("PASSED", .boldGreen) : out.styled("NOT PASSED", .boldRed)))
        let revisit = scores.filter { !$0.passed(mark: passMark) }.map(\.topic)
        if !revisit.isEmpty {
            out.line(
                out.wrap(
                    "Topics to revisit: " + revisit.joined(separator: ", ")
                        + ". Ask about them in the advisor, or read the clauses quoted above.", hanging: 2))
        }
        return passed
    }
}

extension PolicyAdvisor {
    struct Train: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Induction training: a scenario quiz on your school's policy, with a record HR can keep.",
            discussion: "Exit status: 0 passed, 1 not passed (or stopped), 2 input errors, 64 bad arguments.")

        @OptionGroup var global: GlobalOptions
        @OptionGroup var policyOption: PolicyOption

        @Option(name: .customLong("topic"), help: ArgumentHelp("Only this topic; repeat for more.", valueName: "id"))
        var topics: [String] = []

        // Taken whatever it looks like, so that a name such as "-2+3" is a name, not an option.
        @Option(parsing: .unconditional, help: ArgumentHelp("Your name, for the record.", valueName: "name"))
        var name: String?

        @Option(help: ArgumentHelp("Append the result to this CSV file (one row per topic).", valueName: "file"))
        var record: String?

        @Option(help: ArgumentHelp("Fix the order of the situations (the same seed gives the same order).", valueName: "n"))
        var seed: UInt64?

        @Option(help: ArgumentHelp("The pass mark, in percent.", valueName: "percent"))
        var pass: Double = 80

        mutating func validate() throws {
            guard (0...100).contains(pass) else { throw ValidationError("--pass must be a percentage from 0 to 100") }
            if record != nil && (name ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
                throw ValidationError("--record needs --name: the record says who took the training")
            }
            if let r = record {
                do { try TrainingRecord.checkWritable(r) } catch { throw ValidationError("--record: \(error)") }
            }
        }

        mutating func run() throws {
            let context = try global.load()
            let library = context.library
            let policy = try policyOption.resolve(in: library)
            for t in topics { _ = try library.requireTree(t) }
            let scenarios = try TrainingFiles.load(treesDirectory: global.treesDirectory())
            let out = Output.stdout
            out.fitsLines = true
            let source: LineSource
            var rememberPath: String?
            if isatty(0) == 1 && isatty(1) == 1 && Env.get("TERM") != "dumb",
                let editor = LineEditor(historyPath: nil)
            {
                source = editor
                rememberPath = RememberedSchool.path()
            } else {
                source = PlainLineSource(out: out)
            }
            let seed = self.seed ?? UInt64.random(in: 0...UInt64.max)
            var chosenPolicy = policy
            if policyOption.policy == nil && (Env.get("POLICY_ADVISOR_POLICY") ?? "").isEmpty {
                // The school the advisor remembers is offered first (interactive sessions only).
                let last = rememberPath == nil ? nil : RememberedSchool.read().flatMap { library.policy($0)?.id }
                guard let picked = Trainer.choosePolicy(library: library, input: source, out: out, remembered: last) else {
                    out.flush()
                    throw ExitCode.failure
                }
                chosenPolicy = picked
                if let path = rememberPath { RememberedSchool.write(picked, to: path) }
            }
            let (items, issues) = Training.quiz(
                scenarios, library: library, policyID: chosenPolicy, topics: topics, seed: seed, today: context.today)
            for i in issues {
                Output.stderr.line("policy-advisor: training scenario at line \(i.line): \(Output.stderr.safe(i.message))")
            }
            if !issues.isEmpty { throw ExitCode.inputError }
            guard !items.isEmpty else {
                Output.stderr.line(
                    "policy-advisor: no training scenarios for \(topics.isEmpty ? "any topic" : topics.joined(separator: ", "))")
                throw ExitCode.inputError
            }
            let trainer = Trainer(library: library, today: context.today, input: source, policyID: chosenPolicy, passMark: pass)
            guard let answers = trainer.run(items) else {
                out.flush()
                throw ExitCode.failure
            }
            let scores = Training.score(answers)
            let passed = trainer.summary(scores)
            if let path = record, let name {
                do {
                    try TrainingRecord.append(
                        TrainingRecord.rows(name: name, date: Date(), policy: chosenPolicy ?? "none", scores: scores, mark: pass),
                        to: path)
                    out.line("Recorded in \(out.safe(path)).")
                } catch {
                    out.flush()
                    Output.stderr.line("policy-advisor: could not write the training record: \(error)")
                    throw ExitCode.inputError
                }
            }
            out.flush()
            if !passed { throw ExitCode.failure }
        }
    }
}
