// The parser's scalars: literals, numbers and strings (with their escapes).
extension JSONReader.Parser {
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
