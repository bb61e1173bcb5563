import DecisionTree
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A small tmpfs (the tests run as root where they can): a real full disk.
enum SmallDisk {
    /// Mounts a tmpfs of `kilobytes` at a fresh directory; nil where mounting is not allowed.
    static func mount(kilobytes: Int) throws -> String? {
        let dir = try CLI.tempDir()
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/mount")
        p.arguments = ["-t", "tmpfs", "-o", "size=\(kilobytes)k", "tmpfs", dir]
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return nil }
        p.waitUntilExit()
        guard p.terminationStatus == 0 else {
            try? FileManager.default.removeItem(atPath: dir)
            return nil
        }
        return dir
    }

    static func unmount(_ dir: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/umount")
        p.arguments = [dir]
        try? p.run()
        p.waitUntilExit()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Fills the disk: a file that grows until the device takes no more.
    static func fill(_ dir: String) {
        let fd = open(dir + "/filler", O_WRONLY | O_CREAT, 0o644)
        defer { close(fd) }
        let chunk = [UInt8](repeating: 0x41, count: 512)
        while chunk.withUnsafeBytes({ write(fd, $0.baseAddress, $0.count) }) > 0 {}
    }
}

/// 5: transcripts are appended to, in place.
@Suite("Reliability: transcripts", .serialized)
struct TranscriptTests {
    static let input = Data("can I bring my dog to school\nA dog\nyes\ncan I bring my dog to school\nA dog\nno\n".utf8)

    @Test("a second session appends to the first's record; the mode and a hard link are kept; no temporary file")
    func appendAcrossSessions() throws {
        let dir = try CLI.tempDir()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/t.md"
        let args = ["--trees", Fixtures.valid, "--policy", "beta", "--transcript", path]
        #expect(try CLI.run(args, stdin: Self.input).status == 0)
        chmod(path, 0o600)
        #expect(link(path, dir + "/link.md") == 0)
        let first = try String(contentsOfFile: path, encoding: .utf8)
        #expect(first.components(separatedBy: "\n## ").count == 3)  // two consultations
        #expect(try CLI.run(args, stdin: Self.input).status == 0)
        let both = try String(contentsOfFile: path, encoding: .utf8)
        #expect(both.hasPrefix(first))
        #expect(both.components(separatedBy: "\n## ").count == 5)
        #expect(both.contains("_A later session, from "))
        #expect(both.components(separatedBy: "# policy-advisor consultation record").count == 2)
        var st = stat()
        #expect(stat(path, &st) == 0 && st.st_mode & 0o777 == 0o600)
        #expect(st.st_nlink == 2)
        #expect(try String(contentsOfFile: dir + "/link.md", encoding: .utf8) == both)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["link.md", "t.md"])
    }

    @Test("a full disk is reported as a full disk, and the record stays as it was")
    func fullDisk() throws {
        // A test that cannot make its full disk fails, rather than passing without a check.
        let disk = try #require(try SmallDisk.mount(kilobytes: 16), "mount a small tmpfs (needs root)")
        defer { SmallDisk.unmount(disk) }
        let path = disk + "/t.md"
        // The last page has 12 bytes free, so the next consultation needs a page the disk does not have.
        var text = "# policy-advisor consultation record\n\n"
        while text.utf8.count < 4096 - 13 { text += "x" }
        try CLI.write(text + "\n", to: path)
        SmallDisk.fill(disk)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let r = try CLI.run(["--trees", Fixtures.valid, "--policy", "beta", "--transcript", path], stdin: Self.input)
        #expect(r.err.contains("No space left on device"), "\(r)")
        #expect(!r.err.contains("permissions"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }
}
