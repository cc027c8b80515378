import Foundation
import Testing

/// Issue 29 from the command line: `check` says which slides stay longer than their playlist
/// gives them, so their pages can be read, and `plan` gives them that time.
@Suite struct PageTimingCommandTests {
    static let feed = CommandRunner.repository + "/Tests/Fixtures/review"

    @Test func checkAndPlanGiveSlidesTheTimeTheirPagesNeed() throws {
        // (At an instant the review's data was written for, not by the wall clock.)
        let check = try CommandRunner.run(["check", "--feed", Self.feed, "--at", "2026-12-06T10:20"])
        let said = check.stdout
        #expect(said.split(separator: "\n").contains { $0.hasPrefix("news/02-long-title.md") && $0.contains("to read on screen 'hd'") && $0.contains("instead of the 20 s") }, "\(said)")
        #expect(said.split(separator: "\n").contains { $0.hasPrefix("data/counters.json") && $0.contains("1.5 s a row to scan") }, "\(said)")
        let plan = try CommandRunner.run(["plan", "--feed", Self.feed, "--screen", "hd", "--from", "2026-12-06T10:00", "--hours", "0.2", "--json"])
        let entries = plan.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let format = ISO8601DateFormatter()
        let title = try #require(entries.dropFirst().first { $0["source"] as? String == "news/02-long-title.md" })
        let length = try #require(format.date(from: title["end"] as? String ?? "")).timeIntervalSince(try #require(format.date(from: title["start"] as? String ?? "")))
        #expect(length > 20, "the long title's slide is longer than the 20 s its playlist gives it: \(length) s")
    }

    /// A panel turns through at most 24 pages: at a 720p screen's right, the review's 30
    /// clinics took a page each and 7 were never on screen, without a word. (They now take
    /// 21 pages.) With 90 clinics, `check` says how many of its rows a panel shows, where it
    /// leaves some out.
    @Test func checkSaysWhenAPanelLeavesRowsOut() throws {
        let feed = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-panel-reach-\(UUID().uuidString)").path
        try FileManager.default.copyItem(atPath: Self.feed, toPath: feed)
        defer { try? FileManager.default.removeItem(atPath: feed) }
        let clinics = feed + "/data/clinics.csv"
        let rows = try String(contentsOfFile: clinics, encoding: .utf8).split(separator: "\n").map(String.init)
        // 90 clinics: a portrait screen's foot holds three a page (24 pages: 72).
        let more = ["医院", "診療所"].flatMap { name in rows.dropFirst().map { $0.replacingOccurrences(of: "クリニック", with: name) } }
        try (rows + more).joined(separator: "\n").appending("\n").write(toFile: clinics, atomically: true, encoding: .utf8)
        let check = try CommandRunner.run(["check", "--feed", feed, "--at", "2026-12-06T10:16:00+09:00"])
        let said = check.stdout.split(separator: "\n").filter { $0.contains("are never on screen") }
        #expect(said.allSatisfy { $0.hasPrefix("data/clinics.csv") }, "\(said)")
        let right = try #require(said.first { $0.contains("screen 'clinics-right-hd'") }, "\(check.stdout)")
        let counts = try #require(right.firstMatch(of: /shows (\d+) of its (\d+) rows/))
        #expect(Int(counts.1)! < 90 && Int(counts.2) == 90 && right.contains("position: bottom"), "\(right)")
        // A panel already at the foot is not told to go there, but to take the whole screen.
        let bottom = try #require(said.first { $0.contains("screen 'clinics-bottom'") }, "\(said)")
        #expect(!bottom.contains("position: bottom") && bottom.contains("position: full"), "\(bottom)")
        // A 1080p side panel holds more of them than a 720p one (about 72: 24 pages of three).
        let wide = try #require(said.first { $0.contains("screen 'clinics-right'") }, "\(said)")
        let wideCounts = try #require(wide.firstMatch(of: /shows (\d+) of its (\d+) rows/))
        #expect(Int(wideCounts.1)! > Int(counts.1)!, "1080p \(wideCounts.1), 720p \(counts.1)")
    }

    /// A plan from 16:50 on Saturday: Sunday's clinics show from 17:00 (the evening before),
    /// and are timed by Sunday's rota, not by the empty board of 16:50 (which kept the
    /// playlist's 20 s, the first two of seven pages; the rota takes five since 2026-12-07).
    @Test func aPlanTimesABoardByWhatItShowsWhenItPlays() throws {
        let plan = try CommandRunner.run(["plan", "--feed", Self.feed, "--screen", "landscape", "--from", "2026-12-05T16:50", "--hours", "0.5", "--json"])
        let format = ISO8601DateFormatter()
        let clinics = plan.stdout.split(separator: "\n")
            .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
            .filter { ($0["source"] as? String)?.contains("clinics") == true }
        #expect(clinics.count >= 2, "\(plan.stdout)")
        for entry in clinics.dropLast() {
            let start = try #require(format.date(from: entry["start"] as? String ?? ""))
            let length = try #require(format.date(from: entry["end"] as? String ?? "")).timeIntervalSince(start)
            #expect(length >= 40, "the clinics from \(entry["start"] ?? "") stay \(length) s: five pages of at least 8 s")
        }
    }
}
