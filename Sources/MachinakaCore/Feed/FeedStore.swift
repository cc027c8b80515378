import Foundation
import MachinakaPOSIX

/// The feed as the player keeps it: every file's last good parse, read again only when it
/// changes, assembled into a new `Feed` value that replaces the old one whole.
///
/// A file that was good and turns bad keeps its last good version in the feed, with the error
/// reported; a deleted file leaves. Not thread-safe: one queue owns a store.
///
/// A store may hold only part of the feed (`Scope`): the live feed reads `alerts/` in one
/// store and everything else in another, each on its own thread, so no file — a batch of
/// clips to open, a megabyte of Markdown — is ever read ahead of an alert.
public final class FeedStore {
    /// Which of the feed's files a store reads.
    public enum Scope: Sendable {
        case everything
        /// `alerts/` alone.
        case alerts
        /// Everything but `alerts/`.
        case allButAlerts

        /// Whether the feed-relative `path` (a file or folder; "" is the feed folder) is this
        /// scope's.
        public func holds(_ path: String) -> Bool {
            let relative = path.hasPrefix("/") ? path.dropFirst() : Substring(path)
            let isAlert = relative == "alerts" || relative.hasPrefix("alerts/")
            switch self {
            case .everything: return true
            case .alerts: return isAlert
            case .allButAlerts: return !isAlert
            }
        }
    }

    private struct Entry {
        var stamp: FileStamp?
        var sidecarStamp: FileStamp?
        var good: FeedFile?
        var diagnostics: [Diagnostic]
    }

    /// The real path of the feed folder.
    public let root: String
    public let parser: FeedParser
    /// The files this store reads.
    public let scope: Scope
    /// The current state.
    public private(set) var feed: Feed
    private var entries: [String: Entry] = [:]
    /// Warnings about files that are not played at all (wrong folder or extension).
    private var strays: [String: Diagnostic] = [:]
    /// Folders that could not be read on the last walk, with the reason.
    private var unwalkable: [Diagnostic] = []

    /// Reads the whole folder (or, without `scan`, nothing yet: `update` and `rescan` read).
    /// Throws only when the folder itself is unusable.
    public init(folder: String, parser: FeedParser = FeedParser(), scope: Scope = .everything, scan: Bool = true) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { throw FeedError.missingFolder(folder) }
        guard isDirectory.boolValue else { throw FeedError.notAFolder(folder) }
        guard let real = FileTree.realPath(folder), access(real, R_OK | X_OK) == 0 else {
            throw FeedError.unreadableFolder(folder)
        }
        root = real
        self.parser = parser
        self.scope = scope
        feed = Feed(root: real)
        if scan { rescan() }
    }

    /// Walks the whole tree and reads every file whose stamp changed: the start, and the
    /// fallback when the watcher lost track (queue overflow).
    @discardableResult
    public func rescan() -> Feed {
        let walk = walkScope()
        unwalkable = walk.unwalkable.map { folder in
            Diagnostic(path: folder.relative.isEmpty ? "." : folder.relative + "/",
                       message: "this folder cannot be read (\(folder.error.reason.lowercased())); nothing in it is played — check its permissions")
        }
        var seen = Set<String>()
        var primaries: [String] = []
        for relative in walk.found {
            let primary = primaryPath(of: relative)
            if seen.insert(primary).inserted { primaries.append(primary) }
        }
        refresh(primaries)
        for key in entries.keys where !seen.contains(key) { entries[key] = nil }
        for key in strays.keys where !seen.contains(key) { strays[key] = nil }
        return assemble()
    }

    /// The scope's files, as the whole feed's walk finds them: for alerts alone, only their
    /// folder is walked — or, where `alerts` is a link or a file, that entry is (the walk does
    /// not follow links to folders).
    private func walkScope() -> (found: [String], unwalkable: [FileTree.Unwalkable]) {
        guard scope == .alerts else {
            let walk = FileTree.walk(root: root, under: "", ignoring: FeedParser.isIgnored)
            return (walk.found.map(\.relative).filter(scope.holds), walk.unwalkable.filter { scope.holds($0.relative) })
        }
        let folder = root + "/alerts"
        guard FileTree.exists(folder) else { return ([], []) }
        guard FileTree.linkTarget(folder) == nil, FileTree.isDirectory(folder) else { return (["alerts"], []) }
        let walk = FileTree.walk(root: root, under: "alerts", ignoring: FeedParser.isIgnored)
        return (walk.found.map(\.relative), walk.unwalkable)
    }

    /// Reads again the files at these feed-relative paths (files or folders, created, changed
    /// or deleted), as reported by the watcher, and returns the new feed.
    @discardableResult
    public func update(_ paths: some Sequence<String>) -> Feed {
        var primaries = Set<String>()
        for path in paths {
            let relative = path.hasPrefix("/") ? String(path.dropFirst()) : path
            // The feed folder itself is every scope's; any other path is one scope's.
            guard relative.isEmpty || scope.holds(relative) else { continue }
            // A link to a folder is not followed, as the walk does not follow it.
            let path = root + "/" + relative
            let isFolder = FileTree.isDirectory(path) && FileTree.linkTarget(path) == nil
            if isFolder {
                // A folder moved or created: everything below it, and anything that was there.
                for file in FileTree.files(root: root, under: relative, ignoring: FeedParser.isIgnored) where scope.holds(file.relative) {
                    primaries.insert(primaryPath(of: file.relative))
                }
            }
            let prefix = relative + "/"
            if FileTree.linkTarget(path) != nil {
                // Now a link: what was read below the path goes (a rescan would not find it),
                // rather than being read again through the link.
                for key in entries.keys where key.hasPrefix(prefix) { entries[key] = nil }
                for key in strays.keys where key.hasPrefix(prefix) { strays[key] = nil }
            }
            for key in entries.keys where key.hasPrefix(prefix) { primaries.insert(key) }
            for key in strays.keys where key.hasPrefix(prefix) { primaries.insert(key) }
            // The path itself (a folder's own entry: what a link there said goes with it).
            primaries.insert(isFolder ? relative : primaryPath(of: relative))
        }
        refresh(Array(primaries))
        return assemble()
    }

    /// An image's sidecar settings belong to the image.
    private func primaryPath(of relative: String) -> String {
        if case .sidecar(let owner) = FeedPath.classify(relative) { return owner }
        return relative
    }

    /// Refreshes many paths, parsing the changed files on every core: a cold start of a large
    /// feed is mostly YAML and Markdown parsing, and each file parses on its own.
    private func refresh(_ paths: [String]) {
        var toParse: [(relative: String, stamp: FileStamp, sidecar: FileStamp?)] = []
        for relative in paths {
            if let work = prepare(relative) { toParse.append(work) }
        }
        guard !toParse.isEmpty else { return }
        let results = UnsafeMutableBufferPointer<(FeedFile?, [Diagnostic])>.allocate(capacity: toParse.count)
        results.initialize(repeating: (nil, []))
        defer {
            results.deinitialize()
            results.deallocate()
        }
        let parser = self.parser, root = self.root, work = toParse
        let chunks = min(toParse.count, max(1, ProcessInfo.processInfo.activeProcessorCount) * 4)
        nonisolated(unsafe) let output = results
        DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
            var index = chunk
            while index < work.count {
                output[index] = parser.parse(work[index].relative, root: root)
                index += chunks
            }
        }
        for (index, work) in toParse.enumerated() {
            store(work.relative, stamp: work.stamp, sidecar: work.sidecar, result: results[index])
        }
    }

    /// Settles what needs no parsing (gone, ignored, stray, link out, pipe, unchanged) and
    /// returns the files that must be parsed.
    private func prepare(_ relative: String) -> (relative: String, stamp: FileStamp, sidecar: FileStamp?)? {
        let path = root + "/" + relative
        let name = (relative as NSString).lastPathComponent
        guard !FeedParser.isIgnored(name), FileTree.exists(path) else {
            entries[relative] = nil
            strays[relative] = nil
            return nil
        }
        let isAlerts = Scope.alerts.holds(relative)
        if FileTree.isDirectory(path) {
            strays[relative] = nil
            // A link to a folder: the feed does not follow it, so nothing there is read — said
            // out loud, above all in `alerts`, where the alert system may be pointed at it.
            entries[relative] = FileTree.linkTarget(path).map { target in
                Entry(stamp: nil, good: nil, diagnostics: [isAlerts
                    ? Diagnostic(path: relative, message: "this is a link to the folder \(target); the feed does not follow links to folders, "
                        + "so no alert written there reaches any screen — make it a real folder and have the alert system write into it")
                    : Diagnostic(path: relative, severity: .warning, message: "this is a link to the folder \(target); the feed does not follow "
                        + "links to folders, so nothing in it is played — put its files in a real folder here")])
            }
            return nil
        }
        if relative == "alerts" {
            // Not a folder at all: a file, or a link to nothing (yet — a drive not mounted).
            strays[relative] = nil
            let what = FileTree.linkTarget(path).map { "a link to \($0), which is not a folder" } ?? "a file, not a folder"
            entries[relative] = Entry(stamp: nil, good: nil, diagnostics: [Diagnostic(
                path: relative, message: "this is \(what); alerts are read only from a real folder named alerts, so no alert reaches any screen")])
            return nil
        }
        switch FeedPath.classify(relative) {
        case .other(let warning):
            entries[relative] = nil
            strays[relative] = warning.map { Diagnostic(path: relative, severity: .warning, message: $0) }
            return nil
        case .sidecar:
            return nil  // reached only for a sidecar without its image: nothing to play
        default:
            strays[relative] = nil
        }
        guard let stamp = FileStamp(path: path) else {
            // Something is there but nothing behind it: a link to nowhere, or a link loop.
            let target = FileTree.linkTarget(path)
            entries[relative] = Entry(stamp: nil, good: nil, diagnostics: [Diagnostic(
                path: relative, message: FileTree.isLinkLoop(path)
                    ? SafeFile.Problem.linkLoop.description
                    : "this is a link to \(target ?? "a file") that does not exist")])
            return nil
        }
        // Everything else — links out of the feed, pipes, devices, unreadable files — is
        // refused by the parser, which reads only through `SafeFile`.
        let sidecarStamp = FileStamp(path: path + ".yml") ?? FileStamp(path: path + ".yaml")
        // An alert is read again whenever it is reported, stamp or not: written in place twice
        // within one tick of the file system's clock (a few ms on Linux before 6.13), an update
        // and the cancel after it have one stamp when they are of one length — and a cancel
        // not read leaves its alert on screen. Alerts are few, and small.
        if let entry = entries[relative], entry.stamp == stamp, entry.sidecarStamp == sidecarStamp, !Scope.alerts.holds(relative) {
            return nil
        }
        return (relative, stamp, sidecarStamp)
    }

    private func store(_ relative: String, stamp: FileStamp, sidecar sidecarStamp: FileStamp?, result: (FeedFile?, [Diagnostic])) {
        let (file, diagnostics) = result
        var entry = Entry(stamp: stamp, sidecarStamp: sidecarStamp, good: file, diagnostics: diagnostics)
        if case .data(var data)? = file, case .data(let previous)? = entries[relative]?.good {
            // What changed since the last good version is marked with when it came.
            data.payload = data.payload.following(previous.payload, at: data.received)
            entry.good = .data(data)
        }
        if file == nil, let previous = entries[relative]?.good {
            entry.good = previous
            entry.diagnostics.append(Diagnostic(
                path: relative, severity: .warning,
                message: "the last good version of this file keeps playing until the error is fixed"))
        }
        entries[relative] = entry
    }

    private func assemble() -> Feed {
        var next = Feed(root: root)
        for key in entries.keys.sorted() {
            let entry = entries[key]!
            next.diagnostics += entry.diagnostics
            switch entry.good {
            case .screen(let screen)?: next.screens[screen.id] = screen
            case .playlist(let playlist)?: next.playlists.append(playlist)
            case .item(let item)?: next.items.append(item)
            case .alert(let alert)?: next.alerts.append(alert)
            case .data(let data)?: next.data[data.source] = data
            case .words(let words)?: next.words = words
            case nil:
                if case .data = FeedPath.classify(key), entry.diagnostics.contains(where: { $0.severity == .error }) { next.unreadableData.insert(key) }
            }
        }
        next.diagnostics += strays.keys.sorted().compactMap { strays[$0] }
        next.diagnostics += unwalkable
        feed = next
        return next
    }
}
