import Foundation
import Testing

// MARK: Running the binary

/// What one run of the real `policy-advisor` binary gave.
struct BinaryResult: CustomStringConvertible {
    var out: String
    var err: String
    var status: Int32

    /// Standard output's lines, without the empty last one.
    var outLines: [String] { CLI.lines(out) }
    /// Standard error's lines, without the empty last one.
    var errLines: [String] { CLI.lines(err) }

    var description: String { "exit \(status)\n--- stdout:\n\(out.prefix(4000))\n--- stderr:\n\(err.prefix(4000))" }
}

/// Collects what a background thread read from a pipe.
private final class DataBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()
    var data: Data {
        get { lock.withLock { stored } }
        set { lock.withLock { stored = newValue } }
    }
}

/// Runs the built `policy-advisor` with `args`, feeding `stdin`, in an environment with a fixed
/// date and no colour (plus `env`). Both pipes are read to their end, on two threads, before the
/// wait, and standard input is written on a third, so large output or input cannot deadlock.
/// Set once: writes to a closed pipe fail with EPIPE instead of raising SIGPIPE.
let ignoreBrokenPipes: Void = { signal(SIGPIPE, SIG_IGN) }()

func runBinary(args: [String], stdin: Data? = nil, env: [String: String] = [:], directory: String? = nil) throws -> (
    out: String, err: String, status: Int32
) {
    let binary = Fixtures.binary
    guard FileManager.default.isExecutableFile(atPath: binary) else {
        throw CLI.Failure("the policy-advisor binary is not built at \(binary) (build with --build-tests)")
    }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: binary)
    process.arguments = args
    if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
    var environment = ProcessInfo.processInfo.environment
    for key in ["POLICY_ADVISOR_TREES", "POLICY_ADVISOR_POLICY", "POLICY_ADVISOR_TODAY", "COLUMNS", "TERM"] {
        environment[key] = nil
    }
    environment["POLICY_ADVISOR_TODAY"] = "2026-11-21"
    environment["NO_COLOR"] = "1"
    environment["COLUMNS"] = "80"
    for (k, v) in env { environment[k] = v }
    process.environment = environment

    let outPipe = Pipe()
    let errPipe = Pipe()
    let inPipe = Pipe()
    process.standardOutput = outPipe
    process.standardError = errPipe
    process.standardInput = inPipe
    try process.run()

    let group = DispatchGroup()
    let errBox = DataBox()
    let errReader = errPipe.fileHandleForReading
    DispatchQueue.global().async(group: group) {
        errBox.data = errReader.readDataToEndOfFile()
    }
    let writer = inPipe.fileHandleForWriting
    let input = stdin ?? Data()
    // A program that exits before reading all its input must give this write an error (EPIPE),
    // not kill the whole test process with SIGPIPE.
    _ = ignoreBrokenPipes
    DispatchQueue.global().async(group: group) {
        // The program may exit without reading all of it: a write error then is not ours to report.
        try? writer.write(contentsOf: input)
        try? writer.close()
    }
    let outData = outPipe.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return (String(decoding: outData, as: UTF8.self), String(decoding: errBox.data, as: UTF8.self), process.terminationStatus)
}

enum CLI {
    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ d: String) { description = d }
    }

    static func run(_ args: [String], stdin: Data? = nil, env: [String: String] = [:], directory: String? = nil) throws
        -> BinaryResult
    {
        let r = try runBinary(args: args, stdin: stdin, env: env, directory: directory)
        return BinaryResult(out: r.out, err: r.err, status: r.status)
    }

    static func lines(_ s: String) -> [String] {
        var l = s.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if l.last == "" { l.removeLast() }
        return l
    }

    /// Text with every run of white space made one space (output is wrapped to the width).
    static func squash(_ s: String) -> String {
        s.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).joined(separator: " ")
    }

    /// A fresh, empty temporary directory (removed by the caller).
    static func tempDir() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("policy-advisor-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    static func write(_ text: String, to path: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// A copy of the valid fixture trees in `dir`/trees.
    static func copyOfValidTrees(in dir: String) throws -> String {
        let copy = dir + "/trees"
        try FileManager.default.copyItem(atPath: Fixtures.valid, toPath: copy)
        return copy
    }

    /// Replaces `old` (which must occur exactly once) in the file.
    static func edit(_ path: String, replacing old: String, with new: String) throws {
        let text = try String(contentsOfFile: path, encoding: .utf8)
        guard text.components(separatedBy: old).count == 2 else { throw Failure("\(path) does not hold \(old) exactly once") }
        try write(text.replacingOccurrences(of: old, with: new), to: path)
    }

    /// Each line of JSON output parsed as an object.
    static func jsonObjects(_ out: String) throws -> [[String: Any]] {
        try lines(out).map { line in
            guard let o = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                throw Failure("not a JSON object: \(line)")
            }
            return o
        }
    }

    static func jsonObject(_ out: String) throws -> [String: Any] {
        let all = try jsonObjects(out)
        guard all.count == 1 else { throw Failure("expected one JSON line, got \(all.count): \(out)") }
        return all[0]
    }

    /// The shipped scenario files, sorted.
    static func scenarioFiles() throws -> [String] {
        let dir = Fixtures.repo + "/scenarios"
        return try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".txt") }.sorted().map {
            dir + "/" + $0
        }
    }

    /// Lines of output that start a consultation in `run`'s text format.
    static func consultationHeads(_ out: String) -> [String] { lines(out).filter { $0.hasPrefix("── ") } }

    static let verdicts: Set<String> = ["allowed", "not-allowed", "ask-first", "refer"]
    static let verdictLabels = ["[ALLOWED]", "[NOT ALLOWED]", "[ASK FIRST]", "[REFER IT ON]"]
}

// MARK: Tests

@Suite("Command line")
struct CLITests {
    /// Two consultations on the fixture trees: one for Alpha by topic, one with no policy by question.
    static let goodScript = """
        # pets, for Alpha and for no policy
        policy: alpha
        topic: pets
        answer: A dog
        answer: Yes, approved
        expect: ask-first
        cite: 2

        policy: none
        ask: can I bring my dog to school
        answer: A cat
        expect: refer
        """

    // MARK: run

    @Test("run prints each consultation of a good script as text and exits 0")
    func runText() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/good.txt"
        try CLI.write(Self.goodScript, to: script)
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 0, "\(r)")
        #expect(r.err.isEmpty, "\(r)")
        #expect(CLI.consultationHeads(r.out) == ["── \(script):2", "── \(script):9 can I bring my dog to school"], "\(r)")
        let text = CLI.squash(r.out)
        // The first: Alpha's answer with its path, advice, clause and staleness note.
        #expect(text.contains("What kind of pet is it? → A dog"), "\(r)")
        #expect(text.contains("Has your line manager approved it? → Yes, approved"), "\(r)")
        #expect(text.contains("[ASK FIRST] A dog, approved"), "\(r)")
        #expect(text.contains("Policy: Alpha School"), "\(r)")
        #expect(text.contains("Alpha's policy does not cover pets at school. Ask first."), "\(r)")
        #expect(text.contains("If in doubt always seek advice from the head teacher."), "\(r)")
        #expect(text.contains("due for review in September 2021"), "\(r)")
        // The second: no policy, so the most cautious answer and each school's.
        #expect(text.contains("[REFER IT ON] A cat"), "\(r)")
        #expect(text.contains("Each school's answer:"), "\(r)")
        #expect(text.contains("Alpha School: [REFER IT ON]"), "\(r)")
        #expect(text.contains("Beta Academy: [ALLOWED]"), "\(r)")
    }

    @Test("run --format json prints one object per consultation with the documented keys")
    func runJSON() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/good.txt"
        try CLI.write(Self.goodScript, to: script)
        let r = try CLI.run(["run", "--format", "json", "--trees", Fixtures.valid, script])
        #expect(r.status == 0, "\(r)")
        #expect(r.err.isEmpty, "\(r)")
        let objects = try CLI.jsonObjects(r.out)
        try #require(objects.count == 2, "\(r)")

        for o in objects {
            for key in ["topic", "policy", "question", "path", "verdict", "advice", "ask", "citations", "staleness"] {
                #expect(o[key] != nil, "missing key \(key) in \(o)")
            }
            #expect(o["topic"] as? String == "pets")
            #expect(CLI.verdicts.contains(o["verdict"] as? String ?? ""), "\(o)")
            #expect((o["advice"] as? String)?.isEmpty == false)
            #expect(o["ask"] is [String], "\(o)")
            let path = try #require(o["path"] as? [[String: Any]], "\(o)")
            #expect(!path.isEmpty)
            for step in path {
                #expect(step["question"] is String && step["answer"] is String, "\(step)")
            }
            let citations = try #require(o["citations"] as? [[String: Any]], "\(o)")
            #expect(!citations.isEmpty)
            for c in citations {
                #expect(c["policy"] is String && c["clause"] is String && c["text"] is String, "\(c)")
            }
            #expect(o["staleness"] is String || o["staleness"] is NSNull, "\(o)")
        }

        let alpha = objects[0]
        #expect(alpha["policy"] as? String == "alpha")
        #expect(alpha["question"] is NSNull)
        #expect(alpha["verdict"] as? String == "ask-first")
        #expect(alpha["differences"] == nil, "a chosen policy has no differences")
        let path = alpha["path"] as? [[String: Any]] ?? []
        #expect(path.map { $0["answer"] as? String } == ["A dog", "Yes, approved"])
        #expect(path.first?["question"] as? String == "What kind of pet is it?")
        let cite = (alpha["citations"] as? [[String: Any]])?.first
        #expect(cite?["policy"] as? String == "alpha")
        #expect(cite?["clause"] as? String == "2")
        #expect(cite?["text"] as? String == "If in doubt always seek advice from the head teacher.")
        #expect((alpha["staleness"] as? String)?.contains("September 2021") == true, "\(alpha)")

        let none = objects[1]
        #expect(none["policy"] is NSNull, "\(none)")
        #expect(none["question"] as? String == "can I bring my dog to school")
        #expect(none["verdict"] as? String == "refer")
        let differences = try #require(none["differences"] as? [[String: Any]], "\(none)")
        #expect(differences.map { $0["policy"] as? String } == ["alpha", "beta"])
        #expect(differences.map { $0["verdict"] as? String } == ["refer", "allowed"])
    }

    /// One kind of input error: a bad consultation placed between two good ones.
    struct InputErrorCase: CustomTestStringConvertible, Sendable {
        var name: String
        var block: String
        var line: Int
        var fragments: [String]
        var testDescription: String { name }
    }

    /// Lines 1-5; the bad consultation starts on line 6.
    static let before = "policy: beta\ntopic: pets\nanswer: A cat\nexpect: allowed\n\n"
    static let after = "\n\npolicy: alpha\ntopic: pets\nanswer: Not sure\n"

    static let inputErrors: [InputErrorCase] = [
        InputErrorCase(
            name: "an answer that matches no option", block: "policy: alpha\ntopic: pets\nanswer: A giraffe", line: 8,
            fragments: [
                "'A giraffe' matches no answer to \"What kind of pet is it?\"",
                "expected one of: 'A dog', 'A cat', 'A hot dog stand', 'Not sure'",
            ]),
        InputErrorCase(
            name: "an answer that matches several options", block: "policy: alpha\ntopic: pets\nanswer: dog", line: 8,
            fragments: ["'dog' matches more than one answer", "'A dog', 'A hot dog stand'"]),
        InputErrorCase(
            name: "a question that routes to no topic", block: "policy: alpha\nask: what time is lunch\nanswer: A dog", line: 7,
            fragments: ["not about any of the advisor's topics", "(pets)", "add a 'topic:' line"]),
        InputErrorCase(
            name: "a consultation that ends before an outcome", block: "policy: alpha\ntopic: pets\nanswer: A dog", line: 8,
            fragments: [
                "ends before an outcome", "Has your line manager approved it?", "'Yes, approved', 'No, not yet', 'Not sure'",
            ]),
        InputErrorCase(
            name: "an unknown policy", block: "policy: gamma\ntopic: pets\nanswer: A cat", line: 6,
            fragments: ["unknown policy 'gamma'", "expected one of: alpha, beta, or none"]),
        InputErrorCase(
            name: "an unknown topic", block: "policy: alpha\ntopic: fish\nanswer: A cat", line: 7,
            fragments: ["unknown topic 'fish'", "expected one of: pets"]),
        InputErrorCase(
            name: "an unknown key", block: "policy: alpha\ntopic: pets\ncolour: blue\nanswer: A cat", line: 8,
            fragments: ["unknown key 'colour'", "expected one of: policy, ask, topic, answer, expect, cite, story"]),
    ]

    @Test("run reports an input error as FILE:LINE: error: on stderr, runs the rest, and exits 2", arguments: inputErrors)
    func inputError(_ c: InputErrorCase) throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/bad.txt"
        try CLI.write(Self.before + c.block + Self.after, to: script)
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 2, "\(r)")
        try #require(r.errLines.count == 1, "\(r)")
        let line = r.errLines[0]
        #expect(line.hasPrefix("\(script):\(c.line): error: "), "\(r)")
        for f in c.fragments { #expect(line.contains(f), "\(f) not in: \(line)") }
        // The good consultations on either side still ran.
        let afterLine = 6 + c.block.split(separator: "\n").count + 1
        #expect(CLI.consultationHeads(r.out) == ["── \(script):1", "── \(script):\(afterLine)"], "\(r)")
    }

    @Test("run reports several input errors in one file, each at its own line")
    func severalInputErrors() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/bad.txt"
        try CLI.write(Self.inputErrors.map(\.block).joined(separator: "\n\n") + "\n", to: script)
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 2, "\(r)")
        // Blocks of 3 lines (the last has 4) and a blank line between: they start at 1, 5, 9, ...
        let expected = [3, 7, 10, 15, 17, 22, 27]
        let numbers = r.errLines.map { line -> Int? in
            guard line.hasPrefix(script + ":") else { return nil }
            return Int(line.dropFirst(script.count + 1).prefix { $0.isNumber })
        }
        #expect(numbers == expected, "\(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    @Test("a script that is not valid UTF-8 gives one error line at its line, exit 2")
    func invalidUTF8() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/latin1.txt"
        try CLI.write(Array("policy: alpha\ntopic: pets\nanswer: A ".utf8) + [0xE9, 0xFF] + Array(" cat\n".utf8), to: script)
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 2, "\(r)")
        #expect(r.errLines.count == 1, "\(r)")
        #expect(r.errLines.first?.hasPrefix("\(script):3: error: ") == true, "\(r)")
        #expect(r.err.contains("UTF-8"), "\(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    @Test("a script holding a NUL byte gives one error line, exit 2")
    func nulByte() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/nul.txt"
        try CLI.write(Array("policy: alpha\ntopic: pe".utf8) + [0] + Array("ts\nanswer: A cat\n".utf8), to: script)
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 2, "\(r)")
        #expect(r.errLines.count == 1, "\(r)")
        #expect(r.errLines.first?.hasPrefix("\(script):2: error: ") == true, "\(r)")
        #expect(r.err.contains("NUL"), "\(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    @Test("a script saved by Windows Notepad (byte-order mark, CRLF line ends) runs")
    func byteOrderMarkAndCRLF() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/notepad.txt"
        let text =
            "policy: beta\r\ntopic: pets\r\nanswer: A cat\r\nexpect: allowed\r\n\r\npolicy: alpha\r\ntopic: pets\r\nanswer: A cat\r\nexpect: refer\r\n"
        try CLI.write([0xEF, 0xBB, 0xBF] + Array(text.utf8), to: script)
        let r = try CLI.run(["check", "--trees", Fixtures.valid, script])
        #expect(r.status == 0, "\(r)")
        #expect(r.outLines == ["2 passed, 0 failed"], "\(r)")
        #expect(r.err.isEmpty, "\(r)")
    }

    @Test("a missing script file gives one error line, exit 2")
    func missingFile() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/no-such-script.txt"
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 2, "\(r)")
        #expect(r.errLines == ["\(script): error: no such file"], "\(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    @Test("a directory given as a script gives one error line, exit 2")
    func directoryAsFile() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["run", "--trees", Fixtures.valid, dir])
        #expect(r.status == 2, "\(r)")
        #expect(r.errLines.count == 1, "\(r)")
        #expect(r.errLines.first?.hasPrefix("\(dir): error: ") == true, "\(r)")
        #expect(r.err.contains("directory"), "\(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    @Test("a 1 MB script line is refused at its line without a crash; the other consultations run")
    func hugeLine() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/long.txt"
        let long = "story: " + String(repeating: "x", count: 1 << 20)
        try CLI.write(
            "policy: beta\ntopic: pets\nanswer: A cat\n\npolicy: alpha\n\(long)\ntopic: pets\nanswer: A cat\n\npolicy: beta\ntopic: pets\nanswer: A cat\n",
            to: script)
        let r = try CLI.run(["run", "--trees", Fixtures.valid, script])
        #expect(r.status == 2, "\(r)")
        #expect(r.errLines.count == 1, "\(r)")
        #expect(r.errLines.first?.hasPrefix("\(script):6: error: ") == true, "\(r)")
        #expect(r.err.contains("\(long.utf8.count) bytes"), "\(r)")
        #expect(r.err.utf8.count < 1000, "the error does not echo the line")
        #expect(CLI.consultationHeads(r.out) == ["── \(script):1", "── \(script):10"], "\(r)")
    }

    @Test("'-' reads the script from standard input")
    func standardInput() throws {
        let script = "policy: beta\ntopic: pets\nanswer: A cat\nexpect: allowed\n\npolicy: beta\ntopic: pets\nanswer: A parrot\n"
        let r = try CLI.run(["run", "--trees", Fixtures.valid, "-"], stdin: Data(script.utf8))
        #expect(r.status == 2, "\(r)")
        #expect(CLI.consultationHeads(r.out) == ["── <stdin>:1"], "\(r)")
        #expect(CLI.squash(r.out).contains("[ALLOWED] A cat"), "\(r)")
        #expect(r.errLines.count == 1 && r.errLines[0].hasPrefix("<stdin>:8: error: 'A parrot' matches no answer"), "\(r)")

        let c = try CLI.run(["check", "--trees", Fixtures.valid, "-"], stdin: Data(script.split(separator: "\n\n")[0].utf8))
        #expect(c.status == 0, "\(c)")
        #expect(c.outLines.last == "1 passed, 0 failed", "\(c)")
    }

    // MARK: check

    @Test("check on a passing script ends 'N passed, 0 failed' and exits 0")
    func checkPasses() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/good.txt"
        try CLI.write(Self.goodScript, to: script)
        let r = try CLI.run(["check", "--trees", Fixtures.valid, script])
        #expect(r.status == 0, "\(r)")
        #expect(r.outLines == ["2 passed, 0 failed"], "\(r)")
        #expect(r.err.isEmpty, "\(r)")
    }

    static let failingScript = """
        policy: beta
        topic: pets
        answer: A cat
        expect: refer

        policy: alpha
        topic: pets
        answer: A cat
        expect: refer
        cite: 1

        policy: alpha
        topic: pets
        answer: A cat
        expect: refer
        cite: 2
        """

    @Test("check prints a fail line at each unmet expectation, ends 'N passed, M failed' and exits 1")
    func checkFails() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/fail.txt"
        try CLI.write(Self.failingScript, to: script)
        let r = try CLI.run(["check", "--trees", Fixtures.valid, script])
        #expect(r.status == 1, "\(r)")
        #expect(
            r.outLines == [
                "\(script):4: fail: expected refer but the advisor says allowed (outcome 'cat-outcome')",
                "\(script):10: fail: expected a citation of clause 1, but the result cites 2",
                "1 passed, 2 failed",
            ], "\(r)")
        #expect(r.err.isEmpty, "\(r)")
    }

    @Test("check --format json keeps standard output to JSON lines; failures and the summary go to stderr")
    func checkJSON() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let script = dir + "/fail.txt"
        try CLI.write(Self.failingScript, to: script)
        let r = try CLI.run(["check", "--format", "json", "--trees", Fixtures.valid, script])
        #expect(r.status == 1, "\(r)")
        let objects = try CLI.jsonObjects(r.out)
        #expect(objects.map { $0["policy"] as? String } == ["beta", "alpha", "alpha"], "\(r)")
        #expect(r.errLines.filter { $0.hasPrefix("\(script):") && $0.contains(": fail: ") }.count == 2, "\(r)")
        #expect(r.errLines.last == "1 passed, 2 failed", "\(r)")
    }

    @Test("check fails when a tree changes a verdict a script expects")
    func checkCatchesTreeChange() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        let script = dir + "/cat.txt"
        try CLI.write("policy: beta\ntopic: pets\nanswer: A cat\nexpect: allowed\ncite: pets\n", to: script)

        let before = try CLI.run(["check", "--trees", trees, script])
        #expect(before.status == 0, "\(before)")
        #expect(before.outLines == ["1 passed, 0 failed"], "\(before)")

        // Beta's answer for a cat becomes not-allowed; the trees stay valid.
        try CLI.edit(
            trees + "/pets.json", replacing: #""verdict": "allowed", "advice": "You may.""#,
            with: #""verdict": "not-allowed", "advice": "You may not.""#)
        let lint = try CLI.run(["lint", trees])
        #expect(lint.status == 0, "the changed copy is still valid: \(lint)")

        let after = try CLI.run(["check", "--trees", trees, script])
        #expect(after.status == 1, "\(after)")
        #expect(
            after.outLines.contains(
                "\(script):4: fail: expected allowed but the advisor says not-allowed (outcome 'cat-outcome')"), "\(after)")
        #expect(after.outLines.last == "0 passed, 1 failed", "\(after)")
    }

    @Test("the shipped regression suite passes through check")
    func shippedSuite() throws {
        let files = try CLI.scenarioFiles()
        try #require(!files.isEmpty)
        let r = try CLI.run(["check", "--trees", Fixtures.shippedTrees] + files)
        #expect(r.status == 0, "\(r)")
        let last = try #require(r.outLines.last, "\(r)")
        #expect(last.hasSuffix(" passed, 0 failed"), "\(r)")
        let passed = Int(last.prefix { $0.isNumber }) ?? 0
        #expect(passed >= files.count, "\(last)")
        #expect(r.err.isEmpty, "\(r)")
    }

    // MARK: ask

    static let friendRequest = [
        "ask", "can I accept a friend request", "--policy", "redbridge", "--trees", Fixtures.shippedTrees,
    ]

    @Test("ask with too few answers exits 3 and prints the next question and its options")
    func askNeedsMore() throws {
        let json = try CLI.run(Self.friendRequest + ["--format", "json"])
        #expect(json.status == 3, "\(json)")
        let o = try CLI.jsonObject(json.out)
        #expect(o["topic"] as? String == "friend-requests", "\(o)")
        #expect(o["policy"] as? String == "redbridge")
        #expect((o["path"] as? [Any])?.isEmpty == true, "\(o)")
        let next = try #require(o["next"] as? [String: Any], "\(o)")
        let question = try #require(next["question"] as? String)
        let options = try #require(next["options"] as? [String])
        #expect(!question.isEmpty)
        #expect(options.contains("My personal account") && options.contains("Not sure"), "\(options)")

        let text = try CLI.run(Self.friendRequest)
        #expect(text.status == 3, "\(text)")
        let squashed = CLI.squash(text.out)
        #expect(squashed.contains("Topic: Friend requests"), "\(text)")
        #expect(squashed.contains("Next question: " + question), "\(text)")
        for (i, option) in options.enumerated() {
            #expect(text.outLines.contains("  \(i + 1). \(option)"), "\(option) missing: \(text)")
        }

        // One answer given: it shows in the path, and the next question is asked.
        let one = try CLI.run(Self.friendRequest + ["--answer", "My personal account", "--format", "json"])
        #expect(one.status == 3, "\(one)")
        let path = try CLI.jsonObject(one.out)["path"] as? [[String: Any]]
        #expect(path?.map { $0["answer"] as? String } == ["My personal account"], "\(one)")
    }

    @Test("ask with every answer exits 0 with the school's advice")
    func askAnswered() throws {
        let answers = ["--answer", "My personal account", "--answer", "Current pupil", "--answer", "No, unrelated"]
        let text = try CLI.run(Self.friendRequest + answers)
        #expect(text.status == 0, "\(text)")
        let squashed = CLI.squash(text.out)
        #expect(squashed.contains("Current pupil"), "\(text)")
        #expect(squashed.contains("Policy: Redbridge Community School"), "\(text)")
        #expect(CLI.verdictLabels.contains { squashed.contains($0) }, "\(text)")

        let json = try CLI.run(Self.friendRequest + answers + ["--format", "json"])
        #expect(json.status == 0, "\(json)")
        let o = try CLI.jsonObject(json.out)
        #expect(o["topic"] as? String == "friend-requests")
        #expect(o["question"] as? String == "can I accept a friend request")
        #expect((o["path"] as? [Any])?.count == 3, "\(o)")
        #expect(CLI.verdicts.contains(o["verdict"] as? String ?? ""), "\(o)")
        #expect(((o["citations"] as? [[String: Any]]) ?? []).allSatisfy { $0["policy"] as? String == "redbridge" }, "\(o)")
    }

    @Test("ask with an off-topic question exits 4 and names who to ask when in doubt")
    func askOffTopic() throws {
        let r = try CLI.run(["ask", "what time is lunch", "--policy", "redbridge", "--trees", Fixtures.shippedTrees])
        #expect(r.status == 4, "\(r)")
        let squashed = CLI.squash(r.out)
        #expect(squashed.contains("not about the advisor's topics"), "\(r)")
        #expect(squashed.contains("friend-requests"), "\(r)")
        #expect(
            squashed.contains(
                "for a question about the social media policy itself, ask a member of the senior team (Redbridge Community School)."
            ), "\(r)")

        let json = try CLI.run([
            "ask", "what time is lunch", "--policy", "redbridge", "--format", "json", "--trees", Fixtures.shippedTrees,
        ])
        #expect(json.status == 4, "\(json)")
        let o = try CLI.jsonObject(json.out)
        #expect(o["topic"] is NSNull, "\(o)")
        #expect(o["ask"] as? [String] == ["a member of the senior team"], "\(o)")
    }

    @Test("ask with an unknown --policy exits 64")
    func askUnknownPolicy() throws {
        let r = try CLI.run(["ask", "can I accept a friend request", "--policy", "zzz", "--trees", Fixtures.shippedTrees])
        #expect(r.status == 64, "\(r)")
        #expect(r.err.contains("unknown policy 'zzz'"), "\(r)")
        #expect(r.err.contains("redbridge"), "the message lists the policies: \(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    @Test("ask with an answer that matches nothing exits 2 with a message on stderr")
    func askBadAnswer() throws {
        let r = try CLI.run(Self.friendRequest + ["--answer", "zzz"])
        #expect(r.status == 2, "\(r)")
        #expect(r.err.contains("zzz"), "\(r)")
        #expect(r.err.contains("My personal account"), "the message lists the answers: \(r)")
        #expect(r.out.isEmpty, "\(r)")
    }

    // MARK: lint

    @Test("lint passes the shipped trees")
    func lintShipped() throws {
        let r = try CLI.run(["lint", Fixtures.shippedTrees])
        #expect(r.status == 0, "\(r)")
        #expect(r.outLines.last?.contains(": 0 errors, ") == true, "\(r)")
        #expect(!r.out.contains(": error:"), "\(r)")
    }

    /// A copy of the fixture trees with an outcome's verdict made "maybe"; returns (trees, pets.json, line, column).
    static func brokenCopy(in dir: String) throws -> (String, String, Int, Int) {
        let trees = try CLI.copyOfValidTrees(in: dir)
        let file = trees + "/pets.json"
        try CLI.edit(file, replacing: #""verdict": "refer""#, with: #""verdict": "maybe""#)
        let text = try String(contentsOfFile: file, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let index = try #require(lines.firstIndex { $0.contains(#""maybe""#) })
        let line = String(lines[index])
        let range = try #require(line.range(of: #""maybe""#))
        return (trees, file, index + 1, line.utf8.distance(from: line.startIndex, to: range.lowerBound) + 1)
    }

    @Test("lint on a broken tree prints FILE:LINE:COL: error: and exits 1")
    func lintBroken() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (trees, file, line, column) = try Self.brokenCopy(in: dir)
        let r = try CLI.run(["lint", trees])
        #expect(r.status == 1, "\(r)")
        #expect(
            r.outLines.contains {
                $0.hasPrefix("\(file):\(line):\(column): error: ") && $0.contains("\"maybe\" is not a verdict")
            }, "\(r)")
        #expect(r.outLines.last == "1 error, 0 warnings", "\(r)")
    }

    @Test("lint --format json lists diagnostics with file, line, column and rule")
    func lintJSON() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (trees, file, line, column) = try Self.brokenCopy(in: dir)
        let r = try CLI.run(["lint", "--format", "json", trees])
        #expect(r.status == 1, "\(r)")
        let o = try CLI.jsonObject(r.out)
        #expect(o["errors"] as? Int == 1, "\(o)")
        let diagnostics = try #require(o["diagnostics"] as? [[String: Any]], "\(o)")
        try #require(diagnostics.count == 1, "\(o)")
        let d = diagnostics[0]
        #expect(d["file"] as? String == file)
        #expect(d["line"] as? Int == line)
        #expect(d["column"] as? Int == column)
        #expect(d["rule"] as? String == "bad-verdict")
        #expect(d["severity"] as? String == "error")

        let clean = try CLI.run(["lint", "--format", "json", Fixtures.valid])
        #expect(clean.status == 0, "\(clean)")
        #expect((try CLI.jsonObject(clean.out)["diagnostics"] as? [Any])?.isEmpty == true, "\(clean)")
    }

    // MARK: Information

    @Test("topics lists each topic, as text and as JSON")
    func topics() throws {
        let r = try CLI.run(["topics", "--trees", Fixtures.valid])
        #expect(r.status == 0, "\(r)")
        #expect(r.outLines == ["pets  Pets at school: Whether you may bring a pet to school."], "\(r)")

        let json = try CLI.run(["topics", "--format", "json", "--trees", Fixtures.valid])
        #expect(json.status == 0, "\(json)")
        let list = try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: String]]
        #expect(
            list == [["id": "pets", "title": "Pets at school", "summary": "Whether you may bring a pet to school."]], "\(json)")

        let shipped = try CLI.run(["topics", "--trees", Fixtures.shippedTrees])
        #expect(shipped.status == 0, "\(shipped)")
        for id in ["friend-requests", "media-enquiries", "pupil-contact", "staff-parents", "work-email"] {
            #expect(shipped.outLines.contains { $0.hasPrefix(id + " ") }, "\(id) missing: \(shipped)")
        }
    }

    @Test("topics keeps its columns aligned when a summary wraps")
    func topicsAligned() throws {
        let r = try CLI.run(["topics", "--trees", Fixtures.shippedTrees])
        #expect(r.status == 0, "\(r)")
        // Each topic's title starts in the same column, after the longest id and two spaces.
        let heads = r.outLines.filter { !$0.hasPrefix(" ") }
        try #require(heads.count >= 2, "\(r)")
        let ids = heads.map { String($0.prefix { $0 != " " }) }
        let column = (ids.map(\.count).max() ?? 0) + 2
        for h in heads {
            let gap = h.dropFirst(h.prefix { $0 != " " }.count)
            #expect(h.count - gap.count + gap.prefix { $0 == " " }.count == column, "misaligned: \(h)")
        }
        for l in r.outLines where l.hasPrefix(" ") {
            #expect(l.prefix { $0 == " " }.count == column, "continuation not under the title: \(l)")
        }
    }

    @Test("policies lists each school with its dates and a staleness note from the fixed date")
    func policies() throws {
        let r = try CLI.run(["policies", "--trees", Fixtures.valid])
        #expect(r.status == 0, "\(r)")
        #expect(r.outLines.contains("alpha  Alpha School"), "\(r)")
        #expect(r.outLines.contains("beta  Beta Academy"), "\(r)")
        #expect(r.outLines.contains("    3 clauses; approved January 2020, next review September 2021"), "\(r)")
        #expect(CLI.squash(r.out).contains("Note: Alpha School's policy was due for review in September 2021"), "\(r)")

        let json = try CLI.run(["policies", "--format", "json", "--trees", Fixtures.valid])
        #expect(json.status == 0, "\(json)")
        let list = try #require(try JSONSerialization.jsonObject(with: Data(json.out.utf8)) as? [[String: Any]], "\(json)")
        #expect(list.map { $0["id"] as? String } == ["alpha", "beta"])
        #expect(list.first?["nextReview"] as? String == "2021-09")
        #expect((list.first?["staleness"] as? String)?.contains("September 2021") == true, "\(json)")
        #expect(list.last?["staleness"] is NSNull, "\(json)")

        // Before the review date there is no note.
        let early = try CLI.run(
            ["policies", "--format", "json", "--trees", Fixtures.valid], env: ["POLICY_ADVISOR_TODAY": "2021-01-01"])
        let earlyList = try JSONSerialization.jsonObject(with: Data(early.out.utf8)) as? [[String: Any]]
        #expect(earlyList?.first?["staleness"] is NSNull, "\(early)")
    }

    @Test("cite prints a clause's text in full")
    func cite() throws {
        let policy = try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: Fixtures.shippedTrees + "/policies/redbridge.json")))
        let clauses = (policy as? [String: Any])?["clauses"] as? [[String: Any]] ?? []
        let clause = try #require(clauses.first { $0["id"] as? String == "6.2" }, "redbridge has clause 6.2")
        let text = try #require(clause["text"] as? String)

        let r = try CLI.run(["cite", "redbridge", "6.2", "--trees", Fixtures.shippedTrees])
        #expect(r.status == 0, "\(r)")
        let squashed = CLI.squash(r.out)
        #expect(squashed.contains("Redbridge Community School, clause 6.2"), "\(r)")
        #expect(squashed.contains(CLI.squash(text)), "\(r)")

        let json = try CLI.run(["cite", "redbridge", "6.2", "--format", "json", "--trees", Fixtures.shippedTrees])
        #expect(json.status == 0, "\(json)")
        let o = try CLI.jsonObject(json.out)
        #expect(o["clause"] as? String == "6.2")
        #expect(o["text"] as? String == text)
    }

    @Test("cite of a clause the policy lacks exits 64")
    func citeUnknown() throws {
        let r = try CLI.run(["cite", "redbridge", "99", "--trees", Fixtures.shippedTrees])
        #expect(r.status == 64, "\(r)")
        #expect(r.err.contains("redbridge has no clause '99'"), "\(r)")
        #expect(r.out.isEmpty, "\(r)")

        let p = try CLI.run(["cite", "nowhere", "1", "--trees", Fixtures.shippedTrees])
        #expect(p.status == 64, "\(p)")
        #expect(p.err.contains("unknown policy 'nowhere'"), "\(p)")
    }

    @Test("--version prints the version")
    func version() throws {
        let source = try String(contentsOfFile: Fixtures.repo + "/Sources/PolicyAdvisor/PolicyAdvisor.swift", encoding: .utf8)
        let match = try #require(source.firstMatch(of: #/static let version = "([^"]+)"/#), "the version is declared")
        let r = try CLI.run(["--version"])
        #expect(r.status == 0, "\(r)")
        #expect(r.outLines == [String(match.1)], "\(r)")
    }

    @Test("a broken trees directory makes topics exit 2 with its diagnostics")
    func brokenTrees() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let (trees, file, line, column) = try Self.brokenCopy(in: dir)
        let r = try CLI.run(["topics", "--trees", trees])
        #expect(r.status == 2, "\(r)")
        #expect(r.out.isEmpty, "\(r)")
        #expect(r.errLines.contains { $0.hasPrefix("\(file):\(line):\(column): error: ") }, "\(r)")
        #expect(r.err.contains("the trees in \(trees) have 1 error"), "\(r)")

        let missing = try CLI.run(["topics", "--trees", dir + "/nowhere"])
        #expect(missing.status == 2, "\(missing)")
        #expect(!missing.err.isEmpty, "\(missing)")
    }

    @Test("POLICY_ADVISOR_TREES chooses the trees, and --trees overrides it")
    func treesEnvironment() throws {
        let env = ["POLICY_ADVISOR_TREES": Fixtures.valid]
        let fromEnv = try CLI.run(["topics"], env: env)
        #expect(fromEnv.status == 0, "\(fromEnv)")
        #expect(fromEnv.outLines.first?.hasPrefix("pets ") == true, "\(fromEnv)")
        #expect(!fromEnv.out.contains("friend-requests"), "\(fromEnv)")

        let overridden = try CLI.run(["topics", "--trees", Fixtures.shippedTrees], env: env)
        #expect(overridden.status == 0, "\(overridden)")
        #expect(overridden.out.contains("friend-requests"), "\(overridden)")
        #expect(!overridden.outLines.contains { $0.hasPrefix("pets ") }, "\(overridden)")

        // An empty value is as if unset: the trees beside the program.
        let empty = try CLI.run(["topics"], env: ["POLICY_ADVISOR_TREES": ""])
        #expect(empty.status == 0, "\(empty)")
        #expect(empty.out.contains("friend-requests"), "\(empty)")
    }
}

@Suite("Command line: exit codes that never lie")
struct ExitCodeTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("pa-exit-\(UUID().uuidString).txt").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test("a check file with no consultation checks nothing: exit 2")
    func emptyCheck() throws {
        let f = try Self.write("# only a comment\n")
        defer { try? FileManager.default.removeItem(atPath: f) }
        let r = try CLI.run(["check", "--trees", Fixtures.shippedTrees, f])
        #expect(r.status == 2, "\(r)")
        #expect(r.err.contains("nothing was checked"), "\(r)")
    }

    @Test("a consultation with no expect: passes with a warning, and fails under --strict")
    func uncheckedConsultation() throws {
        let f = try Self.write("policy: redbridge\ntopic: friend-requests\nanswer: An official school site\n")
        defer { try? FileManager.default.removeItem(atPath: f) }
        let r = try CLI.run(["check", "--trees", Fixtures.shippedTrees, f])
        #expect(r.status == 0, "\(r)")
        #expect(r.err.contains(":1: warning: this consultation checks nothing"), "\(r)")
        let strict = try CLI.run(["check", "--strict", "--trees", Fixtures.shippedTrees, f])
        #expect(strict.status == 1, "\(strict)")
    }

    @Test("an unknown --policy before a subcommand that ignores it is still a bad argument (64)")
    func unknownPolicyBeforeSubcommand() throws {
        let r = try CLI.run(["--policy", "bogus", "topics", "--trees", Fixtures.shippedTrees])
        #expect(r.status == 64, "\(r)")
        #expect(r.err.contains("unknown policy 'bogus'"), "\(r)")
    }

    @Test("output that cannot be written fails the run: topics >/dev/full exits 1 with a message")
    func fullStdout() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Fixtures.binary)
        p.arguments = ["topics", "--trees", Fixtures.shippedTrees]
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        let errPipe = Pipe()
        p.standardError = errPipe
        try p.run()
        let err = String(decoding: errPipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        #expect(p.terminationStatus == 1, "\(err)")
        #expect(err.contains("cannot write to standard output: No space left on device"), "\(err)")
    }

    @Test("a failing check stays a failure when its output is lost (check >/dev/full exits 1, not 0)")
    func failingCheckToFull() throws {
        let f = try Self.write("policy: redbridge\ntopic: friend-requests\nanswer: An official school site\nexpect: refer\n")
        defer { try? FileManager.default.removeItem(atPath: f) }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: Fixtures.binary)
        p.arguments = ["check", "--trees", Fixtures.shippedTrees, f]
        p.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        #expect(p.terminationStatus == 1)
    }
}
