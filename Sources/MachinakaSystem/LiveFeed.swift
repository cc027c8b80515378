import Foundation
import MachinakaCore

/// The feed as it is right now, kept current by inotify: changes are read on the watcher's
/// thread (never in the frame loop) and published whole, one `Feed` value at a time.
///
/// The folder is followed by its path: when it is removed, the last state keeps playing (with
/// an error saying the folder is gone) and the folder is read again as soon as one is back at
/// the path — its alerts first, published before anything else is read.
public final class LiveFeed: @unchecked Sendable {
    private var store: FeedStore
    private let parser: FeedParser
    private let lock = NSLock()
    private var latest: Feed
    private var version = 0
    private var watcher: FolderWatcher?
    private let onChange: @Sendable () -> Void
    private let onProblem: @Sendable (String) -> Void
    /// The folder is gone from its path: the last state plays on.
    private var folderMissing = false

    /// Reads the folder, then watches it; `onChange` is called (on another thread) after each
    /// new state is published — the player uses it to wake its loop — and `onProblem` with
    /// anything the watcher could not do, in words for the log.
    public init(folder: String, parser: FeedParser = FeedParser(), onProblem: @escaping @Sendable (String) -> Void = { _ in },
                opener: @escaping FolderWatcher.InotifyOpener = FolderWatcher.systemInotify, onChange: @escaping @Sendable () -> Void) throws {
        store = try FeedStore(folder: folder, parser: parser)
        self.parser = parser
        latest = store.feed
        self.onChange = onChange
        self.onProblem = onProblem
        let path = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        watcher = try FolderWatcher(path: path, ignoring: FeedParser.isIgnored, report: onProblem, opener: opener) { [weak self] batch in
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

    /// The watcher's health, for the status: false while inotify could not be started again
    /// (the feed is then read whole every second), and its last failure.
    public var watcherHealthy: Bool { watcher?.isHealthy ?? false }
    public var watcherLastFailure: (at: Date, reason: String)? { watcher?.lastFailure }

    private func publish(_ next: Feed) {
        lock.lock()
        let changed = next != latest
        if changed {
            latest = next
            version += 1
        }
        lock.unlock()
        if changed { onChange() }
    }

    private func apply(_ batch: FolderWatcher.Batch) {
        guard batch.rootChanged else {
            guard !folderMissing else { return }
            publish(batch.overflowed ? store.rescan() : store.update(batch.paths))
            return
        }
        guard let root = batch.root else {
            // Gone: what played keeps playing until a folder is back at the path.
            folderMissing = true
            onProblem("The feed folder \(store.root) is gone; the last feed keeps playing until a folder is there again.")
            var kept = current.feed
            kept.diagnostics.append(Diagnostic(path: ".", message: "the feed folder is gone from its path; the last feed keeps playing until it is back"))
            publish(kept)
            return
        }
        do {
            // Alerts first: an alert in the new folder shows before the rest is read.
            let fresh = try FeedStore(folder: root, parser: parser, scan: false)
            var interim = current.feed
            let alerts = fresh.update(["alerts"])
            interim.alerts = alerts.alerts
            interim.diagnostics = interim.diagnostics.filter { !$0.path.hasPrefix("alerts/") && $0.path != "." } + alerts.diagnostics
            publish(interim)
            store = fresh
            folderMissing = false
            onProblem("The feed folder is back at its path (\(root)); it was read again, alerts first.")
            publish(store.rescan())
        } catch {
            onProblem("The feed folder at \(root) cannot be read (\(error)); the last feed keeps playing.")
        }
    }
}
