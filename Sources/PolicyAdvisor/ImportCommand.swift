import ArgumentParser
import DecisionTree
import Foundation

extension PolicyAdvisor {
    struct Import: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "import",
            abstract: "Read a school's policy document into a policy file (clauses, headings, dates, roles).",
            discussion: """
                Reads plain text or Markdown and writes policies/ID.json and policies/sources/ID.txt in \
                the trees directory. Clauses get ids by the project's scheme (numbers as printed: 12, \
                6.6, A.3.7, step-1; unnumbered paragraphs the slug of their heading and a paragraph \
                number). Every clause is the source's words, so the verbatim check proves it. Then run \
                'policy-advisor scaffold ID' to give every outcome a cautious answer for the school, \
                and replace those with what its text says. A PDF or Word file is refused with the \
                command that turns it into text.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The policy document (.txt or .md).") var file: String
        @Option(help: ArgumentHelp("The new policy's id (letters, digits and '-').", valueName: "id")) var id: String
        @Option(help: ArgumentHelp("The school's name, as staff say it.", valueName: "name")) var school: String
        @Option(help: ArgumentHelp("The policy's title.", valueName: "title")) var title = "Social Media Policy"
        @Flag(help: "Replace a policy file of the same id.") var force = false

        func validate() throws {
            let lower = file.lowercased()
            if lower.hasSuffix(".pdf") {
                throw ValidationError(
                    "\(file) is a PDF: turn it into text first, for example: pdftotext -layout '\(file)' policy.txt")
            }
            if lower.hasSuffix(".docx") || lower.hasSuffix(".doc") || lower.hasSuffix(".odt") {
                throw ValidationError(
                    "\(file) is a word-processor file: save it as plain text (.txt) in your word processor, or run: pandoc -t plain '\(file)' -o policy.txt"
                )
            }
            guard id.range(of: #"^[a-z0-9][a-z0-9-]*$"#, options: .regularExpression) != nil else {
                throw ValidationError("--id '\(id)': use lower-case letters, digits and '-', such as oakfield-primary")
            }
            if school.trimmingCharacters(in: .whitespaces).isEmpty { throw ValidationError("--school needs the school's name") }
        }

        func run() throws {
            let dir = global.treesDirectory()
            let out = Output.stdout
            let bytes: [UInt8]
            switch SafeFile.read(file, limit: 32 * 1024 * 1024) {
            case .success(let b): bytes = b
            case .failure(let f): throw ValidationError("\(file): \(f.description)")
            }
            guard var text = String(validating: bytes, as: UTF8.self) else {
                throw ValidationError("\(file): not UTF-8 text; save it as UTF-8 plain text")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            if let bad = Text.firstControlCharacter(text.replacingOccurrences(of: "\r", with: "")) {
                throw ValidationError(
                    "\(file): holds the control character U+\(String(bad.value, radix: 16, uppercase: true)); remove it first")
            }
            let policyPath = dir + "/policies/" + id + ".json"
            let sourcePath = dir + "/policies/sources/" + id + ".txt"
            if !force
                && (FileManager.default.fileExists(atPath: policyPath) || FileManager.default.fileExists(atPath: sourcePath))
            {
                throw ValidationError("\(policyPath) already exists: choose another --id, or --force to replace it")
            }
            let result = PolicyImport.read(text)
            guard !result.clauses.isEmpty else { throw ValidationError("\(file): no clauses found in the text") }
            // The model it follows, if any: compared with every policy the trees already know.
            let known = (try? Library.load(directory: dir))?.policies ?? []
            let matches = known.filter { $0.id != id }.map { PolicyImport.compare(result.clauses, school: school, with: $0) }
                .sorted { $0.wordForWord > $1.wordForWord }
            let json = PolicyImport.policyJSON(result, id: id, school: school, title: title)
            do {
                try FileManager.default.createDirectory(atPath: dir + "/policies/sources", withIntermediateDirectories: true)
                // The source text as imported: the document's words, its page furniture left out.
                try Data(result.cleanedSource.utf8).write(to: URL(fileURLWithPath: sourcePath), options: .atomic)
                try Data(json.utf8).write(to: URL(fileURLWithPath: policyPath), options: .atomic)
            } catch {
                throw ValidationError("could not write \(policyPath): \(error.localizedDescription)")
            }
            out.line("Wrote \(out.safe(policyPath)) and \(out.safe(sourcePath)).")
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
