import Foundation
import MachinakaCore

/// The feed as it is right now, kept current by inotify: changes are read on the watcher's
/// thread (never in the frame loop) and published whole, one `Feed` value at a time.
///
/// The folder is followed by its path: when it is removed, the last state keeps playing (with
/// an error saying the folder is gone) and the folder is read again as soon as one is back at
/// the path — its alerts first, published before anything else is read.
///
/// A supervised input (`feed_watcher`): when its watcher's thread ends or stops turning, a new
/// watcher takes over and the whole feed is read again, so nothing written meanwhile is missed.
public final class LiveFeed: SupervisedInput, @unchecked Sendable {
    private var store: FeedStore
    private let parser: FeedParser
    private let lock = NSLock()
    private var latest: Feed
    private var version = 0
    private var watcher: FolderWatcher?
    /// Which watcher's batches count: a replaced one's late batches are dropped.
    private var watcherGeneration = 0
    /// Serialises the store's updates: a replaced watcher may still be finishing one.
    private let applying = NSLock()
    private let path: String
    private let turnAtLeastEvery: Double
    private let onChange: @Sendable () -> Void
    private let onProblem: @Sendable (String) -> Void
    /// The folder is gone from its path: the last state plays on.
    private var folderMissing = false

    /// Reads the folder, then watches it; `onChange` is called (on another thread) after each
    /// new state is published — the player uses it to wake its loop — and `onProblem` with
    /// anything the watcher could not do, in words for the log.
    /// The watcher's thread turns at least every `turnAtLeastEvery` seconds (a stuck one is
    /// seen by the supervisor after its `stallLimit`).
    public init(folder: String, parser: FeedParser = FeedParser(), onProblem: @escaping @Sendable (String) -> Void = { _ in },
                turnAtLeastEvery: Double = 10, onChange: @escaping @Sendable () -> Void) throws {
        store = try FeedStore(folder: folder, parser: parser)
        self.parser = parser
        latest = store.feed
        self.onChange = onChange
        self.onProblem = onProblem
        self.turnAtLeastEvery = turnAtLeastEvery
        path = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        watcher = try makeWatcher(generation: 0)
    }

    deinit { watcher?.stop() }

    private func makeWatcher(generation: Int, rescan: Bool = false) throws -> FolderWatcher {
        try FolderWatcher(path: path, ignoring: FeedParser.isIgnored, report: onProblem, turnAtLeastEvery: turnAtLeastEvery,
                          startsWithRescan: rescan) { [weak self] batch in
            self?.apply(batch, from: generation)
        }
    }

    /// Whether a path the watcher reports is in `alerts/` (or is that folder).
    static func isAlertPath(_ path: String) -> Bool {
        let relative = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
        return relative == "alerts" || relative.hasPrefix("alerts/")
    }

    // MARK: - Supervised

    public var name: String { "feed_watcher" }

    public func condition(stallLimit: Double) -> InputCondition {
        lock.lock()
        let watcher = self.watcher
        lock.unlock()
        guard let watcher else { return .stopped("no watcher") }
        if watcher.hasEnded { return .stopped("the watcher's thread ended") }
        // Worded without the seconds counted: the same trouble says the same thing each turn,
        // so it is logged once and the status does not change every second.
        if watcher.secondsSinceTurn > stallLimit { return .stopped("the watcher has not turned for more than \(Int(stallLimit)) s") }
        if let problem = watcher.problem { return .degraded(problem + "; the feed is read every second until inotify starts again") }
        return .running
    }

    /// A new watcher in place of the stuck or ended one; its thread reads the whole feed
    /// first. The old one is let go only once the new one runs (a restart that fails leaves
    /// the old one watching), and nothing here waits for the feed's lock, which a stuck old
    /// thread may hold.
    public func restart() throws {
        lock.lock()
        let generation = watcherGeneration + 1
        lock.unlock()
        let fresh = try makeWatcher(generation: generation, rescan: true)
        lock.lock()
        watcherGeneration = generation
        let old = watcher
        watcher = fresh
        lock.unlock()
        old?.abandon()
    }

    /// The current feed and its version (which grows by one with each change).
    public var current: (feed: Feed, version: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (latest, version)
    }

    /// Stops watching.
    public func stop() {
        lock.lock()
        let watcher = self.watcher
        lock.unlock()
        watcher?.stop()
    }

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

    private func apply(_ batch: FolderWatcher.Batch, from generation: Int) {
        applying.lock()
        defer { applying.unlock() }
        lock.lock()
        // A replaced watcher's late batches are dropped; a new one's first batch may come
        // before it is installed.
        let isCurrent = generation >= watcherGeneration
        lock.unlock()
        guard isCurrent else { return }
        guard batch.rootChanged else {
            guard !folderMissing else { return }
            guard !batch.overflowed else {
                publish(store.rescan())
                return
            }
            // An alert never waits behind the other files of its batch (a clip is opened and
            // its first picture decoded when it is read): alerts are read and published first.
            let paths = Array(batch.paths)
            let alerts = paths.filter(Self.isAlertPath)
            if !alerts.isEmpty, alerts.count < paths.count {
                publish(store.update(alerts))
                publish(store.update(paths.filter { !Self.isAlertPath($0) }))
            } else {
                publish(store.update(paths))
            }
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
