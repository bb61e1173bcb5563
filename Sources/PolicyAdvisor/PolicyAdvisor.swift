import ArgumentParser
import DecisionTree
import Foundation

@main
struct PolicyAdvisor: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "policy-advisor",
        abstract:
            "Answers school staff's questions about their school's social media policy, quoting the clause behind each answer.",
        discussion: """
            With no subcommand, starts the interactive advisor. Exit status: 0 ok, 1 check failures, \
            lint errors or (diff-policy) versions that differ, 2 input errors (bad script, unknown policy or topic, broken trees), \
            3 needs more answers (ask), 4 no topic fits (ask), 64 bad command-line arguments.
            """,
        version: version,
        subcommands: [Ask.self, Topics.self, Policies.self, Cite.self, Train.self],
        groupedSubcommands: [
            CommandGroup(name: "Scripted mode", subcommands: [Run.self, Check.self]),
            CommandGroup(
                name: "For tree authors",
                subcommands: [
                    Lint.self, Graph.self, Compare.self, Coverage.self, Import.self, AdoptModel.self, ReviewCommand.self,
                    DiffPolicy.self, Scaffold.self, Route.self,
                    Table.self,
                ]),
        ]
    )

    /// Like ArgumentParser's own `main`, except that a bad argument found while a subcommand runs
    /// (an unknown policy, topic or clause) is reported with that subcommand's usage, not the root's.
    static func main() {
        _ = StandardInput.closedAtStart
        var command: ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            finish(error)
        }
        do {
            try command.run()
        } catch let error as ValidationError {
            let sub = type(of: command)
            if sub == PolicyAdvisor.self { finish(error) }
            let name = "policy-advisor " + sub._commandName
            Output.stderr.line("Error: \(Output.stderr.safe(error.message))")
            Output.stderr.line("  See '\(name) --help' for more information.")
            finish(code: ExitCode.validationFailure.rawValue)
        } catch {
            finish(error)
        }
        finish(code: 0)
    }

    /// Reports an error as ArgumentParser would (its text made safe for a terminal) and exits.
    static func finish(_ error: Error) -> Never {
        let code = exitCode(for: error).rawValue
        let message = fullMessage(for: error)
        if !message.isEmpty {
            if code == 0 {
                Output.stdout.line(message)
            } else {
                Output.stderr.line(Output.stderr.safe(message))
            }
        }
        finish(code: code)
    }

    /// Exits with the status the work earned, or 1 when its output could not be written (a full
    /// disk, an I/O error): a run whose output was lost never reports success.
    static func finish(code: Int32) -> Never {
        Output.stdout.flush()
        Output.stderr.flush()
        var status = code
        if Output.writeFailure != nil && status == 0 { status = ExitCode.failure.rawValue }
        Foundation.exit(status)
    }

    @OptionGroup var options: GlobalOptions
    @OptionGroup var policyOption: PolicyOption

    @Option(
        help: ArgumentHelp(
            "Keep a Markdown record of every consultation in this file (each appended as it ends; an earlier session's record is kept).",
            valueName: "file"))
    var transcript: String?

    mutating func validate() throws {
        // A --policy given before a subcommand that does not use it (`--policy bogus topics`) is
        // still checked: an unknown id is a bad argument wherever it stands.
        if let p = policyOption.policy, !ScriptRunner.nonePolicyWords.contains(Text.fold(p)),
            !p.contains("/"), !FileManager.default.fileExists(atPath: options.treesDirectory() + "/policies/" + p + ".json")
        {
            let dir = options.treesDirectory() + "/policies"
            let ids = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [])
                .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
            throw ValidationError("unknown policy '\(p)'; choose one of: \(ids.joined(separator: ", ")), or none")
        }
        if let t = transcript, let problem = Transcript.problem(t) {
            throw ValidationError("--transcript: \(t): \(problem)")
        }
    }

    mutating func run() throws {
        let context = try options.load()
        let flagPolicy = try policyOption.resolve(in: context.library)
        let env = ProcessInfo.processInfo.environment
        let flagChosen = policyOption.policy != nil || (env["POLICY_ADVISOR_POLICY"].map { !$0.isEmpty } ?? false)
        let out = Output.stdout
        out.fitsLines = true
        let source: LineSource
        var rememberPath: String?
        var policy = flagPolicy
        var chosen = flagChosen
        var remembered = false
        var dropped: String?
        if isatty(0) == 1 && isatty(1) == 1 && env["TERM"] != "dumb", let editor = LineEditor(historyPath: HistoryFile.path()) {
            source = editor
            // The school chosen last time, in interactive sessions only (never in piped runs).
            rememberPath = RememberedSchool.path()
            if !chosen, let path = rememberPath, let id = RememberedSchool.read() {
                if context.library.policy(id) != nil {
                    policy = id
                    chosen = true
                    remembered = true
                } else if id == "none" {
                    chosen = true
                    remembered = true
                } else {
                    // The school chosen last time is not in these trees any more: drop it, and say so.
                    RememberedSchool.forget(at: path)
                    dropped = id
                }
            }
        } else {
            source = PlainLineSource(out: out)
        }
        let repl = Repl(
            library: context.library, today: context.today, input: source, policyID: policy, policyChosen: chosen,
            transcriptPath: transcript)
        repl.rememberPath = rememberPath
        repl.remembered = remembered
        repl.droppedSchool = dropped
        let treesDir = options.treesDirectory()
        repl.trainer = { repl, args in
            let topics = args.filter { repl.library.tree($0) != nil }
            if topics.count != args.count {
                repl.out.line(
                    "Unknown topic: " + args.filter { repl.library.tree($0) == nil }.joined(separator: ", ") + ". Topics: "
                        + repl.library.trees.map(\.id).joined(separator: ", "))
                return
            }
            guard let scenarios = try? TrainingFiles.load(treesDirectory: treesDir) else { return }
            let (items, _) = Training.quiz(
                scenarios, library: repl.library, policyID: repl.policyID, topics: topics,
                seed: UInt64.random(in: 0...UInt64.max),
                today: repl.today)
            guard !items.isEmpty else {
                repl.out.line("There are no training situations for that topic.")
                return
            }
            let trainer = Trainer(
                library: repl.library, today: repl.today, input: repl.input, policyID: repl.policyID, passMark: 80)
            if let answers = trainer.run(items) { trainer.summary(Training.score(answers)) }
            repl.out.line("Back to the advisor: ask a question.")
        }
        repl.run()
        out.flush()
    }
}
