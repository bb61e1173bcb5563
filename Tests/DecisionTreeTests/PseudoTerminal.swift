// The pseudo-terminal harness the end-to-end REPL and review tests drive the real binary with.
//
// Linux only: written against Glibc (posix_openpt, posix_spawn with POSIX_SPAWN_SETSID), which is
// where CI runs.
#if os(Linux)

    import Foundation
    import Glibc
    import Testing

    /// One program running on a fresh pseudo-terminal, driven like a person at a keyboard.
    ///
    /// The child gets its own session (POSIX_SPAWN_SETSID) and the terminal's slave side as its
    /// standard input, output and error; opening the slave after setsid makes it the controlling
    /// terminal, so Ctrl-C typed into the master becomes SIGINT, as at a real terminal. The window
    /// is 100 columns by 40 rows.
    ///
    /// Output is read from the master without blocking and kept whole (`rawOutput`). For matching it
    /// is replayed onto a small model of the terminal (carriage return, backspace, cursor movement
    /// and erase sequences are applied, every other escape sequence is dropped), so that the text is
    /// what the screen shows even when libedit redraws a line; `expect` then matches with runs of
    /// whitespace folded to one space, so wrapped lines still match.
    ///
    /// Like `expect(1)`, each successful `expect` consumes the text up to the end of its match; the
    /// next one looks only after that. Every wait has a time limit; the child is killed and
    /// reaped and the descriptors closed when the session goes away.
    final class PseudoTerminalSession {
        struct Failure: Error, CustomStringConvertible {
            let description: String
        }

        static let columns: UInt16 = 100
        static let rows: UInt16 = 40

        private let master: Int32
        /// The parent keeps the slave open too, so that reading the master never fails with EIO in
        /// the moment before the child opens it, or after it exits with output still unread.
        private let slave: Int32
        let pid: pid_t
        private var exitStatus: Int32?
        private var closed = false
        private var raw: [UInt8] = []
        /// How far `expect` has consumed, in Unicode scalars of the normalised screen text.
        private var consumed = 0

        /// What must outlive the program, such as its temporary home; released after it is killed.
        private let keptAlive: [AnyObject]

        /// Starts `executable` on a new terminal with exactly `environment` (nothing inherited).
        init(executable: String, arguments: [String], environment: [String: String], keepingAlive: [AnyObject] = []) throws {
            guard FileManager.default.isExecutableFile(atPath: executable) else {
                throw Failure(description: "no policy-advisor binary at \(executable) (build it first)")
            }
            let c = try CFunctions.shared
            let m = c.posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard m >= 0 else { throw Failure(description: "posix_openpt: \(Self.errorText(errno))") }
            var name = [CChar](repeating: 0, count: 256)
            guard c.grantpt(m) == 0, c.unlockpt(m) == 0, c.ptsname_r(m, &name, name.count) == 0 else {
                let e = errno
                Glibc.close(m)
                throw Failure(description: "setting up the pseudo-terminal: \(Self.errorText(e))")
            }
            let slavePath = String(decoding: name.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let s = open(slavePath, O_RDWR | O_NOCTTY | O_CLOEXEC)
            guard s >= 0 else {
                let e = errno
                Glibc.close(m)
                throw Failure(description: "opening \(slavePath): \(Self.errorText(e))")
            }
            var size = winsize(ws_row: Self.rows, ws_col: Self.columns, ws_xpixel: 0, ws_ypixel: 0)
            _ = ioctl(s, UInt(TIOCSWINSZ), &size)
            _ = fcntl(m, F_SETFL, fcntl(m, F_GETFL) | O_NONBLOCK)

            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            // Opened after setsid (glibc runs it before the file actions): the controlling terminal.
            posix_spawn_file_actions_addopen(&actions, 0, slavePath, O_RDWR, 0)
            posix_spawn_file_actions_adddup2(&actions, 0, 1)
            posix_spawn_file_actions_adddup2(&actions, 0, 2)
            // Nothing else of this (multi-threaded) test process leaks into the child.
            if let closeFrom = c.posix_spawn_file_actions_addclosefrom_np { _ = closeFrom(&actions, 3) }

            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            // A clean signal state: nothing blocked, and the usual terminal signals at their defaults
            // whatever the test runner did with them.
            var noSignals = sigset_t()
            sigemptyset(&noSignals)
            posix_spawnattr_setsigmask(&attributes, &noSignals)
            var defaults = sigset_t()
            sigemptyset(&defaults)
            for sig in [SIGINT, SIGQUIT, SIGHUP, SIGPIPE, SIGTERM, SIGTSTP, SIGTTIN, SIGTTOU, SIGWINCH, SIGCHLD] {
                sigaddset(&defaults, sig)
            }
            posix_spawnattr_setsigdefault(&attributes, &defaults)
            posix_spawnattr_setflags(
                &attributes, Int16(CFunctions.POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let envp = environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
            defer {
                argv.forEach { free($0) }
                envp.forEach { free($0) }
            }
            var child: pid_t = 0
            let rc = posix_spawn(&child, executable, &actions, &attributes, argv, envp)
            guard rc == 0 else {
                Glibc.close(m)
                Glibc.close(s)
                throw Failure(description: "posix_spawn \(executable): \(Self.errorText(rc))")
            }
            master = m
            slave = s
            pid = child
            keptAlive = keepingAlive
        }

        deinit { close() }

        /// Kills the child if it still runs, reaps it, and closes the terminal. Safe to call twice.
        func close() {
            guard !closed else { return }
            closed = true
            if exitStatus == nil {
                kill(pid, SIGKILL)
                var status: Int32 = 0
                while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
                exitStatus = status
            }
            Glibc.close(master)
            Glibc.close(slave)
        }

        // MARK: Typing

        /// Types `keys` once the program is waiting for a key (see `waitUntilReadingKeys`).
        func type(_ keys: String, timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation) throws {
            try waitUntilReadingKeys(timeout: timeout, sourceLocation: sourceLocation)
            var bytes = Array(keys.utf8)[...]
            let deadline = ContinuousClock.now + timeout
            while !bytes.isEmpty {
                let n = bytes.withUnsafeBytes { Glibc.write(master, $0.baseAddress, $0.count) }
                if n > 0 {
                    bytes = bytes.dropFirst(n)
                } else if n < 0 && errno != EAGAIN && errno != EINTR {
                    throw failure("writing to the terminal: \(Self.errorText(errno))", at: sourceLocation)
                } else if ContinuousClock.now >= deadline {
                    throw failure("the terminal took no input for \(timeout)", at: sourceLocation)
                } else {
                    // The terminal's input queue is full: let the program read, and read its output.
                    pump(waitMilliseconds: 10)
                }
            }
        }

        /// Waits until the program is blocked reading standard input with the terminal in libedit's
        /// editing mode (ICANON off).
        ///
        /// Seeing the prompt is not enough. Left to itself libedit draws the prompt and only then
        /// switches the terminal from cooked to raw mode, and a key typed in between meets the cooked
        /// line discipline (a Ctrl-D becomes an end-of-file mark that the switch loses); and a Ctrl-C
        /// that arrives after the prompt but before the blocking read() interrupts nothing. So this
        /// checks the terminal's mode through the slave side, and the child's current system call in
        /// /proc/PID/syscall (a read of fd 0); where that file cannot be read, it settles for raw
        /// mode and a short pause.
        func waitUntilReadingKeys(timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation) throws {
            let deadline = ContinuousClock.now + timeout
            while true {
                var t = termios()
                let raw = tcgetattr(slave, &t) == 0 && t.c_lflag & tcflag_t(ICANON) == 0
                if raw {
                    switch blockedReadingStandardInput() {
                    case true?: return
                    case nil:
                        usleep(20_000)
                        return
                    case false?: break
                    }
                }
                guard isRunning else {
                    throw failure(
                        "the program exited (\(exitDescription)) while keys were waiting to be typed", at: sourceLocation)
                }
                if ContinuousClock.now >= deadline {
                    throw failure(
                        "the program was not waiting for a key within \(timeout) (terminal in \(raw ? "raw" : "cooked") mode)",
                        at: sourceLocation)
                }
                pump(waitMilliseconds: 2)
            }
        }

        /// Whether the child is blocked in read(0, ...) now; nil if that cannot be told here.
        private func blockedReadingStandardInput() -> Bool? {
            #if arch(x86_64)
                let readCall = "0"
            #elseif arch(arm64)
                let readCall = "63"
            #else
                return nil
            #endif
            let fd = open("/proc/\(pid)/syscall", O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { return nil }
            defer { Glibc.close(fd) }
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard n > 0 else { return nil }
            let fields = String(decoding: buffer[0..<n], as: UTF8.self).split(separator: " ")
            return fields.count > 1 && fields[0] == readCall && fields[1] == "0x0"
        }

        // MARK: Reading

        /// Everything the program has written so far, escape sequences and all.
        var rawOutput: String {
            pump(waitMilliseconds: 0)
            return String(decoding: raw, as: UTF8.self)
        }

        /// The screen as text (lines joined with newlines), from the first line.
        var screen: String {
            pump(waitMilliseconds: 0)
            return Self.render(raw)
        }

        /// The normalised screen text from the scalar offset `start` (0: all of it).
        func screenText(since start: Int) -> String {
            let text = Self.normalise(screen)
            return String(String.UnicodeScalarView(text.unicodeScalars.dropFirst(start)))
        }

        /// How far `expect` has consumed (a scalar offset for `screenText(since:)`).
        var position: Int { consumed }

        /// The normalised screen text not yet consumed by `expect`.
        var unread: String { screenText(since: consumed) }

        /// Waits until `text` appears on the screen after what earlier `expect`s consumed (whitespace
        /// runs count as one space on both sides), and consumes up to the end of it.
        func expect(
            _ text: String, timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation
        ) throws {
            let needle = Self.normalise(text)
            let deadline = ContinuousClock.now + timeout
            while true {
                let tail = unread
                if let r = tail.range(of: needle) {
                    consumed += tail.unicodeScalars.distance(from: tail.startIndex, to: r.upperBound)
                    return
                }
                if ContinuousClock.now >= deadline {
                    throw failure("did not see \(text.debugDescription) within \(timeout)", at: sourceLocation)
                }
                if !isRunning && !pump(waitMilliseconds: 0) {
                    // Nothing more will come.
                    throw failure(
                        "the program exited (\(exitDescription)) before showing \(text.debugDescription)", at: sourceLocation)
                }
                pump(waitMilliseconds: 50)
            }
        }

        /// Waits until the screen's last line (the one being edited) satisfies `condition`; returns it
        /// with trailing spaces removed. For checking what libedit holds in its line before Enter.
        @discardableResult
        func waitForCurrentLine(
            timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation,
            _ condition: (String) -> Bool
        ) throws -> String {
            let deadline = ContinuousClock.now + timeout
            while true {
                var line = String(screen.split(separator: "\n", omittingEmptySubsequences: false).last ?? "")
                while line.hasSuffix(" ") { line.removeLast() }
                if condition(line) { return line }
                if ContinuousClock.now >= deadline {
                    throw failure("the line being edited never matched; it is \(line.debugDescription)", at: sourceLocation)
                }
                pump(waitMilliseconds: 50)
            }
        }

        /// Reads whatever the master has, waiting up to `waitMilliseconds` for the first of it.
        /// Returns whether anything arrived.
        @discardableResult
        private func pump(waitMilliseconds: Int32) -> Bool {
            guard !closed else { return false }
            var got = false
            var p = pollfd(fd: master, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, waitMilliseconds) > 0 else { return false }
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let n = buffer.withUnsafeMutableBytes { Glibc.read(master, $0.baseAddress, $0.count) }
                if n > 0 {
                    raw += buffer[0..<n]
                    got = true
                } else if n < 0 && errno == EINTR {
                    continue
                } else {
                    break  // EAGAIN: all read for now
                }
            }
            return got
        }

        private func failure(_ message: String, at location: SourceLocation) -> Failure {
            var shown = screen
            if shown.count > 4000 { shown = "…" + String(shown.suffix(4000)) }
            return Failure(description: "\(location.fileName):\(location.line): \(message). The screen:\n\(shown)")
        }

        // MARK: The child

        /// Whether the child is still running (reaps it if it has exited).
        var isRunning: Bool {
            if exitStatus != nil { return false }
            var status: Int32 = 0
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                exitStatus = status
                return false
            }
            return r == 0
        }

        private var exitDescription: String {
            guard let s = exitStatus else { return "running" }
            return s & 0x7f == 0 ? "exit status \((s >> 8) & 0xff)" : "killed by signal \(s & 0x7f)"
        }

        /// Waits for the child to exit and returns its exit status; fails if it is still running
        /// after `timeout` or was killed by a signal.
        func waitForExit(timeout: Duration = .seconds(5), sourceLocation: SourceLocation = #_sourceLocation) throws -> Int32 {
            let deadline = ContinuousClock.now + timeout
            while isRunning {
                if ContinuousClock.now >= deadline {
                    throw failure("the program was still running after \(timeout)", at: sourceLocation)
                }
                pump(waitMilliseconds: 20)
            }
            pump(waitMilliseconds: 0)
            guard let s = exitStatus, s & 0x7f == 0 else {
                throw failure("the program ended abnormally (\(exitDescription))", at: sourceLocation)
            }
            return (s >> 8) & 0xff
        }

        // MARK: Helpers

        static func errorText(_ code: Int32) -> String {
            guard let p = strerror(code) else { return "error \(code)" }
            return String(cString: p)
        }

        /// The SGR (Select Graphic Rendition: colour and style) sequences in `text`: ESC '[', digits,
        /// ';' or ':', then 'm'. Cursor movement and other sequences are not counted.
        static func sgrSequences(in text: String) -> [String] {
            let s = Array(text.unicodeScalars)
            var found: [String] = []
            var i = 0
            while i + 1 < s.count {
                if s[i] == "\u{1B}" && s[i + 1] == "[" {
                    var j = i + 2
                    while j < s.count, ("0"..."9").contains(s[j]) || s[j] == ";" || s[j] == ":" { j += 1 }
                    if j < s.count && s[j] == "m" {
                        var seq = String.UnicodeScalarView()
                        seq.append(contentsOf: s[i...j])
                        found.append(String(seq))
                        i = j + 1
                        continue
                    }
                }
                i += 1
            }
            return found
        }

        /// The entries of a libedit history file: the "_HiStOrY_V2_" header dropped and each line's
        /// vis(3) escapes (such as \040 for a space) decoded.
        static func historyEntries(atPath path: String) throws -> [String] {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            return text.split(separator: "\n").filter { $0 != "_HiStOrY_V2_" }.map { line in
                let b = Array(line.utf8)
                var out: [UInt8] = []
                var i = 0
                while i < b.count {
                    if b[i] == UInt8(ascii: "\\"), i + 3 < b.count,
                        b[(i + 1)...(i + 3)].allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "7")).contains($0) })
                    {
                        out.append(b[(i + 1)...(i + 3)].reduce(0) { $0 &* 8 &+ ($1 - UInt8(ascii: "0")) })
                        i += 4
                    } else if b[i] == UInt8(ascii: "\\"), i + 1 < b.count, b[i + 1] == UInt8(ascii: "\\") {
                        out.append(b[i])
                        i += 2
                    } else {
                        out.append(b[i])
                        i += 1
                    }
                }
                return String(decoding: out, as: UTF8.self)
            }
        }

        /// Whitespace runs (spaces, newlines) folded to one space.
        static func normalise(_ text: String) -> String {
            var out = String.UnicodeScalarView()
            var inSpace = false
            for u in text.unicodeScalars {
                if u.properties.isWhitespace {
                    if !inSpace { out.append(" ") }
                    inSpace = true
                } else {
                    out.append(u)
                    inSpace = false
                }
            }
            return String(out)
        }

        /// Replays terminal output onto a model of the screen that keeps every line (no scrolling
        /// away): printable characters overwrite at the cursor; CR, LF, BS, tab, cursor movement
        /// (CSI A B C D G H f) and erasing (CSI K J) move or clear; other sequences are dropped.
        static func render(_ bytes: [UInt8]) -> String {
            let s = Array(String(decoding: bytes, as: UTF8.self).unicodeScalars)
            let width = Int(columns)
            var lines: [[Unicode.Scalar]] = [[]]
            var row = 0
            var col = 0
            func moveTo(row r: Int) {
                row = max(0, r)
                while lines.count <= row { lines.append([]) }
            }
            func put(_ u: Unicode.Scalar) {
                if col >= width {
                    moveTo(row: row + 1)
                    col = 0
                }
                while lines[row].count < col { lines[row].append(" ") }
                if col < lines[row].count { lines[row][col] = u } else { lines[row].append(u) }
                col += 1
            }
            var i = 0
            while i < s.count {
                let u = s[i]
                i += 1
                switch u {
                case "\n": moveTo(row: row + 1)
                case "\r": col = 0
                case "\u{08}": col = max(0, col - 1)
                case "\t": col = min(width - 1, (col / 8 + 1) * 8)
                case "\u{1B}":
                    guard i < s.count else { break }
                    let kind = s[i]
                    i += 1
                    if kind == "[" {
                        var params = ""
                        while i < s.count, (0x20...0x3F).contains(s[i].value) {
                            params.unicodeScalars.append(s[i])
                            i += 1
                        }
                        guard i < s.count else { break }
                        let final = s[i]
                        i += 1
                        let numbers = params.filter { $0.isNumber || $0 == ";" }.split(
                            separator: ";", omittingEmptySubsequences: false
                        )
                        .map { Int($0) }
                        let n = max(1, (numbers.first ?? nil) ?? 1)
                        let first = (numbers.first ?? nil) ?? 0
                        switch final {
                        case "A": moveTo(row: row - n)
                        case "B": moveTo(row: row + n)
                        case "C": col = min(width - 1, col + n)
                        case "D": col = max(0, col - n)
                        case "G": col = min(width - 1, n - 1)
                        case "H", "f":
                            let top = max(0, lines.count - Int(rows))
                            moveTo(row: top + n - 1)
                            col = min(width - 1, max(1, (numbers.count > 1 ? numbers[1] : nil) ?? 1) - 1)
                        case "K":
                            if first == 0 {
                                if col < lines[row].count { lines[row].removeSubrange(col...) }
                            } else if first == 1 {
                                for c in 0..<min(col + 1, lines[row].count) { lines[row][c] = " " }
                            } else {
                                lines[row] = []
                            }
                        case "J":
                            if first == 0 {
                                if col < lines[row].count { lines[row].removeSubrange(col...) }
                                lines.removeSubrange((row + 1)...)
                            }
                        case "@":  // insert n blanks at the cursor
                            while lines[row].count < col { lines[row].append(" ") }
                            lines[row].insert(contentsOf: Array(repeating: " ", count: n), at: col)
                            if lines[row].count > width { lines[row].removeSubrange(width...) }
                        case "P":  // delete n characters at the cursor
                            if col < lines[row].count { lines[row].removeSubrange(col..<min(lines[row].count, col + n)) }
                        case "X":  // erase n characters at the cursor
                            for c in col..<min(lines[row].count, col + n) { lines[row][c] = " " }
                        default: break  // colour (m) and anything else: no effect on the text
                        }
                    } else if kind == "]" {
                        // An operating system command: up to BEL or ESC '\'.
                        while i < s.count && s[i] != "\u{07}" && s[i] != "\u{1B}" { i += 1 }
                        i += (i < s.count && s[i] == "\u{1B}") ? 2 : 1
                    } else if ["(", ")", "*", "+", "#", "%"].contains(kind) {
                        i += 1  // a character-set designation: one more character
                    } else if kind == "M" {
                        moveTo(row: row - 1)
                    }
                default:
                    if u.value >= 0x20 && u.value != 0x7F { put(u) }
                }
            }
            return lines.map { String(String.UnicodeScalarView($0)) }.joined(separator: "\n")
        }
    }

    extension PseudoTerminalSession {
        /// Keys as the bytes a terminal sends.
        enum Key {
            static let enter = "\r"
            static let tab = "\t"
            static let up = "\u{1B}[A"
            static let ctrlC = "\u{03}"
            static let ctrlD = "\u{04}"
        }

        /// A directory under the system's temporary directory, removed when the value goes away.
        final class TemporaryDirectory {
            let path: String

            init() throws {
                path =
                    FileManager.default.temporaryDirectory.appendingPathComponent("policy-advisor-repl-\(UUID().uuidString)").path
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }

            deinit { try? FileManager.default.removeItem(atPath: path) }
        }

        /// The pseudo-terminal calls of glibc that Swift's Glibc module does not declare (they sit
        /// behind _XOPEN_SOURCE and _GNU_SOURCE, which it is not built with), looked up in the C library
        /// at run time. posix_spawn_file_actions_addclosefrom_np needs glibc 2.34; it is skipped if absent.
        struct CFunctions: @unchecked Sendable {
            /// From <spawn.h> (a GNU extension: the child calls setsid before the file actions).
            static let POSIX_SPAWN_SETSID: Int32 = 0x80

            let posix_openpt: @convention(c) (Int32) -> Int32
            let grantpt: @convention(c) (Int32) -> Int32
            let unlockpt: @convention(c) (Int32) -> Int32
            let ptsname_r: @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
            let posix_spawn_file_actions_addclosefrom_np:
                (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32)?

            static let loaded: Result<CFunctions, Failure> = {
                let libc = dlopen(nil, RTLD_NOW)
                func symbol<T>(_ name: String, as type: T.Type) -> T? {
                    guard let p = dlsym(libc, name) else { return nil }
                    return unsafeBitCast(p, to: type)
                }
                guard let openpt = symbol("posix_openpt", as: (@convention(c) (Int32) -> Int32).self),
                    let grant = symbol("grantpt", as: (@convention(c) (Int32) -> Int32).self),
                    let unlock = symbol("unlockpt", as: (@convention(c) (Int32) -> Int32).self),
                    let name = symbol("ptsname_r", as: (@convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32).self)
                else {
                    return .failure(Failure(description: "the C library lacks posix_openpt, grantpt, unlockpt or ptsname_r"))
                }
                return .success(
                    CFunctions(
                        posix_openpt: openpt, grantpt: grant, unlockpt: unlock, ptsname_r: name,
                        posix_spawn_file_actions_addclosefrom_np: symbol(
                            "posix_spawn_file_actions_addclosefrom_np",
                            as: (@convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>?, Int32) -> Int32).self)))
            }()

            static var shared: CFunctions {
                get throws { try loaded.get() }
            }
        }
    }

#endif
