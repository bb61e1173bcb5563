/// The question corpus: how staff really ask, one question a line, in `trees/questions/`.
///
/// `<topic>.txt` holds questions about one topic tree, `off-topic.txt` ordinary school questions
/// the advisor does not cover, and `safeguarding.txt` questions that speak of harm to a child
/// (they go straight to the safeguarding outcome). Blank lines and lines starting with `#` are
/// skipped.
///
/// Every fifth question of each file (the 5th, 10th, 15th...) is the **test part**: the router
/// never trains on it and nothing is tuned on it; it exists only to measure the router honestly
/// (`policy-advisor route --eval`). The other four in five are the **training part**.
public struct QuestionCorpus: Sendable {
    public struct Example: Sendable, Hashable {
        /// A topic id, `off-topic` or `safeguarding`.
        public var label: String
        public var text: String
        public var file: String
        public var line: Int
        /// Whether the question is in the held-back test part.
        public var isTest: Bool
    }

    public static let offTopic = "off-topic"
    public static let safeguarding = "safeguarding"
    /// The fixed split rule: the n-th question of a file is a test question when n is a multiple of this.
    public static let testEvery = 5
    /// Fewer questions than this for a topic and lint warns that the router may not hear it.
    public static let recommendedPerTopic = 100

    public var examples: [Example] = []

    public init(examples: [Example] = []) { self.examples = examples }

    public var training: [Example] { examples.filter { !$0.isTest } }
    public var test: [Example] { examples.filter(\.isTest) }
    public var isEmpty: Bool { examples.isEmpty }

    /// The labels that have questions, in file order.
    public var labels: [String] {
        var seen: [String] = []
        for e in examples where !seen.contains(e.label) { seen.append(e.label) }
        return seen
    }

    /// Reads one file's questions under `label`.
    public static func parse(_ text: String, label: String, file: String) -> [Example] {
        var out: [Example] = []
        var n = 0
        var lineNumber = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = String(raw).trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            n += 1
            out.append(Example(label: label, text: line, file: file, line: lineNumber, isTest: n % testEvery == 0))
        }
        return out
    }
}
