import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a whole file the user named, refusing what is not a regular file (a FIFO would hang,
/// `/dev/zero` would never end) and reading no more than a hard cap whatever `stat` says.
public enum FileReader {
    public struct Failure: Error, Sendable, Hashable {
        /// The diagnostic rule: `unreadable` or `file-too-large`.
        public var rule: String
        public var message: String
    }

    public static func read(_ path: String, limit: Int) -> Result<[UInt8], Failure> {
        // O_NONBLOCK: opening a FIFO with no writer must not wait; it is refused below.
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 { return .failure(Failure(rule: "unreadable", message: openError(errno, path: path))) }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            return .failure(Failure(rule: "unreadable", message: "the file cannot be read: \(describe(errno))"))
        }
        let kind = st.st_mode & S_IFMT
        guard kind == S_IFREG else {
            return .failure(Failure(rule: "unreadable", message: "this is \(describe(kind: kind)), not a regular file"))
        }
        if Int(st.st_size) > limit {
            return .failure(
                Failure(
                    rule: "file-too-large",
                    message:
                        "the file is \(Int(st.st_size) / 1_048_576) MB; files larger than \(limit / 1_048_576) MB are refused"))
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(st.st_size))
        var chunk = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                return .failure(Failure(rule: "unreadable", message: "the file cannot be read: \(describe(errno))"))
            }
            if n == 0 { break }
            bytes += chunk[0..<n]
            // The file grew while being read: the cap holds whatever stat said.
            if bytes.count > limit {
                return .failure(
                    Failure(rule: "file-too-large", message: "the file is larger than \(limit / 1_048_576) MB"))
            }
        }
        return .success(bytes)
    }

    /// The real path of a file or directory (links followed), or nil.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    static func openError(_ e: Int32, path: String) -> String {
        switch e {
        case ENOENT: return "the file does not exist"
        case ELOOP: return "the path is a loop of symbolic links"
        case EACCES: return "permission denied: the file, or a directory on its path, cannot be read"
        case ENOTDIR: return "a part of the path is a file, not a directory"
        case EISDIR: return "this is a directory, not a file"
        default: return "the file cannot be opened: \(describe(e))"
        }
    }

    static func describe(_ e: Int32) -> String { String(cString: strerror(e)) }

    static func describe(kind: mode_t) -> String {
        switch kind {
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        default: return "not a regular file"
        }
    }
}
