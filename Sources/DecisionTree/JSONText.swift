/// Writing JSON strings: the one escaping every JSON writer in the project uses. Quote marks,
/// backslashes and control characters are escaped, and so are DEL, the C1 controls and the line
/// and paragraph separators, so that no output of ours carries a character a terminal or a
/// JavaScript reader would act on.
public enum JSONText {
    public static func quote(_ s: String, into out: inout String) {
        out += "\""
        // Fast path: nothing to escape.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C && $0 < 0x7F }) {
            out += s
            out += "\""
            return
        }
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 || u.value == 0x7F || (0x80...0x9F).contains(u.value) || u.value == 0x2028 || u.value == 0x2029
                {
                    let h = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}
