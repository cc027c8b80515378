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
    private var rootIdentity: FolderIdentity?
    private let isIgnored: @Sendable (String) -> Bool
    private let handler: @Sendable (Batch) -> Void
    private let report: @Sendable (String) -> Void
    private var inotify: Int32 = -1
    private var wakePipe: [Int32] = [-1, -1]
    /// Watch descriptor → folder, relative to the root ("" for the root).
    private var folders: [Int32: String] = [:]
    /// The watch on the folder holding the path, to see the name come, go or change.
    private var parentWatch: Int32 = -1
    /// Folders that could not be watched: while any, the tree is read again every half minute.
    private var unwatched = 0
    private var thread: Thread?
    private let stopped = NSLock()
    private var isStopped = false

    /// The events that matter: content complete, names in and out, folders appearing.
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE
        | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)
    /// In the parent: the feed's own name created, moved or deleted.
    private static let parentMask = UInt32(IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR)

    /// How an inotify instance is made: `inotify_init1` through the checked system call. Tests
    /// give one that fails a few times, to see the watcher recover.
    public typealias InotifyOpener = @Sendable () throws -> Int32
    public static let systemInotify: InotifyOpener = {
        try systemCall("inotify_init1") { inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK)) }
    }
    private let opener: InotifyOpener

    /// Starts watching the folder at `path` and every folder below it; `handler` runs on the
    /// watcher's thread, and so does `report`, which gets problems in words for the log.
    public init(path: String, ignoring isIgnored: @escaping @Sendable (String) -> Bool,
                report: @escaping @Sendable (String) -> Void = { _ in }, opener: @escaping InotifyOpener = FolderWatcher.systemInotify,
                handler: @escaping @Sendable (Batch) -> Void) throws {
        self.opener = opener
        self.path = path
        self.isIgnored = isIgnored
        self.handler = handler
        self.report = report
        guard pipe(&wakePipe) == 0 else {
            throw Failure(message: "inotify cannot be started: \(String(cString: strerror(errno)))")
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
            failure = (Date(), "inotify cannot be started: \(error)")
            healthy = false
            if let real = SafeFile.realPath(path), FileTree.isDirectory(real) { root = real }
        }
        guard root != nil else {
            if inotify >= 0 { close(inotify) }
            close(wakePipe[0])
            close(wakePipe[1])
            throw Failure(message: "the folder \(path) cannot be watched: \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "machinaka.watch"
        self.thread = thread
        thread.start()
    }

    deinit {
        stop()
        if inotify >= 0 { close(inotify) }
        close(wakePipe[0])
        close(wakePipe[1])
    }

    /// Stops the thread; no handler call begins after this returns.
    public func stop() {
        stopped.lock()
        let already = isStopped
        isStopped = true
        stopped.unlock()
        guard !already else { return }
        var byte: UInt8 = 1
        _ = write(wakePipe[1], &byte, 1)
        while let thread, !thread.isFinished { usleep(1000) }
    }

    /// The number of folders being watched.
    public var watchedFolderCount: Int { folders.count }

    private func openInotify() throws {
        inotify = try opener()
    }

    /// Watches the folder the path names now, and the folder that holds the path.
    private func attach() {
        folders.removeAll()
        unwatched = 0
        let parent = (path as NSString).deletingLastPathComponent
        parentWatch = inotify_add_watch(inotify, parent.isEmpty ? "/" : parent, Self.parentMask)
        guard let real = SafeFile.realPath(path), FileTree.isDirectory(real) else {
            root = nil
            rootIdentity = nil
            return
        }
        root = real
        rootIdentity = FolderIdentity(real)
        _ = addWatches(below: "")
        if !folders.values.contains("") { root = nil }
    }

    /// Drops every watch (the tree is gone or replaced).
    private func detach() {
        for descriptor in folders.keys { inotify_rm_watch(inotify, descriptor) }
        if parentWatch >= 0 { inotify_rm_watch(inotify, parentWatch) }
        folders.removeAll()
        parentWatch = -1
        root = nil
        rootIdentity = nil
    }

    /// Adds watches to `relative` and every folder below it; returns the folders added. Each
    /// folder is watched before it is listed, so a subfolder made meanwhile is either listed
    /// or reported by the new watch — never missed.
    private func addWatches(below relative: String) -> [String] {
        guard let root else { return [] }
        var added: [String] = []
        var pending = [relative]
        while let folder = pending.popLast() {
            let full = folder.isEmpty ? root : root + "/" + folder
            let wd = inotify_add_watch(inotify, full, Self.mask)
            guard wd >= 0 else {
                let code = errno
                unwatched += 1
                if code == ENOSPC {
                    let limit = (try? String(contentsOfFile: "/proc/sys/fs/inotify/max_user_watches", encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
                    report("The folder \(full) cannot be watched: the inotify watch limit is reached (fs.inotify.max_user_watches = \(limit)); raise it with sysctl. Until then the feed is read again every \(Int(Self.rescanWhileUnwatched)) s.")
                } else if code != ENOENT {
                    report("The folder \(full) cannot be watched (\(String(cString: strerror(code)))); the feed is read again every \(Int(Self.rescanWhileUnwatched)) s until it can.")
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
    static let lookWhileMissing: TimeInterval = 2
    /// How often inotify is started again after it could not be.
    static let retryInotify: TimeInterval = 1

    /// Whether inotify is running now (false between a failure and the restart that works):
    /// what the player's status reports for the feed watcher.
    public var isHealthy: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return healthy
    }
    private var healthy = true
    /// When the watcher last failed, and why (nil: never).
    public var lastFailure: (at: Date, reason: String)? {
        stopped.lock()
        defer { stopped.unlock() }
        return failure
    }
    private var failure: (at: Date, reason: String)?

    private func setHealth(_ ok: Bool, reason: String? = nil) {
        stopped.lock()
        healthy = ok
        if let reason { failure = (Date(), reason) }
        stopped.unlock()
    }

    private var shouldStop: Bool {
        stopped.lock()
        defer { stopped.unlock() }
        return isStopped
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var lastFullRead = Date()
        while !shouldStop {
            var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
            // Without inotify (it could not be started again) the watcher never waits long:
            // it tries again every second, and reads the whole feed each time meanwhile, so an
            // alert written in the gap still reaches the screen.
            let timeout: Int32 = inotify < 0 ? Int32(Self.retryInotify * 1000)
                : root == nil ? Int32(Self.lookWhileMissing * 1000) : (unwatched > 0 ? Int32(Self.rescanWhileUnwatched * 1000) : -1)
            let ready = poll(&fds, 2, timeout)
            if ready < 0 {
                if errno == EINTR { continue }
                rebuild(because: "waiting for inotify failed (\(String(cString: strerror(errno))))")
                continue
            }
            if fds[1].revents != 0 { return }
            var batch = Batch(paths: [], overflowed: false, root: root)
            if inotify < 0 {
                if ready == 0 { rebuild(because: "inotify was not running") }
                if inotify < 0, !shouldStop {
                    // Still none: the feed as it is now, read whole.
                    handler(Batch(paths: [], overflowed: true, root: root))
                }
                continue
            }
            if ready == 0 {
                // A timeout: no folder yet, or folders unwatched.
                if root == nil {
                    attach()
                    if root != nil {
                        batch.rootChanged = true
                        batch.root = root
                    }
                } else if Date().timeIntervalSince(lastFullRead) >= Self.rescanWhileUnwatched {
                    batch.overflowed = true
                    lastFullRead = Date()
                }
            } else if fds[0].revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0 {
                rebuild(because: "the inotify descriptor reported an error")
                continue
            } else {
                // Drain what is there, then give a burst (a copy of many files) 2 ms to go on:
                // short enough for alerts, long enough to gather a sync tool's writes.
                repeat {
                    if !drain(into: &batch, buffer: &buffer) {
                        rebuild(because: "reading inotify events failed (\(String(cString: strerror(errno))))")
                        batch.overflowed = true
                        break
                    }
                } while waitReadable(milliseconds: 2)
            }
            if !batch.rootChanged, root != nil, FolderIdentity(path.hasPrefix("/") ? (SafeFile.realPath(path) ?? path) : path) != rootIdentity {
                // The folder went (or was replaced) while these changes came in — `rm -r` deletes
                // its files first: the folder as a whole is what changed, not its files.
                reattach(into: &batch)
                batch.paths.removeAll()
            }
            if batch.rootChanged || batch.overflowed { lastFullRead = Date() }
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
        if inotify >= 0 { report("The feed watcher restarts: \(reason); the whole feed is read again.") }
        if inotify >= 0 { close(inotify) }
        inotify = -1
        folders.removeAll()
        do {
            try openInotify()
        } catch {
            // The run loop tries again every second and reads the feed whole meanwhile.
            if isHealthy { report("inotify cannot be started again (\(error)); the feed is read every \(Int(Self.retryInotify)) s until it can.") }
            setHealth(false, reason: "inotify cannot be started: \(error)")
            return
        }
        if !isHealthy { report("The feed watcher runs again on inotify.") }
        setHealth(true)
        attach()
        if !shouldStop {
            handler(Batch(paths: [], overflowed: true, rootChanged: true, root: root))
        }
    }

    private func waitReadable(milliseconds: Int32) -> Bool {
        var fd = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, milliseconds) > 0
    }

    /// Reads every pending event; false when reading failed for another reason than "no more".
    private func drain(into batch: inout Batch, buffer: inout [UInt8]) -> Bool {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
            if count < 0 { return errno == EAGAIN || errno == EINTR }
            guard count > 0 else { return true }
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
            // A new file is reported when it is closed; only a link (which is never written) now.
            guard FileTree.isLink((root ?? path) + "/" + relative) else { return }
        }
        if isDirectory, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            _ = addWatches(below: relative)
        }
        if isDirectory, mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
            // Watches below a folder moved away would report under the old name: drop them.
            let prefix = relative + "/"
            for (descriptor, watched) in folders where watched == relative || watched.hasPrefix(prefix) {
                inotify_rm_watch(inotify, descriptor)
                folders[descriptor] = nil
            }
        }
        batch.paths.insert(relative)
    }

    /// Watches the folder the path names now, if it is not the one watched.
    private func reattach(into batch: inout Batch) {
        let now = SafeFile.realPath(path).flatMap(FolderIdentity.init)
        if let now, now == rootIdentity, folders.values.contains("") { return }
        detach()
        attach()
        batch.rootChanged = true
        batch.root = root
    }
}

/// A folder as the file system knows it (device and inode), not by its name.
private struct FolderIdentity: Equatable {
    var device: UInt64
    var inode: UInt64

    init?(_ path: String) {
        var info = stat()
        guard stat(path, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
    }
}
