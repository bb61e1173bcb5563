// The REPL as a state machine, driven line by line with its output kept in memory: no terminal,
// no process. (The pseudo-terminal tests in DecisionTreeTests drive the real binary.)

import DecisionTree
import Foundation
import Testing

@testable import PolicyAdvisor

/// Lines typed in turn, then the end of input.
final class TypedLines: LineSource {
    let interactive = false
    var completer: ((String) -> [String])?
    var completionLabel: ((String) -> String)?
    var lines: [String]
    let out: Output

    init(_ lines: [String], out: Output) {
        self.lines = lines
        self.out = out
    }

    func read(prompt: String) -> LineInput {
        out.write(prompt)
        guard !lines.isEmpty else { return .endOfInput }
        let l = lines.removeFirst()
        out.line(l)
        return .line(l)
    }

    func remember(_ line: String) {}
}

enum Shipped {
    static let trees = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("trees").path
    static let library: Library = try! Library.load(directory: trees)
    static let today = Day(year: 2026, month: 11, day: 21)

    /// A REPL with these lines typed, run to the end; its output.
    static func session(policy: String?, _ lines: [String]) -> (Repl, String) {
        let out = Output(capturingAt: 100)
        let input = TypedLines(lines, out: out)
        let repl = Repl(
            library: library, today: today, input: input, policyID: policy, policyChosen: policy != nil,
            transcriptPath: nil, out: out)
        repl.run()
        return (repl, out.text)
    }
}

@Suite("REPL states")
struct ReplStateTests {
    @Test("a question typed at the school prompt waits for the school, then is answered")
    func pendingQuestion() {
        let (repl, text) = Shipped.session(policy: nil, ["can i accept a friend request from a parent", "4"])
        #expect(text.contains("as soon as I know which school"))
        #expect(text.contains("Policy: Redbridge Community School"))
        #expect(text.contains("Topic: Friend requests"))
        #expect(repl.isWalking)
        #expect(repl.policyID == "redbridge")
        #expect(repl.pending == nil)
    }

    @Test("a school named in the question is only offered: nothing is taken until the person says yes")
    func namedSchoolOffered() {
        let (repl, text) = Shipped.session(policy: nil, ["im at mercia, can i accept a friend request from a parent"])
        #expect(text.contains("You mentioned mercia"))
        #expect(repl.policyID == nil)
        guard case .confirmingSchool(let ids, _, let fromChoice) = repl.mode else {
            Issue.record("not offering the school: \(repl.mode)")
            return
        }
        #expect(ids == ["mercia-trust"])
        #expect(fromChoice)
    }

    @Test(":topics mid-question waits for a topic; :back returns to the same question with the answers kept")
    func topicsThenBack() throws {
        let (repl, _) = Shipped.session(policy: "redbridge", ["1", "1", ":topics"])
        guard case .choosingTopic(let ids) = repl.mode else {
            Issue.record("not choosing a topic: \(repl.mode)")
            return
        }
        #expect(ids == Shipped.library.trees.map(\.id))
        let kept = try #require(repl.lastWalk)
        #expect(kept.steps.count == 1)
        _ = repl.handle(":back")
        #expect(repl.isWalking)
        #expect(repl.walk?.steps.count == 1)
        #expect(repl.walk?.currentQuestion?.text == kept.currentQuestion?.text)
    }

    @Test("after an outcome the finished walk is kept for :why and :back")
    func finishedWalkKept() {
        let (repl, text) = Shipped.session(policy: "roselands-stafford", ["1", "1", "1", "2"])
        #expect(text.contains("NOT ALLOWED"))
        #expect(repl.isIdle)
        #expect(repl.walk?.isFinished == true)
        _ = repl.handle(":back")
        #expect(repl.isWalking)
        #expect(repl.walk?.isFinished == false)
    }
}

@Suite("Output")
struct OutputTests {
    @Test("wrapping never passes the width and never breaks a word", arguments: [20, 33, 60])
    func wrap(width: Int) {
        let out = Output(capturingAt: width)
        let text =
            "Staff members must decline 'friend requests' from pupils they receive in their personal social media accounts."
        let wrapped = out.wrap(text, indent: 2, hanging: 2)
        for line in wrapped.split(separator: "\n") { #expect(line.count < width, "\(line)") }
        #expect(wrapped.split(whereSeparator: { $0 == " " || $0 == "\n" }) == text.split(separator: " "))
    }

    @Test("one measure of columns: accents typed as combining marks take none, flags and CJK two, escapes none")
    func columns() {
        #expect(Output.columns("re\u{301}sume\u{301}") == 6)
        #expect(Output.columns("résumé") == 6)
        #expect(Output.columns("🇬🇧 ok") == 5)
        #expect(Output.columns("学校") == 4)
        #expect(Output.columns("\u{1B}[1mbold\u{1B}[0m") == 4)
        #expect(Output.columns(ArraySlice("re\u{301}sume\u{301}".utf8)) == 6)
    }

    @Test("colour is never used for output that is not a terminal")
    func noColour() {
        let out = Output(capturingAt: 80)
        #expect(out.styled("x", .bold) == "x")
    }
}

@Suite("Training record")
struct TrainingRecordTests {
    @Test(
        "a field that a spreadsheet would run as a formula is defused",
        arguments: ["=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"])
    func formula(_ name: String) {
        #expect(TrainingRecord.field(name).hasPrefix("'") || TrainingRecord.field(name).hasPrefix("\"'"))
    }

    @Test("commas and quotes are quoted as CSV; an ordinary name is kept as it is")
    func quoting() {
        #expect(TrainingRecord.field("Smith, Jo") == "\"Smith, Jo\"")
        #expect(TrainingRecord.field("Jo \"JJ\" Smith") == "\"Jo \"\"JJ\"\" Smith\"")
        #expect(TrainingRecord.field("Jo Smith") == "Jo Smith")
    }
}
