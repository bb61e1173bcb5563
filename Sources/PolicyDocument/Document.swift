import Foundation

/// A policy document as text: plain text or Markdown as it is, a Word `.docx` read to text, and
/// every other kind (PDF, an old `.doc`, OpenDocument, RTF) refused with what to do instead. The
/// kind is told by the file's first bytes, not its name.
public enum PolicyDocument {
    public enum Kind: String, Sendable, Hashable {
        case text
        case docx
        case pdf
        /// An old Word `.doc`, or a password-protected `.docx` (both are OLE compound files).
        case ole
        case odt
        case rtf
    }

    /// Why a document cannot be read; `message` says it in words, without the file's name.
    public struct Failure: Error, Sendable, Hashable, CustomStringConvertible {
        public var message: String
        public init(_ message: String) { self.message = message }
        public var description: String { message }
    }

    /// What was read.
    public struct Read: Sendable, Hashable {
        public var text: String
        public var kind: Kind
        /// Invisible characters (zero-width spaces, direction marks, controls) taken out of a .docx's text.
        public var removedInvisible: Int = 0
    }

    /// The kind of a file, by its first bytes (and, for a zip, whether it holds a Word document).
    public static func kind(of bytes: [UInt8]) -> Kind {
        func starts(_ magic: [UInt8]) -> Bool { bytes.count >= magic.count && Array(bytes.prefix(magic.count)) == magic }
        // A PDF may have a few bytes of rubbish before its header.
        if let r = bytes.prefix(1024).firstRange(of: Array("%PDF-".utf8)), r.lowerBound < 1024 { return .pdf }
        if starts([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) { return .ole }
        if starts(Array("{\\rtf".utf8)) { return .rtf }
        if starts([0x50, 0x4B, 0x03, 0x04]) || starts([0x50, 0x4B, 0x05, 0x06]) {
            // OpenDocument keeps its type, uncompressed, as the archive's first entry.
            let head = String(decoding: bytes.prefix(200), as: UTF8.self)
            if head.contains("application/vnd.oasis.opendocument") { return .odt }
            return .docx
        }
        return .text
    }

    /// Reads a document's bytes as text, or says why not and what to do. `name` is only used in
    /// the advice ("pdftotext -layout NAME policy.txt").
    public static func read(_ bytes: [UInt8], name: String) throws(Failure) -> Read {
        switch kind(of: bytes) {
        case .pdf:
            throw Failure(
                "this is a PDF: turn it into text first, keeping its layout, then import the text: pdftotext -layout \(quoted(name)) policy.txt"
            )
        case .ole:
            throw Failure(
                "this is an old Word .doc or a password-protected Word file: open it in your word processor and save it as .docx (without a password) or as plain text (.txt)"
            )
        case .odt:
            throw Failure(
                "this is an OpenDocument file (.odt): save it as .docx or as plain text (.txt) in your word processor, then import that"
            )
        case .rtf:
            throw Failure("this is a Rich Text file (.rtf): save it as .docx or as plain text (.txt), then import that")
        case .docx:
            let d = try Docx.text(fromArchive: bytes)
            return Read(text: d.text, kind: .docx, removedInvisible: d.removedInvisible)
        case .text:
            guard var text = String(validating: bytes, as: UTF8.self) else {
                throw Failure("not UTF-8 text: save it as UTF-8 plain text (or as .docx)")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            if bytes.contains(0) { throw Failure("holds a NUL byte: this is not a text file") }
            return Read(text: text, kind: .text)
        }
    }

    static func quoted(_ s: String) -> String {
        s.allSatisfy({ $0.isLetter || $0.isNumber || "-_./".contains($0) })
            ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
