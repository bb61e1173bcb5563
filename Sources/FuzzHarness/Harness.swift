import Foundation

#if canImport(Glibc)
    import Glibc
#endif
#if !FUZZING
    import DecisionTree
#endif

// What the fuzz targets share: turning libFuzzer's bytes into files on disk, so that each input
// goes through the readers the advisor itself uses (the file reader `SafeFile`, the trees
// directory loader, the script line reader behind `run` and `check`), the repetition that lets
// a small input grow large, and the replay tool. `make fuzz` compiles this file with
// DecisionTree's sources and one target's Fuzz.swift into one libFuzzer binary (-DFUZZING);
// ordinary builds make it a library the two replay tools and the tests use.

public enum FuzzHarness {
    /// The most an input may grow to through repetition.
    public static let maxExpandedSize = 4 * 1024 * 1024

    /// An input that starts with `#x<N>` and a newline stands for the rest repeated N times (at
    /// most `maxExpandedSize` bytes in all): a few bytes can then reach a million-line script or
    /// nesting far past the limit, where quadratic work or deep recursion would show. In a script,
    /// a `#` line is a comment, so the header is harmless in any other reading.
    public static func expand(_ data: UnsafeRawBufferPointer) -> [UInt8] {
        let bytes = [UInt8](data)
        guard bytes.count > 3, bytes[0] == UInt8(ascii: "#"), bytes[1] == UInt8(ascii: "x"),
            let nl = bytes.firstIndex(of: 0x0A), nl <= 12,
            let n = Int(String(decoding: bytes[2..<nl], as: UTF8.self)), n > 1
        else { return bytes }
        let body = bytes[(nl + 1)...]
        guard !body.isEmpty else { return bytes }
        let times = min(n, maxExpandedSize / body.count)
        var out: [UInt8] = []
        out.reserveCapacity(body.count * times)
        for _ in 0..<times { out.append(contentsOf: body) }
        return out
    }

    /// A scratch directory for this process (in memory, /dev/shm, where there is one), removed at exit.
    public static let scratch: String = {
        let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
        let dir = base + "/policy-advisor-fuzz-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        atexit { try? FileManager.default.removeItem(atPath: FuzzHarness.scratch) }
        return dir
    }()

    /// Writes `bytes` to `path` whole, replacing what was there.
    public static func write(_ bytes: [UInt8], to path: String) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { fatalError("fuzz harness: cannot write \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { fatalError("fuzz harness: writing \(path) failed: \(String(cString: strerror(errno)))") }
            offset += n
        }
    }

    /// The replay tool: runs each named file through `target` once (crash inputs kept as
    /// regressions), printing `ok FILE` after each.
    public static func replay(_ arguments: [String], _ target: (UnsafeRawBufferPointer) -> Void) {
        for path in arguments.dropFirst() {
            guard case .success(let bytes) = SafeFile.read(path, limit: 64 * 1024 * 1024) else {
                FileHandle.standardError.write(Data("cannot read \(path)\n".utf8))
                exit(2)
            }
            bytes.withUnsafeBytes { target($0) }
            print("ok \(path)")
        }
    }

    // MARK: The tree loader

    static let alpha =
        #"{"formatVersion":1,"id":"alpha","school":"Alpha","title":"P","source":"sources/a.txt","roles":[{"id":"head","name":"the head"}],"whenInDoubt":{"ask":["head"],"clause":"1"},"clauses":[{"id":"1","heading":"H","text":"Ask the head."},{"id":"2","heading":"H","text":"Staff must not."}]}"#
    static let beta =
        #"{"formatVersion":1,"id":"beta","school":"Beta","title":"P","source":"sources/b.txt","roles":[{"id":"lm","name":"your line manager"}],"whenInDoubt":{"ask":["lm"],"clause":"x"},"clauses":[{"id":"x","heading":"H","text":"Ask."}]}"#
    static let pets =
        #"{"formatVersion":1,"id":"pets","title":"Pets","summary":"s","routing":["dog at school","cat"],"start":"q","nodes":[{"id":"q","question":"Which?","help":"h","why":{"text":"w","clauses":{"alpha":["1"],"beta":["x"]}},"answers":[{"id":"dog","label":"A dog","next":"o"},{"id":"cat","label":"A cat","next":"o"},{"id":"ns","label":"Not sure","next":"o"}]},{"id":"o","title":"T","outcome":{"alpha":{"verdict":"ask-first","advice":"Ask.","ask":["head"],"citations":[{"clause":"1"}]},"beta":{"verdict":"ask-first","advice":"Ask.","ask":["lm"],"citations":[{"clause":"x"}]}}}]}"#

    /// A trees directory on disk holding two small policies with their source texts, and a small
    /// tree too unless the input is to be the tree.
    static func makeTreesDirectory(_ name: String, tree: Bool) -> String {
        let fm = FileManager.default
        let dir = scratch + "/" + name
        try? fm.createDirectory(atPath: dir + "/policies/sources", withIntermediateDirectories: true)
        try? fm.createDirectory(atPath: dir + "/questions", withIntermediateDirectories: true)
        write(Array(alpha.utf8), to: dir + "/policies/alpha.json")
        write(Array(beta.utf8), to: dir + "/policies/beta.json")
        write(Array("1. Ask the head.\n2. Staff must not.\n".utf8), to: dir + "/policies/sources/a.txt")
        write(Array("Ask.\n".utf8), to: dir + "/policies/sources/b.txt")
        if !tree { write(Array(pets.utf8), to: dir + "/pets.json") }
        return dir
    }

    /// Where the input is a tree beside the two policies, and where it is a third policy beside
    /// them and the small tree.
    static let treeDirectories = (
        tree: makeTreesDirectory("as-tree", tree: true), policy: makeTreesDirectory("as-policy", tree: false)
    )

    /// Any bytes, as a tree file and as a policy file read from a trees directory, must load or
    /// fail with diagnostics, never crash or hang; a library that loads must also walk and route.
    public static func tree(_ data: UnsafeRawBufferPointer) {
        let bytes = expand(data)
        let dirs = treeDirectories
        write(bytes, to: dirs.tree + "/fuzz.json")
        write(bytes, to: dirs.policy + "/policies/gamma.json")
        for dir in [dirs.tree, dirs.policy] {
            guard let library = try? Library.load(directory: dir, options: LoadOptions(checkSources: true)) else {
                continue
            }
            for tree in library.trees {
                for policy in [nil] + library.policyIDs.map(Optional.some) {
                    var walk = Walk(library: library, tree: tree, policyID: policy)
                    var steps = 0
                    while walk.currentQuestion != nil && steps < 10_000 {
                        try? walk.answer(index: 0)
                        steps += 1
                    }
                    _ = walk.result(today: Day(year: 2026, month: 1, day: 1))
                }
            }
            _ = Router(library: library).route(String(decoding: bytes.prefix(200), as: UTF8.self))
        }
    }

    // MARK: Scripts

    static let scriptLibrary: Library = try! Library.load(directory: makeTreesDirectory("for-scripts", tree: false))

    /// Any bytes, as a script file read by `run`'s line reader and as a training file read by
    /// `train`'s file reader, must give consultations or line-numbered errors, never crash.
    public static func script(_ data: UnsafeRawBufferPointer) {
        let library = scriptLibrary
        let bytes = expand(data)
        let path = scratch + "/script.txt"
        write(bytes, to: path)
        let runner = ScriptRunner(library: library, today: Day(year: 2026, month: 1, day: 1))
        switch SafeFile.open(path, allowPipes: true) {
        case .success(let fd):
            _ = ScriptParser.read(fd: fd) { _ = runner.run($0) }
            close(fd)
        case .failure(let problem):
            fatalError("fuzz harness: cannot open \(path): \(problem)")
        }
        if case .success(let text) = SafeFile.readText(path, limit: LoadOptions().maxFileSize) {
            let (scenarios, _) = Training.parse(text, file: path)
            for s in scenarios {
                _ = Training.resolve(s, library: library, policyID: "alpha", today: Day(year: 2026, month: 1, day: 1))
            }
        }
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzerTestOneInput(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
        fuzzTarget(UnsafeRawBufferPointer(start: start, count: count))
        return 0
    }
#endif
