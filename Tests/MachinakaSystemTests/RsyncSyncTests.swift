import Foundation
import MachinakaCore
import MachinakaSystem
import Testing

/// A feed pushed the way deploy/README.md says (rsync `--delay-updates`): whatever the watcher
/// shows the player, at any moment of a sync, is a whole version of a file, never half of one.
@Suite(.serialized) final class RsyncSyncTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: (master as NSString).deletingLastPathComponent) }

    let master: String
    let kiosk: String

    init() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-rsync-\(UUID().uuidString)").path
        master = base + "/master"
        kiosk = base + "/kiosk"
        for folder in [master + "/news", master + "/media", kiosk] {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
    }

    /// Every version of every file the master ever held; and what the watcher saw that was not
    /// one of them.
    final class Checker: @unchecked Sendable {
        private let lock = NSLock()
        private var versions: [String: Set<Data>] = [:]
        private var partial: [String] = []
        private var seen = 0

        func record(_ relative: String, _ data: Data) {
            lock.lock()
            versions[relative, default: []].insert(data)
            lock.unlock()
        }

        /// Reads each visible changed file as the player would and checks it is whole.
        func check(_ paths: Set<String>, root: String) {
            for path in paths where !path.split(separator: "/").contains(where: { FeedParser.isIgnored(String($0)) }) {
                var isFolder: ObjCBool = false
                guard FileManager.default.fileExists(atPath: root + "/" + path, isDirectory: &isFolder), !isFolder.boolValue,
                    let data = FileManager.default.contents(atPath: root + "/" + path)
                else { continue }
                lock.lock()
                seen += 1
                if versions[path]?.contains(data) != true { partial.append("\(path) (\(data.count) bytes)") }
                lock.unlock()
            }
        }

        var report: (seen: Int, partial: [String]) {
            lock.lock()
            defer { lock.unlock() }
            return (seen, partial)
        }
    }

    private func writeMaster(_ checker: Checker, version: Int) throws {
        for index in 0..<12 {
            let relative = "news/n\(index).md"
            // Large enough that writing one takes many write() calls.
            let body = String(repeating: "第\(version)版 お知らせ本文 \(index)。\n", count: 8000 + version * 100)
            let data = Data("---\ntitle: お知らせ \(index) 第\(version)版\n---\n\(body)".utf8)
            checker.record(relative, data)
            try data.write(to: URL(fileURLWithPath: master + "/" + relative))
        }
        let poster = Data((0..<(600_000 + version)).map { UInt8(truncatingIfNeeded: $0 &* (version + 7)) })
        checker.record("media/poster.bin", poster)
        try poster.write(to: URL(fileURLWithPath: master + "/media/poster.bin"))
    }

    private func rsync() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/rsync")
        process.arguments = ["-a", "--delete", "--delay-updates", "--exclude", "alerts/", master + "/", kiosk + "/"]
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    private func settle() { usleep(300_000) }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/rsync")))
    func aFeedSyncedWithDelayUpdatesNeverShowsHalfAFile() throws {
        let checker = Checker()
        let kiosk = self.kiosk
        let watcher = try FolderWatcher(path: kiosk, ignoring: FeedParser.isIgnored) { checker.check($0.paths, root: kiosk) }
        defer { watcher.stop() }
        for version in 1...6 {
            try writeMaster(checker, version: version)
            #expect(try rsync() == 0)
        }
        // The watcher reads what rsync renamed into place; a busy machine may take its time.
        let deadline = Date().addingTimeInterval(30)
        while checker.report.seen < 12, Date() < deadline { usleep(50_000) }
        settle()
        let (seen, partial) = checker.report
        #expect(seen >= 12, "the watcher saw the synced files (\(seen) reads)")
        #expect(partial.isEmpty, "half-written files visible: \(partial.prefix(5))")
    }

    /// The check can fail: a writer that fills a file in place is caught.
    @Test func aFileWrittenInPlaceIsCaughtHalfWay() throws {
        let checker = Checker()
        let kiosk = self.kiosk
        try FileManager.default.createDirectory(atPath: kiosk + "/news", withIntermediateDirectories: true)
        let watcher = try FolderWatcher(path: kiosk, ignoring: FeedParser.isIgnored) { checker.check($0.paths, root: kiosk) }
        defer { watcher.stop() }
        let whole = Data(repeating: 0x61, count: 200_000)
        checker.record("news/inplace.md", whole)
        let descriptor = creat(kiosk + "/news/inplace.md", 0o644)
        #expect(descriptor >= 0)
        close(descriptor)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: kiosk + "/news/inplace.md"))
        try handle.write(contentsOf: whole.prefix(100_000))
        settle()
        try handle.write(contentsOf: whole.suffix(100_000))
        try handle.close()
        settle()
        #expect(!checker.report.partial.isEmpty)
    }
}
