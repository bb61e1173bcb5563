import ArgumentParser
import DecisionTree
import Foundation
import PolicyDocument

extension PolicyAdvisor {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Read a school's policy document into a policy file (clauses, headings, dates, roles).",
            discussion: """
                Reads plain text, Markdown or a Word .docx and writes policies/ID.json and policies/sources/ID.txt in \
                the trees directory. Clauses get ids by the project's scheme (numbers as printed: 12, \
                6.6, A.3.7, step-1; unnumbered paragraphs the slug of their heading and a paragraph \
                number). Every clause is the source's words, so the verbatim check proves it. Then run \
                'policy-advisor scaffold ID' to give every outcome a cautious answer for the school, \
                and replace those with what its text says. A .docx is read to text first (list numbers \
                kept as text) and that text is saved as the source. A PDF is refused with the pdftotext \
                command that turns it into text. Exit status: 0 written, 2 the document cannot be read \
                (missing, not UTF-8, a damaged .docx, a PDF, no clauses), 64 bad arguments.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The policy document (.txt, .md or .docx).") var file: String
        @Option(help: ArgumentHelp("The new policy's id (letters, digits and '-').", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("The school's name, as staff say it.", valueName: "name")) var school: String
        @Option(help: ArgumentHelp("The policy's title.", valueName: "title")) var title = "Social Media Policy"
        @Flag(help: "Replace a policy file of the same id.") var force = false

        func validate() throws {
            guard id.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil else {
                throw ValidationError("--id '\(id)': use lower-case letters, digits and '-', such as oakfield-primary")
            }
            if school.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--school needs the school's name") }
        }

        func run() throws {
            let dir = global.treesDirectory()
            let out = Output.stdout
            let policyPath = dir + "/policies/" + id + ".json"
            let sourcePath = dir + "/policies/sources/" + id + ".txt"
            let sourceBefore = FileManager.default.contents(atPath: sourcePath)
            if !force && (FileManager.default.fileExists(atPath: policyPath) || sourceBefore != nil) {
                throw ValidationError("\(policyPath) already exists: choose another --id, or --force to replace it")
            }
            let document = try DocumentFile.read(file)
            let text = document.text
            let result = PolicyImport.read(text)
            guard !result.clauses.isEmpty else { throw DocumentFile.inputError(file, "no clauses found in the text") }
            // The model it follows, if any: compared with every policy the trees already know.
            let known = (try? Library.load(directory: dir))?.policies ?? []
            let matches = known.filter { $0.id != id }.map { PolicyImport.compare(result.clauses, school: school, with: $0) }
                .sorted { $0.wordForWord > $1.wordForWord }
            let json = PolicyImport.policyJSON(result, id: id, school: school, title: title)
            try write(
                result.cleanedSource, json, dir: dir, policyPath: policyPath, sourcePath: sourcePath, sourceBefore: sourceBefore)
            report(result, document: document, matches: matches, policyPath: policyPath, sourcePath: sourcePath, out: out)
        }

        /// Writes the source text, then the policy file, each whole (a temporary file, then a
        /// rename); a policy file that cannot be written takes its new source text away again.
        func write(
            _ source: String, _ json: String, dir: String, policyPath: String, sourcePath: String, sourceBefore: Data?
        ) throws {
            do {
                try FileManager.default.createDirectory(atPath: dir + "/policies/sources", withIntermediateDirectories: true)
            } catch {
                throw DocumentFile.inputError(
                    dir + "/policies/sources", "cannot create the directory: \(error.localizedDescription)")
            }
            do {
                // The source text as imported: the document's words, its page furniture left out.
                try SafeFile.atomicWrite(source, to: sourcePath)
            } catch {
                throw DocumentFile.inputError(sourcePath, DocumentFile.reason(error))
            }
            do {
                try SafeFile.atomicWrite(json, to: policyPath)
            } catch {
                if let before = sourceBefore {
                    try? SafeFile.atomicWrite(String(decoding: before, as: UTF8.self), to: sourcePath)
                } else {
                    unlink(sourcePath)
                }
                throw DocumentFile.inputError(policyPath, DocumentFile.reason(error))
            }
        }

        /// What was written and what import found: clauses, dates, roles, the "if in doubt" clause,
        /// the model the text follows, what was dropped, notes, and what to do next.
        func report(
            _ result: PolicyImport.Result, document: PolicyDocument.Read, matches: [PolicyImport.ModelMatch], policyPath: String,
            sourcePath: String, out: Output
        ) {
            out.line("Wrote \(out.safe(policyPath)) and \(out.safe(sourcePath)).")
            if document.kind == .docx {
                out.line(
                    out.wrap(
                        "Read \(out.safe(file)) as a Word document: its text (list numbers written out) is the saved source."
                            + (document.removedInvisible > 0
                                ? " \(document.removedInvisible) invisible character\(document.removedInvisible == 1 ? "" : "s") (zero-width spaces, direction marks) left out."
                                : ""),
                        hanging: 2))
            }
            let headings = Set(result.clauses.map(\.heading)).count
            out.line("\(result.clauses.count) clauses under \(headings) headings.")
            out.line(
                "Dates: approved \(result.approved?.description ?? "not found"), next review \(result.nextReview?.description ?? "not found")."
            )
            out.line(
                "Roles: "
                    + (result.roles.isEmpty
                        ? "none named (the head teacher is assumed: check)"
                        : result.roles.map { "\($0.name) (\($0.clauses.count) clause\($0.clauses.count == 1 ? "" : "s"))" }
                            .joined(separator: ", ")))
            out.line("If in doubt: " + (result.whenInDoubtClause.map { "clause \($0)" } ?? "no such sentence"))
            if let best = matches.first, best.wordForWord * 3 >= result.clauses.count {
                out.line(
                    out.wrap(
                        "Follows \(out.safe(best.school))'s text: \(best.wordForWord) of \(result.clauses.count) clauses match word for word (school names aside), \(best.differ) differ, \(best.new) are new; \(best.missing) of its clauses are missing.",
                        hanging: 2))
            } else if let best = matches.first {
                out.line(
                    "Follows none of the known policies closely (nearest: \(out.safe(best.school)), \(best.wordForWord) clauses word for word)."
                )
            }
            if !result.dropped.isEmpty {
                out.line(
                    "Dropped as page furniture: " + result.dropped.map { "\"" + out.safe($0) + "\"" }.joined(separator: ", "))
            }
            for n in result.notes { out.line("Note: " + out.safe(n)) }
            if let best = matches.first, best.wordForWord * 3 >= result.clauses.count {
                out.line(
                    out.wrap(
                        "Next: policy-advisor adopt \(id) --from \(best.policyID), then policy-advisor review \(id) (docs/authoring.md).",
                        hanging: 2))
            } else {
                out.line(
                    out.wrap(
                        "Next: policy-advisor scaffold \(id), then replace the placeholders (docs/authoring.md).", hanging: 2))
            }
        }
    }
}
