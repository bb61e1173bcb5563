import ArgumentParser
import DecisionTree
import Foundation

extension Diagram.Format: ExpressibleByArgument {}

extension PolicyAdvisor {
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a topic's tree: Graphviz DOT (dot -Tsvg, dot -Tpng) or Mermaid.",
            discussion:
                "Questions are boxes, answers label the edges, outcomes are coloured by verdict (green allowed, red not-allowed, yellow ask-first, purple refer, grey where schools differ)."
        )

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic id.") var topic: String
        @Option(help: "dot or mermaid.") var format: Diagram.Format = .dot
        @OptionGroup var policyOption: PolicyOption

        func run() throws {
            let context = try global.load()
            let tree = try context.library.requireTree(topic)
            let policy = try policyOption.resolve(in: context.library)
            Output.stdout.write(Diagram.render(tree, library: context.library, policy: policy, format: format))
            Output.stdout.flush()
        }
    }

    struct Compare: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "For each outcome of a topic, the schools side by side: verdict and clauses; ≠ marks where they disagree.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic id.") var topic: String
        @Option(help: "Output format: text or json.") var format: Format = .text

        func run() throws {
            let context = try global.load()
            let tree = try context.library.requireTree(topic)
            let out = Output.stdout
            let rows = OutcomeComparison.compute(tree, library: context.library)
            if format == .json {
                out.line(
                    JSONOut.array(
                        rows.map { c in
                            .object([
                                ("outcome", .string(c.outcomeID)), ("title", .string(c.title)),
                                ("schoolsDiffer", .bool(c.schoolsDiffer)),
                                (
                                    "schools",
                                    .array(
                                        c.rows.map {
                                            .object([
                                                ("policy", .string($0.policyID)), ("verdict", .string($0.verdict.rawValue)),
                                                ("clauses", .array($0.clauses.map { .string($0) })),
                                            ])
                                        })
                                ),
                            ])
                        }
                    ).encoded)
                out.flush()
                return
            }
            out.line(
                out.styled(out.safe(tree.title), .bold)
                    + ": \(rows.count) outcomes, \(rows.filter(\.schoolsDiffer).count) where the schools disagree (≠)")
            let w = context.library.policyIDs.map(\.count).max() ?? 0
            for c in rows {
                out.line()
                out.line(
                    (c.schoolsDiffer ? out.styled("≠ ", .boldYellow) : "  ") + out.styled(out.safe(c.title), .bold)
                        + out.styled(" (\(c.outcomeID))", .dim))
                for r in c.rows {
                    let verdict = r.verdict.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                    out.line(
                        out.hang(
                            "    " + r.policyID.padding(toLength: w, withPad: " ", startingAt: 0) + "  "
                                + out.styled(verdict, style(r.verdict)), r.clauses.joined(separator: ", ")))
                }
            }
            out.flush()
        }

        func style(_ v: Verdict) -> Output.Style {
            switch v {
            case .allowed: return .green
            case .notAllowed: return .red
            case .askFirst: return .yellow
            case .refer: return .magenta
            }
        }
    }

    struct Coverage: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Reverse coverage: for each policy, the clauses no tree cites, and the count cited.")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "Only this policy.") var policy: String?
        @Option(help: "Output format: text or json.") var format: Format = .text

        func run() throws {
            let context = try global.load()
            if let p = policy { _ = try context.library.requirePolicy(p) }
            let all = ClauseCoverage.compute(context.library).filter { policy == nil || $0.policyID == policy }
            let out = Output.stdout
            if format == .json {
                out.line(
                    JSONOut.array(
                        all.map { c in
                            .object([
                                ("policy", .string(c.policyID)), ("cited", .int(c.cited.count)),
                                ("clauses", .int(c.cited.count + c.uncited.count)),
                                (
                                    "uncited",
                                    .array(
                                        c.uncited.map { .object([("clause", .string($0.id)), ("heading", .string($0.heading))]) })
                                ),
                            ])
                        }
                    ).encoded)
                out.flush()
                return
            }
            for c in all {
                let total = c.cited.count + c.uncited.count
                out.line(
                    out.styled(out.safe(c.school), .bold)
                        + " (\(c.policyID)): \(c.cited.count) of \(total) clauses cited; not cited by any tree:")
                for cl in c.uncited {
                    let excerpt = Diagram.lines(cl.text, width: 60).first ?? ""
                    out.line(
                        out.wrap(
                            "  " + Render.clauseLabel(cl.id, heading: out.safe(cl.heading)) + ": "
                                + out.styled(out.safe(excerpt) + "…", .dim), hanging: 4))
                }
                out.line()
            }
            out.flush()
        }
    }
}

extension PolicyAdvisor {
    struct Scaffold: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Add a new school's policy to every tree, with cautious placeholders to replace.",
            discussion: """
                Reads policies/ID.json (and its source text) in the trees directory. Every outcome without an \
                answer for ID gets ask-first, the policy's when-in-doubt person and clause; every question's \
                'why' gets the when-in-doubt clause. The trees then load, and you replace the placeholders \
                with what the school's text says (see docs/authoring.md). Files are rewritten whole.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new policy's id (its file is policies/ID.json).") var policy: String

        func run() throws {
            let dir = global.treesDirectory()
            let p = try AuthoringFiles.loadPolicy(dir, policy, missing: "write it first (see docs/authoring.md)")
            var outcomes = 0
            var questions = 0
            let rewritten = try AuthoringFiles.rewriteTrees(in: dir) { tree in
                let (updated, change) = DecisionTree.Scaffold.add(p, to: tree)
                outcomes += change.outcomes
                questions += change.questions
                return change.outcomes + change.questions > 0 ? updated : nil
            }
            let out = Output.stdout
            out.line(
                "Added \(p.id) to \(rewritten) tree\(rewritten == 1 ? "" : "s"): \(outcomes) outcome placeholders (ask-first, refer where a child's safety is at stake; each marked for review) and \(questions) 'why' entries. Next: policy-advisor review \(p.id) walks you through each against your text."
            )
            out.line(
                "Next: replace each placeholder with what \(out.safe(p.school))'s text says, then run 'policy-advisor lint' and 'policy-advisor check'."
            )
            out.flush()
        }
    }
}

/// What `scaffold` and `adopt` share: reading a new policy on its own, and rewriting the trees.
enum AuthoringFiles {
    /// Loads policies/ID.json (and its source text) without the trees, which do not name it yet.
    static func loadPolicy(_ dir: String, _ id: String, missing: String? = nil) throws -> Policy {
        let path = dir + "/policies/" + id + ".json"
        let limit = LoadOptions().maxFileSize
        let file: SourceFile
        switch SafeFile.read(path, limit: limit) {
        case .success(let bytes): file = SourceFile(name: path, bytes: bytes)
        case .failure(.missing): throw ValidationError("no policy file \(path)" + (missing.map { ": " + $0 } ?? ""))
        case .failure(let problem): throw ValidationError("\(path): \(problem)")
        }
        // The source text, if the file names one inside the trees directory that can be read.
        var sourceText: String?
        if let json = try? JSONReader.parse(file.bytes),
            let src = json.members?.first(where: { $0.key == "source" })?.value.string,
            let root = SafeFile.realPath(dir), let real = SafeFile.realPath(dir + "/policies/" + src),
            real.hasPrefix(root.hasSuffix("/") ? root : root + "/"),
            case .success(let text) = SafeFile.readText(real, limit: limit)
        {
            sourceText = text
        }
        do {
            return try DecisionTree.Scaffold.loadPolicy(file, source: sourceText)
        } catch {
            for d in error.diagnostics { Output.stderr.diagnostic(d) }
            throw ExitCode.inputError
        }
    }

    /// Applies `change` to every tree of `dir` (nil: leave that tree alone) and writes the changed
    /// ones; every tree is read and changed in memory first, so nothing is written unless all
    /// parsed. Returns how many trees were rewritten.
    static func rewriteTrees(in dir: String, _ change: (JSONValue) -> JSONValue?) throws -> Int {
        let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter(Library.isTreeFileName).sorted()
        var rewritten: [(String, String)] = []
        for n in names {
            let tpath = dir + "/" + n
            let tdata: [UInt8]
            switch SafeFile.read(tpath, limit: LoadOptions().maxFileSize) {
            case .success(let bytes): tdata = bytes
            case .failure(let problem):
                // Nothing is written unless every tree could be read.
                Output.stderr.diagnostic(Diagnostic(rule: "unreadable", file: tpath, message: problem.description))
                throw ExitCode.inputError
            }
            let tree: JSONValue
            do {
                tree = try JSONReader.parse(tdata)
            } catch {
                Output.stderr.diagnostic(Diagnostic(rule: "json", file: tpath, location: error.location, message: error.message))
                throw ExitCode.inputError
            }
            if let updated = change(tree) { rewritten.append((tpath, updated.pretty())) }
        }
        for (tpath, text) in rewritten { try SafeFile.atomicWrite(text, to: tpath) }
        return rewritten.count
    }
}
