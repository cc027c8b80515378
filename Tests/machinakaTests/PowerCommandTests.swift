import Foundation
import MachinakaCore
import Testing

/// The power schedule as staff meet it: `plan` shows the dark hours, a closed screen says so.
@Suite(.serialized) struct PowerCommandTests {
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-power-\(UUID().uuidString)").path

    func feed(power: String) throws -> String {
        let feed = temporary + "/feed"
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Content", toPath: feed)
        let lobby = feed + "/screens/city-hall-lobby.yml"
        try (try String(contentsOfFile: lobby, encoding: .utf8) + "power: \(power)\n").write(toFile: lobby, atomically: true, encoding: .utf8)
        return feed
    }

    @Test func planShowsTheDarkHours() throws {
        let feed = try feed(power: #"{open: {weekdays: "08:30-17:15", saturday: closed, sunday: closed, holidays: closed}, on_early: 15m, off_late: 10m}"#)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        // Friday 2026-12-04 16:00 for 70 hours: dark from 17:25 Friday to 08:15 Monday.
        let result = try CommandRunner.run(["plan", "--feed", feed, "--screen", "city-hall-lobby", "--from", "2026-12-04T16:00", "--hours", "70", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let off = entries.filter { $0["kind"] as? String == "display-off" }
        #expect(off.count == 1, "\(off)")
        #expect(off.first?["start"] as? String == "2026-12-04T17:25:00+09:00" && off.first?["end"] as? String == "2026-12-07T08:15:00+09:00", "\(off)")
        #expect(entries.contains { $0["kind"] as? String != "display-off" && ($0["start"] as? String ?? "") >= "2026-12-07T08:15:00+09:00" }, "Monday plays")
    }

    @Test func anEveningEventKeepsTheScreenOn() throws {
        let feed = try feed(power: #"{open: {weekdays: "08:30-17:15", saturday: closed, sunday: closed, holidays: closed}, on_early: 15m, off_late: 10m}"#)
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        // A Saturday evening concert in the lobby: its file keeps the screen lit for it.
        try "---\ntitle: ロビーコンサート\nwhen: 2026-12-05 18:00 / 2026-12-05 20:00\nwhere: 本庁舎1階ロビー\ndisplay_on: true\n---\n市民合唱団のコンサートです。\n"
            .write(toFile: feed + "/events/2026-12-05-lobby-concert.md", atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["plan", "--feed", feed, "--screen", "city-hall-lobby", "--from", "2026-12-04T16:00", "--hours", "70", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let entries = result.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let off = entries.filter { $0["kind"] as? String == "display-off" }.map { "\($0["start"]!)–\($0["end"]!)" }
        #expect(off == ["2026-12-04T17:25:00+09:00–2026-12-05T17:45:00+09:00", "2026-12-05T20:10:00+09:00–2026-12-07T08:15:00+09:00"], "\(off)")
        let check = try CommandRunner.run(["check", "--feed", feed])
        #expect(!check.stdout.contains("display_on"), "display_on is a known key: \(check.stdout)")
    }

    @Test func aClosedScreenIsDarkAndSaysSo() throws {
        let feed = try feed(power: "{open: {weekdays: closed, saturday: closed, sunday: closed, holidays: closed}, driver: blank}")
        defer { try? FileManager.default.removeItem(atPath: temporary) }
        let status = temporary + "/status.json", metrics = temporary + "/machinaka.prom", frame = temporary + "/frame.png"
        let (process, _, errorsPipe) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--screen", "city-hall-lobby", "--status", status,
                                                                "--metrics-file", metrics, "--frame-out", frame])
        let stderr = Drain(errorsPipe.fileHandleForReading)
        defer {
            if process.isRunning { process.terminate() }
            process.waitUntilExit()
        }
        let deadline = Date().addingTimeInterval(60)
        var said: [String: Any]? = nil
        while Date() < deadline {
            said = (try? JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: status)))) as? [String: Any]
            if said?["display_power"] as? String == "off (schedule)", FileManager.default.fileExists(atPath: metrics) { break }
            usleep(100_000)
        }
        #expect(said?["display_power"] as? String == "off (schedule)", "\(String(describing: said))")
        #expect(try String(contentsOfFile: metrics, encoding: .utf8).contains("machinaka_display_off{screen=\"city-hall-lobby\"} 1"))
        process.terminate()
        process.waitUntilExit()
        let log = String(decoding: stderr.wait(), as: UTF8.self)
        #expect(log.contains("Display off by schedule (black frames, as set)"), "\(log)")
    }
}
