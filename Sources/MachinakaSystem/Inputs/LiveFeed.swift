import Foundation
import MachinakaCore

/// The feed as it is right now, kept current by inotify: changes are read off the frame loop
/// and published whole, one `Feed` value at a time.
///
/// Alerts are read on the watcher's thread the moment they change; every other file is handed
/// to a reader thread of its own. A batch of clips to open, a megabyte of Markdown or a whole
/// feed read again never holds an alert back: before, an alert renamed in while eight 4K clips
/// were being opened waited 0.6 s for them (`machinaka bench --alert-only --matching clips`).
///
/// The folder is followed by its path: when it is removed, the last state keeps playing (with
/// an error saying the folder is gone) and the folder is read again as soon as one is back at
/// the path — its alerts first, published before anything else is read.
///
/// A supervised input (`feed_watcher`): when its watcher's thread ends or stops turning, a new
/// watcher takes over and the whole feed is read again, so nothing written meanwhile is missed.
public final class LiveFeed: SupervisedInput, @unchecked Sendable {
    /// `alerts/`, read on the watcher's thread.
    private var alertStore: FeedStore
    /// Everything else, read on `reader`'s thread only.
    private var store: FeedStore
    private let reader: FeedReader
    private let parser: FeedParser
    private let lock = NSLock()
    /// The last state of each store, and the two as one feed.
    private var alertPart: Feed
    private var restPart: Feed
    private var latest: Feed
    private var version = 0
    private var watcher: FolderWatcher?
    /// Which watcher's batches count: a replaced one's late batches are dropped.
    private var watcherGeneration = 0
    /// Serialises the alert store's updates: a replaced watcher may still be finishing one.
    private let applying = NSLock()
    private let path: String
    private let turnAtLeastEvery: Double
    private let onChange: @Sendable () -> Void
    private let onProblem: @Sendable (String) -> Void
    /// The folder is gone from its path: the last state plays on.
    private var folderMissing = false
    /// After `stop()`, nothing more is published: a reader's turn under way ends unheard.
    private var stopped = false

    /// Reads the folder, then watches it; `onChange` is called (on another thread) after each
    /// new state is published — the player uses it to wake its loop — and `onProblem` with
    /// anything the watcher could not do, in words for the log.
    /// The watcher's thread turns at least every `turnAtLeastEvery` seconds (a stuck one is
    /// seen by the supervisor after its `stallLimit`).
    public init(folder: String, parser: FeedParser = FeedParser(), onProblem: @escaping @Sendable (String) -> Void = { _ in },
                turnAtLeastEvery: Double = 10, onChange: @escaping @Sendable () -> Void) throws {
        alertStore = try FeedStore(folder: folder, parser: parser, scope: .alerts)
        store = try FeedStore(folder: folder, parser: parser, scope: .allButAlerts)
        self.parser = parser
        alertPart = alertStore.feed
        restPart = store.feed
        latest = Self.joined(alertPart, restPart, folderMissing: false)
        self.onChange = onChange
        self.onProblem = onProblem
        self.turnAtLeastEvery = turnAtLeastEvery
        path = folder.hasPrefix("/") ? folder : FileManager.default.currentDirectoryPath + "/" + folder
        reader = FeedReader()
        reader.start { [weak self] work in self?.read(work) }
        watcher = try makeWatcher(generation: 0)
    }

    deinit {
        watcher?.stop()
        reader.stop()
    }

    private func makeWatcher(generation: Int, rescan: Bool = false) throws -> FolderWatcher {
        try FolderWatcher(path: path, ignoring: FeedParser.isIgnored, urgent: FeedStore.Scope.alerts.holds, report: onProblem, turnAtLeastEvery: turnAtLeastEvery,
                          startsWithRescan: rescan) { [weak self] batch in
            self?.apply(batch, from: generation)
        }
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
        // Alerts are still read meanwhile: the screen is told, not restarted.
        if let reading = reader.secondsReading, reading > stallLimit {
            return .degraded("reading the feed's files (not its alerts) has taken more than \(Int(stallLimit)) s; alerts are still read")
        }
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

    /// Stops watching and reading.
    public func stop() {
        lock.lock()
        stopped = true
        let watcher = self.watcher
        lock.unlock()
        watcher?.stop()
        reader.stop()
    }

    /// The two stores' states as one feed, the alerts' diagnostics first.
    private static func joined(_ alerts: Feed, _ rest: Feed, folderMissing: Bool) -> Feed {
        var feed = rest
        feed.alerts = alerts.alerts
        feed.diagnostics = alerts.diagnostics + rest.diagnostics
        if folderMissing {
            feed.diagnostics.append(Diagnostic(path: ".", message: "the feed folder is gone from its path; the last feed keeps playing until it is back"))
        }
        return feed
    }

    /// Publishes a new state of one part (or none: the folder's presence changed).
    private func publish(alerts: Feed? = nil, rest: Feed? = nil) {
        lock.lock()
        guard !stopped else {
            lock.unlock()
            return
        }
        if let alerts { alertPart = alerts }
        if let rest { restPart = rest }
        let next = Self.joined(alertPart, restPart, folderMissing: folderMissing)
        let changed = next != latest
        if changed {
            latest = next
            version += 1
        }
        lock.unlock()
        if changed { onChange() }
    }

    private var isFolderMissing: Bool {
        lock.lock()
        defer { lock.unlock() }
        return folderMissing
    }

    /// On the watcher's thread: alerts are read here and now, the rest is handed to the reader.
    private func apply(_ batch: FolderWatcher.Batch, from generation: Int) {
        applying.lock()
        defer { applying.unlock() }
        lock.lock()
        // A replaced watcher's late batches are dropped; a new one's first batch may come
        // before it is installed.
        let isCurrent = generation >= watcherGeneration
        lock.unlock()
        guard isCurrent else { return }
        // A new watcher (put in place of a stuck one) reports no change of folder: the folder
        // it found is the one it watches. Where that is not the folder read last — it came back
        // or was swapped while the old watcher hung — the batch is a change of folder all the
        // same; dropped as a plain one while the feed was marked gone, it took every later
        // alert with it.
        let readRoot = alertStore.root
        let folderChanged = batch.rootChanged || batch.root.map { $0 != readRoot || isFolderMissing } ?? false
        guard folderChanged else {
            guard !isFolderMissing else { return }
            guard !batch.overflowed else {
                publish(alerts: alertStore.rescan())
                reader.hand(.rescan)
                return
            }
            let alerts = batch.paths.filter(FeedStore.Scope.alerts.holds)
            let rest = batch.paths.filter(FeedStore.Scope.allButAlerts.holds)
            if !alerts.isEmpty { publish(alerts: alertStore.update(alerts)) }
            if !rest.isEmpty { reader.hand(.paths(Set(rest))) }
            return
        }
        guard let root = batch.root else {
            // Gone: what played keeps playing until a folder is back at the path.
            lock.lock()
            folderMissing = true
            lock.unlock()
            onProblem("The feed folder \(alertStore.root) is gone; the last feed keeps playing until a folder is there again.")
            publish()
            return
        }
        do {
            // Alerts first: an alert in the new folder shows before the rest is read.
            let fresh = try FeedStore(folder: root, parser: parser, scope: .alerts)
            alertStore = fresh
            lock.lock()
            folderMissing = false
            lock.unlock()
            publish(alerts: fresh.feed)
            onProblem("The feed folder is back at its path (\(root)); it was read again, alerts first.")
            reader.hand(.folder(root))
        } catch {
            onProblem("The feed folder at \(root) cannot be read (\(error)); the last feed keeps playing.")
        }
    }

    /// On the reader's thread: everything but alerts.
    private func read(_ work: FeedReader.Work) {
        switch work {
        case .folder(let root):
            // Gone again before it was read: its return hands it over once more.
            guard !isFolderMissing else { return }
            do {
                store = try FeedStore(folder: root, parser: parser, scope: .allButAlerts)
                publish(rest: store.feed)
            } catch {
                onProblem("The feed folder at \(root) cannot be read (\(error)); the last feed keeps playing.")
            }
        case .rescan:
            guard !isFolderMissing else { return }
            publish(rest: store.rescan())
        case .paths(let paths):
            guard !isFolderMissing else { return }
            publish(rest: store.update(paths))
        }
    }
}
