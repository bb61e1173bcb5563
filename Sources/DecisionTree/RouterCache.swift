import Foundation

/// A router trained on first use, or ahead of time in the background (`warmUp`), so that commands
/// that never route a question pay nothing for training and the REPL trains while the person types.
public final class RouterCache: @unchecked Sendable {
    // Safe to share: `router` is only read or written while `lock` is held.
    private let lock = NSLock()
    private var router: Router?
    public let library: Library

    public init(library: Library) { self.library = library }

    /// The trained router (trains it now if nobody has yet; waits if another thread is).
    public var value: Router {
        lock.lock()
        defer { lock.unlock() }
        if let r = router { return r }
        let r = Router(library: library)
        router = r
        return r
    }

    /// Starts training on another thread.
    public func warmUp() {
        Thread.detachNewThread { [self] in _ = self.value }
    }
}
