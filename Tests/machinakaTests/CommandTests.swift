import Foundation
import MachinakaCore
import Testing

/// The executable as people meet it: exit codes and one clear sentence on stderr.
@Suite(.serialized) final class CommandTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: temporary) }

    let content = CommandRunner.repository + "/Content"
    let temporary = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-cli-\(UUID().uuidString)").path

    init() throws {
        try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: true)
    }

    @Test func renderWritesTheFrameAtTheRequestedSize() throws {
        let out = temporary + "/frame.png"
        let result = try CommandRunner.run(["render", "--feed", content, "--screen", "library-entrance", "--at", "2026-12-05T10:00", "--size", "720x1280", "--out", out])
        #expect(result.status == 0, "\(result.stderr)")
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(bytes[16..<20].reduce(0) { $0 << 8 | Int($1) } == 720)
        #expect(bytes[20..<24].reduce(0) { $0 << 8 | Int($1) } == 1280)
        #expect(result.stdout.contains("library-entrance"))
    }

    @Test func missingFeedFolder() throws {
        let result = try CommandRunner.run(["render", "--feed", "/nonexistent/feed", "--out", temporary + "/x.png"])
        #expect(result.status == 2)
        #expect(result.stderr == "machinaka: The feed folder /nonexistent/feed does not exist.\n")
    }

    @Test func unknownScreen() throws {
        let result = try CommandRunner.run(["render", "--feed", content, "--screen", "nowhere", "--out", temporary + "/x.png"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("There is no screen 'nowhere'") && result.stderr.contains("city-hall-lobby"))
    }

    @Test func noFontsFound() throws {
        let fonts = temporary + "/fonts"
        try FileManager.default.createDirectory(atPath: fonts, withIntermediateDirectories: true)
        try Data("system_folders: []\n".utf8).write(to: URL(fileURLWithPath: fonts + "/fonts.yml"))
        let result = try CommandRunner.run(["render", "--feed", content, "--fonts", fonts, "--out", temporary + "/x.png"])
        #expect(result.status == 3)
        #expect(result.stderr.hasPrefix("machinaka: No font file named BIZUD"))
        #expect(result.stderr.split(separator: "\n").count == 1)
    }

    @Test func noDisplay() throws {
        let result = try CommandRunner.run(["play", "--feed", content, "--require-display"], environment: ["SDL_VIDEODRIVER": "x11"], removing: ["DISPLAY", "WAYLAND_DISPLAY"])
        #expect(result.status == 4)
        #expect(result.stderr.hasPrefix("machinaka: No display is available"))
        #expect(result.stderr.contains("--headless"))
    }

    @Test func badInstant() throws {
        let result = try CommandRunner.run(["render", "--feed", content, "--at", "next tuesday", "--out", temporary + "/x.png"])
        #expect(result.status == 64)
        #expect(result.stderr.contains("--at 'next tuesday' is not a time"))
    }

    @Test func unwritableOutput() throws {
        let result = try CommandRunner.run(["render", "--feed", content, "--at", "2026-12-05T10:00", "--out", "/nonexistent/dir/x.png"])
        #expect(result.status == 5)
        #expect(result.stderr.hasPrefix("machinaka: The frame could not be written to /nonexistent/dir/x.png"))
    }

    /// Judged at an instant the sample feed was written for: by the wall clock its 6 December
    /// event was over on 6 December, and `check` rightly warned.
    @Test func checkPassesOnTheSampleFeed() throws {
        let result = try CommandRunner.run(["check", "--feed", content, "--at", "2026-12-05T10:00"])
        #expect(result.status == 0, "\(result.stdout)")
        #expect(result.stdout.contains("0 errors, 0 warnings"))
    }

    @Test func checkReportsBadFilesCompilerStyle() throws {
        let feed = temporary + "/feed"
        try FileManager.default.createDirectory(atPath: feed + "/news", withIntermediateDirectories: true)
        #expect(mkfifo(feed + "/news/pipe.md", 0o644) == 0)
        try Data("---\ntitle: OK\nend: someday\n---\n".utf8).write(to: URL(fileURLWithPath: feed + "/news/bad.md"))
        try Data("---\ntitle: 良い\n---\n本文\n".utf8).write(to: URL(fileURLWithPath: feed + "/news/good.md"))
        let result = try CommandRunner.run(["check", "--feed", feed])
        #expect(result.status == 1)
        #expect(result.stdout.contains("news/bad.md:3:6: error: 'end' must be a date"))
        #expect(result.stdout.contains("news/pipe.md:1:1: error: this is not an ordinary file"))
        #expect(result.stdout.contains("1 items"))
    }

    @Test func headlessPlayWritesFramesAndStopsOnSIGTERM() throws {
        let frame = temporary + "/play/frame.png"
        let (process, _, stderr) = try CommandRunner.start(["play", "--feed", content, "--headless", "--frame-out", frame])
        let deadline = Date().addingTimeInterval(20)
        while !FileManager.default.fileExists(atPath: frame), Date() < deadline, process.isRunning {
            Thread.sleep(forTimeInterval: 0.05)
        }
        #expect(FileManager.default.fileExists(atPath: frame))
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let log = String(decoding: stderr.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        #expect(log.contains(frame))
        #expect(log.contains("Stopping"))
    }

    @Test func planPrintsOneJSONObjectALine() throws {
        let result = try CommandRunner.run(["plan", "--feed", content, "--screen", "library-entrance", "--from", "2026-12-05T10:00", "--hours", "1", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.count > 100)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            for key in ["start", "end", "kind", "source", "title"] {
                #expect(object?[key] != nil, "\(key) missing in \(line)")
            }
        }
        #expect(result.stdout.contains("\"kind\":\"board\""))
        #expect(result.stdout.contains("news/2026-12-toshokan-fuyuyasumi.md"), "the library notice plays on the library screen")
        let lobby = try CommandRunner.run(["plan", "--feed", content, "--screen", "city-hall-lobby", "--from", "2026-12-05T10:00", "--hours", "1", "--json"])
        #expect(!lobby.stdout.contains("toshokan-fuyuyasumi"), "and not in the city-hall lobby")
    }

    @Test func planAndAlertListShowTheAlertStory() throws {
        let feed = temporary + "/alert-feed"
        try FileManager.default.copyItem(atPath: content, toPath: feed)
        for name in ["sagamihara-evacuation.xml", "sagamihara-evacuation-update.xml", "sagamihara-evacuation-cancel.xml"] {
            try FileManager.default.copyItem(atPath: CommandRunner.repository + "/Tests/Fixtures/alerts/" + name, toPath: feed + "/alerts/" + name)
        }
        let plan = try CommandRunner.run(["plan", "--feed", feed, "--from", "2026-11-25T14:00", "--hours", "6", "--json"])
        #expect(plan.status == 0, "\(plan.stderr)")
        #expect(plan.stdout.contains("\"identifier\":\"SAGAMIHARA-2026-1125-001\",\"kind\":\"alert\""))
        #expect(plan.stdout.contains("\"end\":\"2026-11-25T16:00:00+09:00\",\"identifier\":\"SAGAMIHARA-2026-1125-001\""))
        #expect(plan.stdout.contains("\"end\":\"2026-11-25T19:00:00+09:00\",\"identifier\":\"SAGAMIHARA-2026-1125-002\""))
        let list = try CommandRunner.run(["alert", "list", "--feed", feed, "--at", "2026-11-25T17:00"])
        #expect(list.status == 0)
        #expect(list.stdout.contains("ACTIVE     alerts/sagamihara-evacuation-update.xml"))
        #expect(list.stdout.contains("SUPERSEDED alerts/sagamihara-evacuation.xml"))
        // Regression: by default alert list and render agree on what is in force at an instant
        // (the files were copied just now; before, alert list called them "not yet received").
        let atFifteen = try CommandRunner.run(["alert", "list", "--feed", feed, "--at", "2026-11-25T15:00"])
        #expect(atFifteen.stdout.contains("ACTIVE     alerts/sagamihara-evacuation.xml"))
        let render = try CommandRunner.run(["render", "--feed", feed, "--at", "2026-11-25T15:00", "--out", temporary + "/alert.png"])
        #expect(render.stdout.contains("alert alerts/sagamihara-evacuation.xml"))
        // As the live player counts them, by the files' own times, they have not arrived yet.
        let asReceived = try CommandRunner.run(["alert", "list", "--feed", feed, "--at", "2026-11-25T15:00", "--as-received"])
        #expect(asReceived.stdout.contains("SCHEDULED  alerts/sagamihara-evacuation.xml"))
    }

    @Test func benchPrintsEveryAskedFigure() throws {
        // A small run: the figures themselves come from the full command (see README).
        let result = try CommandRunner.run(["bench", "--items", "200", "--trials", "3", "--starts", "1", "--seconds", "1", "--cycles", "2", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        for key in ["first_frame_ms", "alert_latency_p50_ms", "alert_latency_p99_ms", "frame_time_p50_ms", "frame_time_p99_ms",
                    "cpu_static_pct", "cpu_ticker_pct", "peak_rss_mb", "feed_load_10k_ms", "replan_ms", "alert_latency_largest_boards_p99_ms"] {
            let value = object[key] as? Double
            #expect(value != nil && value! >= 0, "\(key)")
        }
        #expect((object["first_frame_ms"] as? Double ?? 0) > 0)
        #expect((object["machine"] as? String)?.contains("cores") == true)
    }
}
