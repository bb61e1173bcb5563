import DecisionTree
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Writes to standard output or error: colour only on a terminal and never with NO_COLOR, text
/// from files made safe (no control characters or escape sequences), wrapped to the width.
///
/// `@unchecked Sendable`: the process's two streams are globals that Swift 6 must see as
/// Sendable, but every write happens on the main thread (the REPL's router training in the
/// background never writes), so the buffer is never touched by two threads.
final class Output: @unchecked Sendable {
    let handle: FileHandle
    let fd: Int32
    let isTTY: Bool
    let colour: Bool
    private var buffer: [UInt8] = []
    /// For tests: output kept in `captured` at this width instead of written to a descriptor.
    private let captureWidth: Int?
    private(set) var captured = ""

    /// Everything written so far, for tests.
    var text: String {
        flush()
        return captured
    }

    init(handle: FileHandle, fd: Int32) {
        self.handle = handle
        self.fd = fd
        self.isTTY = isatty(fd) == 1
        let noColor = Env.get("NO_COLOR").map { !$0.isEmpty } ?? false
        self.colour = isTTY && !noColor && Env.get("TERM") != "dumb"
        self.captureWidth = nil
    }

    /// Output kept in memory (`captured`), never coloured, wrapped at `width`.
    init(capturingAt width: Int) {
        self.handle = FileHandle.nullDevice
        self.fd = -1
        self.isTTY = false
        self.colour = false
        self.captureWidth = width
    }

    /// Standard output, buffered; flushed at exit however the program ends.
    static let stdout: Output = {
        let o = Output(handle: FileHandle.standardOutput, fd: 1)
        // A reader that goes away (`| head`) ends the output quietly rather than by a signal.
        signal(SIGPIPE, SIG_IGN)
        atexit { Output.stdout.flush() }
        return o
    }()

    /// Standard error, written at once.
    static let stderr = Output(handle: FileHandle.standardError, fd: 2)

    /// Output is wrapped to the terminal's width down to this many columns (narrower windows get 20).
    static let narrowest = 20

    /// The width for output not going to a terminal: $COLUMNS, else 80 (read once).
    private lazy var fixedWidth: Int = {
        if let c = Env.get("COLUMNS").flatMap(Int.init), c > 0 { return max(Output.narrowest, c) }
        return 80
    }()

    /// The terminal's width now (so a resized window wraps the next output to its new size).
    var width: Int {
        if let w = captureWidth { return max(Output.narrowest, w) }
        if isTTY {
            var ws = winsize()
            if ioctl(fd, UInt(TIOCGWINSZ), &ws) == 0, ws.ws_col > 0 { return max(Output.narrowest, Int(ws.ws_col)) }
        }
        return fixedWidth
    }

    func write(_ s: String) {
        buffer.append(contentsOf: s.utf8)
        if buffer.count > 64 * 1024 { flush() }
    }

    /// Set by the commands whose output people read (the advisor, train, topics, text results):
    /// every line is then fitted to the window, whatever built it. Never for JSON, Markdown, DOT or
    /// compiler-style diagnostics.
    var fitsLines = false

    /// Writes `s` and a newline; with `fit` false, never wrapped (a `FILE:LINE` locator).
    func line(_ s: String = "", fit: Bool = true) {
        // Standard error carries file names and arguments as typed: nothing reaches the terminal raw.
        let text = fd == 2 ? Text.terminalSafe(s, keepingColour: true) : s
        write(fitsLines && fit ? fitted(text) : text)
        write("\n")
        if isTTY || fd == 2 { flush() }
    }

    /// The first real write error (not a closed pipe) on stdout or stderr: the run fails with it.
    nonisolated(unsafe) static var writeFailure: (stream: String, errno: Int32)?
    /// Set once the reader has gone (EPIPE) or a write failed: later output is dropped.
    private var broken = false

    func flush() {
        guard !buffer.isEmpty else { return }
        if captureWidth != nil {
            captured += String(decoding: buffer, as: UTF8.self)
            buffer.removeAll(keepingCapacity: true)
            return
        }
        defer { buffer.removeAll(keepingCapacity: true) }
        guard !broken else { return }
        let failed: Int32? = buffer.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += n
            }
            return nil
        }
        guard let err = failed else { return }
        broken = true
        // A reader that went away (`| head -1`): nothing more can be shown, and the run still
        // ends with the status its work earned.
        if err == EPIPE { return }
        let name = fd == 1 ? "standard output" : "standard error"
        if Output.writeFailure == nil { Output.writeFailure = (name, err) }
        let message = "policy-advisor: cannot write to \(name): \(String(cString: strerror(err)))\n"
        // Say so on whichever stream still works.
        let other: Int32 = fd == 1 ? 2 : 1
        _ = message.withCString { Glibc.write(other, $0, strlen($0)) }
    }

    deinit { flush() }

    // MARK: Styling

    enum Style: String {
        case bold = "1"
        case dim = "2"
        case red = "31"
        case green = "32"
        case yellow = "33"
        case blue = "34"
        case magenta = "35"
        case cyan = "36"
        case boldRed = "1;31"
        case boldGreen = "1;32"
        case boldYellow = "1;33"
        case boldMagenta = "1;35"
        case boldCyan = "1;36"
    }

    func styled(_ s: String, _ style: Style) -> String {
        colour ? "\u{1B}[\(style.rawValue)m\(s)\u{1B}[0m" : s
    }

    /// Text from a tree or policy file, made safe for the terminal.
    func safe(_ s: String) -> String { Text.terminalSafe(s) }

    func verdictLabel(_ v: Verdict) -> String {
        let text = " \(v.label.uppercased()) "
        guard colour else { return "[\(v.label.uppercased())]" }
        switch v {
        case .allowed: return "\u{1B}[1;30;42m\(text)\u{1B}[0m"
        case .notAllowed: return "\u{1B}[1;37;41m\(text)\u{1B}[0m"
        case .askFirst: return "\u{1B}[1;30;43m\(text)\u{1B}[0m"
        case .refer: return "\u{1B}[1;37;45m\(text)\u{1B}[0m"
        }
    }

    // MARK: Wrapping

    /// Wraps `text` (already safe) to the width, indenting every line by `indent` and the
    /// following lines by `hanging` more. Existing line breaks are kept.
    func wrap(_ text: String, indent: Int = 0, hanging: Int = 0, width: Int? = nil) -> String {
        let w = max(Output.narrowest - 1, (width ?? self.width) - 1)
        // Works on UTF-8 bytes; a word's width counts characters, not bytes or escape sequences.
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 64)
        var p = 0
        var firstParagraph = true
        while p <= bytes.count {
            var e = p
            while e < bytes.count && bytes[e] != 10 { e += 1 }
            let para = bytes[p..<e]
            if !firstParagraph { out.append(10) }
            firstParagraph = false
            if indent + Output.columns(para) <= w {
                // It fits: keep its spacing (columns stay aligned).
                out.append(contentsOf: repeatElement(32, count: indent))
                out.append(contentsOf: para)
            } else {
                var k = para.startIndex
                var lead = 0
                while k < para.endIndex && para[k] == 32 {
                    lead += 1
                    k += 1
                }
                let ind = indent + lead
                out.append(contentsOf: repeatElement(32, count: ind))
                var lineLen = ind
                var any = false
                while k < para.endIndex {
                    // The spaces between two words on one line are kept as written ("[ALLOWED]  Title").
                    var gap = 0
                    while k < para.endIndex && para[k] == 32 {
                        gap += 1
                        k += 1
                    }
                    guard k < para.endIndex else { break }
                    var we = k
                    while we < para.endIndex && para[we] != 32 { we += 1 }
                    let word = para[k..<we]
                    let wl = Output.columns(word)
                    if any && lineLen + gap + wl > w {
                        out.append(10)
                        out.append(contentsOf: repeatElement(32, count: ind + hanging))
                        lineLen = ind + hanging
                        any = false
                    }
                    if any {
                        out.append(contentsOf: repeatElement(32, count: gap))
                        lineLen += gap
                    }
                    out.append(contentsOf: word)
                    lineLen += wl
                    any = true
                    k = we
                }
            }
            p = e + 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Rows of two columns: each `left` (already safe and styled) padded to the widest, then
    /// `right` wrapped in its own column. When the window leaves the right column fewer than 16
    /// columns, each row's `right` goes on the lines below its `left`, indented by 4 more.
    func columns(_ rows: [(left: String, right: String)], indent: Int = 0) -> String {
        let lefts = rows.map { Output.columns(ArraySlice($0.left.utf8)) }
        let leftWidth = lefts.max() ?? 0
        let narrow = width - 1 - (indent + leftWidth + 2) < 16
        var lines: [String] = []
        for (row, cols) in zip(rows, lefts) {
            let head = String(repeating: " ", count: indent) + row.left
            if narrow {
                lines.append(head)
                if !row.right.isEmpty { lines.append(wrap(row.right, indent: indent + 4)) }
            } else {
                // Wrap the right part in its column, then put the left in front: wrapping the whole
                // line would fold the padding to one space and lose the alignment.
                let at = indent + leftWidth + 2
                let body = wrap(row.right, indent: at)
                lines.append(head + String(repeating: " ", count: leftWidth - cols + 2) + body.dropFirst(at))
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `s` with every line that is wider than the window wrapped (continuations indented by 2);
    /// lines that fit, including those `wrap` made, are left as they are.
    func fitted(_ s: String) -> String {
        let w = max(Output.narrowest - 1, width - 1)
        if s.utf8.count <= w { return s }  // a byte never takes more than one column
        let lines = s.split(separator: "\n", omittingEmptySubsequences: false)
        return lines.map { l in
            Output.columns(ArraySlice(l.utf8)) <= w ? String(l) : wrap(String(l), hanging: 2)
        }.joined(separator: "\n")
    }

    /// Wraps `text` as `wrap` does, never breaking `unbroken` (a verdict label such as
    /// "[NOT ALLOWED]", which holds a space), which occurs in it once.
    func wrap(_ text: String, keeping unbroken: String, indent: Int = 0, hanging: Int = 0) -> String {
        guard let r = text.range(of: unbroken) else { return wrap(text, indent: indent, hanging: hanging) }
        // A stand-in word of the same width: text here is already safe, so it holds no 0x01.
        let standIn = String(repeating: "\u{1}", count: Output.columns(ArraySlice(unbroken.utf8)))
        let wrapped = wrap(text.replacingCharacters(in: r, with: standIn), indent: indent, hanging: hanging)
        return wrapped.replacingOccurrences(of: standIn, with: unbroken)
    }

    /// Screen columns of UTF-8 bytes (see `columns(_:)` for strings: the one measure).
    static func columns(_ b: ArraySlice<UInt8>) -> Int {
        if b.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return b.count }
        return columns(String(decoding: b, as: UTF8.self))
    }

    /// `prefix` (kept exactly, for columns) followed by `text` wrapped to the width, its following
    /// lines indented to line up under the text.
    func hang(_ prefix: String, _ text: String) -> String {
        let n = Output.columns(prefix)
        let wrapped = wrap(text, indent: n)
        return prefix + wrapped.dropFirst(n)
    }

    /// Columns on screen, the one measure for wrapping and alignment: escape sequences take none,
    /// and so do combining marks and format characters; wide characters (East Asian, emoji) take
    /// two; everything else one.
    static func columns<S: StringProtocol>(_ s: S) -> Int {
        // Fast path: plain ASCII with no escape sequence is one column a byte.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return s.utf8.count }
        var n = 0
        var inEscape = false
        // By character (grapheme cluster): an accent typed as a combining mark, or a flag made of
        // two regional indicators, is one character on screen.
        for ch in s {
            guard let u = ch.unicodeScalars.first else { continue }
            if inEscape {
                if (0x40...0x7E).contains(u.value) && u != "[" { inEscape = false }
                continue
            }
            if u.value == 0x1B {
                inEscape = true
                continue
            }
            let invisible = ch.unicodeScalars.allSatisfy {
                [.nonspacingMark, .enclosingMark, .format].contains($0.properties.generalCategory)
            }
            if invisible { continue }
            n += isWide(u) ? 2 : 1
        }
        return n
    }

    /// Characters a terminal draws two columns wide.
    static func isWide(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if u.properties.isEmojiPresentation { return true }
        return (0x1100...0x115F).contains(v) || (0x2E80...0xA4CF).contains(v) || (0xAC00...0xD7A3).contains(v)
            || (0xF900...0xFAFF).contains(v) || (0xFE30...0xFE4F).contains(v) || (0xFF00...0xFF60).contains(v)
            || (0xFFE0...0xFFE6).contains(v) || (0x20000...0x3FFFD).contains(v)
    }

    // MARK: Diagnostics

    /// `file:line:col: error: message`, then the offending line with a caret under the column.
    func diagnostic(_ d: Diagnostic, showSource: Bool = true) {
        var head = safe(d.file)
        if let l = d.location { head += ":\(l.line):\(l.column)" }
        let sev = d.severity == .error ? styled("error", .boldRed) : styled("warning", .boldYellow)
        line(styled(head + ":", .bold) + " " + sev + ": " + safe(d.message))
        // Errors that follow from this one were left out: say how many, after its excerpt.
        defer { if d.followers > 0 { line("  … and " + Diagnostic.followersPhrase(d.followers) + " (fix this one first)") } }
        guard showSource, let l = d.location, let text = sourceLine(file: d.file, line: l.line) else { return }
        let shown = safe(text)
        guard shown.utf8.count <= 300 else { return }
        line("  " + shown)
        // The column counts bytes; the caret goes under the character that starts there.
        let prefix = String(decoding: Array(text.utf8.prefix(max(0, l.column - 1))), as: UTF8.self)
        let pad = prefix.unicodeScalars.map { $0 == "\t" ? "\t" : " " }.joined()
        line("  " + pad + styled("^", .boldGreen))
    }

    private var lineCache: [String: [Substring]] = [:]

    func sourceLine(file: String, line: Int) -> String? {
        if lineCache[file] == nil {
            guard case .success(let s) = SafeFile.readText(file, limit: 16 * 1024 * 1024) else { return nil }
            lineCache[file] = s.split(separator: "\n", omittingEmptySubsequences: false)
        }
        guard let lines = lineCache[file], line >= 1, line <= lines.count else { return nil }
        return String(lines[line - 1])
    }
}
