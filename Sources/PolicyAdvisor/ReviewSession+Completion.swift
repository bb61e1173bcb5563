import DecisionTree
import Foundation

// The review conversation: Tab completion of commands, verdicts, clause ids and roles.
extension ReviewSession {
    func completions(for text: String) -> [String] {
        if text.hasPrefix(":") {
            if text.lowercased().hasPrefix(":cite ") {
                let typed = String(text.dropFirst(6))
                return review.clauseIDs.filter { $0.hasPrefix(typed) }.map { ":cite " + $0 }
            }
            return Self.commands.filter { $0.hasPrefix(text.lowercased()) }
        }
        switch field {
        case .verdict:
            return Verdict.allCases.map(\.rawValue).filter { $0.hasPrefix(text.lowercased()) }
        case .clauses: return completeLast(text, among: review.clauseIDs, separators: [",", " "])
        case .ask: return completeLast(text, among: review.roleIDs, separators: [","])
        case .advice:
            guard text.isEmpty else { return [] }
            if let d = draft, !d.advice.isEmpty { return [d.advice] }
            return modelAdvice.map { [$0] } ?? []
        }
    }

    /// Completes the last item of a list typed so far ("6.2, 6."): whole lines.
    func completeLast(_ text: String, among ids: [String], separators: Set<Character>) -> [String] {
        let cut = text.lastIndex { separators.contains($0) }.map { text.index(after: $0) } ?? text.startIndex
        var head = String(text[..<cut])
        var typed = String(text[cut...])
        while typed.hasPrefix(" ") {
            head += " "
            typed.removeFirst()
        }
        if head.hasSuffix(",") { head += " " }
        return ids.filter { $0.hasPrefix(typed) }.map { head + $0 }
    }

    /// A completion as listed: the item being completed, not the whole line.
    func label(_ line: String) -> String {
        if line.hasPrefix(":cite ") { return String(line.dropFirst(6)) }
        guard let cut = line.lastIndex(where: { $0 == "," || $0 == " " }), field != .advice else { return line }
        return String(line[line.index(after: cut)...])
    }
}
