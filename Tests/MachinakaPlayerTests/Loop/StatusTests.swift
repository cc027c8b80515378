import Foundation
import Logging
import MachinakaCore
import MachinakaPlayer
import Testing

/// The status file as monitoring reads it, following the loop turn by turn.
@Suite struct StatusTests {
    let t0 = LoopHarness.t0

    private func read(_ path: String) -> [String: Any]? {
        FileManager.default.contents(atPath: path).flatMap { try? JSONSerialization.jsonObject(with: $0) as? [String: Any] }
    }

    @Test func theStatusFollowsTheScreenAndAnAlert() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-status-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/status/status.json"
        let base = LoopHarness.feed(["一", "二"])
        let feed = FixedFeed(base)
        let (player, _, waiter, _) = try LoopHarness.player(feed)
        player.status = StatusFile(path: path, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        var first: [String: Any]? = nil
        waiter.schedule(at: t0.addingTimeInterval(1), .timeout) {
            player.settleEffects()
            first = self.read(path)
        }
        waiter.schedule(at: t0.addingTimeInterval(3)) {
            var next = base
            next.alerts = [LoopHarness.alert("SAGAMIHARA-1", from: t0.addingTimeInterval(3), until: t0.addingTimeInterval(60))]
            feed.replace(with: next)
        }
        waiter.quit(at: t0.addingTimeInterval(4))
        try player.run(waiter: waiter)
        let before = try #require(first)
        #expect(before["screen"] as? String == "lobby")
        #expect((before["showing"] as? [String: Any])?["source"] as? String == "news/0.md")
        #expect((before["feed_errors"] as? [Any])?.isEmpty == true)
        #expect(before["version"] as? String != nil && before["started"] as? String != nil && before["uptime_seconds"] as? Int == 0)
        let during = try #require(read(path))
        #expect((during["showing"] as? [String: Any])?["kind"] as? String == "alert")
        #expect((during["alerts"] as? [[String: Any]])?.first?["identifier"] as? String == "SAGAMIHARA-1")
        #expect(during["uptime_seconds"] as? Int == 3)
        #expect((during["frames_presented"] as? Int ?? 0) >= 2)
    }
}
