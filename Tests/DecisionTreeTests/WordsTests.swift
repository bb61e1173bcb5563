import DecisionTree
import Foundation
import Testing

/// What went wrong is said in plain words: the system's reason, what a path is, why a file
/// cannot be read, never a Foundation error number.
@Suite("Plain words for what went wrong", .timeLimit(.minutes(1)))
struct WordsTests {
    /// Runs the binary through /bin/sh with `redirections` after its arguments (`<&-`).
    static func shell(_ args: [String], redirections: String) throws -> BinaryResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        p.arguments = ["-c", "exec \"$0\" \(quoted) \(redirections)", Fixtures.binary]
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["POLICY_ADVISOR_TODAY"] = "2026-11-21"
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let e = err.fileHandleForReading.readDataToEndOfFile()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return BinaryResult(
            out: String(decoding: o, as: UTF8.self), err: String(decoding: e, as: UTF8.self), status: p.terminationStatus)
    }

    @Test("run - with standard input closed says so (exit 2), not a Foundation error number")
    func closedStandardInput() throws {
        for command in ["run", "check"] {
            let r = try Self.shell([command, "--trees", Fixtures.valid, "-"], redirections: "<&-")
            #expect(r.status == 2, "\(r)")
            #expect(r.err.contains("<stdin>: error: standard input is closed"), "\(r)")
            #expect(!r.err.contains("NSCocoaErrorDomain"), "\(r)")
        }
    }

    @Test("a read that fails gives the system's reason (Input/output error)")
    func readErrorReason() throws {
        // Reading /proc/self/mem from its start fails with EIO: a regular file whose read fails.
        let r = try CLI.run(["run", "--trees", Fixtures.valid, "/proc/self/mem"])
        #expect(r.status == 2, "\(r)")
        #expect(r.err.contains("/proc/self/mem: error: the file cannot be read: Input/output error"), "\(r)")
        #expect(!r.err.contains("NSCocoaErrorDomain"), "\(r)")
        // The library's reader says the same for a descriptor that is not open.
        let failure = ScriptParser.read(fd: -1) { _ in }
        #expect(failure?.message == "the file cannot be read: Bad file descriptor")
    }
}
