import Foundation

// The approval and next-review dates a policy's text gives.
extension PolicyImport {
    static let monthNames = [
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december",
    ]

    static func findDates(_ lines: [String], into result: inout Result) {
        var notes: [String] = []
        for l in lines {
            let f = Text.fold(l)
            let isApproval =
                f.contains("date of approval") || f.contains("approved") || f.contains("date adopted")
                || f.contains("adopted") || f.contains("last review") || f.hasPrefix("date ")
            let isReview = f.contains("review")
            guard isApproval || isReview, let d = date(in: f) else { continue }
            let isLast = f.contains("last review") || f.contains("reviewed")
            if isReview && !isLast && result.nextReview == nil && (f.contains("next") || f.contains("date") || f.contains("due"))
            {
                result.nextReview = d
                notes.append("next review \(d) from \"\(l.trimmingCharacters(in: .whitespaces))\"")
            } else if isApproval && result.approved == nil {
                result.approved = d
                notes.append("approved \(d) from \"\(l.trimmingCharacters(in: .whitespaces))\"")
            }
        }
        findTableDates(lines, into: &result, notes: &notes)
        if !notes.isEmpty { result.dateNote = "Read by import: " + notes.joined(separator: "; ") + "." }
    }

    /// Dates in a table at the top: a row of headings ("Date Approved", "Next review Date") and the
    /// row under it holding the values, cells split by tabs (a row with fewer cells lines up from
    /// the right, as an empty first cell is often lost).
    static func findTableDates(_ lines: [String], into result: inout Result, notes: inout [String]) {
        let rows = lines.map { $0.components(separatedBy: "\t").map { $0.trimmingCharacters(in: .whitespaces) } }
        for (k, header) in rows.enumerated() where header.count >= 2 && k + 1 < rows.count {
            let heads = header.map(Text.fold)
            guard heads.contains(where: { $0.contains("approv") || $0.contains("review") || $0.contains("adopted") }),
                heads.allSatisfy({ date(in: $0) == nil })
            else { continue }
            guard let values = rows[(k + 1)...].first(where: { $0.contains { !$0.isEmpty } }), values.count >= 2,
                values.count <= header.count
            else { continue }
            let offset = header.count - values.count
            for (j, value) in values.enumerated() {
                let head = heads[j + offset]
                guard let d = date(in: Text.fold(value)) else { continue }
                let isLast = head.contains("last review") || head.contains("reviewed")
                if head.contains("review") && !isLast && result.nextReview == nil {
                    result.nextReview = d
                    notes.append("next review \(d) from the table's \"\(header[j + offset])\" column")
                } else if (head.contains("approv") || head.contains("adopted") || isLast) && result.approved == nil {
                    result.approved = d
                    notes.append("approved \(d) from the table's \"\(header[j + offset])\" column")
                }
            }
        }
    }

    /// "September 2024", "1 September 2024", "09/2024", "01/09/2024", "2024-09-01".
    static func date(in folded: String) -> PolicyDate? {
        // "30th" → "30".
        let w = folded.split(separator: " ").map { word -> String in
            let s = String(word)
            for suffix in ["st", "nd", "rd", "th"]
            where s.count > 2 && s.hasSuffix(suffix) && s.dropLast(2).allSatisfy(\.isNumber) {
                return String(s.dropLast(2))
            }
            return s
        }
        for (i, word) in w.enumerated() {
            if let m = monthNames.firstIndex(where: { $0 == word || (word.count >= 3 && $0.hasPrefix(word)) }),
                i + 1 < w.count, let y = Int(w[i + 1]), (1990...2100).contains(y)
            {
                if i > 0, let d = Int(w[i - 1]), (1...31).contains(d) { return PolicyDate(year: y, month: m + 1, day: d) }
                return PolicyDate(year: y, month: m + 1)
            }
        }
        // Numbers: fold turned "/" and "-" into spaces.
        for i in w.indices {
            if i + 2 < w.count, let a = Int(w[i]), let b = Int(w[i + 1]), let c = Int(w[i + 2]) {
                if w[i].count == 4, (1...12).contains(b), (1...31).contains(c) { return PolicyDate(year: a, month: b, day: c) }
                if w[i + 2].count == 4, (1...12).contains(b), (1...31).contains(a) {
                    return PolicyDate(year: c, month: b, day: a)
                }
            }
            if i + 1 < w.count, let m = Int(w[i]), let y = Int(w[i + 1]), w[i + 1].count == 4, (1...12).contains(m) {
                return PolicyDate(year: y, month: m)
            }
        }
        return nil
    }
}
