import Foundation
import MachinakaPOSIX
#if canImport(Glibc)
import Glibc
#endif

/// Watches a folder tree with inotify — never by polling — and reports, in batches, the
/// folder-relative paths that were completed (closed after writing), renamed in or out, or
/// deleted. Folders created later are watched as soon as they appear.
///
/// A file still being written is not reported until it is closed, and names that writers use
/// for work in progress (`.x`, `x.tmp`, `x.part`, `x~`) are never reported, so a reader never
/// sees half a file.
///
/// The folder is followed by its path, not by what it was when watching began: when it is
/// deleted, moved away or replaced (`mv feed feed.old && mv feed.new feed`, or a link switched
/// to another version), the watcher says so and watches whatever folder the path names next,
/// as soon as there is one. It never stops on its own: an error on the inotify descriptor is
/// reported and the watch rebuilt, with a full rescan asked for.
public final class FolderWatcher: @unchecked Sendable {
    /// Why watching could not start.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// One batch of changes.
    public struct Batch: Sendable {
        /// Folder-relative paths of files or folders that changed.
        public var paths: Set<String>
        /// Events were lost (queue overflow, a rebuilt watch): read the whole tree again.
        public var overflowed: Bool
        /// The path now names another folder, or none: the real path now watched (nil while
        /// there is no folder at the path). Everything must be read again from it.
        public var rootChanged: Bool = false
        /// The real path of the folder watched after this batch (nil: none at the moment).
        public var root: String?
    }

    /// The path as given: followed through replacements.
    public let path: String
    /// The real path of the folder watched now (nil while there is none).
    public private(set) var root: String?
    /// Which folder that is: the same path may name a new folder after a swap.
    private var rootIdentity: FileSystem.Identity?
    private let isIgnored: @Sendable (String) -> Bool
    /// Paths that end a batch's gathering as soon as one is in it (the feed's alerts).
    private let isUrgent: @Sendable (String) -> Bool
    /// An urgent path is in the batch being gathered (the watcher's thread only).
    private var urgentSeen = false
    /// Urgent files made but not yet closed, and when (the watcher's thread only).
    private var awaitingClose: [String: Double] = [:]
    private let handler: @Sendable (Batch) -> Void
    private let report: @Sendable (String) -> Void
    private var inotify: Inotify?
    private let wake: WakePipe
    /// Watch descriptor → folder, relative to the root ("" for the root).
    private var folders: [Int32: String] = [:]
    /// The watch on the folder holding the path, to see the name come, go or change.
    private var parentWatch: Int32 = -1
    /// Folders that could not be watched: while any, the tree is read again every half minute.
    private var unwatched = 0
    private var thread: Thread?
    private let stopped = NSLock()
    private var isStopped = false
    /// The longest the thread waits before it turns again, so that a thread that stops
    /// turning can be told from one that has nothing to do (`secondsSinceTurn`).
    private let turnAtLeastEvery: Double
    /// The thread's first batch is a full rescan (a replacement watcher).
    private let startsWithRescan: Bool
    /// When the thread last turned (monotonic seconds), under `stopped`.
    private var lastTurn = MonotonicClock.now()

    /// The events that matter: content complete, names in and out, folders appearing.
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE
        | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)
    /// In the parent: the feed's own name created, moved or deleted.
    private static let parentMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// Starts watching the folder at `path` and every folder below it; `handler` runs on the
    /// watcher's thread, and so does `report`, which gets problems in words for the log. The
    /// thread turns at least every `turnAtLeastEvery` seconds, idle or not. A watcher that
    /// `startsWithRescan` (one put in place of a stuck one) first reports the whole feed
    /// changed, and may start while no folder is at the path. A batch holding a path that
    /// `isUrgent` is handed over as soon as it is read, without waiting for more.
    public init(path: String, ignoring isIgnored: @escaping @Sendable (String) -> Bool, urgent isUrgent: @escaping @Sendable (String) -> Bool = { _ in false },
                report: @escaping @Sendable (String) -> Void = { _ in }, turnAtLeastEvery: Double = 10, startsWithRescan: Bool = false,
                handler: @escaping @Sendable (Batch) -> Void) throws {
        self.startsWithRescan = startsWithRescan
        self.path = path
        self.isIgnored = isIgnored
        self.isUrgent = isUrgent
        self.handler = handler
        self.report = report
        self.turnAtLeastEvery = turnAtLeastEvery
        do {
            wake = try WakePipe()
        } catch {
            throw Failure(message: "the folder \(path) cannot be watched: \(error)")
        }
        do {
            try openInotify()
            attach()
        } catch {
            // No inotify now (too many instances, a kernel without it for the moment): the
            // watcher starts all the same, reads the feed whole every second and starts
            // inotify as soon as it can — a feed whose alerts stop arriving is worse than a
            // watcher that polls for a while.
            report("inotify cannot be started (\(error)); the feed is read every \(Int(Self.retryInotify)) s until it can.")
            problem = "inotify cannot be started: \(error)"
            if let real = SafeFile.realPath(path), FileTree.isDirectory(real) { root = real }
        }
        // A first watcher needs its folder; one put in place of a stuck one starts without (the
        // folder may be mid-swap) and watches for it, as a running watcher does.
        guard root != nil || startsWithRescan else {
            throw Failure(message: "the folder \(path) cannot be watched: it is not a folder that can be read")
        }
        // Weak: a thread's block outlives the thread in Foundation, and a strong capture would
        // keep every replaced watcher — its inotify instance, watches and pipe — for good.
        let thread = Thread { [weak self] in self?.run() }
        thread.name = "machinaka.watch"
        self.thread = thread
        thread.start()
    }

    deinit {
        abandon()
    }

    /// Stops the thread and waits for it (at most 5 s: a thread stuck in a call is left to end
    /// when the call returns): no handler call begins after this returns.
    public func stop() {
        abandon()
        let deadline = MonotonicClock.now() + 5
        while let thread, !thread.isFinished, Thread.current != thread, MonotonicClock.now() < deadline { usleep(1000) }
    }

    /// Tells the thread to end, without waiting for it: a thread stuck in a call (a hung disk)
    /// is left to end when the call returns, and calls no handler after that.
    public func abandon() {
        stopped.lock()
        let already = isStopped
        isStopped = true
        stopped.unlock()
        if !already { wake.wake() }
    }

    /// Whether the thread has ended (after a stop, or on its own).
    public var hasEnded: Bool { thread?.isFinished ?? true }

    /// Seconds since the thread last turned: more than `turnAtLeastEvery` (plus a handler's
    /// work) means it is stuck.
    public var secondsSinceTurn: Double {
        stopped.lock()
        defer { stopped.unlock() }
        return MonotonicClock.now() - lastTurn
    }

    private func turned() {
        stopped.lock()
        lastTurn = MonotonicClock.now()
        stopped.unlock()
    }

    private func openInotify() throws {
        inotify = try Inotify(label: path)
    }

    /// Watches the folder the path names now, and the folder that holds the path.
    private func attach() {
        folders.removeAll()
        unwatched = 0
        let parent = (path as NSString).deletingLastPathComponent
        parentWatch = (try? inotify?.addWatch(parent.isEmpty ? "/" : parent, mask: Self.parentMask)) ?? -1
        guard let real = SafeFile.realPath(path), FileTree.isDirectory(real) else {
            root = nil
            rootIdentity = nil
            return
        }
        root = real
        rootIdentity = Self.folderIdentity(real)
        _ = addWatches(below: "")
        if !folders.values.contains("") { root = nil }
    }

    /// Drops every watch (the tree is gone or replaced).
    private func detach() {
        for descriptor in folders.keys { inotify?.removeWatch(descriptor) }
        if parentWatch >= 0 { inotify?.removeWatch(parentWatch) }
        folders.removeAll()
        parentWatch = -1
        root = nil
        rootIdentity = nil
    }

    /// Adds watches to `relative` and every folder below it; returns the folders added. Each
    /// folder is watched before it is listed, so a subfolder made meanwhile is either listed
    /// or reported by the new watch — never missed.
    private func addWatches(below relative: String) -> [String] {
        guard let root, let inotify else { return [] }
        var added: [String] = []
        var pending = [relative]
        while let folder = pending.popLast() {
            let full = folder.isEmpty ? root : root + "/" + folder
            let wd: Int32
            do {
                wd = try inotify.addWatch(full, mask: Self.mask)
            } catch {
                let code = (error as? SystemError)?.code ?? 0
                unwatched += 1
                if code == ENOSPC {
                    let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                    report("The folder \(full) cannot be watched: the inotify watch limit is reached (fs.inotify.max_user_watches = \(limit)); raise it with sysctl. Until then the feed is read again every \(Int(Self.rescanWhileUnwatched)) s.")
                } else if code != ENOENT {
                    report("The folder \(full) cannot be watched (\(error)); the feed is read again every \(Int(Self.rescanWhileUnwatched)) s until it can.")
                }
                continue
            }
            folders[wd] = folder
            added.append(folder)
            let children = FileTree.walk(root: root, under: folder, includeFolders: true, maxDepth: 1, ignoring: isIgnored).found
            pending += children.filter(\.isDirectory).map(\.relative)
        }
        return added
    }

    /// How often the tree is read again while some folder could not be watched, or while no
    /// folder is at the path (in case its parent went too).
    static let rescanWhileUnwatched: TimeInterval = 30
    /// How long a file made is awaited to be closed before it is read all the same.
    static let unclosedAfter: TimeInterval = 1
    static let lookWhileMissing: TimeInterval = 2
    /// The longest a burst of events is gathered into one batch.
    static let longestGathering: Double = 0.1
    /// Names the gathering's short waits apart from the watcher's long one, so that a test can
    /// make only those hang (standing in for a sync that never pauses).
    public static let gatheringLabel = " (gathering a batch)"
    /// How often inotify is started again after it could not be.
    static let retryInotify: TimeInterval = 1

    /// What is wrong with the watcher now, in words (nil: it runs on inotify): while inotify
    /// cannot be started again, the feed is read whole every second.
    public var problem: String? {
        get {
            stopped.lock()
            defer { stopped.unlock() }
            return _problem
        }
        set {
            stopped.lock()
            _problem = newValue
            stopped.unlock()
        }
    }
    private var _problem: String?

    private var shouldStop: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return isStopped
    }

    private func run() {
        // An ended watcher gives its inotify instance and watches back at once.
        defer {
            inotify = nil
            folders.removeAll()
        }
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lastFullRead = MonotonicClock.now()
        // The thread has just begun: the time its watcher took to open inotify (seconds, on
        // a stuck system) is not time it failed to turn.
        turned()
        if startsWithRescan, !shouldStop {
            // A watcher put in place of a stuck one: what changed meanwhile is read first — or,
            // with no folder at the path now, the folder is gone (the last feed plays on).
            handler(Batch(paths: [], overflowed: true, rootChanged: root == nil, root: root))
        }
        while !shouldStop {
            turned()
            // Without inotify (it could not be started again) the watcher never waits long:
            // it tries again every second, and reads the whole feed each time meanwhile, so an
            // alert written in the gap still reaches the screen.
            var wait = inotify == nil ? Self.retryInotify : root == nil ? Self.lookWhileMissing : (unwatched > 0 ? Self.rescanWhileUnwatched : .infinity)
            if let oldest = awaitingClose.values.min() { wait = min(wait, max(0.01, oldest + Self.unclosedAfter - MonotonicClock.now())) }
            let readiness: [Poll.Readiness]?
            do {
                readiness = try Poll.wait([inotify?.descriptor ?? -1, wake.readDescriptor], timeout: min(wait, turnAtLeastEvery), label: path)
            } catch {
                rebuild(because: "waiting for inotify failed (\(error))")
                continue
            }
            if shouldStop { return }
            if readiness?[1].readable == true { wake.drain() }
            var batch = Batch(paths: [], overflowed: false, root: root)
            guard let inotify else {
                if readiness == nil { rebuild(because: "inotify was not running") }
                if self.inotify == nil, !shouldStop {
                    // Still none: the feed as it is now, read whole.
                    handler(Batch(paths: [], overflowed: true, root: root))
                }
                continue
            }
            if let readiness, readiness[0].failed {
                rebuild(because: "the inotify descriptor reported an error")
                continue
            } else if let readiness, readiness[0].readable {
                // Drain what is there, then give a burst (a copy of many files) 2 ms to go on:
                // long enough to gather a sync tool's writes — but never more than 100 ms in
                // all, so that a sync that never pauses does not look like a stuck watcher, and
                // not at all once an urgent path is in: an alert written in the midst of a sync
                // is handed over at once (it waited out the 100 ms before, 104 ms p50 in
                // `bench --alert-only --matching sync`).
                var failed: (any Error)?
                let gatherUntil = MonotonicClock.now() + Self.longestGathering
                urgentSeen = false
                repeat {
                    do {
                        try drain(inotify, into: &batch, buffer: &buffer)
                    } catch {
                        failed = error
                        break
                    }
                } while !shouldStop && !urgentSeen && MonotonicClock.now() < gatherUntil
                    && (try? Poll.wait([inotify.descriptor], timeout: 0.002, label: path + Self.gatheringLabel)) != nil
                if let failed {
                    rebuild(because: "reading inotify events failed (\(failed))")
                    batch.overflowed = true
                }
            } else if readiness == nil {
                // A timeout: no folder yet, folders unwatched, or only the thread's own turn.
                if root == nil {
                    attach()
                    if root != nil {
                        batch.rootChanged = true
                        batch.root = root
                    }
                } else if unwatched > 0, MonotonicClock.now() - lastFullRead >= Self.rescanWhileUnwatched {
                    batch.overflowed = true
                }
            }
            if !batch.rootChanged, root != nil, Self.folderIdentity(path.hasPrefix("/") ? (SafeFile.realPath(path) ?? path) : path) != rootIdentity {
                // The folder went (or was replaced) while these changes came in — `rm -r` deletes
                // its files first: the folder as a whole is what changed, not its files.
                reattach(into: &batch)
                batch.paths.removeAll()
            }
            // Made and never closed here: read now (a file still being written is read again
            // when it is closed).
            let now = MonotonicClock.now()
            for (relative, made) in awaitingClose where now - made >= Self.unclosedAfter {
                batch.paths.insert(relative)
                awaitingClose[relative] = nil
                if isUrgent(relative) { urgentSeen = true }
            }
            if batch.rootChanged || batch.overflowed { lastFullRead = MonotonicClock.now() }
            if shouldStop { return }
            if !batch.paths.isEmpty || batch.overflowed || batch.rootChanged {
                batch.root = root
                handler(batch)
            }
        }
    }

    /// Starts inotify over after an error: a new descriptor, every watch again, and a full
    /// rescan, so nothing that happened meanwhile is missed.
    private func rebuild(because reason: String) {
        if inotify != nil { report("The feed watcher restarts: \(reason); the whole feed is read again.") }
        inotify = nil
        folders.removeAll()
        do {
            try openInotify()
        } catch {
            // The run loop tries again every second and reads the feed whole meanwhile.
            if problem == nil { report("inotify cannot be started again (\(error)); the feed is read every \(Int(Self.retryInotify)) s until it can.") }
            problem = "inotify cannot be started: \(error)"
            return
        }
        if problem != nil { report("The feed watcher runs again on inotify.") }
        problem = nil
        attach()
        if !shouldStop {
            handler(Batch(paths: [], overflowed: true, rootChanged: true, root: root))
        }
    }

    /// Reads every pending event.
    private func drain(_ inotify: Inotify, into batch: inout Batch, buffer: inout [UInt8]) throws {
        while true {
            let count = try inotify.read(into: &buffer)
            guard count > 0 else { return }
            var offset = 0
            while offset + MemoryLayout<inotify_event>.size <= count {
                let (wd, mask, length) = buffer.withUnsafeBytes { raw -> (Int32, UInt32, Int) in
                    let event = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    return (event.wd, event.mask, Int(event.len))
                }
                let nameStart = offset + MemoryLayout<inotify_event>.size
                let name = length > 0
                    ? String(decoding: buffer[nameStart..<(nameStart + length)].prefix { $0 != 0 }, as: UTF8.self) : ""
                offset = nameStart + length
                handle(wd: wd, mask: mask, name: name, into: &batch)
            }
        }
    }

    private func handle(wd: Int32, mask: UInt32, name: String, into batch: inout Batch) {
        if mask & UInt32(IN_Q_OVERFLOW) != 0 {
            batch.overflowed = true
            // The lost events may have made folders (alerts/ itself): each is watched now,
            // before the tree is read again, or what is written there later goes unseen.
            let before = rootIdentity
            detach()
            attach()
            if rootIdentity != before { batch.rootChanged = true }
            return
        }
        if wd == parentWatch {
            // The feed's own name came, went or changed, or the parent itself went: find the
            // folder the path names now.
            let ownName = (path as NSString).lastPathComponent
            if name == ownName || mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF | IN_IGNORED) != 0 {
                reattach(into: &batch)
            }
            return
        }
        guard let folder = folders[wd] else { return }
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[wd] = nil
            if folder.isEmpty { reattach(into: &batch) }
            return
        }
        if folder.isEmpty, mask & UInt32(IN_DELETE_SELF | IN_MOVE_SELF) != 0 {
            reattach(into: &batch)
            return
        }
        guard !name.isEmpty, !isIgnored(name) else { return }
        let relative = folder.isEmpty ? name : folder + "/" + name
        let isDirectory = mask & UInt32(IN_ISDIR) != 0
        if mask & UInt32(IN_CREATE) != 0, !isDirectory {
            // A new file is reported when it is closed; now only a link (never written) or a
            // hard link to a file written elsewhere (`ln spool/x.xml alerts/`), which no close
            // will report. An alert made whole by `linkat` (O_TMPFILE) is closed under no name
            // here either: one not closed within `unclosedAfter` is reported then. (Not other
            // files: a clip copied for minutes would be read half-way and said to be broken.)
            let full = (root ?? path) + "/" + relative
            guard FileTree.isLink(full) || (FileTree.linkCount(full) ?? 0) > 1 else {
                if isUrgent(relative) { awaitingClose[relative] = MonotonicClock.now() }
                return
            }
        }
        awaitingClose[relative] = nil
        if isDirectory, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            _ = addWatches(below: relative)
        }
        if isDirectory, mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
            // Watches below a folder moved away would report under the old name: drop them.
            let prefix = relative + "/"
            for (descriptor, watched) in folders where watched == relative || watched.hasPrefix(prefix) {
                inotify?.removeWatch(descriptor)
                folders[descriptor] = nil
            }
        }
        batch.paths.insert(relative)
        if isUrgent(relative) { urgentSeen = true }
    }

    /// Watches the folder the path names now, if it is not the one watched.
    private func reattach(into batch: inout Batch) {
        let now = SafeFile.realPath(path).flatMap(Self.folderIdentity)
        if let now, now == rootIdentity, folders.values.contains("") { return }
        detach()
        attach()
        batch.rootChanged = true
        batch.root = root
    }

    /// The folder at `path` as the file system knows it (nil: none, or not a folder).
    private static func folderIdentity(_ path: String) -> FileSystem.Identity? {
        FileSystem.identity(of: path).flatMap { $0.isDirectory ? $0 : nil }
    }
}
