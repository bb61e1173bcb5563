/// Text helpers shared by matching, routing, citation checks and output.
public enum Text {
    /// Lower case, punctuation turned to spaces (apostrophes dropped), white space folded.
    /// "Not sure!" and "  not   SURE" both fold to "not sure".
    public static func fold(_ s: String) -> String {
        // Fast path for ASCII, which is nearly all text here.
        if s.utf8.allSatisfy({ $0 < 0x80 }) {
            var out: [UInt8] = []
            out.reserveCapacity(s.utf8.count)
            var pendingSpace = false
            for b in s.utf8 {
                if b == UInt8(ascii: "'") { continue }
                let lower = (b >= 65 && b <= 90) ? b + 32 : b
                if (lower >= 97 && lower <= 122) || (lower >= 48 && lower <= 57) {
                    if pendingSpace && !out.isEmpty { out.append(32) }
                    pendingSpace = false
                    out.append(lower)
                } else {
                    pendingSpace = true
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for ch in s.lowercased().unicodeScalars {
            if ch == "'" || ch == "\u{2019}" || ch == "\u{2018}" { continue }
            if ch.properties.isAlphabetic || ch.properties.numericType != nil {
                if pendingSpace && !out.isEmpty { out.append(" ") }
                pendingSpace = false
                out.unicodeScalars.append(ch)
            } else {
                pendingSpace = true
            }
        }
        return out
    }

    /// The words of a string after folding.
    public static func words(_ s: String) -> [String] {
        fold(s).split(separator: " ").map(String.init)
    }

    /// Normalises policy text for the verbatim comparison: removes `*`, turns `[words](target)`
    /// into `words`, removes a `- ` list dash at the start of a line, and folds white space.
    public static func normalizeForQuote(_ s: String) -> String {
        var joined = s
        if hasLinkMarker(s) { joined = stripMarkdownLinks(s) }
        var out: [UInt8] = []
        out.reserveCapacity(joined.utf8.count)
        var space = false
        var lineStart = true
        let bytes = Array(joined.utf8)
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if lineStart {
                // Skip indentation, then one "- " list dash.
                while i < bytes.count && (bytes[i] == 32 || bytes[i] == 9) {
                    space = true
                    i += 1
                }
                lineStart = false
                if i + 1 < bytes.count && bytes[i] == UInt8(ascii: "-") && bytes[i + 1] == 32 {
                    space = true
                    i += 2
                }
                continue
            }
            if b == 10 {
                space = true
                lineStart = true
                i += 1
                continue
            }
            if b == UInt8(ascii: "*") {
                i += 1
                continue
            }
            if b == 32 || b == 9 || b == 13 || b == 11 || b == 12 {
                space = true
                i += 1
                continue
            }
            // Non-ASCII white space (no-break space and the like) folds too.
            if b >= 0x80 {
                var len = 1
                if b & 0xE0 == 0xC0 { len = 2 } else if b & 0xF0 == 0xE0 { len = 3 } else if b & 0xF8 == 0xF0 { len = 4 }
                let end = min(bytes.count, i + len)
                let scalar = String(decoding: bytes[i..<end], as: UTF8.self).unicodeScalars.first
                if let u = scalar, u.properties.isWhitespace {
                    space = true
                    i = end
                    continue
                }
                if space && !out.isEmpty { out.append(32) }
                space = false
                out.append(contentsOf: bytes[i..<end])
                i = end
                continue
            }
            if space && !out.isEmpty { out.append(32) }
            space = false
            out.append(b)
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether the text holds "](" (a markdown link), checked on the bytes.
    static func hasLinkMarker(_ s: String) -> Bool {
        var previous: UInt8 = 0
        for b in s.utf8 {
            if previous == UInt8(ascii: "]") && b == UInt8(ascii: "(") { return true }
            previous = b
        }
        return false
    }

    /// `[words](target)` becomes `words`.
    static func stripMarkdownLinks(_ s: String) -> String {
        guard hasLinkMarker(s) else { return s }
        var out = ""
        var rest = Substring(s)
        while let open = rest.firstIndex(of: "[") {
            out += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "]"),
                rest.index(after: close) < rest.endIndex, rest[rest.index(after: close)] == "(",
                let end = rest[close...].firstIndex(of: ")"),
                !rest[afterOpen..<close].contains("\n")
            {
                out += rest[afterOpen..<close]
                rest = rest[rest.index(after: end)...]
            } else {
                out.append("[")
                rest = rest[afterOpen...]
            }
        }
        out += rest
        return out
    }

    /// Whether `quote` occurs verbatim (after normalising both) in `source`.
    public static func isVerbatim(_ quote: String, in source: String) -> Bool {
        isVerbatim(normalizedQuote: normalizeForQuote(quote), inNormalized: normalizeForQuote(source))
    }

    /// The same, for texts already normalised (so a clause is normalised once, not per quote).
    public static func isVerbatim(normalizedQuote q: String, inNormalized source: String) -> Bool {
        guard !q.isEmpty else { return false }
        return contains(Array(source.utf8), Array(q.utf8))
    }

    /// Byte substring search (the texts are short; no Foundation needed).
    static func contains(_ hay: [UInt8], _ needle: [UInt8]) -> Bool {
        guard needle.count <= hay.count, let first = needle.first else { return needle.isEmpty }
        var i = 0
        let last = hay.count - needle.count
        while i <= last {
            if hay[i] == first {
                var k = 1
                while k < needle.count && hay[i + k] == needle[k] { k += 1 }
                if k == needle.count { return true }
            }
            i += 1
        }
        return false
    }

    /// The first control character or escape sequence in a string meant for people, if any.
    /// Tab and newline are allowed.
    public static func firstControlCharacter(_ s: String) -> Unicode.Scalar? {
        // Fast path: printable ASCII, tab and newline are always safe.
        let plain = s.utf8.withContiguousStorageIfAvailable { buf -> Bool in
            for b in buf where !((b >= 0x20 && b < 0x7F) || b == 0x09 || b == 0x0A) { return false }
            return true
        }
        if plain == true { return nil }
        for u in s.unicodeScalars where isUnsafe(u) { return u }
        return nil
    }

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v == 0x09 || v == 0x0A { return false }
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        // Bidirectional overrides and isolates can disguise text on a terminal.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        if v < 0xA0 { return false }
        // Every other invisible format character (zero-width spaces and joiners, direction marks,
        // the byte-order mark, tag characters) and the line and paragraph separators.
        switch u.properties.generalCategory {
        case .format, .lineSeparator, .paragraphSeparator: return true
        default: return false
        }
    }

    /// Makes text from a file safe to print on a terminal: escape sequences are removed whole and
    /// other control characters are shown visibly as `^X` or `<U+XXXX>`. Tab and newline stay.
    /// With `keepingColour`, colour and bold sequences (`ESC [ digits ; ... m`, which only restyle
    /// text) are kept, for lines whose parts were already made safe and then styled.
    public static func terminalSafe(_ s: String, keepingColour: Bool = false) -> String {
        if !s.unicodeScalars.contains(where: isUnsafe) { return s }
        var out = ""
        var scalars = Array(s.unicodeScalars)[...]
        while let u = scalars.first {
            scalars = scalars.dropFirst()
            if u.value == 0x1B, keepingColour, scalars.first == "[" {
                let body = scalars.dropFirst().prefix { ($0.value >= 0x30 && $0.value <= 0x39) || $0 == ";" }
                let end = scalars.dropFirst(1 + body.count).first
                if end == "m" {
                    out.unicodeScalars.append(u)
                    for c in scalars.prefix(2 + body.count) { out.unicodeScalars.append(c) }
                    scalars = scalars.dropFirst(2 + body.count)
                    continue
                }
            }
            if u.value == 0x1B {
                // ESC [ ... final byte (CSI), ESC ] ... BEL or ESC \ (OSC), or ESC + one char.
                if let next = scalars.first {
                    if next == "[" {
                        scalars = scalars.dropFirst()
                        while let c = scalars.first {
                            scalars = scalars.dropFirst()
                            if (0x40...0x7E).contains(c.value) { break }
                        }
                    } else if next == "]" || next == "P" || next == "_" || next == "^" {
                        scalars = scalars.dropFirst()
                        while let c = scalars.first {
                            scalars = scalars.dropFirst()
                            if c.value == 0x07 { break }
                            if c.value == 0x1B, scalars.first == "\\" {
                                scalars = scalars.dropFirst()
                                break
                            }
                        }
                    } else {
                        scalars = scalars.dropFirst()
                    }
                }
                continue
            }
            if isUnsafe(u) {
                if u.value < 0x20 {
                    out += "^" + String(Character(Unicode.Scalar(u.value + 0x40)!))
                } else {
                    out += "<U+" + String(u.value, radix: 16, uppercase: true) + ">"
                }
                continue
            }
            out.unicodeScalars.append(u)
        }
        return out
    }

    /// Edit distance (optimal string alignment: insert, delete, substitute, or swap two
    /// neighbouring letters, as in "freind"), bounded: returns `limit + 1` as soon as it is exceeded.
    public static func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var before = [Int](repeating: 0, count: b.count + 1)
        var prev = Array(0...b.count)
        var cur = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            cur[0] = i
            var rowMin = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var v = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    v = min(v, before[j - 2] + 1)
                }
                cur[j] = v
                rowMin = min(rowMin, v)
            }
            if rowMin > limit { return limit + 1 }
            (before, prev, cur) = (prev, cur, before)
        }
        return min(prev[b.count], limit + 1)
    }
}

extension Text {
    /// Whether `needle` occurs in `haystack`, byte for byte. Validation asks this for every answer
    /// and clause; Foundation's `contains` would take most of the load time.
    static func has(_ haystack: String, _ needle: String) -> Bool {
        contains(Array(haystack.utf8), Array(needle.utf8))
    }
}
