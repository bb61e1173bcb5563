import ArgumentParser
import DecisionTree
import Foundation

extension Diagram.Format: ExpressibleByArgument {}

extension PolicyAdvisor {
    struct Graph: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Draw a topic's tree: Graphviz DOT (dot -Tsvg, dot -Tpng) or Mermaid.",
            discussion: "Questions are boxes, answers label the edges, outcomes are coloured by verdict (green allowed, red not-allowed, yellow ask-first, purple refer, grey where schools differ).")

        @OptionGroup var global: GlobalOptions
        @Argument(help: "The topic id.") var topic: String
        @Option(help: "dot or mermaid.") var format: Diagram.Format = .dot
        @OptionGroup var policyOption: PolicyOption

        func run() throws {
            let context = try global.load()
            guard let tree = context.library.tree(topic) else {
                throw ValidationError("unknown topic '\(topic)'; choose one of: \(context.library.trees.map(\.id).joined(separator: ", "))")
            }
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
            guard let tree = context.library.tree(topic) else {
                throw ValidationError("unknown topic '\(topic)'; choose one of: \(context.library.trees.map(\.id).joined(separator: ", "))")
            }
            let out = Output.stdout
            let rows = OutcomeComparison.compute(tree, library: context.library)
            if format == .json {
                out.line(
                    JSONOut.array(
                        rows.map { c in
                            .object([
                                ("outcome", .string(c.outcomeID)), ("title", .string(c.title)), ("schoolsDiffer", .bool(c.schoolsDiffer)),
                                ("schools", .array(c.rows.map { .object([("policy", .string($0.policyID)), ("verdict", .string($0.verdict.rawValue)), ("clauses", .array($0.clauses.map { .string($0) }))]) })),
                            ])
                        }
                    ).encoded)
                out.flush()
                return
            }
            out.line(out.styled(out.safe(tree.title), .bold) + ": \(rows.count) outcomes, \(rows.filter(\.schoolsDiffer).count) where the schools disagree (≠)")
            let w = context.library.policyIDs.map(\.count).max() ?? 0
            for c in rows {
                out.line()
                out.line((c.schoolsDiffer ? out.styled("≠ ", .boldYellow) : "  ") + out.styled(out.safe(c.title), .bold) + out.styled(" (\(c.outcomeID))", .dim))
                for r in c.rows {
                    let verdict = r.verdict.rawValue.padding(toLength: 12, withPad: " ", startingAt: 0)
                    out.line(out.hang("    " + r.policyID.padding(toLength: w, withPad: " ", startingAt: 0) + "  " + out.styled(verdict, style(r.verdict)), r.clauses.joined(separator: ", ")))
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
            if let p = policy, context.library.policy(p) == nil {
                throw ValidationError("unknown policy '\(p)'; choose one of: \(context.library.policyIDs.joined(separator: ", "))")
            }
            let all = ClauseCoverage.compute(context.library).filter { policy == nil || $0.policyID == policy }
            let out = Output.stdout
            if format == .json {
                out.line(
                    JSONOut.array(
                        all.map { c in
                            .object([
                                ("policy", .string(c.policyID)), ("cited", .int(c.cited.count)),
                                ("clauses", .int(c.cited.count + c.uncited.count)),
                                ("uncited", .array(c.uncited.map { .object([("clause", .string($0.id)), ("heading", .string($0.heading))]) })),
                            ])
                        }
                    ).encoded)
                out.flush()
                return
            }
            for c in all {
                let total = c.cited.count + c.uncited.count
                out.line(out.styled(out.safe(c.school), .bold) + " (\(c.policyID)): \(c.cited.count) of \(total) clauses cited; not cited by any tree:")
                for cl in c.uncited {
                    let excerpt = Diagram.lines(cl.text, width: 60).first ?? ""
                    out.line(out.wrap("  " + Render.clauseLabel(cl.id, heading: out.safe(cl.heading)) + ": " + out.styled(out.safe(excerpt) + "…", .dim), hanging: 4))
                }
                out.line()
            }
            out.flush()
        }
    }
}
