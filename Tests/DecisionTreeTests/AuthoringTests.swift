import DecisionTree
import Foundation
import Testing

/// The tools for tree authors, run as an author would run them (the real binary).
@Suite("Authoring tools")
struct AuthoringTests {
    static let trees = ["friend-requests", "media-enquiries", "pupil-contact", "staff-parents", "work-email"]

    static var dot: String? {
        ["/usr/bin/dot", "/usr/local/bin/dot"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    @Test("graph draws every node and edge of a tree in DOT and Mermaid", arguments: trees)
    func graphHasEveryNode(_ topic: String) throws {
        let library = try ShippedTreesTests.load()
        let tree = try #require(library.tree(topic))
        let dot = try CLI.run(["graph", topic, "--trees", Fixtures.shippedTrees])
        #expect(dot.status == 0)
        #expect(dot.out.hasPrefix("digraph \"\(topic)\" {"))
        for n in tree.nodes { #expect(dot.out.contains("\"\(n.id)\" ["), "node \(n.id) missing") }
        let edges = tree.nodes.reduce(0) { $0 + ($1.question?.answers.count ?? 0) }
        #expect(dot.out.components(separatedBy: " -> ").count - 1 == edges)
        let mermaid = try CLI.run(["graph", topic, "--format", "mermaid", "--trees", Fixtures.shippedTrees])
        #expect(mermaid.out.hasPrefix("flowchart TD"))
        #expect(mermaid.out.components(separatedBy: "-->|").count - 1 == edges)
        #expect(mermaid.out.contains("classDef askfirst"))
    }

    @Test("the DOT of every shipped tree renders with Graphviz, for all schools and for each", arguments: trees)
    func dotRenders(_ topic: String) throws {
        guard let dotPath = Self.dot else {
            // make test installs graphviz; without it there is nothing to render with.
            return
        }
        for policy in [nil] + ShippedTreesTests.policyIDs as [String?] {
            var args = ["graph", topic, "--trees", Fixtures.shippedTrees]
            if let policy { args += ["--policy", policy] }
            let g = try CLI.run(args)
            #expect(g.status == 0)
            let p = Process()
            p.executableURL = URL(fileURLWithPath: dotPath)
            p.arguments = ["-Tsvg"]
            let inp = Pipe()
            let out = Pipe()
            let err = Pipe()
            p.standardInput = inp
            p.standardOutput = out
            p.standardError = err
            try p.run()
            inp.fileHandleForWriting.write(Data(g.out.utf8))
            try inp.fileHandleForWriting.close()
            let svg = out.fileHandleForReading.readDataToEndOfFile()
            let problems = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            #expect(p.terminationStatus == 0, "dot failed for \(topic)/\(policy ?? "all"): \(problems)")
            #expect(String(decoding: svg, as: UTF8.self).contains("<svg"))
            #expect(!problems.contains("Error"), "\(problems)")
        }
    }

    @Test("graph with a policy colours outcomes by that school's verdict and shows its clauses")
    func graphForPolicy() throws {
        let g = try CLI.run(["graph", "pets", "--policy", "beta", "--trees", Fixtures.valid])
        // Beta allows the approved dog: green, with its clause.
        #expect(g.out.contains("\"dog-approved\" [shape=box, style=\"filled\", fillcolor=\"#c8e6c9\""))
        #expect(g.out.contains("[allowed] pets"))
        let all = try CLI.run(["graph", "pets", "--trees", Fixtures.valid])
        // Schools differ on the approved dog (ask-first / allowed): grey.
        #expect(all.out.contains("\"dog-approved\" [shape=box, style=\"filled\", fillcolor=\"#e0e0e0\""))
        let bad = try CLI.run(["graph", "nope", "--trees", Fixtures.valid])
        #expect(bad.status == 64)
    }

    @Test("compare marks the outcomes where schools disagree")
    func compare() throws {
        let c = try CLI.run(["compare", "pets", "--trees", Fixtures.valid])
        #expect(c.status == 0)
        #expect(c.out.contains("≠ A cat (cat-outcome)"))
        #expect(c.out.contains("  Not sure (not-sure)"))  // both ask-first: no mark
        let j = try CLI.run(["compare", "pets", "--format", "json", "--trees", Fixtures.valid])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(j.out.utf8)) as? [[String: Any]])
        #expect(rows.count == 4)
        #expect(rows.first { $0["outcome"] as? String == "cat-outcome" }?["schoolsDiffer"] as? Bool == true)
    }

    @Test("coverage lists the clauses no tree cites, per policy")
    func coverage() throws {
        let c = try CLI.run(["coverage", "--format", "json", "--trees", Fixtures.valid])
        let rows = try #require(try JSONSerialization.jsonObject(with: Data(c.out.utf8)) as? [[String: Any]])
        let alpha = try #require(rows.first { $0["policy"] as? String == "alpha" })
        // Alpha's clause 1 is cited by nothing in the pets tree; 2 and 3 are.
        let uncited = (alpha["uncited"] as? [[String: Any]])?.compactMap { $0["clause"] as? String }
        #expect(uncited == ["1"])
        #expect(alpha["cited"] as? Int == 2)
        let text = try CLI.run(["coverage", "beta", "--trees", Fixtures.valid])
        #expect(text.out.contains("2 of 2 clauses cited"))
        #expect(!text.out.contains("Alpha"))
    }

    @Test("lint reports a training story that no longer walks its tree, with file and line")
    func lintTraining() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("pa-lint-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: dir) }
        try fm.copyItem(atPath: Fixtures.valid, toPath: dir)
        #expect(try CLI.run(["lint", dir]).status == 0)
        let path = dir + "/training/pets.txt"
        let text = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: "answer: A cat", with: "answer: A parrot")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["lint", dir])
        #expect(r.status == 1)
        #expect(r.out.contains("training/pets.txt:7:1: error:"))
        #expect(r.out.contains("'A parrot'"))
    }

    @Test("files rewritten by the tools keep the shipped layout (only what changed differs)")
    func prettyRoundTrip() throws {
        for t in Self.trees {
            let text = try String(contentsOfFile: Fixtures.shippedTrees + "/\(t).json", encoding: .utf8)
            let v = try JSONReader.parse(Array(text.utf8))
            #expect(v.pretty() == text, "\(t).json does not round-trip")
        }
    }

    /// The sixth school of docs/authoring.md, end to end, exactly as the guide tells an author.
    @Test("the authoring guide's example: adding a sixth school (Oakfield) works end to end")
    func sixthSchool() throws {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("pa-oakfield-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: dir) }
        try fm.copyItem(atPath: Fixtures.shippedTrees, toPath: dir)
        let example = Fixtures.repo + "/docs/examples/oakfield"
        // 1-2. The source text and the policy file.
        try fm.copyItem(atPath: example + "/oakfield-primary.txt", toPath: dir + "/policies/sources/oakfield-primary.txt")
        try fm.copyItem(atPath: example + "/oakfield-primary.json", toPath: dir + "/policies/oakfield-primary.json")
        // 3. lint says every outcome lacks Oakfield's answer.
        let before = try CLI.run(["lint", dir])
        #expect(before.status == 1)
        #expect(before.out.contains("gives no answer for oakfield-primary"))
        // 4. scaffold adds cautious placeholders; lint is clean.
        let s = try CLI.run(["scaffold", "oakfield-primary", "--trees", dir])
        #expect(s.status == 0, "\(s.err)")
        let after = try CLI.run(["lint", dir])
        #expect(after.status == 0, "\(after.out)")
        #expect(after.out.contains("6 policies"))
        // 5. Replace one placeholder with Oakfield's own answer (as the guide shows).
        let path = dir + "/friend-requests.json"
        var tree = try #require(
            try JSONSerialization.jsonObject(with: try Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any])
        var nodes = try #require(tree["nodes"] as? [[String: Any]])
        let i = try #require(nodes.firstIndex { $0["id"] as? String == "decline-current-pupil" })
        var outcome = try #require(nodes[i]["outcome"] as? [String: Any])
        outcome["oakfield-primary"] = try JSONSerialization.jsonObject(
            with: try Data(contentsOf: URL(fileURLWithPath: example + "/oakfield-primary-answer.json")))
        nodes[i]["outcome"] = outcome
        tree["nodes"] = nodes
        try JSONSerialization.data(withJSONObject: tree).write(to: URL(fileURLWithPath: path))
        #expect(try CLI.run(["lint", dir]).status == 0)
        // 6. The example scenarios pass through check.
        let check = try CLI.run(["check", "--trees", dir, example + "/oakfield-primary-scenarios.txt"])
        #expect(check.status == 0, "\(check.out)\(check.err)")
        #expect(check.out.contains("2 passed, 0 failed"))
        // The other schools' answers are untouched: the shipped suite still passes on the copy.
        let suite = try CLI.run(["check", "--trees", dir] + (try RegressionSuiteTests.scenarioFiles()))
        #expect(suite.status == 0)
        // And compare shows the new school beside the others.
        let cmp = try CLI.run(["compare", "friend-requests", "--trees", dir])
        #expect(cmp.out.contains("oakfield-primary"))
    }

    /// docs/authoring.md's "Add your school from its policy document": its commands, run as
    /// documented on a copy of the trees, with the session's typed lines as input; the output
    /// must say what the guide's session shows.
    @Test("the authoring guide: from a policy document to check (import, adopt, lint, review, lint, check), as documented")
    func fromPolicyDocument() throws {
        let guide = try DocSession(guide: Fixtures.repo + "/docs/authoring.md")
        #expect(guide.steps.map(\.command) == guide.commands, "the commands and the session name different commands")
        #expect(guide.steps.count == 6 && guide.steps.contains { !$0.input.isEmpty })
        let root = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: root) }
        try FileManager.default.copyItem(atPath: Fixtures.shippedTrees, toPath: root + "/trees")
        try FileManager.default.copyItem(atPath: Fixtures.repo + "/scenarios", toPath: root + "/scenarios")
        try FileManager.default.createDirectory(atPath: root + "/docs/examples", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: Fixtures.repo + "/docs/examples/elmfield", toPath: root + "/docs/examples/elmfield")
        for step in guide.steps {
            let args = try DocSession.arguments(step.command, in: root)
            let input = step.input.isEmpty ? nil : Data((step.input.joined(separator: "\n") + "\n").utf8)
            let r = try CLI.run(
                args, stdin: input, env: ["POLICY_ADVISOR_TREES": root + "/trees", "COLUMNS": "92"], directory: root)
            #expect(r.status == 0, "\(step.command): \(r)")
            if let missing = DocSession.firstMissing(step.expected, in: r.out) {
                Issue.record("\(step.command): the output does not say \"\(missing)\" where the guide shows it:\n\(r.out)")
            }
        }
    }
}

/// A session written in a guide: the commands of the `sh` block after `<!-- doc-test: commands`,
/// and the `text` block after `<!-- doc-test: session -->`, where `$ ` starts a command, the
/// lines after it are its output (`…` for text left out), and a line that is a review prompt
/// (`verdict [x]> typed`) gives the line typed.
struct DocSession {
    struct Step {
        var command: String
        var expected: [String] = []
        var input: [String] = []
    }

    var commands: [String]
    var steps: [Step] = []

    /// What a review prompt line shows typed ("verdict [allowed]> not-allowed"), or nil.
    static func typed(_ line: String) -> String? {
        for name in ["verdict", "clauses", "advice", "who to ask"] where line.hasPrefix(name) {
            var rest = line.dropFirst(name.count)
            if rest.hasPrefix(" [") {
                guard let close = rest.firstIndex(of: "]") else { return nil }
                rest = rest[rest.index(after: close)...]
            }
            guard rest.hasPrefix(">") else { return nil }
            rest = rest.dropFirst()
            return rest.isEmpty ? "" : rest.hasPrefix(" ") ? String(rest.dropFirst()) : nil
        }
        return nil
    }

    init(guide path: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        func block(after marker: String) throws -> [String] {
            guard let m = text.range(of: marker), let open = text.range(of: "```", range: m.upperBound..<text.endIndex),
                let bodyStart = text[open.upperBound...].firstIndex(of: "\n"),
                let close = text.range(of: "\n```", range: bodyStart..<text.endIndex)
            else { throw CLI.Failure("no code block after \(marker) in \(path)") }
            return text[text.index(after: bodyStart)..<close.lowerBound].components(separatedBy: "\n")
        }
        commands = try block(after: "<!-- doc-test: commands").filter { $0.hasPrefix("policy-advisor ") }
        for line in try block(after: "<!-- doc-test: session -->") {
            if line.hasPrefix("$ ") {
                steps.append(Step(command: String(line.dropFirst(2))))
                continue
            }
            guard !steps.isEmpty else { continue }
            steps[steps.count - 1].expected.append(line)
            if let typed = Self.typed(line) { steps[steps.count - 1].input.append(typed) }
        }
    }

    /// The command's arguments after `policy-advisor`: words, "quoted words", and `dir/*.txt`
    /// expanded in `directory`.
    static func arguments(_ command: String, in directory: String) throws -> [String] {
        var words: [String] = []
        var word = ""
        var quoted = false
        var any = false
        for ch in command {
            if ch == "\"" {
                quoted.toggle()
                any = true
            } else if ch == " " && !quoted {
                if any || !word.isEmpty { words.append(word) }
                word = ""
                any = false
            } else {
                word.append(ch)
            }
        }
        if any || !word.isEmpty { words.append(word) }
        guard words.first == "policy-advisor" else { throw CLI.Failure("not a policy-advisor command: \(command)") }
        return try words.dropFirst().flatMap { w -> [String] in
            guard let star = w.firstIndex(of: "*") else { return [w] }
            let head = w[..<star]
            let slash = head.lastIndex(of: "/")
            let dir = slash.map { String(head[..<$0]) } ?? "."
            let prefix = String(slash.map { head[head.index(after: $0)...] } ?? head)
            let suffix = String(w[w.index(after: star)...])
            return try FileManager.default.contentsOfDirectory(atPath: directory + "/" + dir)
                .filter { $0.hasPrefix(prefix) && $0.hasSuffix(suffix) }.sorted().map { dir + "/" + $0 }
        }
    }

    /// The first expected line the output does not hold where it should (in order; white space
    /// runs count as one space; `…` stands for anything), or nil.
    static func firstMissing(_ expected: [String], in output: String) -> String? {
        let out = CLI.squash(output)
        var at = out.startIndex
        for line in expected {
            for part in line.components(separatedBy: "…").map({ CLI.squash($0) }) where !part.isEmpty {
                guard let r = out.range(of: part, range: at..<out.endIndex) else { return line }
                at = r.upperBound
            }
        }
        return nil
    }
}
