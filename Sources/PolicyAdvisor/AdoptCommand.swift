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

        func run() throws {
            let dir = global.treesDirectory()
            var p = try AuthoringFiles.loadPolicy(dir, policy, missing: "import it first")
            let model = try AuthoringFiles.loadPolicy(dir, from)
            let (match, map) = DecisionTree.Adopt.clauseMap(p, from: model)
            let policyPath = dir + "/policies/" + policy + ".json"
            // "If in doubt" as the model has it, where import took the model's narrower sentence.
            var doubtNote: String?
            if let (fixed, line) = DecisionTree.Adopt.doubtLikeModel(p, model: model, map: map),
                let text = try? String(contentsOfFile: policyPath, encoding: .utf8),
                let updated = DecisionTree.Adopt.replacingWhenInDoubt(line, in: text)
            {
                try SafeFile.atomicWrite(updated, to: policyPath)
                doubtNote =
                    "\(model.school)'s policy has no general 'if in doubt' sentence and neither, it follows, has \(p.school)'s: clause \(p.whenInDoubtClause) is not taken for one, and the placeholders say to ask \(Render.joinNames(fixed.roleNames(fixed.whenInDoubtAsk)))."
                p = fixed
            }
            var total = DecisionTree.Scaffold.Change()
            _ = try AuthoringFiles.rewriteTrees(in: dir) { tree in
                let (updated, change) = DecisionTree.Adopt.add(p, from: model, map: map, to: tree)
                total.carried += change.carried
                total.outcomes += change.outcomes
                total.questions += change.questions
                return change.carried + change.outcomes + change.questions > 0 ? updated : nil
            }
            // The model, recorded in the policy file: review shows its answer beside each marked outcome.
            if let text = (try? String(contentsOfFile: policyPath, encoding: .utf8)).flatMap({
                DecisionTree.Adopt.recordingModel(from, in: $0)
            }) {
                try SafeFile.atomicWrite(text, to: policyPath)
            }
            let out = Output.stdout
            out.line(
                out.wrap(
                    "\(out.safe(p.school)) follows \(out.safe(model.school))'s text for \(match.wordForWord) of \(p.clauses.count) clauses word for word (\(match.differ) differ, \(match.new) new, \(match.missing) of the model's missing).",
                    hanging: 2))
            if let note = doubtNote { out.line(out.wrap(out.safe(note), hanging: 2)) }
            if total.carried + total.outcomes == 0 {
                // Every outcome already answers for this school: adopt adds, never overwrites.
                out.line(
                    out.wrap(
                        "Nothing to carry: every outcome already has an answer for \(out.safe(p.id)) (adopt only fills outcomes that have none; it never overwrites). To adopt again from scratch, remove \(out.safe(p.id))'s answers from the trees first, or use policy-advisor review \(out.safe(p.id)) for those still marked.",
                        hanging: 2))
                return
            }
            out.line(
                "Carried across: \(total.carried) outcomes. Marked for review: \(total.outcomes) (lint warns on each until checked)."
            )
            out.line(
                out.wrap(
                    "Next: policy-advisor review \(p.id) walks you through each marked outcome against the school's text; then policy-advisor lint.",
                    hanging: 2))
        }
    }
}
