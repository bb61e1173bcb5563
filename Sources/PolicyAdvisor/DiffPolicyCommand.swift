import ArgumentParser
import DecisionTree
import Foundation

extension PolicyAdvisor {
    struct DiffPolicy: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "diff-policy",
            abstract: "What changed between two versions of a school's policy, and which answers to review.",
            discussion: """
                OLD and NEW are each a policy id of the trees directory, a policy file (.json), or a \
                policy document (.txt, .md, .docx) read as 'import' reads it. Clauses are paired by \
                their words, not their numbers: the same words under another number are renumbered, \
                similar words are changed (shown as a word diff, [-removed-] {+added+}), the rest \
                removed or added. When either side is a document, a policy side is read from its own \
                source text the same way, so both are split into clauses alike. Then every outcome \
                whose answer for the school (OLD's id, or --policy) cites a changed or removed clause \
                is listed for review. Exit status, as diff(1): 0 the same, 1 they differ, 2 trouble \
                (a file that cannot be read, trees that do not load), 64 bad arguments.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The old version: a policy id, a policy file (.json) or a document.") var old: String
        @Argument(help: "The new version: a policy id, a policy file (.json) or a document.") var new: String
        /// Whose answers in the trees to check (default: OLD's policy id, when OLD is a policy).
        // The shared option (the root command takes a --policy of its own, and ArgumentParser
        // hands the value to a subcommand only through the same option group).
        @OptionGroup var policyOption: PolicyOption
        @Option(help: ArgumentHelp("The school's name, set aside when comparing words, for two documents.", valueName: "name"))
        var school: String?
        @Option(help: "Output format: text or json.") var format: Format = .text

        /// One side of the comparison.
        enum Side {
            case policy(Policy, path: String, source: String?)
            case document(String, path: String, docx: Bool)

            var policy: Policy? {
                if case .policy(let p, _, _) = self { return p }
                return nil
            }

            var isDocument: Bool {
                if case .document = self { return true }
                return false
            }
        }

        func resolve(_ arg: String, _ dir: String) throws -> Side {
            var isDir: ObjCBool = false
            let exists = FileManager.default.fileExists(atPath: arg, isDirectory: &isDir)
            if !exists, arg.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil {
                let path = dir + "/policies/" + arg + ".json"
                guard FileManager.default.fileExists(atPath: path) else {
                    let ids = ((try? FileManager.default.contentsOfDirectory(atPath: dir + "/policies")) ?? [])
                        .filter { $0.hasSuffix(".json") && !$0.hasPrefix(".") }.map { String($0.dropLast(5)) }.sorted()
                    throw ValidationError(
                        "'\(arg)' is neither a file nor a policy of \(dir); policies: \(ids.joined(separator: ", "))")
                }
                return try policyFile(path)
            }
            if arg.lowercased().hasSuffix(".json") { return try policyFile(arg) }
            let d = try DocumentFile.read(arg)
            return .document(d.text, path: arg, docx: d.kind == .docx)
        }

        /// A policy file, loaded and checked on its own, with its source text if it can be read.
        func policyFile(_ path: String) throws -> Side {
            let bytes: [UInt8]
            switch SafeFile.read(path, limit: 32 * 1024 * 1024) {
            case .success(let b): bytes = b
            case .failure(let f): throw DocumentFile.inputError(path, f.description)
            }
            let file = SourceFile(name: path, bytes: bytes)
            var source: String?
            if let json = try? JSONReader.parse(bytes),
                let src = json.members?.first(where: { $0.key == "source" })?.value.string,
                case .success(let s) = SafeFile.read(
                    SafeFile.directory(of: path).isEmpty
                        ? src : SafeFile.directory(of: path) + "/" + src, limit: 32 * 1024 * 1024)
            {
                source = String(validating: s, as: UTF8.self)
            }
            do {
                return .policy(try DecisionTree.Scaffold.loadPolicy(file, source: source), path: path, source: source)
            } catch {
                for d in error.diagnostics { Output.stderr.diagnostic(d) }
                throw ExitCode.inputError
            }
        }

        /// A side's clauses: a policy's own, or (`asText`) those an import of its text finds.
        func clauses(_ side: Side, asText: Bool) throws -> [PolicyDiff.Clause] {
            let text: String
            let name: String
            switch side {
            case .policy(let p, let path, let source):
                if !asText { return p.clauses.map { PolicyDiff.Clause(id: $0.id, heading: $0.heading, text: $0.text) } }
                guard let source else {
                    throw DocumentFile.inputError(
                        path, "its source text \(p.source) cannot be read, and the other side is a document to compare it with")
                }
                text = source
                name = path
            case .document(let t, let path, _):
                text = t
                name = path
            }
            let imported = PolicyImport.read(text).clauses
            if imported.isEmpty { throw DocumentFile.inputError(name, "no clauses found in the text") }
            return imported.map { PolicyDiff.Clause(id: $0.id, heading: $0.heading, text: $0.text) }
        }

        func describe(_ side: Side, asText: Bool) -> String {
            switch side {
            case .policy(let p, let path, _):
                return "\(path) (\(p.school)'s policy" + (asText ? ", read from its source text)" : ")")
            case .document(_, let path, let docx): return "\(path) (" + (docx ? "a Word document)" : "a text document)")
            }
        }

        func run() throws {
            let dir = global.treesDirectory()
            let a = try resolve(old, dir)
            let b = try resolve(new, dir)
            let asText = a.isDocument || b.isDocument
            let oldClauses = try clauses(a, asText: asText)
            let newClauses = try clauses(b, asText: asText)
            let names = [a.policy?.school, b.policy?.school, school].compactMap { $0 }
            let diff = PolicyDiff.compare(old: oldClauses, new: newClauses, names: names)

            // Whose answers to check, and how that policy's clauses stand in the new version.
            let given = policyOption.policy.flatMap { ScriptRunner.nonePolicyWords.contains(Text.fold($0)) ? nil : $0 }
            let pid = given ?? a.policy?.id
            var review: [PolicyDiff.Affected] = []
            var renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])] = []
            if let pid {
                let library = try global.load().library
                guard let p = library.policy(pid) else {
                    throw ValidationError(
                        "unknown policy '\(pid)' in \(dir); choose one of: \(library.policyIDs.joined(separator: ", "))")
                }
                var oldStatus: [String: PolicyDiff.Status] = [:]
                for c in diff.changed { oldStatus[c.old.id] = .changed }
                for c in diff.removed { oldStatus[c.id] = .removed }
                var oldRenumbered: [String: String] = [:]
                for r in diff.renumbered { oldRenumbered[r.old.id] = r.new.id }
                var status: [String: PolicyDiff.Status] = [:]
                var renumbered: [String: String] = [:]
                if !asText, a.policy?.id == pid {
                    status = oldStatus
                    renumbered = oldRenumbered
                } else {
                    // The trees cite the policy's own clause ids: find each clause in the old
                    // version by its words; one that cannot be found is reviewed too.
                    let pairs = PolicyImport.match(p.clauses.map(\.text), oldClauses.map(\.text), names: names)
                    for (i, c) in p.clauses.enumerated() {
                        guard let (j, _) = pairs[i] else {
                            status[c.id] = .unmatched
                            continue
                        }
                        let id = oldClauses[j].id
                        if let s = oldStatus[id] { status[c.id] = s }
                        if let n = oldRenumbered[id] { renumbered[c.id] = n }
                    }
                }
                (review, renumberedOnly) = PolicyDiff.affected(library, policyID: pid, status: status, renumbered: renumbered)
            }
            if format == .json {
                printJSON(a, b, asText: asText, diff: diff, pid: pid, review: review, renumberedOnly: renumberedOnly)
            } else {
                printText(a, b, asText: asText, diff: diff, pid: pid, review: review, renumberedOnly: renumberedOnly)
            }
            Output.stdout.flush()
            if !diff.isSame { throw ExitCode.failure }
        }

        func printText(
            _ a: Side, _ b: Side, asText: Bool, diff: PolicyDiff.Result, pid: String?, review: [PolicyDiff.Affected],
            renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])]
        ) {
            let out = Output.stdout
            out.line(out.wrap(out.safe("Old: " + describe(a, asText: asText)), hanging: 5))
            out.line(out.wrap(out.safe("New: " + describe(b, asText: asText)), hanging: 5))
            out.line(
                out.wrap(
                    "Clauses: \(diff.same.count + diff.renumbered.count) the same"
                        + (diff.renumbered.isEmpty ? "" : " (\(diff.renumbered.count) renumbered)")
                        + ", \(diff.changed.count) changed, \(diff.removed.count) removed, \(diff.added.count) added.",
                    hanging: 2))
            printClauses(diff, out)
            out.line()
            printReview(pid: pid, review: review, renumberedOnly: renumberedOnly, out)
        }

        /// The changed clauses with their word diffs, the removed and added ones, and the renumbered.
        func printClauses(_ diff: PolicyDiff.Result, _ out: Output) {
            func heading(_ h: String) -> String { h.isEmpty ? "" : "  " + out.styled(out.safe(h), .dim) }
            if !diff.changed.isEmpty {
                out.line()
                out.line(out.styled("Changed (\(diff.changed.count)):", .bold))
                for c in diff.changed {
                    let ids = c.old.id == c.new.id ? c.old.id : c.old.id + " → " + c.new.id
                    out.line("  " + out.styled(out.safe(ids), .bold) + heading(c.new.heading))
                    out.line(out.wrap(wordDiff(c.words, out), indent: 4))
                }
            }
            if !diff.removed.isEmpty {
                out.line()
                out.line(out.styled("Removed (\(diff.removed.count)):", .bold))
                for c in diff.removed {
                    out.line("  " + out.styled(out.safe(c.id), .bold) + heading(c.heading))
                    out.line(out.wrap(out.styled("[-" + out.safe(c.text) + "-]", .red), indent: 4))
                }
            }
            if !diff.added.isEmpty {
                out.line()
                out.line(out.styled("Added (\(diff.added.count)):", .bold))
                for c in diff.added {
                    out.line("  " + out.styled(out.safe(c.id), .bold) + heading(c.heading))
                    out.line(out.wrap(out.styled("{+" + out.safe(c.text) + "+}", .green), indent: 4))
                }
            }
            if !diff.renumbered.isEmpty {
                out.line()
                out.line(
                    out.wrap(
                        "Renumbered, the same words (\(diff.renumbered.count)): "
                            + diff.renumbered.map { out.safe($0.old.id) + " → " + out.safe($0.new.id) }.joined(separator: ", "),
                        hanging: 2))
            }
        }

        /// The outcomes whose answers cite a changed or removed clause, and those to renumber only.
        func printReview(
            pid: String?, review: [PolicyDiff.Affected],
            renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])], _ out: Output
        ) {
            guard let pid else {
                out.line(
                    out.wrap(
                        "Outcomes: not listed; give --policy ID to list the outcomes whose answers cite a changed clause.",
                        hanging: 2))
                return
            }
            if review.isEmpty {
                out.line("Outcomes to review under \(pid): none (no answer cites a changed or removed clause).")
            } else {
                out.line(
                    out.wrap(
                        out.styled("Outcomes to review under \(pid) (\(review.count)):", .bold)
                            + " their answers cite a changed or removed clause.", hanging: 2))
                for r in review {
                    let what = r.clauses.map {
                        "\($0.clause) \($0.status == .unmatched ? "not found in the old text" : $0.status.rawValue)"
                    }
                    out.line(out.wrap("  " + out.styled("\(r.topic)/\(r.outcome)", .bold) + "  " + out.safe(r.title), hanging: 4))
                    out.line(out.wrap("cites " + out.safe(what.joined(separator: ", ")), indent: 6, hanging: 2))
                }
            }
            if !renumberedOnly.isEmpty {
                out.line(
                    out.wrap(
                        "Citations to renumber only, the words standing (\(renumberedOnly.count) outcomes): "
                            + renumberedOnly.map { r in
                                "\(r.topic)/\(r.outcome) (" + r.clauses.map { "\($0.old) → \($0.new)" }.joined(separator: ", ")
                                    + ")"
                            }.joined(separator: "; "), hanging: 2))
            }
        }

        func wordDiff(_ words: [PolicyDiff.Word], _ out: Output) -> String {
            // The same markers as PolicyDiff.plain, coloured on a terminal.
            let plain = PolicyDiff.plain(words)
            var s = out.safe(plain)
            if out.colour {
                s = s.replacingOccurrences(of: "[-", with: "\u{1B}[31m[-").replacingOccurrences(of: "-]", with: "-]\u{1B}[0m")
                    .replacingOccurrences(of: "{+", with: "\u{1B}[32m{+").replacingOccurrences(of: "+}", with: "+}\u{1B}[0m")
            }
            return s
        }

        func printJSON(
            _ a: Side, _ b: Side, asText: Bool, diff: PolicyDiff.Result, pid: String?, review: [PolicyDiff.Affected],
            renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])]
        ) {
            let json = JSONOut.object([
                ("old", Self.sideJSON(a)), ("new", Self.sideJSON(b)), ("comparedAs", .string(asText ? "documents" : "policies")),
                ("same", .int(diff.same.count + diff.renumbered.count)),
                ("differ", .bool(!diff.isSame)),
                (
                    "renumbered",
                    .array(diff.renumbered.map { .object([("old", .string($0.old.id)), ("new", .string($0.new.id))]) })
                ),
                (
                    "changed",
                    .array(
                        diff.changed.map { c in
                            .object([
                                ("old", Self.clauseJSON(c.old)), ("new", Self.clauseJSON(c.new)), ("words", Self.wordsJSON(c)),
                                ("wordDiff", .string(PolicyDiff.plain(c.words))),
                            ])
                        })
                ),
                ("removed", .array(diff.removed.map(Self.clauseJSON))),
                ("added", .array(diff.added.map(Self.clauseJSON))),
                ("policy", JSONOut.str(pid)),
                ("review", pid == nil ? .null : Self.reviewJSON(review)),
                ("renumberedOnly", pid == nil ? .null : Self.renumberedOnlyJSON(renumberedOnly)),
            ])
            Output.stdout.line(json.encoded)
        }

        static func sideJSON(_ s: Side) -> JSONOut {
            switch s {
            case .policy(let p, let path, _):
                return .object([("file", .string(path)), ("kind", .string("policy")), ("policy", .string(p.id))])
            case .document(_, let path, let docx):
                return .object([("file", .string(path)), ("kind", .string(docx ? "docx" : "text")), ("policy", .null)])
            }
        }

        static func clauseJSON(_ c: PolicyDiff.Clause) -> JSONOut {
            .object([("id", .string(c.id)), ("heading", .string(c.heading)), ("text", .string(c.text))])
        }

        static func wordsJSON(_ c: PolicyDiff.Change) -> JSONOut {
            .array(
                c.words.map { w in
                    switch w {
                    case .same(let t): return .object([("op", .string("same")), ("text", .string(t))])
                    case .removed(let t): return .object([("op", .string("removed")), ("text", .string(t))])
                    case .added(let t): return .object([("op", .string("added")), ("text", .string(t))])
                    }
                })
        }

        static func reviewJSON(_ review: [PolicyDiff.Affected]) -> JSONOut {
            .array(
                review.map { r in
                    .object([
                        ("topic", .string(r.topic)), ("outcome", .string(r.outcome)), ("title", .string(r.title)),
                        (
                            "clauses",
                            .array(
                                r.clauses.map {
                                    .object([("clause", .string($0.clause)), ("status", .string($0.status.rawValue))])
                                })
                        ),
                    ])
                })
        }

        static func renumberedOnlyJSON(
            _ renumberedOnly: [(topic: String, outcome: String, clauses: [(old: String, new: String)])]
        ) -> JSONOut {
            .array(
                renumberedOnly.map { r in
                    .object([
                        ("topic", .string(r.topic)), ("outcome", .string(r.outcome)),
                        ("clauses", .array(r.clauses.map { .object([("old", .string($0.old)), ("new", .string($0.new))]) })),
                    ])
                })
        }
    }
}
