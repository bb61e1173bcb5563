/// A small JSON reader that remembers where every value and key stands in the file, so that
/// every problem an author makes can be reported as `file:line:column`.
///
/// It is iterative (an explicit stack, no recursion), refuses nesting deeper than
/// `JSONReader.maxDepth`, rejects duplicate keys, invalid UTF-8 and NUL bytes, and never traps.

/// A place in a text file: 1-based line and column (the column counts UTF-8 bytes from the line's start, as compilers do).
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    // Stored in 32 bits: trees hold hundreds of thousands of locations.
    private var line32: Int32
    private var column32: Int32

    public var line: Int {
        get { Int(line32) }
        set { line32 = Int32(clamping: newValue) }
    }

    public var column: Int {
        get { Int(column32) }
        set { column32 = Int32(clamping: newValue) }
    }

    public init(line: Int, column: Int) {
        self.line32 = Int32(clamping: line)
        self.column32 = Int32(clamping: column)
    }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.line, a.column) < (b.line, b.column)
    }

    public var description: String { "\(line):\(column)" }
}

/// A parsed JSON value with its location.
public struct JSONValue: Sendable {
    public enum Kind: Sendable {
        case null
        case bool(Bool)
        case number(Double)
        case string(String)
        case array([JSONValue])
        case object([Member])
    }

    public struct Member: Sendable {
        public var key: String
        public var keyLocation: SourceLocation
        public var value: JSONValue
    }

    public var kind: Kind
    public var location: SourceLocation

    public var typeName: String {
        switch kind {
        case .null: return "null"
        case .bool: return "true or false"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "a list"
        case .object: return "an object"
        }
    }

    public var string: String? {
        if case .string(let s) = kind { return s }
        return nil
    }

    public var array: [JSONValue]? {
        if case .array(let a) = kind { return a }
        return nil
    }

    public var members: [Member]? {
        if case .object(let m) = kind { return m }
        return nil
    }
}

/// A JSON syntax error with its place.
public struct JSONSyntaxError: Error, Sendable, Hashable {
    public var message: String
    public var location: SourceLocation
}

public enum JSONReader {
    public static let maxDepth = 256

    /// Parses a whole document. The bytes must be UTF-8 and hold exactly one JSON value.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = Parser(bytes: bytes)
        return try parser.document()
    }

    /// Parses a document whose top level is an object, handing each element of the list under
    /// `streamKey` to `each` as soon as it is read instead of keeping it, so that a large tree never
    /// exists twice in memory. In the returned object that member is an empty list at its place.
    /// A document whose top level is not an object is returned whole.
    public static func parseStreaming(
        _ bytes: [UInt8], streamKey: String, each: (JSONValue, Int) -> Void
    ) throws(JSONSyntaxError) -> JSONValue {
        var parser = Parser(bytes: bytes)
        return try parser.streamingDocument(streamKey: streamKey, each: each)
    }

    /// The location of the first byte that is not valid UTF-8, or nil if all are valid.
    public static func firstInvalidUTF8(_ bytes: [UInt8]) -> SourceLocation? {
        // The standard library's check is fast; the byte-by-byte walk below only runs to find
        // where a problem is.
        if String(validating: bytes, as: UTF8.self) != nil { return nil }
        var i = 0
        var line = 1
        var column = 1
        let n = bytes.count
        while i < n {
            let b = bytes[i]
            var need = 0
            var minValue: UInt32 = 0
            var value: UInt32 = 0
            if b < 0x80 {
                if b == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                i += 1
                continue
            } else if b & 0xE0 == 0xC0 {
                need = 1
                minValue = 0x80
                value = UInt32(b & 0x1F)
            } else if b & 0xF0 == 0xE0 {
                need = 2
                minValue = 0x800
                value = UInt32(b & 0x0F)
            } else if b & 0xF8 == 0xF0 {
                need = 3
                minValue = 0x10000
                value = UInt32(b & 0x07)
            } else {
                return SourceLocation(line: line, column: column)
            }
            if i + need >= n { return SourceLocation(line: line, column: column) }
            for k in 1...need {
                let c = bytes[i + k]
                if c & 0xC0 != 0x80 { return SourceLocation(line: line, column: column) }
                value = (value << 6) | UInt32(c & 0x3F)
            }
            if value < minValue || value > 0x10FFFF || (0xD800...0xDFFF).contains(value) {
                return SourceLocation(line: line, column: column)
            }
            i += need + 1
            column += need + 1
        }
        return nil
    }

    private struct Parser {
        let bytes: [UInt8]
        var i = 0
        var line = 1
        var lineStart = 0

        init(bytes: [UInt8]) {
            self.bytes = bytes
        }

        /// The place of byte `offset` on the current line (columns count UTF-8 bytes, as compilers do).
        func location(at offset: Int) -> SourceLocation {
            SourceLocation(line: line, column: offset - lineStart + 1)
        }

        var here: SourceLocation { location(at: i) }

        func fail(_ message: String, at offset: Int? = nil) -> JSONSyntaxError {
            JSONSyntaxError(message: message, location: location(at: offset ?? i))
        }

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D:
                    i += 1
                case 0x0A:
                    i += 1
                    line += 1
                    lineStart = i
                default:
                    return
                }
            }
        }

        /// A byte named without an article, for "unexpected NUL byte", "unexpected '}'".
        func describe(_ b: UInt8) -> String {
            if b == 0 { return "NUL byte" }
            if b < 0x20 || b == 0x7F { return "control character 0x\(String(b, radix: 16, uppercase: true))" }
            if b >= 0x80 { return "non-ASCII character" }
            return "'\(Character(Unicode.Scalar(b)))'"
        }

        /// An open list or object. Frames are changed in place on the stack, so appending never copies.
        struct Frame {
            var isObject: Bool
            var start: SourceLocation
            var items: [JSONValue] = []
            var members: [JSONValue.Member] = []
            /// Keys seen, kept as a set only once the object grows large (small ones are scanned).
            var keys: Set<String>? = nil
            var pendingKey: String = ""
            var pendingKeyLocation = SourceLocation(line: 0, column: 0)
        }

        mutating func begin() throws(JSONSyntaxError) {
            if let bad = JSONReader.firstInvalidUTF8(bytes) {
                throw JSONSyntaxError(message: "the file is not valid UTF-8", location: bad)
            }
            var offset = 0
            if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { offset = 3 }
            i = offset
            lineStart = offset
            skipSpace()
            if i >= bytes.count { throw fail("the file is empty: expected a JSON object") }
        }

        mutating func streamingDocument(streamKey: String, each: (JSONValue, Int) -> Void) throws(JSONSyntaxError) -> JSONValue {
            try begin()
            guard bytes[i] == UInt8(ascii: "{") else { return try rest(value()) }
            let start = here
            i += 1
            skipSpace()
            var members: [JSONValue.Member] = []
            var keys: Set<String> = []
            if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
                i += 1
                return try rest(JSONValue(kind: .object([]), location: start))
            }
            while true {
                let (key, at) = try objectKey(members: [], keys: keys)
                keys.insert(key)
                skipSpace()
                if key == streamKey && i < bytes.count && bytes[i] == UInt8(ascii: "[") {
                    let listStart = here
                    i += 1
                    skipSpace()
                    var n = 0
                    if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
                        i += 1
                    } else {
                        while true {
                            let v = try value()
                            each(v, n)
                            n += 1
                            skipSpace()
                            guard i < bytes.count else {
                                throw fail(
                                    "unexpected end of file: expected ',' or ']' to continue the list opened at \(listStart)")
                            }
                            if bytes[i] == UInt8(ascii: ",") {
                                i += 1
                            } else if bytes[i] == UInt8(ascii: "]") {
                                i += 1
                                break
                            } else {
                                throw fail(
                                    "unexpected \(describe(bytes[i])): expected ',' or ']' in the list opened at \(listStart)")
                            }
                        }
                    }
                    members.append(
                        JSONValue.Member(key: key, keyLocation: at, value: JSONValue(kind: .array([]), location: listStart)))
                } else {
                    members.append(JSONValue.Member(key: key, keyLocation: at, value: try value()))
                }
                skipSpace()
                guard i < bytes.count else {
                    throw fail("unexpected end of file: expected ',' or '}' to continue the object opened at \(start)")
                }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    skipSpace()
                } else if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return try rest(JSONValue(kind: .object(members), location: start))
                } else {
                    throw fail("unexpected \(describe(bytes[i])): expected ',' or '}' in the object opened at \(start)")
                }
            }
        }

        /// Checks that nothing but white space follows the document's value.
        mutating func rest(_ value: JSONValue) throws(JSONSyntaxError) -> JSONValue {
            skipSpace()
            if i < bytes.count {
                throw fail("unexpected \(describe(bytes[i])) after the end of the JSON value")
            }
            return value
        }

        mutating func document() throws(JSONSyntaxError) -> JSONValue {
            try begin()
            let value = try value()
            skipSpace()
            if i < bytes.count {
                throw fail("unexpected \(describe(bytes[i])) after the end of the JSON value")
            }
            return value
        }

        /// Parses one value iteratively.
        mutating func value() throws(JSONSyntaxError) -> JSONValue {
            var stack: [Frame] = []
            while true {
                skipSpace()
                guard i < bytes.count else { throw fail("unexpected end of file: expected a value") }
                var completed: JSONValue
                let start = here
                let b = bytes[i]
                switch b {
                case UInt8(ascii: "{"):
                    if stack.count >= JSONReader.maxDepth {
                        throw fail("nesting is deeper than \(JSONReader.maxDepth) levels")
                    }
                    i += 1
                    skipSpace()
                    if i < bytes.count && bytes[i] == UInt8(ascii: "}") {
                        i += 1
                        completed = JSONValue(kind: .object([]), location: start)
                    } else {
                        let (key, at) = try objectKey(members: [], keys: nil)
                        stack.append(Frame(isObject: true, start: start, pendingKey: key, pendingKeyLocation: at))
                        continue
                    }
                case UInt8(ascii: "["):
                    if stack.count >= JSONReader.maxDepth {
                        throw fail("nesting is deeper than \(JSONReader.maxDepth) levels")
                    }
                    i += 1
                    skipSpace()
                    if i < bytes.count && bytes[i] == UInt8(ascii: "]") {
                        i += 1
                        completed = JSONValue(kind: .array([]), location: start)
                    } else {
                        stack.append(Frame(isObject: false, start: start))
                        continue
                    }
                case UInt8(ascii: "\""):
                    completed = JSONValue(kind: .string(try string()), location: start)
                case UInt8(ascii: "t"):
                    try literal("true")
                    completed = JSONValue(kind: .bool(true), location: start)
                case UInt8(ascii: "f"):
                    try literal("false")
                    completed = JSONValue(kind: .bool(false), location: start)
                case UInt8(ascii: "n"):
                    try literal("null")
                    completed = JSONValue(kind: .null, location: start)
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    completed = JSONValue(kind: .number(try number()), location: start)
                default:
                    throw fail("unexpected \(describe(b)): expected a value")
                }

                // Attach the completed value to its container, closing containers as they end.
                while true {
                    guard !stack.isEmpty else { return completed }
                    let top = stack.count - 1
                    let s = stack[top].start
                    skipSpace()
                    if stack[top].isObject {
                        stack[top].members.append(
                            JSONValue.Member(
                                key: stack[top].pendingKey, keyLocation: stack[top].pendingKeyLocation, value: completed))
                        if stack[top].keys != nil {
                            stack[top].keys!.insert(stack[top].pendingKey)
                        } else if stack[top].members.count > 16 {
                            stack[top].keys = Set(stack[top].members.map(\.key))
                        }
                        guard i < bytes.count else {
                            throw fail("unexpected end of file: expected ',' or '}' to continue the object opened at \(s)")
                        }
                        if bytes[i] == UInt8(ascii: ",") {
                            i += 1
                            skipSpace()
                            let (key, at) = try objectKey(members: stack[top].members, keys: stack[top].keys)
                            stack[top].pendingKey = key
                            stack[top].pendingKeyLocation = at
                        } else if bytes[i] == UInt8(ascii: "}") {
                            i += 1
                            let frame = stack.removeLast()
                            completed = JSONValue(kind: .object(frame.members), location: s)
                            continue
                        } else {
                            throw fail("unexpected \(describe(bytes[i])): expected ',' or '}' in the object opened at \(s)")
                        }
                    } else {
                        stack[top].items.append(completed)
                        guard i < bytes.count else {
                            throw fail("unexpected end of file: expected ',' or ']' to continue the list opened at \(s)")
                        }
                        if bytes[i] == UInt8(ascii: ",") {
                            i += 1
                        } else if bytes[i] == UInt8(ascii: "]") {
                            i += 1
                            let frame = stack.removeLast()
                            completed = JSONValue(kind: .array(frame.items), location: s)
                            continue
                        } else {
                            throw fail("unexpected \(describe(bytes[i])): expected ',' or ']' in the list opened at \(s)")
                        }
                    }
                    break
                }
            }
        }

        mutating func objectKey(members: [JSONValue.Member], keys: Set<String>?) throws(JSONSyntaxError) -> (
            String, SourceLocation
        ) {
            skipSpace()
            guard i < bytes.count else { throw fail("unexpected end of file: expected a quoted key") }
            guard bytes[i] == UInt8(ascii: "\"") else {
                throw fail("unexpected \(describe(bytes[i])): expected a quoted key")
            }
            let at = here
            let key = try string()
            if let keys {
                if keys.contains(key) { throw JSONSyntaxError(message: "duplicate key \"\(key)\" in this object", location: at) }
            } else if members.contains(where: { $0.key == key }) {
                throw JSONSyntaxError(message: "duplicate key \"\(key)\" in this object", location: at)
            }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                if i >= bytes.count { throw fail("unexpected end of file: expected ':' after the key \"\(key)\"") }
                throw fail("unexpected \(describe(bytes[i])): expected ':' after the key \"\(key)\"")
            }
            i += 1
            return (key, at)
        }

        mutating func literal(_ word: String) throws(JSONSyntaxError) {
            let w = Array(word.utf8)
            if i + w.count <= bytes.count && Array(bytes[i..<(i + w.count)]) == w {
                i += w.count
                return
            }
            throw fail("unexpected \(describe(bytes[i])): expected a value (did you mean \(word)?)")
        }

        mutating func number() throws(JSONSyntaxError) -> Double {
            let start = i
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            // A local copy of the buffer (no copy is made: arrays share storage), so that the
            // helper below does not capture `self` while `i` changes.
            let b = bytes
            func isDigit(_ k: Int) -> Bool { k < b.count && b[k] >= 0x30 && b[k] <= 0x39 }
            guard isDigit(i) else { throw fail("a number needs a digit here") }
            if bytes[i] == UInt8(ascii: "0") {
                i += 1
            } else {
                while isDigit(i) { i += 1 }
            }
            if i < bytes.count && bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard isDigit(i) else { throw fail("a number needs a digit after '.'") }
                while isDigit(i) { i += 1 }
            }
            if i < bytes.count && (bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E")) {
                i += 1
                if i < bytes.count && (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) { i += 1 }
                guard isDigit(i) else { throw fail("a number needs a digit in its exponent") }
                while isDigit(i) { i += 1 }
            }
            let text = String(decoding: bytes[start..<i], as: UTF8.self)
            guard let d = Double(text) else { throw fail("\(text) is not a number", at: start) }
            return d
        }

        mutating func hex4() throws(JSONSyntaxError) -> UInt32 {
            guard i + 4 <= bytes.count else { throw fail("\\u needs four hex digits") }
            var v: UInt32 = 0
            for _ in 0..<4 {
                let c = bytes[i]
                let d: UInt32
                switch c {
                case 0x30...0x39: d = UInt32(c - 0x30)
                case 0x41...0x46: d = UInt32(c - 0x41 + 10)
                case 0x61...0x66: d = UInt32(c - 0x61 + 10)
                default: throw fail("\\u needs four hex digits")
                }
                v = v * 16 + d
                i += 1
            }
            return v
        }

        mutating func string() throws(JSONSyntaxError) -> String {
            let open = i
            i += 1  // opening quote
            // Fast path: no escapes and no control characters, so the bytes are the string.
            var k = i
            while k < bytes.count {
                let c = bytes[k]
                if c == UInt8(ascii: "\"") {
                    let s = String(decoding: bytes[i..<k], as: UTF8.self)
                    i = k + 1
                    return s
                }
                if c == UInt8(ascii: "\\") || c < 0x20 { break }
                k += 1
            }
            var out: [UInt8] = Array(bytes[i..<k])
            i = k
            while true {
                guard i < bytes.count else {
                    throw fail("unexpected end of file inside the string that starts here", at: open)
                }
                let c = bytes[i]
                if c == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if c == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { throw fail("unexpected end of file after '\\'") }
                    let e = bytes[i]
                    i += 1
                    switch e {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        var scalar = try hex4()
                        if (0xD800...0xDBFF).contains(scalar) {
                            guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") else {
                                throw fail("a \\u escape holds half a surrogate pair")
                            }
                            i += 2
                            let low = try hex4()
                            guard (0xDC00...0xDFFF).contains(low) else { throw fail("a \\u escape holds half a surrogate pair") }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        } else if (0xDC00...0xDFFF).contains(scalar) {
                            throw fail("a \\u escape holds half a surrogate pair")
                        }
                        guard let u = Unicode.Scalar(scalar) else { throw fail("a \\u escape names no character") }
                        out.append(contentsOf: Array(String(Character(u)).utf8))
                    default:
                        throw fail("unknown escape '\\\(Character(Unicode.Scalar(e)))'", at: i - 2)
                    }
                    continue
                }
                if c < 0x20 {
                    if c == 0x0A { throw fail("a string must not run across lines: close it with '\"' or write \\n") }
                    throw fail(
                        "a \(describe(c)) inside a string: write it as an escape such as \\u00\(c < 16 ? "0" : "")\(String(c, radix: 16))"
                    )
                }
                out.append(c)
                i += 1
            }
        }
    }
}
