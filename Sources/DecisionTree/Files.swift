import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Why a file could not be read, in words that say what the path is.
public enum FileProblem: Error, Sendable, Hashable, CustomStringConvertible {
    case missing
    case danglingLink
    case linkLoop
    case unsearchable
    case notADirectoryOnPath
    case permission
    case directory
    /// A FIFO, device or socket: reading it could block forever or never end.
    case notRegular(kind: String)
    case tooLarge(size: Int?, limit: Int)
    /// Read as text: not valid UTF-8.
    case notUTF8
    /// Read as text: holds a NUL byte, so it is not a text file at all.
    case nulByte
    case io(String)

    public var description: String {
        switch self {
        case .missing: return "the file does not exist"
        case .danglingLink: return "this is a symbolic link to a file that does not exist"
        case .linkLoop: return "this is a symbolic link loop: the links never reach a file"
        case .unsearchable: return "a directory on the path cannot be searched (check its permissions)"
        case .notADirectoryOnPath: return "a part of the path is a file, not a directory"
        case .permission: return "the file cannot be read (check its permissions)"
        case .directory: return "this is a directory, not a file"
        case .notRegular(let kind): return "this is \(kind), not a regular file"
        case .tooLarge(let size?, let limit):
            return "the file is \(size / 1_048_576) MB; files larger than \(limit / 1_048_576) MB are refused"
        case .tooLarge(nil, let limit): return "the file is larger than \(limit / 1_048_576) MB"
        case .notUTF8: return "the file is not valid UTF-8 (save it as UTF-8 text)"
        case .nulByte: return "the file holds a NUL byte: it is not a text file"
        case .io(let reason): return "the file cannot be read: \(reason)"
        }
    }
}

/// A file could not be written; it is as it was.
public struct FileWriteError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: String
    public var reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}

/// Opening and reading files the user names, without ever blocking on a FIFO or reading a device
/// to the end: anything that is not a regular file (after following links) is refused by name.
public enum SafeFile {
    /// What kind of thing a `stat` mode is, as a noun phrase ("a named pipe (FIFO)").
    public static func kind(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: return "a regular file"
        case S_IFDIR: return "a directory"
        case S_IFIFO: return "a named pipe (FIFO)"
        case S_IFCHR: return "a character device"
        case S_IFBLK: return "a block device"
        case S_IFSOCK: return "a socket"
        case S_IFLNK: return "a symbolic link"
        default: return "a special file"
        }
    }

    /// The problem behind a failed `open` or `stat` of `path` (with `err` its errno).
    public static func problem(_ path: String, errno err: Int32) -> FileProblem {
        switch err {
        case ENOENT:
            var st = stat()
            return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFLNK ? .danglingLink : .missing
        case ELOOP: return .linkLoop
        case ENOTDIR: return .notADirectoryOnPath
        case EACCES, EPERM:
            // The file itself, or a directory above it that cannot be searched?
            var st = stat()
            return stat(path, &st) == 0 ? .permission : .unsearchable
        case EISDIR: return .directory
        default: return .io(String(cString: strerror(err)))
        }
    }

    /// The real path of a file or directory (links followed), or nil.
    public static func realPath(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }

    /// Why `path` cannot be used as a directory whose files are read, in words that say what it
    /// is; nil if it can (it is a directory that can be listed and searched). `name` says what it
    /// should be ("trees directory"). A missing directory is `.missing` ("… does not exist").
    public static func directoryProblem(_ path: String, name: String) -> (problem: FileProblem, words: String)? {
        let the = "the " + name
        var st = stat()
        if stat(path, &st) != 0 {
            let p = problem(path, errno: errno)
            switch p {
            case .missing: return (p, "\(the) does not exist")
            case .danglingLink: return (p, "\(the) is a symbolic link to a directory that does not exist")
            case .linkLoop: return (p, "\(the) is a symbolic link loop: the links never reach a directory")
            case .unsearchable:
                return (p, "\(the) cannot be reached: a directory on its path cannot be searched (check its permissions)")
            case .notADirectoryOnPath: return (p, "a part of the path to \(the) is a file, not a directory")
            default: return (p, "\(the) cannot be used: \(p)")
            }
        }
        let type = st.st_mode & S_IFMT
        if type != S_IFDIR {
            let what = type == S_IFREG ? "a file" : kind(st.st_mode)
            return (type == S_IFREG ? .notADirectoryOnPath : .notRegular(kind: what), "this is \(what), not a \(name)")
        }
        // Listing needs read permission on the directory; opening its files needs search (x).
        guard let d = opendir(path) else {
            return (problem(path, errno: errno), "\(the) cannot be read (check its permissions)")
        }
        closedir(d)
        if stat(path + "/.", &st) != 0 {
            return (.unsearchable, "\(the) can be listed but not searched, so its files cannot be opened (check its permissions)")
        }
        return nil
    }

    /// Opens a regular file for reading; with `allowPipes`, a FIFO too (read as a stream, as
    /// standard input is). Returns the descriptor, which the caller closes.
    public static func open(_ path: String, allowPipes: Bool = false) -> Result<Int32, FileProblem> {
        var st = stat()
        if stat(path, &st) != 0 { return .failure(problem(path, errno: errno)) }
        let type = st.st_mode & S_IFMT
        if type == S_IFDIR { return .failure(.directory) }
        let pipe = type == S_IFIFO && allowPipes
        if type != S_IFREG && !pipe { return .failure(.notRegular(kind: kind(st.st_mode))) }
        // O_NONBLOCK: if the path was swapped for a FIFO since the stat, opening it cannot hang.
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | (pipe ? 0 : O_NONBLOCK))
        if fd < 0 { return .failure(problem(path, errno: errno)) }
        if fstat(fd, &st) != 0 || (st.st_mode & S_IFMT != S_IFREG && !pipe) {
            let k = kind(st.st_mode)
            close(fd)
            return .failure(.notRegular(kind: k))
        }
        if !pipe { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) }
        return .success(fd)
    }

    /// Reads a regular file whole, refusing it once it passes `limit` bytes (whatever its `stat`
    /// size says).
    public static func read(_ path: String, limit: Int) -> Result<[UInt8], FileProblem> {
        let fd: Int32
        switch open(path) {
        case .failure(let p): return .failure(p)
        case .success(let f): fd = f
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, Int(st.st_size) > limit { return .failure(.tooLarge(size: Int(st.st_size), limit: limit)) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(min(Int(st.st_size), limit) + 1)
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, chunkSize) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(.io(String(cString: strerror(errno))))
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > limit { return .failure(.tooLarge(size: nil, limit: limit)) }
        }
        return .success(bytes)
    }

    /// Reads a regular file as UTF-8 text (as `read` does), refusing a NUL byte and invalid UTF-8
    /// with words of their own.
    public static func readText(_ path: String, limit: Int) -> Result<String, FileProblem> {
        switch read(path, limit: limit) {
        case .failure(let p): return .failure(p)
        case .success(let bytes):
            if bytes.contains(0) { return .failure(.nulByte) }
            guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.notUTF8) }
            return .success(text)
        }
    }

    /// Writes all of `bytes` at the end of `fd` (opened for appending, locked by the caller), or
    /// nothing: a short write (a full disk) is followed by more writes, and on failure the file is
    /// truncated back to its size before, so no half row or half section is ever left. Returns the
    /// errno of the failure, or nil. `write` can be replaced to inject faults in tests.
    public static func appendWhole(
        _ bytes: [UInt8], fd: Int32,
        write: (Int32, UnsafeRawPointer, Int) -> Int = { Glibc.write($0, $1, $2) }
    ) -> Int32? {
        var st = stat()
        guard fstat(fd, &st) == 0 else { return errno }
        let before = st.st_size
        let failure: Int32? = bytes.withUnsafeBytes { raw -> Int32? in
            var offset = 0
            while offset < raw.count {
                let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                // No progress and no error: the device takes no more (treated as a full disk).
                if n == 0 { return ENOSPC }
                offset += n
            }
            return nil
        }
        var err = failure
        // A full disk may only show when the data reaches it.
        if err == nil && fsync(fd) != 0 && errno != EINVAL && errno != EROFS { err = errno }
        if let err {
            _ = ftruncate(fd, before)
            _ = fsync(fd)
            return err
        }
        return nil
    }

    /// Opens `path` to append (creating it with `mode` if new); refuses anything that is not a
    /// regular file, without blocking on a FIFO.
    public static func openForAppend(_ path: String, mode: mode_t = 0o644) -> Result<Int32, FileProblem> {
        let fd = Glibc.open(path, O_WRONLY | O_APPEND | O_CREAT | O_NONBLOCK | O_CLOEXEC, mode)
        if fd < 0 {
            if errno == ENXIO { return .failure(.notRegular(kind: "a named pipe (FIFO)")) }
            if errno == EACCES || errno == EPERM {
                var st = stat()
                return .failure(stat(path, &st) == 0 ? .permission : problem(path, errno: errno))
            }
            return .failure(problem(path, errno: errno))
        }
        var st = stat()
        if fstat(fd, &st) != 0 || st.st_mode & S_IFMT != S_IFREG {
            let k = kind(st.st_mode)
            close(fd)
            return .failure(st.st_mode & S_IFMT == S_IFDIR ? .directory : .notRegular(kind: k))
        }
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK)
        return .success(fd)
    }

    /// The directory part of a path ("a/b" → "a", "/x" → "/", "f" → ""), as NSString's
    /// `deletingLastPathComponent` gives it, which on Linux crashes on a one-character name.
    public static func directory(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var d = p[..<slash]
        while d.count > 1 && d.hasSuffix("/") { d = d.dropLast() }
        return String(d)
    }

    /// Why a file named for writing cannot be used, checked before any work is done: nil if it
    /// can (it exists as a writable regular file, or its directory takes a new file).
    public static func writableProblem(_ path: String) -> String? {
        let dir = directory(of: path).isEmpty ? "." : directory(of: path)
        var st = stat()
        if stat(path, &st) == 0 {
            let type = st.st_mode & S_IFMT
            if type == S_IFDIR { return "this is a directory" }
            if type != S_IFREG { return "this is \(kind(st.st_mode)), not a regular file" }
            return access(path, W_OK) == 0 ? nil : "the file is not writable"
        }
        switch problem(path, errno: errno) {
        case .missing, .danglingLink: break
        case let p: return p.description
        }
        if stat(dir, &st) != 0 {
            switch problem(dir, errno: errno) {
            case .missing: return "the directory \(dir) does not exist"
            case let p: return "the directory \(dir): \(p)"
            }
        }
        if st.st_mode & S_IFMT != S_IFDIR { return "\(dir) is not a directory" }
        return access(dir, W_OK | X_OK) == 0 ? nil : "cannot write in \(dir)"
    }

    /// The prefix of the temporary files `atomicWrite` makes beside a file; any left by a killed
    /// run are removed by the next write in that directory.
    public static let temporaryMarker = ".policy-advisor-tmp-"

    /// Replaces `path` with `text` whole, or leaves it as it was: the text goes to a temporary
    /// file beside it (same mode), which is then renamed over it.
    public static func atomicWrite(_ text: String, to path: String) throws(FileWriteError) {
        let url = URL(fileURLWithPath: path)
        let dir = url.deletingLastPathComponent().path
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: dir, isDirectory: &isDir), isDir.boolValue else {
            throw FileWriteError(path: path, reason: "the directory \(dir) does not exist")
        }
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue {
            throw FileWriteError(path: path, reason: "this is a directory")
        }
        // Temporary files of earlier runs that were killed before their rename.
        let base = "." + url.lastPathComponent + temporaryMarker
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] where name.hasPrefix(base) {
            if let pid = Int32(name.dropFirst(base.count)), pid != getpid(), kill(pid, 0) != 0 { unlink(dir + "/" + name) }
        }
        let tmp = dir + "/" + base + "\(getpid())"
        var old = stat()
        let mode: mode_t = stat(path, &old) == 0 ? old.st_mode & 0o7777 : 0o644
        let fd = Glibc.open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        guard fd >= 0 else {
            throw FileWriteError(path: path, reason: "cannot write in \(dir): \(String(cString: strerror(errno)))")
        }
        _ = fchmod(fd, mode)
        let failed = appendWhole(Array(text.utf8), fd: fd)
        close(fd)
        if let err = failed {
            unlink(tmp)
            throw FileWriteError(path: path, reason: "\(String(cString: strerror(err))): the file is as it was")
        }
        if rename(tmp, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(tmp)
            throw FileWriteError(path: path, reason: reason)
        }
    }
}
