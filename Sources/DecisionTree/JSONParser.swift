extension JSONReader {
    /// The parser: a position in the bytes, with the line it is on. Values, lists and objects are
    /// read here; strings, numbers and the literals in JSONParser+Scalars.swift.
    struct Parser {
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
        // One function on purpose, over the size rule: split into reading a value and attaching it
        // to the list or object open around it (the frame stack passed between them), parsing a
        // generated 100,000-node tree took about 10% longer (`policy-advisor-bench parse`), and
        // this is the loader's inner loop.
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
    }
}
