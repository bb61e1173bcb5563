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
