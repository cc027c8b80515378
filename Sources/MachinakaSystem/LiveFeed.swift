import Foundation
import MachinakaCore

/// The feed as it is right now, kept current by inotify: changes are read on the watcher's
/// thread (never in the frame loop) and published whole, one `Feed` value at a time.
public final class LiveFeed: @unchecked Sendable {
    private let store: FeedStore
    private let lock = NSLock()
    private var latest: Feed
    private var version = 0
    private var watcher: FolderWatcher?
    private let onChange: @Sendable () -> Void

    /// Reads the folder, then watches it; `onChange` is called (on another thread) after each
    /// new state is published — the player uses it to wake its loop.
    public init(folder: String, parser: FeedParser = FeedParser(), onChange: @escaping @Sendable () -> Void) throws {
        store = try FeedStore(folder: folder, parser: parser)
        latest = store.feed
        self.onChange = onChange
        watcher = try FolderWatcher(root: store.root, ignoring: FeedParser.isIgnored) { [weak self] batch in
            self?.apply(batch)
        }
    }

    deinit { watcher?.stop() }

    /// The current feed and its version (which grows by one with each change).
    public var current: (feed: Feed, version: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (latest, version)
    }

    /// Stops watching.
    public func stop() { watcher?.stop() }

    private func apply(_ batch: FolderWatcher.Batch) {
        let next = batch.overflowed ? store.rescan() : store.update(batch.paths)
        lock.lock()
        let changed = next != latest
        if changed {
            latest = next
            version += 1
        }
        lock.unlock()
        if changed { onChange() }
    }
}
