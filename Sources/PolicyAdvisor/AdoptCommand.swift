import ArgumentParser
import DecisionTree
import Foundation

extension PolicyAdvisor {
    struct AdoptModel: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "adopt",
            abstract: "Carry a model school's answers across to a school whose policy follows its text.",
            discussion: """
                For every outcome of every tree: where every clause the model school cites there has a \\
                word-for-word match in the new policy (school names aside), the model's verdict, advice, \\
                who to ask and citations are carried across with the clause ids mapped. Everything else \\
                gets a cautious ask-first placeholder (refer for safeguarding) marked "review": true, \\
                which lint warns about until a person has checked it. Nothing is carried on a near match.
                """)

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The new policy's id (its file is policies/ID.json, from 'import').") var policy: String
        @Option(help: ArgumentHelp("The model policy's id.", valueName: "id")) var from: String

        static func loadPolicy(_ dir: String, _ id: String) throws -> Policy {
            let path = dir + "/policies/" + id + ".json"
            guard let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("no policy file \(path)")
            }
            let file = SourceFile(name: path, bytes: [UInt8](data))
            var sourceText: String?
            if let json = try? JSONReader.parse(file.bytes),
                let src = json.members?.first(where: { $0.key == "source" })?.value.string,
                let sdata = FileManager.default.contents(atPath: dir + "/policies/" + src)
            {
                sourceText = String(data: sdata, encoding: .utf8)
            }
            do {
                return try DecisionTree.Scaffold.loadPolicy(file, source: sourceText)
            } catch {
                for d in error.diagnostics { Output.stderr.diagnostic(d) }
                throw ExitCode(2)
            }
        }

        func run() throws {
            let dir = global.treesDirectory()
            let p = try Self.loadPolicy(dir, policy)
            let model = try Self.loadPolicy(dir, from)
            let clauses = p.clauses.map { PolicyImport.ImportedClause(id: $0.id, heading: $0.heading, text: $0.text, line: 0) }
            let match = PolicyImport.compare(clauses, school: p.school, with: model)
            var map: [String: String] = [:]
            for (newID, modelID) in match.same.sorted(by: { $0.key < $1.key }) where map[modelID] == nil { map[modelID] = newID }
            let names = try FileManager.default.contentsOfDirectory(atPath: dir).filter {
                $0.hasSuffix(".json") && $0 != "schema.json" && !$0.hasSuffix(".schema.json") && !$0.hasPrefix(".")
            }.sorted()
            var rewritten: [(String, String)] = []
            var total = DecisionTree.Adopt.Change()
            for n in names {
                let tpath = dir + "/" + n
                guard let tdata = FileManager.default.contents(atPath: tpath) else { continue }
                let tree: JSONValue
                do {
                    tree = try JSONReader.parse([UInt8](tdata))
                } catch {
                    Output.stderr.diagnostic(
                        Diagnostic(rule: "json", file: tpath, location: error.location, message: error.message))
                    throw ExitCode(2)
                }
                let (updated, change) = DecisionTree.Adopt.add(p, from: model, map: map, to: tree)
                if change.carried + change.marked + change.questions > 0 {
                    rewritten.append((tpath, updated.pretty()))
                    total.carried += change.carried
                    total.marked += change.marked
                    total.questions += change.questions
                }
            }
            // Every tree was read and changed in memory first: nothing is written unless all parsed.
            for (tpath, text) in rewritten { try Transcript.atomicWrite(text, to: tpath) }
            let out = Output.stdout
            out.line(
                out.wrap(
                    "\(out.safe(p.school)) follows \(out.safe(model.school))'s text for \(match.wordForWord) of \(p.clauses.count) clauses word for word (\(match.differ) differ, \(match.new) new, \(match.missing) of the model's missing).",
                    hanging: 2))
            out.line(
                "Carried across: \(total.carried) outcomes. Marked for review: \(total.marked) (lint warns on each until checked)."
            )
            out.line(out.wrap("Next: policy-advisor lint, and review each marked outcome against the school's text.", hanging: 2))
        }
    }
}
