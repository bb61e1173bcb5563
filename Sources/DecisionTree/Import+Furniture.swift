import Foundation

extension PolicyImport {
    /// Page furniture: short lines that repeat on three or more pages, page numbers, and a page's
    /// header or footer beside its number.
    struct Furniture {
        /// How often each short line (under 80 characters) stands in the text.
        var counts: [String: Int] = [:]
        /// A short line right above or below a page number, with no blank line between, is that
        /// page's header or footer even when the document is too short for it to repeat.
        var besidePageNumbers = Set<String>()

        init(_ rawLines: [String]) {
            for l in rawLines {
                let t = l.trimmingCharacters(in: .whitespaces)
                if !t.isEmpty && t.count < 80 { counts[t, default: 0] += 1 }
            }
            for (k, l) in rawLines.enumerated() where Self.isPageNumber(l.trimmingCharacters(in: .whitespaces)) {
                for j in [k - 1, k + 1] where j >= 0 && j < rawLines.count {
                    // The header and the number stand apart from the text, a blank line beyond them.
                    let beyond = j + (j < k ? -1 : 1)
                    guard
                        beyond < 0 || beyond >= rawLines.count
                            || rawLines[beyond].trimmingCharacters(in: .whitespaces).isEmpty
                    else { continue }
                    let t = rawLines[j].trimmingCharacters(in: .whitespaces)
                    if Self.mayBeHeaderOrFooter(t) { besidePageNumbers.insert(t) }
                }
            }
        }

        static func isPageNumber(_ t: String) -> Bool {
            let f = Text.fold(t)
            if f.range(of: #"^page \d+( of \d+)?$"#, options: .regularExpression) != nil { return true }
            if f.range(of: #"^\d+$"#, options: .regularExpression) != nil && t.count <= 4 { return true }
            // A footer or header that carries the page number: "St Aidan's Social Media Policy –
            // Page 5 of 9", "Page 3 of 12 | Approved March 2025". Not a sentence ("see page 5.").
            guard !t.hasSuffix("."), Text.words(t).count <= 14 else { return false }
            if f.range(of: #"(^| )page \d+ of \d+$"#, options: .regularExpression) != nil { return true }
            if f.range(of: #"^page \d+ of \d+ "#, options: .regularExpression) != nil { return true }
            let separators = ["–", "—", " - ", "|", "·"]
            return f.range(of: #" page \d+$"#, options: .regularExpression) != nil && separators.contains { t.contains($0) }
        }

        /// A short line of a few words, not a number, a clause, a list item or a sentence.
        static func mayBeHeaderOrFooter(_ t: String) -> Bool {
            !t.isEmpty && Text.words(t).count <= 12 && !isPageNumber(t) && numbered(t) == nil
                && !["- ", "* ", "• "].contains(where: { t.hasPrefix($0) }) && (t.first?.isLowercase == false)
                && !t.hasSuffix(".") && !t.hasSuffix(":") && !t.hasSuffix(";") && !t.hasSuffix(",") && !t.contains("\t")
        }

        /// Whether a trimmed line is page furniture.
        func contains(_ t: String) -> Bool {
            if Self.isPageNumber(t) || besidePageNumbers.contains(t) { return true }
            return (counts[t] ?? 0) >= 3 && !t.hasSuffix(".") && Text.words(t).count <= 12
        }

        /// The lines without the furniture, each with its 1-based line in the source; what is
        /// taken out is added to `dropped` once. The furniture goes with the blank lines around it:
        /// a page break in mid-clause joins the two halves again; between paragraphs one blank line
        /// stays.
        func remove(from rawLines: [String], dropped: inout [String]) -> (lines: [String], lineNumbers: [Int]) {
            var lines: [String] = []
            var lineNumbers: [Int] = []
            var k = 0
            while k < rawLines.count {
                let t = rawLines[k].trimmingCharacters(in: .whitespaces)
                guard !t.isEmpty, contains(t) else {
                    lines.append(rawLines[k])
                    lineNumbers.append(k + 1)
                    k += 1
                    continue
                }
                if !dropped.contains(t) { dropped.append(t) }
                while let last = lines.last, last.trimmingCharacters(in: .whitespaces).isEmpty {
                    lines.removeLast()
                    lineNumbers.removeLast()
                }
                k += 1
                while k < rawLines.count {
                    let n = rawLines[k].trimmingCharacters(in: .whitespaces)
                    guard n.isEmpty || contains(n) else { break }
                    if !n.isEmpty && !dropped.contains(n) { dropped.append(n) }
                    k += 1
                }
                let before = lines.last?.trimmingCharacters(in: .whitespaces) ?? ""
                if !Self.continuesAcrossBreak(rawLines, at: k, before: before) && !lines.isEmpty {
                    lines.append("")
                    lineNumbers.append(k)
                }
            }
            return (lines, lineNumbers)
        }

        /// Whether the text from line `k`, after a page break, carries on the paragraph whose last
        /// line (trimmed) is `before`. A heading after the break (a short line standing alone) or a
        /// numbered clause starts afresh, whatever came before.
        static func continuesAcrossBreak(_ rawLines: [String], at k: Int, before: String) -> Bool {
            let after = k < rawLines.count ? rawLines[k].trimmingCharacters(in: .whitespaces) : ""
            let standsAlone = k + 1 >= rawLines.count || rawLines[k + 1].trimmingCharacters(in: .whitespaces).isEmpty
            let afterIsHeading =
                standsAlone && (after.first?.isUppercase ?? false) && Text.words(after).count <= 12
                && !after.hasSuffix(".") && !after.hasSuffix(",") && !after.hasSuffix(";") && !after.hasSuffix(":")
            return
                (["- ", "* ", "• "].contains { after.hasPrefix($0) } || (after.first?.isLowercase ?? false)
                || !(before.hasSuffix(".") || before.hasSuffix("!") || before.hasSuffix("?") || before.hasSuffix(":")))
                && !afterIsHeading && numbered(after) == nil
        }
    }
}
