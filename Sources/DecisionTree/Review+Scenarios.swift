import Foundation

// Reviewing: a scripted-mode consultation that proves each reviewed answer.
extension PolicyReview {
    /// A scripted-mode consultation that proves the answer the file holds at the outcome (the
    /// shortest way there, the verdict and every clause), headed by a line that names it, or nil
    /// when an answer's label cannot stand on one line.
    public func scenario(_ key: Key) -> String? {
        guard let tree = library.tree(key.tree), let o = tree.node(key.node)?.outcome, let a = o.answers[policy.id],
            let path = Self.paths(to: key.node, in: tree, limit: 1).0.first,
            !path.contains(where: { $0.answer.contains("\n") })
        else { return nil }
        var lines = [Self.scenarioMarker(policy.id, key) + " " + o.title.replacingOccurrences(of: "\n", with: " ")]
        lines += ["policy: \(policy.id)", "topic: \(tree.id)"]
        lines += path.map { "answer: " + $0.answer }
        lines.append("expect: " + a.verdict.rawValue)
        lines += a.citations.map { "cite: " + $0.clause }
        return lines.joined(separator: "\n") + "\n"
    }

    static func scenarioMarker(_ policyID: String, _ key: Key) -> String { "# review \(policyID): \(key.tree)/\(key.node):" }

    /// A scenario file's text with the outcome's consultation in it: in place of the one made
    /// for it before, else added at the end.
    public func scenarios(_ text: String, with key: Key) -> String {
        guard let entry = scenario(key) else { return text }
        let marker = Self.scenarioMarker(policy.id, key)
        var blocks = text.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        let cleaned = entry.trimmingCharacters(in: .newlines)
        if let i = blocks.firstIndex(where: { $0.trimmingCharacters(in: .newlines).hasPrefix(marker) }) {
            blocks[i] = cleaned
        } else {
            blocks.append(cleaned)
        }
        return blocks.map { $0.trimmingCharacters(in: .newlines) }.joined(separator: "\n\n") + "\n"
    }
}
