import Foundation
import MachinakaRecords
import Testing

/// Regressions: what the player does beside the screen — the play log, the frame file, the
/// status file, the command line's paths — must never be the reason a screen is dark.
@Suite(.serialized) final class SideJobTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    let content = CommandRunner.repository + "/Content"
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-side-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    /// Waits for the status file to say a frame is up.
    private func waitForStatus(_ path: String, seconds: Double = 60) -> [String: Any]? {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let data = FileManager.default.contents(atPath: path), let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] {
                return json
            }
            usleep(20_000)
        }
        return nil
    }

    @Test func aPlayLogThatCannotBeOpenedDoesNotStopTheScreen() throws {
        // A folder where the database should be: SQLite cannot open it (before: exit 5).
        let log = temporary + "/plays.sqlite"
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: true)
        let status = temporary + "/status.json"
        let (process, _, errors) = try CommandRunner.start(["play", "--headless", "--feed", content, "--frame-out", "", "--play-log", log, "--status", status])
        let drained = Drain(errors.fileHandleForReading)
        let json = waitForStatus(status)
        process.terminate()
        process.waitUntilExit()
        #expect(json?["screen"] as? String == "city-hall-lobby", "the screen played")
        #expect(process.terminationStatus == 0)
        #expect(String(decoding: drained.wait(), as: UTF8.self).contains("cannot be opened"))
    }

    @Test func relativePathsOnTheCommandLineMeanTheWorkingDirectory() throws {
        let (process, _, _) = try CommandRunner.start(
            ["play", "--headless", "--feed", content, "--frame-out", "frame.png", "--play-log", "plays.sqlite", "--status", "status.json"], in: temporary)
        let json = waitForStatus(temporary + "/status.json")
        Thread.sleep(forTimeInterval: 0.5)
        process.terminate()
        process.waitUntilExit()
        #expect(json != nil)
        #expect(process.terminationStatus == 0)
        #expect(FileManager.default.fileExists(atPath: temporary + "/frame.png"))
        #expect(FileManager.default.fileExists(atPath: temporary + "/plays.sqlite"))
    }

    @Test func aFrameFileThatCannotBeWrittenIsAnOutputError() throws {
        let result = try CommandRunner.run(["play", "--headless", "--feed", content, "--frame-out", "/etc/passwd/frame.png"])
        #expect(result.status == 5, "before: 70")
        #expect(result.stderr.hasPrefix("machinaka: The frame file /etc/passwd/frame.png cannot be written"))
    }

    @Test func aReportOfAFileThatIsNotAPlayLogSaysSo() throws {
        let notADatabase = temporary + "/notes.txt"
        try "hello".write(toFile: notADatabase, atomically: true, encoding: .utf8)
        let result = try CommandRunner.run(["report", "--play-log", notADatabase, "--from", "2026-01-01", "--to", "2027-01-01"])
        #expect(result.status == 6, "before: 70")
        #expect(result.stderr.hasPrefix("machinaka: The play log \(notADatabase) cannot be read"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func aRenderTooLargeForAnyScreenIsRefused() throws {
        // Before: 2.5 GB of memory for one frame.
        let result = try CommandRunner.run(["render", "--feed", content, "--size", "16384x16384", "--out", temporary + "/x.png"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("7680x4320"))
    }

    @Test func tombstonesOutliveTheCancelAndARestart() throws {
        let feed = temporary + "/feed"
        try FileManager.default.copyItem(atPath: content, toPath: feed)
        let log = temporary + "/t/plays.sqlite"
        let status = temporary + "/t/status.json"
        let fixtures = CommandRunner.repository + "/Tests/Fixtures/alerts/"
        // The alert and its cancel, both still in force by their times.
        for name in ["sagamihara-evacuation.xml", "sagamihara-evacuation-cancel.xml"] {
            let xml = try String(contentsOfFile: fixtures + name, encoding: .utf8).replacingOccurrences(of: "2026-11-25T23:00:00+09:00", with: "2099-01-01T00:00:00+09:00")
            try xml.write(toFile: feed + "/alerts/" + name, atomically: true, encoding: .utf8)
        }
        func play(seconds: Double) throws -> [String] {
            try? FileManager.default.removeItem(atPath: status)
            let (process, _, _) = try CommandRunner.start(["play", "--headless", "--feed", feed, "--frame-out", "", "--play-log", log, "--status", status])
            _ = waitForStatus(status)
            Thread.sleep(forTimeInterval: seconds)
            let alerts = (waitForStatus(status)?["alerts"] as? [[String: Any]])?.compactMap { $0["identifier"] as? String } ?? ["?"]
            process.terminate()
            process.waitUntilExit()
            return alerts
        }
        #expect(try play(seconds: 0.5) == [])
        // The alert system deletes its Cancel; the cancelled alert must not come back, even
        // after the player restarts.
        try FileManager.default.removeItem(atPath: feed + "/alerts/sagamihara-evacuation-cancel.xml")
        #expect(try play(seconds: 0.5) == [], "before: the alert came back")
        let stones = try PlayLog(path: log).tombstones(at: Date())
        #expect(stones.contains { $0.reference.identifier == "SAGAMIHARA-2026-1125-001" && $0.cancelled })
    }
}
