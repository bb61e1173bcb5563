#if canImport(Glibc)
    import Glibc
#endif

/// Reads a file descriptor line by line in bounded memory, with the system's own `read`, so a
/// failure is the system's reason ("Input/output error"), never a Foundation error number. Lines
/// longer than the limit are dropped and flagged (their length is still counted).
public struct LineReader {
    public let fd: Int32
    public let limit: Int
    private var buffer: [UInt8] = []
    private var start = 0
    private var eof = false
    public private(set) var lineNumber = 0

    public init(fd: Int32, limit: Int) {
        self.fd = fd
        self.limit = limit
    }

    public struct Line: Sendable {
        public var number: Int
        /// The line without its newline (empty when `tooLong`).
        public var bytes: ArraySlice<UInt8>
        public var tooLong: Bool
        public var length: Int
    }

    private mutating func fill() throws(FileProblem) -> Bool {
        if eof { return false }
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let chunkSize = 64 * 1024
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunkSize))
        while true {
            let n = buffer.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress! + old, chunkSize) }
            if n < 0 {
                let e = errno
                if e == EINTR { continue }
                buffer.removeLast(chunkSize)
                throw FileProblem.io(String(cString: strerror(e)))
            }
            buffer.removeLast(chunkSize - n)
            if n == 0 {
                eof = true
                return false
            }
            return true
        }
    }

    /// The next line, or nil at the end of the input.
    public mutating func next() throws(FileProblem) -> Line? {
        var tooLong = false
        var length = 0
        var scanFrom = start
        while true {
            if let nl = buffer[scanFrom...].firstIndex(of: 0x0A) {
                lineNumber += 1
                let bytes = tooLong ? buffer[start..<start] : buffer[start..<nl]
                length += nl - start
                start = nl + 1
                return Line(number: lineNumber, bytes: bytes, tooLong: tooLong, length: length)
            }
            if buffer.count - start > limit {
                // Drop what we have of an over-long line; keep counting its length.
                tooLong = true
                length += buffer.count - start
                start = buffer.count
            }
            let pending = buffer.count - start
            if try !fill() {
                guard pending > 0 || tooLong else { return nil }
                lineNumber += 1
                let bytes = tooLong ? buffer[start..<start] : buffer[start..<buffer.count]
                length += pending
                start = buffer.count
                return Line(number: lineNumber, bytes: bytes, tooLong: tooLong, length: length)
            }
            scanFrom = start + pending
        }
    }
}

extension ScriptParser {
    /// Reads a script from `fd` as `run` and `check` do: line by line in bounded memory, an
    /// over-long line reported and skipped, each finished consultation handed to `each` as soon as
    /// it ends. Stops at a NUL byte, invalid UTF-8 or a failed read, and returns that problem
    /// (with its line where there is one); nil when the whole input was read.
    public static func read(fd: Int32, each: (ScriptEntry) -> Void) -> (line: Int?, message: String)? {
        var reader = LineReader(fd: fd, limit: maxLineLength)
        var parser = ScriptParser()
        do {
            while let line = try reader.next() {
                if line.tooLong {
                    parser.feedOverlong(length: line.length)
                    continue
                }
                if line.bytes.contains(0) { return (line.number, "the file holds a NUL byte: it is not a text script") }
                guard let text = String(validating: line.bytes, as: UTF8.self) else {
                    return (line.number, "the file is not valid UTF-8 (save it as UTF-8 text)")
                }
                if let e = parser.feed(Substring(text)) { each(e) }
            }
        } catch {
            return (nil, error.description)
        }
        if let e = parser.end() { each(e) }
        return nil
    }
}
