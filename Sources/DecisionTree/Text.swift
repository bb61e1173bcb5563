/// Text helpers shared by matching, routing, citation checks and output.
public enum Text {
    /// Lower case, punctuation turned to spaces (apostrophes dropped), white space folded.
    /// "Not sure!" and "  not   SURE" both fold to "not sure".
    public static func fold(_ s: String) -> String {
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
        var lines: [Substring] = []
        for var line in s.split(separator: "\n", omittingEmptySubsequences: false) {
            line = line.drop { $0 == " " || $0 == "\t" }
            if line.hasPrefix("- ") { line = line.dropFirst(2) }
            lines.append(line)
        }
        var joined = lines.joined(separator: "\n")
        joined = stripMarkdownLinks(joined)
        var out = ""
        out.reserveCapacity(joined.utf8.count)
        var space = false
        for ch in joined.unicodeScalars {
            if ch == "*" { continue }
            if ch.properties.isWhitespace {
                space = true
                continue
            }
            if space && !out.isEmpty { out.append(" ") }
            space = false
            out.unicodeScalars.append(ch)
        }
        return out
    }

    /// `[words](target)` becomes `words`.
    static func stripMarkdownLinks(_ s: String) -> String {
        guard s.contains("](") else { return s }
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
        let q = normalizeForQuote(quote)
        guard !q.isEmpty else { return false }
        return normalizeForQuote(source).contains(q)
    }

    /// The first control character or escape sequence in a string meant for people, if any.
    /// Tab and newline are allowed.
    public static func firstControlCharacter(_ s: String) -> Unicode.Scalar? {
        for u in s.unicodeScalars where isUnsafe(u) { return u }
        return nil
    }

    static func isUnsafe(_ u: Unicode.Scalar) -> Bool {
        let v = u.value
        if v == 0x09 || v == 0x0A { return false }
        if v < 0x20 || v == 0x7F || (0x80...0x9F).contains(v) { return true }
        // Bidirectional overrides and isolates can disguise text on a terminal.
        if (0x202A...0x202E).contains(v) || (0x2066...0x2069).contains(v) { return true }
        return false
    }

    /// Makes text from a file safe to print on a terminal: escape sequences are removed whole and
    /// other control characters are shown visibly as `^X` or `<U+XXXX>`. Tab and newline stay.
    public static func terminalSafe(_ s: String) -> String {
        if !s.unicodeScalars.contains(where: isUnsafe) { return s }
        var out = ""
        var scalars = Array(s.unicodeScalars)[...]
        while let u = scalars.first {
            scalars = scalars.dropFirst()
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
