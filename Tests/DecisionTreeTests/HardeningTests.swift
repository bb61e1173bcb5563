import DecisionTree
import Foundation
import Testing

/// Bad input never crashes, hangs or misleads: each gets a clear message naming the file (and
/// line where there is one), and nothing is written half-way.
@Suite("Hardening")
struct HardeningTests {
    /// A fresh trees directory with the fixture policies, and the given tree files.
    func treesDir(_ files: [String: [UInt8]]) throws -> String {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("pa-hard-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Fixtures.valid + "/policies", toPath: dir + "/policies")
        for (name, bytes) in files { try Data(bytes).write(to: URL(fileURLWithPath: dir + "/" + name)) }
        return dir
    }

    func diagnostics(_ dir: String) -> [Diagnostic] {
        do {
            return try Library.load(directory: dir).warnings
        } catch {
            return error.diagnostics
        }
    }

    @Test("an empty tree file is named, with a clear message")
    func emptyFile() throws {
        let dir = try treesDir(["empty.json": []])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let d = diagnostics(dir).first { $0.file.hasSuffix("empty.json") }
        #expect(d?.message.contains("empty") == true)
        #expect(d?.severity == .error)
    }

    @Test("a NUL byte in a tree is named with its line and column")
    func nulByte() throws {
        var bytes = Fixtures.bytes("valid/pets.json")
        let i = try #require(bytes.firstIndex(of: UInt8(ascii: "P")))
        bytes[i] = 0
        let dir = try treesDir(["pets.json": bytes])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let d = diagnostics(dir).first
        #expect(d?.message.contains("NUL") == true)
        #expect(d?.location != nil)
    }

    @Test("a 50 MB tree is refused before it is read, naming the limit")
    func hugeFile() throws {
        let dir = try treesDir([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/huge.json"
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let h = try #require(FileHandle(forWritingAtPath: path))
        try h.truncate(atOffset: 50 * 1024 * 1024)
        try h.close()
        let d = diagnostics(dir).first { $0.file == path }
        #expect(d?.rule == "file-too-large")
        #expect(d?.message.contains("50 MB") == true)
    }

    @Test(
        "control characters and escape sequences in any text field are refused",
        arguments: [
            ("summary", "Pets \u{1B}[2J at school"), ("label", "A dog\u{07}"), ("advice", "You may \u{9B}31m bring it."),
            ("title", "A dog, \u{202E}approved"),
        ])
    func controlCharacters(_ field: String, _ value: String) throws {
        var text = Fixtures.text("valid/pets.json")
        // Replace the first value of the field with one holding the bad character.
        let pattern = "\"\(field)\": \""
        let start = try #require(text.range(of: pattern))
        let end = try #require(text[start.upperBound...].firstIndex(of: "\""))
        var escaped = ""
        for u in value.unicodeScalars {
            if u.value < 0x20 || (0x7F...0x9F).contains(u.value) || u.value == 0x202E {
                let h = String(u.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            } else {
                escaped.unicodeScalars.append(u)
            }
        }
        text.replaceSubrange(start.upperBound..<end, with: escaped)
        let diags = Fixtures.diagnostics(trees: [SourceFile(name: "pets.json", text: text)])
        #expect(diags.contains { $0.rule == "control-character" && $0.location != nil }, "\(diags)")
    }

    @Test("control characters in a policy's clause are refused too")
    func controlInPolicy() throws {
        var files = Fixtures.policyFiles
        let text = String(decoding: files[0].bytes, as: UTF8.self).replacingOccurrences(
            of: "Staff must not accept", with: "Staff \\u001b]0;x\\u0007must not accept")
        files[0] = SourceFile(name: files[0].name, text: text)
        #expect { try Library.load(policyFiles: files, treeFiles: []) } throws: {
            ($0 as? LoadFailure)?.diagnostics.contains { $0.rule == "control-character" && $0.file == "policies/alpha.json" }
                == true
        }
    }

    @Test("a trees path that is a file, or has no trees, or no policies, is a clear error")
    func badDirectories() throws {
        let file = Fixtures.valid + "/pets.json"
        #expect { try Library.load(directory: file) } throws: {
            ($0 as? LoadFailure)?.diagnostics.first?.message.contains("not a trees directory") == true
        }
        let dir = try treesDir([:])
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(diagnostics(dir).contains { $0.rule == "no-trees" })
        try FileManager.default.removeItem(atPath: dir + "/policies")
        #expect(diagnostics(dir).contains { $0.rule == "no-policies" })
    }

    @Test(
        "an unreadable trees directory is a clear error",
        .enabled(if: getuid() != 0, "root reads everything: shown as skipped, never as passed"))
    func unreadable() throws {
        let dir = try treesDir(["pets.json": Fixtures.bytes("valid/pets.json")])
        defer {
            chmod(dir, 0o755)
            try? FileManager.default.removeItem(atPath: dir)
        }
        chmod(dir, 0o000)
        #expect(diagnostics(dir).contains { $0.rule == "unreadable" })
    }

    @Test("a transcript or record in a missing directory is refused before anything is asked")
    func missingOutputDirectory() throws {
        let t = try CLI.run(
            ["--trees", Fixtures.shippedTrees, "--policy", "redbridge", "--transcript", "/nonexistent/dir/t.md"],
            stdin: Data("can I accept a friend request\n1\n".utf8))
        #expect(t.status == 64)
        #expect(t.err.contains("/nonexistent/dir"))
        #expect(!t.out.contains("Topic:"))
        let r = try CLI.run(["train", "--trees", Fixtures.valid, "--name", "A", "--record", "/nonexistent/dir/r.csv"])
        #expect(r.status == 64)
        #expect(r.err.contains("/nonexistent/dir"))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/dir/r.csv"))
    }

    @Test("a transcript path holding something else is refused up front; a new one is written whole, with no temporary file")
    func transcriptWhole() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pa-tr-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.md"
        try "old".write(toFile: path, atomically: true, encoding: .utf8)
        let input = Data("can I bring my dog to school\nA dog\nyes\n".utf8)
        let refused = try CLI.run(["--trees", Fixtures.valid, "--policy", "beta", "--transcript", path], stdin: input)
        #expect(refused.status == 64)
        #expect(refused.err.contains("not a policy-advisor transcript"))
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "old")
        try FileManager.default.removeItem(atPath: path)
        let r = try CLI.run(["--trees", Fixtures.valid, "--policy", "beta", "--transcript", path], stdin: input)
        #expect(r.status == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("# policy-advisor consultation record"))
        #expect(text.contains("**A dog**") && text.contains("Staff are allowed to bring a pet to school"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir) == ["t.md"])
    }
}

@Suite("Hardening: files that are not regular files", .timeLimit(.minutes(1)))
struct NonRegularFileTests {
    func dir() throws -> String {
        let fm = FileManager.default
        let dir = fm.temporaryDirectory.appendingPathComponent("pa-nonreg-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try fm.copyItem(atPath: Fixtures.valid + "/policies", toPath: dir + "/policies")
        try fm.copyItem(atPath: Fixtures.valid + "/pets.json", toPath: dir + "/pets.json")
        return dir
    }

    func diagnostics(_ dir: String, checkSources: Bool = false) -> [Diagnostic] {
        do {
            return try Library.load(directory: dir, options: LoadOptions(checkSources: checkSources)).warnings
        } catch {
            return error.diagnostics
        }
    }

    @Test("a tree that is a FIFO is refused at once, not waited on")
    func fifo() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        #expect(mkfifo(d + "/pipe.json", 0o600) == 0)
        let hit = diagnostics(d).first { $0.file.hasSuffix("pipe.json") }
        #expect(hit?.message.contains("named pipe") == true, "\(String(describing: hit))")
    }

    @Test("a tree that links to /dev/zero is refused, not read for ever")
    func devZero() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.createSymbolicLink(atPath: d + "/zero.json", withDestinationPath: "/dev/zero")
        let hit = diagnostics(d).first { $0.file.hasSuffix("zero.json") }
        #expect(hit?.message.contains("character device") == true, "\(String(describing: hit))")
    }

    @Test("a symbolic link loop is named as a loop, not as missing")
    func loop() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        try FileManager.default.createSymbolicLink(atPath: d + "/a.json", withDestinationPath: d + "/b.json")
        try FileManager.default.createSymbolicLink(atPath: d + "/b.json", withDestinationPath: d + "/a.json")
        let hit = diagnostics(d).first { $0.file.hasSuffix("a.json") }
        #expect(hit?.message.contains("loop") == true, "\(String(describing: hit))")
    }

    @Test("a policy's source text outside the trees directory is refused")
    func sourceOutside() throws {
        let d = try dir()
        defer { try? FileManager.default.removeItem(atPath: d) }
        let p = d + "/policies/alpha.json"
        let text = try String(contentsOfFile: p, encoding: .utf8)
        try text.replacingOccurrences(of: "\"sources/alpha.txt\"", with: "\"../../../../../../dev/zero\"")
            .write(toFile: p, atomically: true, encoding: .utf8)
        let hit = diagnostics(d, checkSources: true).first { $0.rule == "source-outside" }
        #expect(hit != nil, "\(diagnostics(d, checkSources: true))")
    }
}

/// Foundation on Linux crashes on `("f" as NSString).deletingLastPathComponent`: every file the
/// user names may be one character long.
@Suite("One-character file names")
struct ShortNameTests {
    @Test("the directory of a path, worked out without NSString")
    func directory() {
        #expect(SafeFile.directory(of: "f") == "")
        #expect(SafeFile.directory(of: "a/b") == "a")
        #expect(SafeFile.directory(of: "/x") == "/")
        #expect(SafeFile.directory(of: "a/b/") == "a")
        #expect(SafeFile.directory(of: "/a//b") == "/a")
        #expect(SafeFile.directory(of: "") == "")
    }

    @Test("a record, transcript or script named by one letter is used or refused, never a crash")
    func oneLetterNames() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pa-short-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(mkfifo(dir + "/f", 0o600) == 0)
        let fifo = try CLI.run(
            ["train", "--trees", Fixtures.shippedTrees, "--policy", "redbridge", "--record", "f", "--name", "Jo"],
            stdin: Data(), directory: dir)
        #expect(fifo.status == 64, "\(fifo)")
        #expect(fifo.err.contains("FIFO"), "\(fifo)")
        #expect(!fifo.err.contains("crashed"), "\(fifo)")
        let record = try CLI.run(
            [
                "train", "--trees", Fixtures.shippedTrees, "--policy", "redbridge", "--record", "r", "--name", "Jo", "--topic",
                "friend-requests",
            ],
            stdin: Data(":quit\n".utf8), directory: dir)
        #expect(!record.err.contains("crashed"), "\(record)")
        #expect(record.status == 1, "\(record)")
        let transcript = try CLI.run(
            ["--trees", Fixtures.shippedTrees, "--policy", "redbridge", "--transcript", "t"], stdin: Data(":quit\n".utf8),
            directory: dir)
        #expect(!transcript.err.contains("crashed"), "\(transcript)")
        #expect(transcript.status == 0, "\(transcript)")
    }
}

@Suite("Empty names")
struct EmptyNameTests {
    @Test("--trees with an empty name is a bad argument, wherever it stands")
    func emptyTrees() throws {
        for args in [["--trees", "", "topics"], ["topics", "--trees", ""]] {
            let r = try CLI.run(args)
            #expect(r.status == 64, "\(r)")
            #expect(r.err.contains("--trees needs a directory's name"), "\(r)")
        }
    }
}
