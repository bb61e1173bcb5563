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
}
