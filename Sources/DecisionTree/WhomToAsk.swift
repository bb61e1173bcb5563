/// Whom to ask, for the REPL, `ask` and `run` alike.
extension Library {
    /// Whom each school's policy names for questions about applying it ("when in doubt, ask"):
    /// under one policy its roles; with none, every school's, each with its school.
    public func whenInDoubt(policyID: String?) -> [String] {
        let ps = policyID.flatMap { policy($0) }.map { [$0] } ?? policies
        var names: [String] = []
        for p in ps {
            for n in p.roleNames(p.whenInDoubtAsk) {
                let s = policyID == nil ? "\(n) (\(p.school))" : n
                if !names.contains(s) { names.append(s) }
            }
        }
        return names
    }

    /// The line for a question the advisor does not cover: ordinary school matters go to the
    /// usual people, and questions about the social media policy itself to whom it names.
    public func anythingElse(policyID: String?) -> String {
        let whom = Library.joinNames(whenInDoubt(policyID: policyID))
        let school = policyID.flatMap { policy($0) }.map { " (" + $0.school + ")" } ?? ""
        return
            "For anything else, ask your line manager or the school office; for a question about the social media policy itself, ask "
            + whom + school + "."
    }

    /// "a, b or c".
    public static func joinNames(_ names: [String]) -> String {
        guard names.count > 1 else { return names.first ?? "" }
        return names.dropLast().joined(separator: ", ") + " or " + names.last!
    }
}
