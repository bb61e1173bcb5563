import ArgumentParser
import DecisionTree
import Foundation
import PolicyDocument

/// Reading a policy document named on the command line (`import`, `diff-policy`): text,
/// Markdown or .docx; anything else, or a file that cannot be read, is an input error (exit 2)
/// naming the file.
enum DocumentFile {
    /// Reports `message` as `FILE: error: message` and returns the input-error exit status to throw.
    static func inputError(_ file: String, _ message: String) -> ExitCode {
        Output.stderr.diagnostic(Diagnostic(rule: "document", file: file, message: message))
        return ExitCode.inputError
    }

    static func reason(_ error: Error) -> String {
        (error as? Transcript.WriteError)?.reason ?? "\(error)"
    }

    static func read(_ file: String) throws -> PolicyDocument.Read {
        let bytes: [UInt8]
        switch SafeFile.read(file, limit: 32 * 1024 * 1024) {
        case .success(let b): bytes = b
        case .failure(let f): throw inputError(file, f.description)
        }
        let document: PolicyDocument.Read
        do {
            document = try PolicyDocument.read(bytes, name: file)
        } catch {
            throw inputError(file, error.message)
        }
        if let bad = Text.firstControlCharacter(document.text.replacingOccurrences(of: "\r", with: "")) {
            throw inputError(
                file, "holds the control character U+\(String(bad.value, radix: 16, uppercase: true)); remove it first")
        }
        return document
    }
}
