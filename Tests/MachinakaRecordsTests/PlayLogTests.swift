import Foundation
import MachinakaCore
import MachinakaRecords
import Testing

@Suite final class PlayLogTests {
    // Each test has its own instance, and its folder goes with it.
    deinit { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }

    let path = FileManager.default.temporaryDirectory.appendingPathComponent("machinaka-plays-\(UUID().uuidString)/plays.sqlite3").path
    let morning = FeedTime.parseInstant("2026-11-25T09:00")!

    @Test func reportCountsMatchAScriptedRotation() throws {
        let log = try PlayLog(path: path)
        // Three items of 10 s on two screens for ten minutes; then an alert cuts "b" short.
        var t = morning
        var expected: [String: Int] = [:]
        for _ in 0..<20 {
            for source in ["a", "b", "c"] {
                for screen in ["lobby", "library"] {
                    try log.record(Play(screen: screen, kind: "news", source: "news/\(source).md", title: source, start: t, end: t.addingTimeInterval(10), cutShort: false))
                    expected["\(screen) \(source)", default: 0] += 1
                }
                t = t.addingTimeInterval(10)
            }
        }
        try log.record(Play(screen: "lobby", kind: "news", source: "news/b.md", title: "b", start: t, end: t.addingTimeInterval(4), cutShort: true))
        try log.record(Play(screen: "lobby", kind: "alert", source: "alerts/x.xml", title: "避難指示", start: t.addingTimeInterval(4), end: t.addingTimeInterval(64), cutShort: false))
        // The next day, one more: a separate line.
        let tomorrow = morning.addingTimeInterval(86400)
        try log.record(Play(screen: "lobby", kind: "news", source: "news/a.md", title: "a", start: tomorrow, end: tomorrow.addingTimeInterval(10), cutShort: false))

        let rows = try log.report(from: morning, to: morning.addingTimeInterval(2 * 86400), zone: FeedTime.defaultTimeZone)
        func row(_ day: String, _ screen: String, _ source: String) -> PlayReportRow? {
            rows.first { $0.day == day && $0.screen == screen && $0.source == source }
        }
        #expect(row("2026-11-25", "library", "news/a.md")?.plays == 20)
        #expect(row("2026-11-25", "library", "news/a.md")?.seconds == 200)
        #expect(row("2026-11-25", "lobby", "news/b.md")?.plays == 21)
        #expect(row("2026-11-25", "lobby", "news/b.md")?.cutShort == 1)
        #expect(row("2026-11-25", "lobby", "alerts/x.xml")?.seconds == 60)
        #expect(row("2026-11-26", "lobby", "news/a.md")?.plays == 1)
        #expect(rows.count == 8)
    }

    @Test func pruneDeletesOnlyOldPlays() throws {
        let log = try PlayLog(path: path)
        for day in 0..<5 {
            let start = morning.addingTimeInterval(Double(day) * 86400)
            try log.record(Play(screen: "s", kind: "news", source: "news/a.md", title: "a", start: start, end: start.addingTimeInterval(10), cutShort: false))
        }
        #expect(try log.prune(before: morning.addingTimeInterval(2 * 86400)) == 2)
        #expect(try log.plays(from: .distantPast, to: .distantFuture).count == 3)
    }

    @Test func reopensWhatItWrote() throws {
        do {
            let log = try PlayLog(path: path)
            try log.record(Play(screen: "s", kind: "image", source: "media/p.png", title: "p", start: morning, end: morning.addingTimeInterval(8), cutShort: false))
        }
        let again = try PlayLog(path: path)
        #expect(try again.plays(from: .distantPast, to: .distantFuture).map(\.source) == ["media/p.png"])
    }
}
