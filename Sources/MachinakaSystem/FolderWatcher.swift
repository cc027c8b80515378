import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Watches a folder tree with inotify — never by polling — and reports, in batches, the
/// feed-relative paths that were completed (closed after writing), renamed in or out, or
/// deleted. Folders created later are watched as soon as they appear.
///
/// A file still being written is not reported until it is closed, and names that writers use
/// for work in progress (`.x`, `x.tmp`, `x.part`, `x~`) are never reported, so a reader never
/// sees half a file.
public final class FolderWatcher: @unchecked Sendable {
    /// Why watching could not start.
    public struct Failure: Error, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    /// One batch of changes.
    public struct Batch: Sendable {
        /// Feed-relative paths of files or folders that changed.
        public var paths: Set<String>
        /// The kernel dropped events (queue overflow): read the whole tree again.
        public var overflowed: Bool
    }

    public let root: String
    private let isIgnored: @Sendable (String) -> Bool
    private let handler: @Sendable (Batch) -> Void
    private let inotify: Int32
    private var wakePipe: [Int32] = [-1, -1]
    /// Watch descriptor → folder, relative to the root ("" for the root).
    private var folders: [Int32: String] = [:]
    private var thread: Thread?
    private let stopped = NSLock()
    private var isStopped = false

    /// The events that matter: content complete, names in and out, folders appearing.
    private static let mask = UInt32(IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_CREATE
        | IN_ATTRIB | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW)

    /// Starts watching `root` and every folder below it; `handler` runs on the watcher's thread.
    public init(root: String, ignoring isIgnored: @escaping @Sendable (String) -> Bool, handler: @escaping @Sendable (Batch) -> Void) throws {
        self.root = root
        self.isIgnored = isIgnored
        self.handler = handler
        inotify = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotify >= 0 else { throw Failure(message: "inotify cannot be started: \(String(cString: strerror(errno)))") }
        guard pipe(&wakePipe) == 0 else {
            close(inotify)
            throw Failure(message: "inotify cannot be started: \(String(cString: strerror(errno)))")
        }
        _ = addWatches(below: "")
        guard folders.values.contains("") else {
            close(inotify)
            throw Failure(message: "the folder \(root) cannot be watched: \(String(cString: strerror(errno)))")
        }
        let thread = Thread { [unowned self] in self.run() }
        thread.name = "machinaka.watch"
        self.thread = thread
        thread.start()
    }

    deinit {
        stop()
        close(inotify)
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

    /// Adds watches to `relative` and every folder below it; returns the folders added.
    private func addWatches(below relative: String) -> [String] {
        var added: [String] = []
        var pending = [relative]
        while let folder = pending.popLast() {
            let path = folder.isEmpty ? root : root + "/" + folder
            let wd = inotify_add_watch(inotify, path, Self.mask)
            guard wd >= 0 else { continue }
            folders[wd] = folder
            added.append(folder)
            guard let names = try? FileManager.default.contentsOfDirectory(atPath: path) else { continue }
            for name in names where !isIgnored(name) {
                var info = stat()
                let child = folder.isEmpty ? name : folder + "/" + name
                if lstat(root + "/" + child, &info) == 0, (info.st_mode & S_IFMT) == S_IFDIR {
                    pending.append(child)
                }
            }
        }
        return added
    }

    private func run() {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        var fds = [pollfd(fd: inotify, events: Int16(POLLIN), revents: 0), pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            guard poll(&fds, 2, -1) >= 0 || errno == EINTR else { return }
            if fds[1].revents != 0 { return }
            var batch = Batch(paths: [], overflowed: false)
            // Drain what is there, then give a burst (a copy of many files) 2 ms to go on:
            // short enough for alerts, long enough to gather a sync tool's writes.
            repeat {
                drain(into: &batch, buffer: &buffer)
            } while waitReadable(milliseconds: 2)
            stopped.lock()
            let stop = isStopped
            stopped.unlock()
            if stop { return }
            if !batch.paths.isEmpty || batch.overflowed {
                handler(batch)
            }
        }
    }

    private func waitReadable(milliseconds: Int32) -> Bool {
        var fd = pollfd(fd: inotify, events: Int16(POLLIN), revents: 0)
        return poll(&fd, 1, milliseconds) > 0
    }

    private func drain(into batch: inout Batch, buffer: inout [UInt8]) {
        while true {
            let count = buffer.withUnsafeMutableBytes { read(inotify, $0.baseAddress, $0.count) }
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
            return
        }
        guard let folder = folders[wd] else { return }
        if mask & UInt32(IN_IGNORED) != 0 {
            folders[wd] = nil
            return
        }
        guard !name.isEmpty, !isIgnored(name) else { return }
        let relative = folder.isEmpty ? name : folder + "/" + name
        let isDirectory = mask & UInt32(IN_ISDIR) != 0
        if mask & UInt32(IN_CREATE) != 0, !isDirectory {
            // A new file is reported when it is closed; only a link (which is never written) now.
            var info = stat()
            guard lstat(root + "/" + relative, &info) == 0, (info.st_mode & S_IFMT) == S_IFLNK else { return }
        }
        if isDirectory, mask & UInt32(IN_CREATE | IN_MOVED_TO) != 0 {
            _ = addWatches(below: relative)
        }
        if isDirectory, mask & UInt32(IN_MOVED_FROM | IN_DELETE) != 0 {
            // Watches below a folder moved away would report under the old name: drop them.
            let prefix = relative + "/"
            for (descriptor, path) in folders where path == relative || path.hasPrefix(prefix) {
                inotify_rm_watch(inotify, descriptor)
                folders[descriptor] = nil
            }
        }
        batch.paths.insert(relative)
    }
}
