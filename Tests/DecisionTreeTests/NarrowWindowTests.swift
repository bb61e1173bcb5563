import Foundation
import Testing

/// Output fits windows down to 20 columns: every line a person reads is wrapped to the width,
/// between words, the topic and verdict lines too.
@Suite("Narrow windows")
struct NarrowWindowTests {
    /// Lines wider than `width` that are more than one word after their indent (a single word
    /// longer than the line, such as a clause id, cannot be wrapped and is left whole).
    static func overlong(_ text: String, width: Int) -> [String] {
        CLI.lines(text).filter { line in
            guard line.count > width else { return false }
            return line.drop { $0 == " " }.contains(" ")
        }
    }

    static let script = """
        policy: redbridge
        topic: friend-requests
        answer: personal
        answer: current
        answer: no

        policy: none
        topic: friend-requests
        answer: personal
        answer: current
        answer: no
        """

    @Test("at COLUMNS=20, run, ask, topics, policies, train and the piped advisor wrap every line to 20 columns")
    func twentyColumns() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/s.txt"
        try CLI.write(Self.script, to: script)
        let narrow = ["COLUMNS": "20"]
        let trees = Fixtures.shippedTrees
        let runs: [(String, BinaryResult)] = [
            ("run", try CLI.run(["run", "--trees", trees, script], env: narrow)),
            (
                "ask",
                try CLI.run(["ask", "--trees", trees, "--policy", "redbridge", "can I accept a friend request"], env: narrow)
            ),
            ("topics", try CLI.run(["topics", "--trees", trees], env: narrow)),
            ("policies", try CLI.run(["policies", "--trees", trees], env: narrow)),
            (
                "train",
                try CLI.run(
                    ["train", "--trees", Fixtures.valid, "--policy", "beta", "--seed", "1"], stdin: Data("1\n2\n3\n".utf8),
                    env: narrow)
            ),
            (
                "advisor",
                try CLI.run(
                    ["--trees", trees, "--policy", "redbridge"],
                    stdin: Data("can I accept a friend request\n1\ncurrent\nno\n:why\n:path\n:help\n:topics\n".utf8), env: narrow)
            ),
        ]
        for (name, r) in runs {
            #expect(r.status == 0 || (name == "train" && r.status == 1) || (name == "ask" && r.status == 3), "\(name): \(r)")
            #expect(!r.out.isEmpty, "\(name)")
            // The piped advisor echoes what was typed after its prompt: those lines are the input's;
            // run's "── FILE:LINE" locator is never wrapped.
            let lines = Self.overlong(r.out, width: 20).filter { !$0.contains("> ") && !$0.hasPrefix("── ") }
            #expect(lines.isEmpty, "\(name): \(lines)")
        }
        // The verdict and topic lines are wrapped too, the label kept whole.
        let run = runs[0].1.out
        #expect(run.contains("[ASK FIRST]  Friend\n  request from a\n  pupil"), "\(run)")
        #expect(run.contains("Topic: Friend\n  requests"), "\(run)")
    }
}
