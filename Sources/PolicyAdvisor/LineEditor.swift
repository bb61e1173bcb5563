import CLibedit
import DecisionTree
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// What reading a line gave.
enum LineInput: Equatable {
    case line(String)
    /// Ctrl-C: abandon the line and prompt again.
    case interrupted
    /// Ctrl-D on an empty line, or the end of piped input.
    case endOfInput
}

/// Reads the REPL's input: through libedit on a terminal, as plain lines otherwise.
protocol LineSource: AnyObject {
    /// Whether input comes from a person at a terminal (echo is then the terminal's job).
    var interactive: Bool { get }
    func read(prompt: String) -> LineInput
    /// Keeps a line in the history (questions and commands only, never answers).
    func remember(_ line: String)
    /// Candidate completions for the text before the cursor: whole replacement lines.
    var completer: ((String) -> [String])? { get set }
    /// How a candidate is shown when several are listed (nil: whole, one a line); when set, the
    /// labels are listed across the line, as a shell lists file names.
    var completionLabel: ((String) -> String)? { get set }
}

/// Plain lines from standard input, for pipes, files and `TERM=dumb`.
final class PlainLineSource: LineSource {
    let interactive = false
    var completer: ((String) -> [String])?
    var completionLabel: ((String) -> String)?
    private let out: Output

    init(out: Output) {
        self.out = out
    }

    func read(prompt: String) -> LineInput {
        out.write(prompt)
        out.flush()
        guard let line = Swift.readLine(strippingNewline: true) else {
            out.line()
            return .endOfInput
        }
        // Echo the answer so that the output reads as the whole conversation.
        out.line(Text.terminalSafe(line))
        return .line(line)
    }

    func remember(_ line: String) {}
}

/// The one owner of libedit's handles: it creates them, reads lines, keeps the history file,
/// completes with Tab, and frees them.
final class LineEditor: LineSource {
    let interactive = true
    var completer: ((String) -> [String])?
    var completionLabel: ((String) -> String)?
    private let el: OpaquePointer
    private let history: OpaquePointer
    private let historyPath: String?
    static let historySize: Int32 = 1000

    /// Returns nil if libedit cannot start (the caller falls back to plain lines).
    init?(historyPath: String?) {
        // Before libedit starts: it reads non-ASCII text only with a UTF-8 character type.
        _ = LineEditor.readsUTF8
        guard let h = pa_history_init(LineEditor.historySize) else { return nil }
        guard let e = pa_el_init(CommandLine.arguments.first ?? "policy-advisor") else {
            history_end(h)
            return nil
        }
        el = e
        history = h
        self.historyPath = historyPath
        pa_el_setup(el, history, Unmanaged.passUnretained(self).toOpaque())
        pa_el_bind_function(el, "pa-complete", "Complete a command, topic or answer", LineEditor.completeFunction, "^I")
        pa_el_bind_function(el, "pa-search", "Search earlier questions for the text typed", LineEditor.searchFunction, "^R")
        pa_install_sigint()
        if let path = historyPath, FileManager.default.fileExists(atPath: path) {
            _ = pa_history_load(history, path)
        }
    }

    /// Whether typed text is read as UTF-8: the character type is switched to an installed UTF-8
    /// locale when the user's is not (LANG=C). Worked out once; if no UTF-8 locale is installed,
    /// the advisor says so, once, at start-up.
    static let readsUTF8: Bool = {
        let ok = pa_use_utf8_ctype() == 1
        if !ok {
            Output.stderr.line(
                "policy-advisor: your locale is not UTF-8 and no UTF-8 locale is installed: accented letters and other non-ASCII text you type will not be read (install one, such as C.UTF-8, and set LANG to it)"
            )
        }
        return ok
    }()

    deinit {
        el_end(el)
        history_end(history)
    }

    func read(prompt: String) -> LineInput {
        pa_set_prompt_text(prompt)
        _ = pa_take_interrupt()
        pa_el_prepare_terminal(el)
        var count: Int32 = 0
        guard let cLine = el_gets(el, &count) else {
            if pa_take_interrupt() != 0 {
                // Ctrl-C: the line is abandoned; move to a fresh line for the next prompt.
                Output.stdout.line("^C")
                return .interrupted
            }
            if count == -1 && errno == EINTR { return .interrupted }
            Output.stdout.line()
            return .endOfInput
        }
        // A Ctrl-C that did not interrupt the read (it came just before the read began, or while
        // libedit was busy with a key) did nothing the user could see: it must not throw away the
        // line they went on to type.
        _ = pa_take_interrupt()
        var line = String(cString: cLine)
        if line.hasSuffix("\n") { line.removeLast() }
        return .line(line)
    }

    func remember(_ line: String) {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return }
        _ = pa_history_enter(history, trimmed)
        saveHistory()
    }

    /// Saves the history whole: to a temporary file, then renamed over the old one.
    private func saveHistory() {
        guard let path = historyPath else { return }
        let tmp = path + ".tmp-\(getpid())"
        if pa_history_save(history, tmp) >= 0 {
            if rename(tmp, path) != 0 { unlink(tmp) }
        } else {
            unlink(tmp)
        }
    }

    // MARK: Ctrl-R: history search

    /// The search in progress: what was typed, and the entries already offered.
    private var searchQuery: String?
    private var searchOffered = 0
    private var searchShown: String?

    private static let searchFunction: pa_el_function = { el, _ in
        guard let el, let editor = LineEditor.owner(of: el) else { return UInt8(CC_ERROR) }
        return editor.search(el)
    }

    /// The LineEditor that owns an EditLine handle (libedit's callbacks are C functions that
    /// cannot capture it; it is kept as the handle's client data).
    private static func owner(of el: OpaquePointer) -> LineEditor? {
        pa_el_clientdata(el).map { Unmanaged<LineEditor>.fromOpaque($0).takeUnretainedValue() }
    }

    /// The text of the line being edited, up to `end` (the cursor or the line's end).
    private static func text(of info: LineInfo, to end: UnsafePointer<CChar>) -> String {
        let length = end - info.buffer
        guard length > 0 else { return "" }
        return String(decoding: UnsafeRawBufferPointer(start: info.buffer, count: length), as: UTF8.self)
    }

    /// Earlier questions and commands, newest first.
    private func historyEntries() -> [String] {
        var out: [String] = []
        var p = pa_history_walk(history, 1)
        while let c = p {
            out.append(String(cString: c))
            p = pa_history_walk(history, 0)
        }
        return out
    }

    /// Replaces the line with the newest earlier entry holding the text typed (anywhere in it, in
    /// any case); pressed again, with the next older one. Nothing matches: a beep.
    private func search(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee else { return UInt8(CC_ERROR) }
        let line = LineEditor.text(of: info, to: info.lastchar)
        // A new search unless the line is still what the last Ctrl-R put there.
        if searchQuery == nil || line != searchShown {
            searchQuery = line
            searchOffered = 0
        }
        let query = (searchQuery ?? "").lowercased()
        guard !query.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let all = historyEntries().filter { $0.lowercased().contains(query) }
        guard searchOffered < all.count else { return UInt8(CC_REFRESH_BEEP) }
        let found = all[searchOffered]
        searchOffered += 1
        searchShown = found
        // Put the cursor at the end, clear the line, and write the match.
        // libedit counts code points, not bytes or Swift characters ("é" typed as e + U+0301 is
        // two, a flag emoji two): count the same way.
        let after = line.unicodeScalars.count - LineEditor.text(of: info, to: info.cursor).unicodeScalars.count
        if after > 0 { _ = el_cursor(el, Int32(after)) }
        el_deletestr(el, Int32(line.unicodeScalars.count))
        _ = el_insertstr(el, found)
        return UInt8(CC_REFRESH)
    }

    // MARK: Tab completion

    private static let completeFunction: pa_el_function = { el, _ in
        guard let el, let editor = LineEditor.owner(of: el) else { return UInt8(CC_ERROR) }
        return editor.complete(el)
    }

    private func complete(_ el: OpaquePointer) -> UInt8 {
        guard let info = el_line(el)?.pointee, let completer else { return UInt8(CC_ERROR) }
        let before = LineEditor.text(of: info, to: info.cursor)
        let candidates = completer(before)
        guard !candidates.isEmpty else { return UInt8(CC_REFRESH_BEEP) }
        let target: String
        if candidates.count == 1 {
            target = candidates[0] + (candidates[0].hasPrefix(":") ? " " : "")
        } else {
            target = LineEditor.commonPrefix(candidates)
        }
        if target.count > before.count || (candidates.count == 1 && target != before) {
            el_deletestr(el, Int32(before.unicodeScalars.count))
            _ = el_insertstr(el, target)
            return UInt8(CC_REFRESH)
        }
        // Nothing more to add: show the choices under the line.
        let out = Output.stdout
        out.line()
        if let label = completionLabel {
            out.line(out.wrap(candidates.map { Text.terminalSafe(label($0)) }.joined(separator: "  "), indent: 2, hanging: 0))
        } else {
            out.line(candidates.map { "  " + Text.terminalSafe($0) }.joined(separator: "\n"))
        }
        return UInt8(CC_REDISPLAY)
    }

    static func commonPrefix(_ items: [String]) -> String {
        guard var prefix = items.first.map(Array.init) else { return "" }
        for s in items.dropFirst() {
            let a = Array(s)
            var n = 0
            while n < prefix.count && n < a.count && prefix[n] == a[n] { n += 1 }
            prefix = Array(prefix[0..<n])
        }
        return String(prefix)
    }
}

/// Where the history lives: $XDG_STATE_HOME/policy-advisor/history, else ~/.local/state/policy-advisor/history.
enum HistoryFile {
    static func path() -> String? {
        let env = ProcessInfo.processInfo.environment
        let base: String
        if let x = env["XDG_STATE_HOME"], x.hasPrefix("/") {
            base = x
        } else if let home = env["HOME"], !home.isEmpty {
            base = home + "/.local/state"
        } else {
            return nil
        }
        let dir = base + "/policy-advisor"
        do {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        } catch {
            return nil
        }
        return dir + "/history"
    }
}

/// The school chosen in the last interactive session, kept beside the history ("school": its
/// policy id, or "none" for every school). Piped runs neither read nor write it.
enum RememberedSchool {
    static func path() -> String? {
        HistoryFile.path().map { SafeFile.directory(of: $0) + "/school" }
    }

    /// The id kept last time, or nil.
    static func read() -> String? {
        guard let p = path(), case .success(let saved) = SafeFile.readText(p, limit: 4096) else { return nil }
        let id = saved.trimmingCharacters(in: .whitespacesAndNewlines)
        return id.isEmpty ? nil : id
    }

    static func write(_ id: String?, to path: String) {
        try? ((id ?? "none") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func forget(at path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
