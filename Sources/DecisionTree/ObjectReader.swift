/// Reads the fields of one JSON object, remembering which were used so unknown ones can be named.
struct ObjectReader {
    /// The object's members (objects here are small, so a list beats a dictionary).
    let list: [JSONValue.Member]
    let location: SourceLocation
    let path: String
    let file: String
    let out: DiagnosticCollector
    let what: String

    /// Returns nil (after reporting) when `value` is not an object.
    init?(_ value: JSONValue, what: String, path: String, file: String, out: DiagnosticCollector) {
        guard let ms = value.members else {
            out.error("wrong-type", file, value.location, path, "\(what) should be an object, not \(value.typeName)")
            return nil
        }
        self.list = ms
        self.location = value.location
        self.path = path
        self.file = file
        self.out = out
        self.what = what
    }

    func sub(_ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// The member named `key`, if present.
    func member(_ key: String) -> JSONValue.Member? {
        for m in list where m.key == key { return m }
        return nil
    }

    var keys: [String] { list.map(\.key) }

    /// Reports fields not in `known`, with a suggestion when one is close.
    func rejectUnknown(_ known: [String]) {
        for m in list where !known.contains(m.key) {
            var msg = "unknown field \"\(m.key)\" in \(what)"
            let near = known.filter {
                Text.editDistance(Array($0.lowercased().utf8), Array(m.key.lowercased().utf8), limit: 2) <= 2
            }
            if let n = near.first {
                msg += "; did you mean \"\(n)\"?"
            } else {
                msg += " (expected: " + known.filter { $0 != "$schema" }.joined(separator: ", ") + ")"
            }
            out.error("unknown-field", file, m.keyLocation, sub(m.key), msg)
        }
    }

    func value(_ key: String, required: Bool) -> JSONValue? {
        if let m = member(key) { return m.value }
        if required {
            out.error("missing-field", file, location, path, "\(what) is missing the field \"\(key)\"")
        }
        return nil
    }

    func string(_ key: String, required: Bool = true, allowEmpty: Bool = false) -> String? {
        guard let v = value(key, required: required) else { return nil }
        guard let s = v.string else {
            out.error("wrong-type", file, v.location, sub(key), "\"\(key)\" should be a string, not \(v.typeName)")
            return nil
        }
        if !allowEmpty && s.isBlank {
            out.error("empty-text", file, v.location, sub(key), "\"\(key)\" is empty")
            return nil
        }
        if let bad = Text.firstControlCharacter(s) {
            out.error(
                "control-character", file, v.location, sub(key),
                "\"\(key)\" contains the control character U+\(String(bad.value, radix: 16, uppercase: true)); text shown to people must not hold control characters or escape sequences"
            )
            return nil
        }
        return s
    }

    func id(_ key: String, required: Bool = true) -> String? {
        guard let s = string(key, required: required) else { return nil }
        if !Loader.isValidID(s) {
            out.error(
                "bad-id", file, member(key)?.value.location, sub(key),
                "\"\(s)\" is not a valid id: use letters, digits, '-' and '.' (starting with a letter or digit)")
            return nil
        }
        return s
    }

    func bool(_ key: String) -> Bool? {
        guard let v = value(key, required: false) else { return nil }
        guard case .bool(let b) = v.kind else {
            out.error("wrong-type", file, v.location, sub(key), "\"\(key)\" should be true or false, not \(v.typeName)")
            return nil
        }
        return b
    }

    func array(_ key: String, required: Bool = true) -> [JSONValue]? {
        guard let v = value(key, required: required) else { return nil }
        guard let a = v.array else {
            out.error("wrong-type", file, v.location, sub(key), "\"\(key)\" should be a list, not \(v.typeName)")
            return nil
        }
        return a
    }

    func stringList(_ key: String, required: Bool = true) -> [String]? {
        guard let a = array(key, required: required) else { return nil }
        var result: [String] = []
        for (i, v) in a.enumerated() {
            guard let s = v.string else {
                out.error(
                    "wrong-type", file, v.location, sub(key) + "[\(i)]",
                    "items of \"\(key)\" should be strings, not \(v.typeName)")
                continue
            }
            if let bad = Text.firstControlCharacter(s) {
                out.error(
                    "control-character", file, v.location, sub(key) + "[\(i)]",
                    "this text contains the control character U+\(String(bad.value, radix: 16, uppercase: true))")
                continue
            }
            result.append(s)
        }
        return result
    }

    func formatVersion() -> Bool {
        guard let v = value("formatVersion", required: true) else { return false }
        guard case .number(let n) = v.kind, n == n.rounded() else {
            out.error("wrong-type", file, v.location, sub("formatVersion"), "\"formatVersion\" should be a whole number")
            return false
        }
        if Int(exactly: n) != supportedFormatVersion {
            out.error(
                "format-version", file, v.location, sub("formatVersion"),
                "format version \(n.formatted) is not supported: this build of policy-advisor reads version \(supportedFormatVersion)"
            )
            return false
        }
        return true
    }
}

extension Double {
    var formatted: String {
        if self == rounded() && abs(self) < 1e15 { return String(Int(self)) }
        return String(self)
    }
}

extension String {
    /// Whether the string holds nothing but white space (fast for ASCII).
    var isBlank: Bool {
        for b in utf8 {
            if b == 32 || b == 9 || b == 10 || b == 13 { continue }
            if b < 0x80 { return false }
            return trimmingWhitespace().isEmpty
        }
        return true
    }

    func trimmingWhitespace() -> String {
        // Fast path: ASCII white space at both ends (the usual case) is cut on the bytes.
        let u = utf8
        var start = u.startIndex
        var end = u.endIndex
        func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 || b == 11 || b == 12 }
        while start < end, isSpace(u[start]) { start = u.index(after: start) }
        while end > start, isSpace(u[u.index(before: end)]) { end = u.index(before: end) }
        let firstOK = start == end || u[start] < 0x80
        let lastOK = start == end || u[u.index(before: end)] < 0x80
        if firstOK && lastOK {
            if start == u.startIndex && end == u.endIndex { return self }
            return String(self[start..<end])
        }
        return slowTrim()
    }

    private func slowTrim() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s = s.dropFirst() }
        while let l = s.last, l.isWhitespace { s = s.dropLast() }
        return String(s)
    }
}
