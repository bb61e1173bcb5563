import DecisionTree
import Foundation
import Testing

/// What went wrong is said in plain words: the system's reason, what a path is, why a file
/// cannot be read, never a Foundation error number.
@Suite("Plain words for what went wrong", .timeLimit(.minutes(1)))
struct WordsTests {
    /// Runs the binary through /bin/sh with `redirections` after its arguments (`<&-`), and
    /// `prefix` (a command such as setpriv) before it.
    static func shell(_ args: [String], redirections: String = "", prefix: String = "") throws -> BinaryResult {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        let quoted = args.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        p.arguments = ["-c", "exec \(prefix) \"$0\" \(quoted) \(redirections)", Fixtures.binary]
        var env = ProcessInfo.processInfo.environment
        for key in ["POLICY_ADVISOR_TREES", "POLICY_ADVISOR_POLICY", "TERM"] { env[key] = nil }
        env["NO_COLOR"] = "1"
        env["POLICY_ADVISOR_TODAY"] = "2026-11-21"
        env["COLUMNS"] = "80"
        p.environment = env
        let out = Pipe()
        let err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        // Both pipes are read at once (standard error on another thread), so that a program that
        // writes a lot to one while the other is being read cannot block for ever.
        let errText = Collected()
        let group = DispatchGroup()
        let errReader = err.fileHandleForReading
        DispatchQueue.global().async(group: group) { errText.set(errReader.readDataToEndOfFile()) }
        let o = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        p.waitUntilExit()
        return BinaryResult(
            out: String(decoding: o, as: UTF8.self), err: String(decoding: errText.get(), as: UTF8.self),
            status: p.terminationStatus)
    }

    /// What a background thread read from a pipe.
    final class Collected: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        func set(_ d: Data) { lock.withLock { data = d } }
        func get() -> Data { lock.withLock { data } }
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

    @Test("training files that are a directory, hold a NUL or are not UTF-8 each say which, in train and in lint")
    func trainingFiles() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try FileManager.default.createDirectory(atPath: trees + "/training/dir.txt", withIntermediateDirectories: false)
        try CLI.write(Array("story: a\u{0}b\n".utf8), to: trees + "/training/nul.txt")
        try CLI.write([0x73, 0x74, 0xFF, 0x0A], to: trees + "/training/latin.txt")
        let train = try CLI.run(["train", "--trees", trees, "--policy", "beta"])
        let lint = try CLI.run(["lint", trees])
        for (r, status) in [(train, Int32(2)), (lint, Int32(1))] {
            let text = r.err + r.out
            #expect(r.status == status, "\(r)")
            #expect(text.contains("dir.txt: error: this is a directory, not a file"), "\(r)")
            #expect(text.contains("nul.txt: error: the file holds a NUL byte"), "\(r)")
            #expect(text.contains("latin.txt: error: the file is not valid UTF-8"), "\(r)")
            #expect(!text.contains("cannot read the file as UTF-8 text"), "\(r)")
        }
        #expect(!train.out.contains("Situation 1"))
    }

    @Test("a policy file that is a directory is said to be one (scaffold), not 'no policy file'")
    func policyFileDirectory() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try FileManager.default.createDirectory(atPath: trees + "/policies/gamma.json", withIntermediateDirectories: false)
        let r = try CLI.run(["scaffold", "gamma", "--trees", trees])
        #expect(r.status == 64, "\(r)")
        #expect(r.err.contains("gamma.json: this is a directory, not a file"), "\(r)")
        #expect(!r.err.contains("no policy file"), "\(r)")
        // A tree that cannot be read stops scaffold before any tree is rewritten.
        try FileManager.default.removeItem(atPath: trees + "/policies/gamma.json")
        let beta = try String(contentsOfFile: trees + "/policies/beta.json", encoding: .utf8)
        try CLI.write(
            beta.replacingOccurrences(of: "\"id\": \"beta\"", with: "\"id\": \"gamma\""), to: trees + "/policies/gamma.json")
        try FileManager.default.createDirectory(atPath: trees + "/zz.json", withIntermediateDirectories: false)
        let before = try Data(contentsOf: URL(fileURLWithPath: trees + "/pets.json"))
        let s = try CLI.run(["scaffold", "gamma", "--trees", trees])
        #expect(s.status == 2, "\(s)")
        #expect(s.err.contains("zz.json: error: this is a directory, not a file"), "\(s)")
        #expect(try Data(contentsOf: URL(fileURLWithPath: trees + "/pets.json")) == before)
    }

    /// Runs the binary as a user without root's power to read anything (nobody, through setpriv,
    /// when the tests run as root), so that permissions are what a school's staff would meet.
    static func unprivileged(_ args: [String]) throws -> BinaryResult {
        guard getuid() == 0 else { return try shell(args) }
        let setpriv = "/usr/bin/setpriv"
        try #require(FileManager.default.isExecutableFile(atPath: setpriv), "setpriv, to drop root's permissions")
        return try shell(args, prefix: setpriv + " --reuid=65534 --regid=65534 --clear-groups")
    }

    /// A temporary directory anyone may enter (the unprivileged runs must reach what is inside).
    static func openDir() throws -> String {
        let dir = try CLI.tempDir()
        chmod(dir, 0o755)
        return dir
    }

    @Test("a --trees that is a symbolic link loop, or a dangling link, is said as what it is, not 'does not exist'")
    func treesLinks() throws {
        let dir = try Self.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createSymbolicLink(atPath: dir + "/a", withDestinationPath: dir + "/b")
        try FileManager.default.createSymbolicLink(atPath: dir + "/b", withDestinationPath: dir + "/a")
        try FileManager.default.createSymbolicLink(atPath: dir + "/gone", withDestinationPath: dir + "/nowhere")
        let loop = try CLI.run(["topics", "--trees", dir + "/a"])
        #expect(loop.status == 2, "\(loop)")
        #expect(loop.err.contains("the trees directory is a symbolic link loop"), "\(loop)")
        #expect(!loop.err.contains("does not exist"), "\(loop)")
        let gone = try CLI.run(["lint", dir + "/gone"])
        #expect(gone.out.contains("the trees directory is a symbolic link to a directory that does not exist"), "\(gone)")
    }

    @Test("a --trees that cannot be searched, or sits in a directory that cannot be, says so, not 'does not exist'")
    func treesUnsearchable() throws {
        let dir = try Self.openDir()
        defer {
            chmod(dir + "/locked", 0o755)
            chmod(dir + "/listable", 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: false)
        _ = try CLI.copyOfValidTrees(in: dir + "/locked")
        try FileManager.default.copyItem(atPath: Fixtures.valid, toPath: dir + "/listable")
        chmod(dir + "/locked", 0o000)
        chmod(dir + "/listable", 0o644)  // can be listed, not searched
        let under = try Self.unprivileged(["topics", "--trees", dir + "/locked/trees"])
        #expect(under.status == 2, "\(under)")
        #expect(
            under.err.contains("the trees directory cannot be reached: a directory on its path cannot be searched"), "\(under)")
        #expect(!under.err.contains("does not exist"), "\(under)")
        let listable = try Self.unprivileged(["topics", "--trees", dir + "/listable"])
        #expect(listable.status == 2, "\(listable)")
        #expect(listable.err.contains("the trees directory can be listed but not searched"), "\(listable)")
    }

    @Test("a script that is a link loop, a device or in a directory that cannot be searched is said as what it is")
    func scriptPaths() throws {
        let dir = try Self.openDir()
        defer {
            chmod(dir + "/locked", 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        try FileManager.default.createSymbolicLink(atPath: dir + "/a.txt", withDestinationPath: dir + "/b.txt")
        try FileManager.default.createSymbolicLink(atPath: dir + "/b.txt", withDestinationPath: dir + "/a.txt")
        try FileManager.default.createDirectory(atPath: dir + "/locked", withIntermediateDirectories: false)
        try CLI.write("policy: beta\ntopic: pets\nanswer: A dog\nanswer: yes\n", to: dir + "/locked/s.txt")
        chmod(dir + "/locked", 0o000)
        let loop = try CLI.run(["run", "--trees", Fixtures.valid, dir + "/a.txt"])
        #expect(loop.status == 2, "\(loop)")
        #expect(loop.err.contains("a.txt: error: this is a symbolic link loop"), "\(loop)")
        let device = try CLI.run(["run", "--trees", Fixtures.valid, "/dev/zero"])
        #expect(device.err.contains("/dev/zero: error: this is a character device, not a regular file"), "\(device)")
        let locked = try Self.unprivileged(["run", "--trees", Fixtures.valid, dir + "/locked/s.txt"])
        #expect(locked.status == 2, "\(locked)")
        #expect(locked.err.contains("s.txt: error: a directory on the path cannot be searched"), "\(locked)")
        #expect(!locked.err.contains("no such file"), "\(locked)")
    }

    @Test("a policies directory that is a link loop is said to be one")
    func policiesLoop() throws {
        let dir = try Self.openDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let trees = try CLI.copyOfValidTrees(in: dir)
        try FileManager.default.removeItem(atPath: trees + "/policies")
        try FileManager.default.createSymbolicLink(atPath: trees + "/policies", withDestinationPath: "policies")
        #expect { try Library.load(directory: trees) } throws: {
            ($0 as? LoadFailure)?.diagnostics.contains {
                $0.file.hasSuffix("/policies")
                    && $0.message == "the policies directory is a symbolic link loop: the links never reach a directory"
            } == true
        }
    }
}
