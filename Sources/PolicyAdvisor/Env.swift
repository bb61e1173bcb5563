import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Environment variables, read with getenv: cheaper than building ProcessInfo's whole dictionary
/// at start-up.
enum Env {
    static func get(_ name: String) -> String? {
        guard let p = getenv(name) else { return nil }
        return String(cString: p)
    }
}

/// Whether the program was started with standard input closed (`policy-advisor run - <&-`).
/// Worked out first thing in `main`, before any file is opened: descriptor 0 is then put on
/// /dev/null, so that no file opened later takes its number and is read as standard input.
enum StandardInput {
    static let closedAtStart: Bool = {
        guard fcntl(0, F_GETFD) < 0 && errno == EBADF else { return false }
        _ = open("/dev/null", O_RDONLY)  // the lowest free descriptor: 0
        return true
    }()
}
