import DecisionTree
import Foundation

// The review conversation: one outcome, field by field, then saving it (and its scenario).
extension ReviewSession {
    func reviewOne(_ key: PolicyReview.Key, position: Int, of total: Int, show showIt: Bool) -> Outcome {
        guard let item = review.item(key) else {
            out.line("The outcome \(out.safe(key.tree))/\(out.safe(key.node)) is no longer in the trees; skipping it.")
            return .skipped
        }
        if showIt { show(item, position: position, of: total) }
        var d = item.proposal
        modelAdvice = nil
        field = .verdict
        draft = d
        defer { draft = nil }
        var hinted: PolicyReview.Field?
        while true {
            draft = d
            if hinted != field { hint(field, item: item, draft: d) }
            hinted = field
            switch input.read(prompt: prompt(field, draft: d)) {
            case .endOfInput: return .quit
            case .interrupted: continue
            case .line(let raw):
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.hasPrefix(":") {
                    input.remember(line)
                    let parts = line.split(separator: " ", maxSplits: 1).map(String.init)
                    switch parts[0].lowercased() {
                    case ":help", ":h", ":?": help()
                    case ":skip", ":s", ":next":
                        out.line("Skipped: it stays marked for review.")
                        return .skipped
                    case ":back", ":b":
                        guard let previous = PolicyReview.Field.allCases.firstIndex(of: field), previous > 0 else {
                            return .back
                        }
                        field = PolicyReview.Field.allCases[previous - 1]
                    case ":show":
                        show(item, position: position, of: total)
                        hinted = nil
                    case ":cite", ":c": cite(parts.count > 1 ? parts[1] : "")
                    case ":quit", ":q", ":exit": return .quit
                    default:
                        out.line("Unknown command '\(out.safe(parts[0]))'. Commands: " + Self.commands.joined(separator: " "))
                    }
                    continue
                }
                if field == .advice && !line.isEmpty { input.remember(line) }
                guard take(line, into: &d, item: item) else { continue }
                if field == .ask {
                    if save(d, item: item) { return .saved }
                    continue
                }
                field = PolicyReview.Field.allCases[PolicyReview.Field.allCases.firstIndex(of: field)! + 1]
            }
        }
    }

    /// Reads one field into the draft; false (having said why) when it is refused.
    func take(_ line: String, into d: inout PolicyReview.Draft, item: PolicyReview.Item) -> Bool {
        var result: Result<Void, PolicyReview.Problem>
        switch field {
        case .verdict:
            result = review.verdict(line, default: d.verdict, for: item).map { d.verdict = $0 }
            // The model's advice rests on a clause that changed: it is offered (Tab) but typed anew.
            if case .success = result, item.proposalIsModel, d.advice == item.proposal.advice {
                modelAdvice = d.advice
                d.advice = ""
            }
        case .clauses:
            let none = ["none", "-"].contains(line.lowercased()) || (line.isEmpty && d.citations.isEmpty)
            result = review.citations(line, default: d.citations, verdict: d.verdict).map { d.citations = $0 }
            if case .success = result, none {
                out.line(
                    out.styled(
                        "No clause named: citing the “if in doubt” clause, " + out.safe(review.policy.whenInDoubtClause) + ".",
                        .dim))
            }
        case .advice: result = review.advice(line, default: d.advice).map { d.advice = $0 }
        case .ask: result = review.ask(line, default: d.ask).map { d.ask = $0 }
        }
        if case .failure(let p) = result {
            refuse(p.message)
            return false
        }
        // The answer so far as lint sees it: what concerns this field is refused now; the rest
        // waits for its own prompt (and the last one sees everything).
        if field != .ask {
            let problems = review.check(d, for: item.key).problems.filter { $0.field == field || $0.field == nil }
            if !problems.isEmpty {
                for p in problems { refuse(p.message + (p.field == nil ? ". Type :skip to leave it, or :quit." : "")) }
                return false
            }
        }
        return true
    }

    func refuse(_ message: String) {
        out.line(out.wrap(out.styled("✗ ", .red) + out.safe(message), hanging: 2))
    }

    /// Saves the answer; false when lint refuses it (the field to fix is asked again) or the
    /// file cannot be written.
    func save(_ d: PolicyReview.Draft, item: PolicyReview.Item) -> Bool {
        do {
            let saved = try review.save(d, for: item.key)
            review = saved.review
            let left = review.marked.count
            out.line(
                out.wrap(
                    out.styled("✓ Saved ", .green) + out.safe((item.file as NSString).lastPathComponent) + ": "
                        + out.safe(item.title) + ", " + d.verdict.rawValue + ", citing "
                        + d.clauseIDs.map { out.safe(review.policy.shortID($0)) }.joined(separator: ", ") + ". "
                        + (left == 0 ? "Nothing left marked." : "\(left) left marked for review."), hanging: 2))
            for w in saved.warnings {
                out.line(out.wrap(out.styled("Lint warns: ", .yellow) + out.safe(w.message), hanging: 2))
            }
            saveScenario(item.key)
            return true
        } catch {
            switch error {
            case .invalid(let problems):
                out.line(
                    out.styled(
                        problems.contains { $0.field != nil } ? "Not saved: lint refuses this answer." : "Not saved:", .bold))
                for p in problems { refuse(p.message + (p.field == nil ? ". Type :skip to leave it, or :quit." : "")) }
                field = problems.first?.field ?? .verdict
            case .write(let e):
                refuse("Could not save: \(e.description). Press Enter to try again, or :skip or :quit.")
            }
            return false
        }
    }

    func saveScenario(_ key: PolicyReview.Key) {
        guard let path = scenarioPath else { return }
        var text = ""
        if case .success(let bytes) = SafeFile.read(path, limit: 32 * 1024 * 1024) {
            text = String(decoding: bytes, as: UTF8.self)
        }
        if text.isEmpty {
            text = "# Scenarios of the answers reviewed for \(review.policy.id) ('policy-advisor check' proves them).\n"
        }
        do {
            try SafeFile.atomicWrite(review.scenarios(text, with: key), to: path)
        } catch {
            refuse("Could not keep the scenario in \(path): \(error.reason). The answer itself is saved.")
        }
    }
}
