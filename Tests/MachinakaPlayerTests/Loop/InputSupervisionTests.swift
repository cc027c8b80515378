import Foundation
import Glibc
import Logging
import MachinakaCore
import MachinakaPOSIX
import MachinakaPlayer
import MachinakaSystem
import Testing

/// #26's acceptance, in process: the player's own loop on the manual clock, a real feed
/// folder watched by real inotify, and a fault injected at the system call. A stuck feed
/// watcher is said in the status (which input, since when), the watchdog is not fed while it is
/// stopped, the supervisor puts a new watcher in, and an alert written afterwards is shown.
@Suite struct InputSupervisionTests {
    let t0 = LoopHarness.t0

    /// A socket standing in for systemd's: counts the watchdog pings.
    final class NotifySocket {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("notify-\(UUID().uuidString).sock").path
        let socket: Int32

        init() {
            socket = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: Array(path.utf8)) }
            _ = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) } }
        }

        deinit {
            close(socket)
            unlink(path)
        }

        /// The watchdog pings received since the last call.
        func pings() -> Int {
            var buffer = [UInt8](repeating: 0, count: 512)
            var count = 0
            while true {
                let got = recv(socket, &buffer, buffer.count, Int32(MSG_DONTWAIT))
                guard got > 0 else { return count }
                if String(decoding: buffer.prefix(got), as: UTF8.self) == "WATCHDOG=1" { count += 1 }
            }
        }
    }

    private func status(_ player: Player) -> [String: Any] {
        player.settleEffects()
        return player.status?.json.flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] } ?? [:]
    }

    private func watcherHealth(_ player: Player) -> String {
        (status(player)["inputs"] as? [String: String])?["feed_watcher"] ?? ""
    }

    @Test func aStuckFeedWatcherIsSaidRestartedAndAnAlertWrittenAfterwardsIsShown() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-supervise-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder); SystemCallFaults.clear(path: folder) }
        for sub in ["screens", "news", "alerts"] { try FileManager.default.createDirectory(atPath: folder + "/" + sub, withIntermediateDirectories: true) }
        try Data("name: ロビー\nsize: 480x270\ntransition: none\nticker: false\n".utf8).write(to: URL(fileURLWithPath: folder + "/screens/lobby.yml"))
        try Data("---\ntitle: お知らせ\n---\n本文\n".utf8).write(to: URL(fileURLWithPath: folder + "/news/a.md"))
        let live = try LiveFeed(folder: folder, turnAtLeastEvery: 0.2) {}
        defer { live.stop() }
        let (player, clock, _, display) = try LoopHarness.player(live)
        let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }
        let inputs = InputSupervisor(stallLimit: 1, logger: logger)
        inputs.add(live, required: true)
        player.inputs = inputs
        player.status = StatusFile(path: nil, logger: logger)
        let systemd = NotifySocket()
        // WatchdogSec=2: a ping is due every turn of a second.
        player.notifier = ServiceNotifier(environment: ["NOTIFY_SOCKET": systemd.path, "WATCHDOG_USEC": "2000000"])
        func turn() throws {
            clock.advance(by: 1)
            try player.step()
        }
        // The loop's clock starts at the real time: the feed stamps files with the time they
        // were received.
        clock.advance(by: Date().timeIntervalSince(clock.now()).rounded(.down))
        try player.step()
        try turn()
        #expect(watcherHealth(player) == "ok")
        #expect(systemd.pings() >= 1, "fed while every input runs")

        // The watcher's thread hangs in its next wait for 8 s: a stuck call. The restart that
        // follows is slow too (its inotify takes 3 s to come), so that the turns in between are
        // seen, and the alert is written while no watcher watches: only the new watcher's
        // reading of the whole feed can find it.
        SystemCallFaults.inject("inotify_init1", path: folder, code: 0, stall: 3)
        SystemCallFaults.inject("poll", path: folder, code: 0, stall: 8)
        let deadline = Date().addingTimeInterval(30)
        while !watcherHealth(player).hasPrefix("stopped"), Date() < deadline {
            usleep(100_000)
            try turn()
        }
        let stoppedAt = clock.now()
        #expect(watcherHealth(player).hasPrefix("stopped at \(stoppedAt.formatted(.iso8601))"), "which input, and when: \(watcherHealth(player))")
        #expect(watcherHealth(player).contains("has not turned"), "\(watcherHealth(player))")

        // The city's order, sent a minute ago and in force for an hour, written now.
        let format = ISO8601DateFormatter()
        format.timeZone = TimeZone(identifier: "Asia/Tokyo")
        let order = try String(contentsOfFile: LoopHarness.repository + "/Tests/Fixtures/alerts/sagamihara-evacuation.xml", encoding: .utf8)
            .replacingOccurrences(of: "2026-11-25T14:30:00+09:00", with: format.string(from: Date().addingTimeInterval(-60)))
            .replacingOccurrences(of: "2026-11-25T23:00:00+09:00", with: format.string(from: Date().addingTimeInterval(3600)))
        try Data(order.utf8).write(to: URL(fileURLWithPath: folder + "/alerts/.incoming.tmp"))
        try FileSystem.rename(folder + "/alerts/.incoming.tmp", to: folder + "/alerts/evacuation.xml")

        // Every turn while the input is stopped: no ping.
        _ = systemd.pings()
        var turnsStopped = 0, pingsWhileStopped = 0
        var wordsWhileStopped: Set<String> = []
        try turn()
        while watcherHealth(player).hasPrefix("stopped"), Date() < deadline {
            turnsStopped += 1
            wordsWhileStopped.insert(watcherHealth(player))
            pingsWhileStopped += systemd.pings()
            usleep(100_000)
            try turn()
        }
        #expect(turnsStopped >= 3, "the slow restart was seen turn by turn (\(turnsStopped))")
        #expect(pingsWhileStopped == 0, "the watchdog is not fed while a required input is stopped")
        #expect(wordsWhileStopped.count == 1, "the same trouble is said the same way each turn: \(wordsWhileStopped)")
        while (status(player)["showing"] as? [String: Any])?["kind"] as? String != "alert", Date() < deadline {
            usleep(50_000)
            try turn()
        }
        #expect((status(player)["showing"] as? [String: Any])?["kind"] as? String == "alert", "the alert reached the screen: \(live.current.feed.alerts.count) alerts, \(live.current.feed.diagnostics), \(status(player))")
        #expect(display.frames.last?.scene.texts.contains { $0.text.contains("避難") } == true)
        #expect(watcherHealth(player).hasPrefix("ok (restarted at \(stoppedAt.formatted(.iso8601)) after: the watcher has not turned"), "\(watcherHealth(player))")
        _ = systemd.pings()
        try turn()
        #expect(systemd.pings() >= 1, "fed again once every required input runs")
    }

    /// Regression: the metric compared the input's words with "ok", so an input that had been
    /// restarted ("ok (restarted at …)") counted as down for good.
    @Test func aRestartedInputCountsAsUpInTheMetrics() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-metrics-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let metrics = MetricsFile(path: folder + "/machinaka.prom", logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let reading = MetricsFile.Reading(
            screen: "lobby", framesPresented: 1, lastFrame: t0, showingKind: "news", showingSource: "news/a.md", alertsActive: 0,
            feedFilesRefused: 0, lastReload: t0, mqttConnected: nil, started: t0,
            inputs: ["feed_watcher": "ok (restarted at 2026-12-01T01:00:13Z after: the watcher has not turned for more than 60 s)",
                     "mqtt": "failing since 2026-12-01T01:00:00Z: not connected", "http": "ok"])
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        metrics.write(reading, now: t0)
        let text = try String(contentsOfFile: folder + "/machinaka.prom", encoding: .utf8)
        #expect(text.contains(#"machinaka_input_up{screen="lobby",input="feed_watcher"} 1"#), "\(text)")
        #expect(text.contains(#"machinaka_input_up{screen="lobby",input="http"} 1"#))
        #expect(text.contains(#"machinaka_input_up{screen="lobby",input="mqtt"} 0"#))
    }
}
