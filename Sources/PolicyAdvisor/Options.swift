import ArgumentParser
import DecisionTree
import Foundation

/// Options every command shares.
struct GlobalOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The trees directory (default: $POLICY_ADVISOR_TREES, else the trees installed with the program, else ./trees).",
            valueName: "dir"))
    var trees: String?

    mutating func validate() throws {
        if let t = trees, t.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("--trees needs a directory's name (it was given an empty one)")
        }
    }

    /// Finds the trees directory: --trees, then $POLICY_ADVISOR_TREES, then beside the executable
    /// (installed: PREFIX/share/policy-advisor/trees; in the repository: the trees/ folder above
    /// .build), then ./trees.
    func treesDirectory() -> String {
        if let t = trees { return t }
        if let env = Env.get("POLICY_ADVISOR_TREES"), !env.isEmpty { return env }
        let fm = FileManager.default
        let exe = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).resolvingSymlinksInPath()
        var dir = exe.deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/policy-advisor/trees")
        if fm.fileExists(atPath: installed.appendingPathComponent("policies").path) { return installed.path }
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent("trees")
            if fm.fileExists(atPath: candidate.appendingPathComponent("policies").path) { return candidate.path }
            dir = dir.deletingLastPathComponent()
        }
        return "trees"
    }

    func load(checkSources: Bool = false) throws -> Context {
        let dir = treesDirectory()
        do {
            let library = try Library.load(directory: dir, options: LoadOptions(checkSources: checkSources))
            return Context(library: library, today: Today.day)
        } catch {
            let err = Output.stderr
            for d in error.diagnostics { err.diagnostic(d) }
            let n = error.errors.count
            let following = Diagnostic.followingNote(error.followers, causes: n)
            err.line(
                "policy-advisor: the trees in \(dir) have \(n) error\(n == 1 ? "" : "s")\(following); run 'policy-advisor lint \(dir)' for details"
            )
            throw ExitCode.inputError
        }
    }
}

/// The policy option shared by the commands that answer questions.
struct PolicyOption: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "The school's policy id (default: $POLICY_ADVISOR_POLICY; 'none' gives the most cautious answer and where schools differ).",
            valueName: "id"))
    var policy: String?

    /// The chosen policy: nil for none. Throws a ValidationError (exit 64) for an unknown id.
    func resolve(in library: Library) throws -> String? {
        let env = Env.get("POLICY_ADVISOR_POLICY")
        guard let value = policy ?? (env?.isEmpty == false ? env : nil) else { return nil }
        if ScriptRunner.nonePolicyWords.contains(Text.fold(value)) { return nil }
        guard library.policy(value) != nil else {
            throw ValidationError(
                "unknown policy '\(value)'; choose one of: \(library.policyIDs.joined(separator: ", ")), or none")
        }
        return value
    }
}

extension Library {
    /// The topic named on the command line, or a ValidationError (exit 64) listing the topics.
    func requireTree(_ id: String) throws -> Tree {
        guard let t = tree(id) else {
            throw ValidationError("unknown topic '\(id)'; choose one of: \(trees.map(\.id).joined(separator: ", "))")
        }
        return t
    }

    /// The policy named on the command line, or a ValidationError (exit 64) listing the policies.
    func requirePolicy(_ id: String) throws -> Policy {
        guard let p = policy(id) else {
            throw ValidationError("unknown policy '\(id)'; choose one of: \(policyIDs.joined(separator: ", "))")
        }
        return p
    }
}

struct Context {
    var library: Library
    var today: Day
}

enum Today {
    /// Today's date, from the clock; `POLICY_ADVISOR_TODAY=YYYY-MM-DD` fixes it (for tests).
    static var day: Day {
        if let s = Env.get("POLICY_ADVISOR_TODAY"), let d = PolicyDate(s), let m = d.month, let dd = d.day {
            return Day(year: d.year, month: m, day: dd)
        }
        let c = Calendar(identifier: .gregorian).dateComponents(in: TimeZone.current, from: Date())
        return Day(year: c.year ?? 2000, month: c.month ?? 1, day: c.day ?? 1)
    }
}

/// Output format of the scripted commands.
enum Format: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
}
