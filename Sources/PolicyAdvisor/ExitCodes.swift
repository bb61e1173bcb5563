import ArgumentParser

/// The exit codes every command documents (README, "Exit status"), by name.
///
/// - 0 `.success`: the work was done (and, for check, lint, train, review and diff-policy,
///   nothing failed or differed);
/// - 1 `.failure`: a check or lint found failures, the training was not passed, review left
///   outcomes marked, diff-policy found differences, or output could not be written;
/// - 2 `.inputError`: a file the command reads is wrong (a script, a tree, a policy, a document);
/// - 3 `.needsMoreAnswers`: `ask` stopped at a question its answers do not reach past;
/// - 4 `.noTopic`: `ask` found no topic for the question (off-topic, or a choice to make);
/// - 64 `.validationFailure`: the command line itself is wrong.
extension ExitCode {
    static let inputError = ExitCode(2)
    static let needsMoreAnswers = ExitCode(3)
    static let noTopic = ExitCode(4)
}
