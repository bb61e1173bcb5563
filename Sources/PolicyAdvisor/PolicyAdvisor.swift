import ArgumentParser
import DecisionTree
import Foundation

@main
struct PolicyAdvisor: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "policy-advisor",
        abstract: "Answers school staff's questions about their school's social media policy, quoting the clause behind each answer.",
        discussion: """
            With no subcommand, starts the interactive advisor. Exit status: 0 ok, 1 check failures \
            or lint errors, 2 input errors (bad script, unknown policy or topic, broken trees), \
            3 needs more answers (ask), 4 no topic fits (ask), 64 bad command-line arguments.
            """,
        version: version,
        subcommands: [
            Topics.self, Policies.self, Cite.self, Ask.self, Run.self, Check.self, Lint.self, Table.self,
        ]
    )

    @OptionGroup var options: GlobalOptions

    mutating func run() throws {
        let context = try options.load()
        let out = Output.stdout
        out.line("policy-advisor \(PolicyAdvisor.version): ask about your school's social media policy.")
        out.line("Topics:")
        for t in context.library.trees {
            out.line("  \(out.safe(t.id))  \(out.safe(t.title)): \(out.safe(t.summary))")
        }
        out.line("Ask with: policy-advisor ask \"can I accept a friend request?\" --policy ID")
    }
}
