import Foundation

// Reviewing: checking an answer against the whole trees directory, and saving it into its tree file.
extension PolicyReview {
    /// What saving an answer gave: the review over the trees as now written, and lint's
    /// warnings about the saved answer (none stop it).
    public struct Saved: Sendable {
        public var review: PolicyReview
        public var warnings: [Diagnostic]
    }

    /// The answer as lint judges it with everything else as it is: its errors (with the part each
    /// concerns) and warnings. Nothing is written.
    public func check(_ draft: Draft, for key: Key) -> (problems: [Problem], warnings: [Diagnostic], library: Library?) {
        let updated: (path: String, text: String, index: Int)
        switch updatedFile(draft, for: key) {
        case .success(let u): updated = u
        case .failure(let p): return ([p], [], nil)
        }
        guard let dir = library.directory else {
            return ([Problem(field: nil, message: "the trees were not loaded from a directory")], [], nil)
        }
        let mine = "nodes[\(updated.index)].outcome.\(policy.id)"
        func concernsMe(_ d: Diagnostic) -> Bool {
            d.file == updated.path && (d.path == mine || d.path?.hasPrefix(mine + ".") == true)
        }
        do {
            let l = try Library.load(
                directory: dir, options: LoadOptions(checkSources: true), replacing: [updated.path: Array(updated.text.utf8)])
            return ([], l.warnings.filter { concernsMe($0) && $0.rule != "needs-review" }, l)
        } catch {
            let errors = error.errors.sorted { concernsMe($0) && !concernsMe($1) }
            return (errors.map { Problem(field: concernsMe($0) ? Self.field(of: $0) : nil, message: $0.message) }, [], nil)
        }
    }

    /// Saves the answer into its tree file (the review mark gone), once the trees directory is
    /// proved to load with it, sources checked; the file is replaced whole or not at all.
    public func save(_ draft: Draft, for key: Key) throws(SaveFailure) -> Saved {
        let (problems, warnings, loaded) = check(draft, for: key)
        guard problems.isEmpty, let loaded else { throw SaveFailure.invalid(problems) }
        guard case .success(let updated) = updatedFile(draft, for: key) else { throw SaveFailure.invalid(problems) }
        do {
            try SafeFile.atomicWrite(updated.text, to: updated.path)
        } catch {
            throw SaveFailure.write(error)
        }
        guard let next = PolicyReview(library: loaded, policyID: policy.id) else { throw SaveFailure.invalid([]) }
        return Saved(review: next, warnings: warnings)
    }

    public enum SaveFailure: Error, Sendable, CustomStringConvertible {
        /// Lint's errors: nothing was written.
        case invalid([Problem])
        /// The file could not be written: it is as it was.
        case write(FileWriteError)

        public var description: String {
            switch self {
            case .invalid(let ps): return ps.map(\.message).joined(separator: "\n")
            case .write(let e): return e.description
            }
        }
    }

    static func field(of d: Diagnostic) -> Field? {
        guard let p = d.path else { return nil }
        if p.contains(".citations") { return .clauses }
        if p.hasSuffix(".advice") { return .advice }
        if p.hasSuffix(".ask") { return .ask }
        if p.hasSuffix(".verdict") { return .verdict }
        return nil
    }

    /// The tree file's text with the draft in place of the policy's answer at the outcome (read
    /// from the file now, so edits made to it meanwhile are kept), and the outcome's node index.
    func updatedFile(_ draft: Draft, for key: Key) -> Result<(path: String, text: String, index: Int), Problem> {
        guard let tree = library.tree(key.tree) else { return .failure(Problem(field: nil, message: "no topic \(key.tree)")) }
        let path = tree.file
        let bytes: [UInt8]
        switch SafeFile.read(path, limit: LoadOptions().maxFileSize) {
        case .success(let b): bytes = b
        case .failure(let f): return .failure(Problem(field: nil, message: "\(path): \(f.description)"))
        }
        let json: JSONValue
        do {
            json = try JSONReader.parse(bytes)
        } catch {
            return .failure(
                Problem(
                    field: nil,
                    message: "\(path) is no longer valid JSON (\(error.location): \(error.message)); nothing was written"))
        }
        guard case .object(var top) = json.kind,
            let ni = top.firstIndex(where: { $0.key == "nodes" }), case .array(var nodes) = top[ni].value.kind,
            let index = nodes.firstIndex(where: { $0.members?.first { $0.key == "id" }?.value.string == key.node }),
            case .object(var members) = nodes[index].kind,
            let oi = members.firstIndex(where: { $0.key == "outcome" }), case .object(var answers) = members[oi].value.kind
        else {
            return .failure(
                Problem(field: nil, message: "\(path) no longer has the outcome \"\(key.node)\"; nothing was written"))
        }
        var citations: [JSONValue] = []
        for c in draft.citations {
            var m: [(String, JSONValue)] = [("clause", .str(c.clause))]
            if let q = c.quote { m.append(("quote", .str(q))) }
            citations.append(.obj(m))
        }
        let value = JSONValue.obj([
            ("verdict", .str(draft.verdict.rawValue)), ("advice", .str(draft.advice)), ("ask", .arr(draft.ask.map { .str($0) })),
            ("citations", .arr(citations)),
        ])
        if let ai = answers.firstIndex(where: { $0.key == policy.id }) {
            answers[ai].value = value
        } else {
            answers.append(JSONValue.Member(key: policy.id, keyLocation: SourceLocation(line: 0, column: 0), value: value))
        }
        members[oi].value.kind = .object(answers)
        nodes[index].kind = .object(members)
        top[ni].value.kind = .array(nodes)
        var v = json
        v.kind = .object(top)
        return .success((path, v.pretty(), index))
    }
}
