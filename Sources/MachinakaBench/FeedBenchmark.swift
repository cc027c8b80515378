import Foundation
import MachinakaPOSIX
import MachinakaCore
import MachinakaSystem

/// Measures the feed path on a generated feed: a cold load, the store's update after one
/// changed file, re-planning the rotation, and the whole way from a rename to a new state
/// through real inotify.
struct FeedBenchmark {
    struct Result: Encodable {
        var items: Int
        var loadMs: Stats
        var updateMs: Stats
        var replanMs: Stats
        var renameToStateMs: Stats
        var plan24hMs: Stats
        var nextSlotMs: Stats
    }

    let items: Int
    let trials: Int

    func run() throws -> Result {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        try generate(at: root)

        var loads: [Double] = []
        var feed = Feed(root: root)
        for _ in 0..<3 {
            loads.append(try milliseconds { feed = try FeedLoader().load(from: root) })
        }
        guard feed.items.count == items, !feed.hasErrors else {
            throw BenchError("The generated feed did not load whole (\(feed.items.count) of \(items) items).")
        }

        let store = try FeedStore(folder: root)
        var updates: [Double] = []
        for trial in 0..<trials {
            let relative = "news/n\(trial % items).md"
            try notice(trial % items, revision: trial).write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
            updates.append(milliseconds { _ = store.update([relative]) })
        }

        let screen = feed.screens["lobby"]!
        var replans: [Double] = []
        let now = Date()
        for _ in 0..<trials {
            replans.append(milliseconds { _ = Rotation(feed: store.feed, screen: screen).slot(at: now) })
        }

        // A day's plan, and single decisions of what comes next, on the 10,000-item feed.
        var plans: [Double] = []
        var planned = 0
        for _ in 0..<3 {
            plans.append(milliseconds { planned = Planner.plan(feed: store.feed, screen: screen, from: now, duration: 86400).count })
        }
        guard planned > 1000 else { throw BenchError("The 24-hour plan has only \(planned) entries.") }
        let rotation = Rotation(feed: store.feed, screen: screen)
        var slot = rotation.slot(at: now)
        var decisions: [Double] = []
        for _ in 0..<trials {
            let previous = slot
            decisions.append(milliseconds { slot = rotation.slot(following: previous, at: previous.end) })
        }

        let changed = Signal()
        let live = try LiveFeed(folder: root) { changed.fire() }
        defer { live.stop() }
        var renames: [Double] = []
        for trial in 0..<trials {
            let relative = "news/n\(trial % items).md"
            let temporary = root + "/news/.incoming.tmp"
            try notice(trial % items, revision: 10_000 + trial).write(toFile: temporary, atomically: false, encoding: .utf8)
            let before = live.current.version
            let start = DispatchTime.now().uptimeNanoseconds
            try? FileSystem.rename(temporary, to: root + "/" + relative)
            while live.current.version == before {
                changed.wait(milliseconds: 2000)
                if DispatchTime.now().uptimeNanoseconds - start > 5_000_000_000 {
                    throw BenchError("The watcher did not report a renamed file within 5 s.")
                }
            }
            renames.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        }
        return Result(items: items, loadMs: Stats(loads), updateMs: Stats(updates), replanMs: Stats(replans), renameToStateMs: Stats(renames),
                      plan24hMs: Stats(plans), nextSlotMs: Stats(decisions))
    }

    private func notice(_ index: Int, revision: Int) -> String {
        "---\ntitle: お知らせ \(index) 版 \(revision)\nstart: 2026-01-01\ntags: [city-hall]\n---\n市役所からのお知らせです。**第\(index)号**の本文です。\n\n- 項目一\n- 項目二\n"
    }

    /// A feed of `items` files: nine notices to one event, one screen, one playlist.
    private func generate(at root: String) throws {
        for folder in ["screens", "playlists", "news", "events", "media"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
        try "name: ベンチマーク\ntags: [city-hall]\n".write(toFile: root + "/screens/lobby.yml", atomically: true, encoding: .utf8)
        try "default_duration: 10s\nitems:\n  - news/*.md\n  - events/*.md\n".write(toFile: root + "/playlists/main.yml", atomically: true, encoding: .utf8)
        for index in 0..<items {
            if index % 10 == 9 {
                let text = "---\ntitle: イベント \(index)\nwhen: 2027-01-\(String(format: "%02d", index % 28 + 1)) 10:00 / 2027-01-\(String(format: "%02d", index % 28 + 1)) 12:00\nwhere: 中央公民館\n---\n説明です。\n"
                try text.write(toFile: root + "/events/e\(index).md", atomically: false, encoding: .utf8)
            } else {
                try notice(index, revision: 0).write(toFile: root + "/news/n\(index).md", atomically: false, encoding: .utf8)
            }
        }
    }
}

/// A wake-up between threads.
final class Signal: @unchecked Sendable {
    private let semaphore = DispatchSemaphore(value: 0)
    func fire() { semaphore.signal() }
    func wait(milliseconds: Int) { _ = semaphore.wait(timeout: .now() + .milliseconds(milliseconds)) }
}
