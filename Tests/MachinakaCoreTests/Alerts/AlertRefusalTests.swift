import Foundation
@testable import MachinakaCore
import Testing

/// Regressions of the hostile campaign in #25 that the core decides: trust for every format,
/// the order of several alerts, and other systems' clocks.
@Suite struct AlertRefusalTests {
    typealias Build = AlertBoardTests

    /// An alert like `AlertBoardTests.message`, with the headline (and so the 警戒レベル) given.
    static func message(_ id: String, sent: String, headline: String, severity: CAPInfo.Severity = .extreme) -> CAPMessage {
        var message = Build.message(id, sent: sent, severity: severity)
        message.infos[0].headline = headline
        return message
    }

    @Test func aNewerLevelThreeNeverLeadsOverALevelFive() {
        let five = Self.message("L5", sent: "2026-11-25T14:00:00", headline: "【警戒レベル5】緊急安全確保")
        let three = Self.message("L3", sent: "2026-11-25T14:30:00", headline: "【警戒レベル3】高齢者等避難")
        let heat = Self.message("HEAT", sent: "2026-11-25T14:40:00", headline: "熱中症警戒アラート")
        let board = AlertBoard(messages: [three, heat, five].map { Build.received($0) }, policy: AlertPolicy())
        // Before: CAP's words (all Extreme/Immediate/Observed) tied, and the newest led.
        #expect(board.active(at: tokyo("2026-11-25T14:45")).map(\.message.identifier) == ["L5", "L3", "HEAT"])
        // Among equals, the most recent still leads.
        let four = Self.message("L4", sent: "2026-11-25T14:50:00", headline: "【警戒レベル4】避難指示")
        let otherFour = Self.message("L4B", sent: "2026-11-25T14:55:00", headline: "【警戒レベル4】避難指示")
        let equals = AlertBoard(messages: [four, otherFour].map { Build.received($0) }, policy: AlertPolicy())
        #expect(equals.active(at: tokyo("2026-11-25T15:00")).map(\.message.identifier) == ["L4B", "L4"])
    }

    @Test func aSenderClockAFewMinutesAheadIsTakenAsNowAndSaid() {
        // Sent 14:30:00 by a clock 90 s fast: it arrived at 14:28:30 by the screen's.
        let message = Build.message("SKEW", sent: "2026-11-25T14:30:00")
        let board = AlertBoard(messages: [Build.received(message, at: "2026-11-25T14:28:30")], policy: AlertPolicy())
        #expect(board.active(at: tokyo("2026-11-25T14:28:31")).map(\.message.identifier) == ["SKEW"], "shown at once, not held 90 s")
        let said = board.problems.first { $0.path == "alerts/SKEW.xml" }
        #expect(said?.severity == .warning && said?.message.contains("90 s ahead") == true, "\(String(describing: said))")
        // An `effective` later than `sent` is a schedule, and is kept.
        let scheduled = Build.message("LATER", sent: "2026-11-25T14:30:00", effective: "2026-11-25T15:00:00")
        let later = AlertBoard(messages: [Build.received(scheduled, at: "2026-11-25T14:29:00")], policy: AlertPolicy())
        #expect(later.active(at: tokyo("2026-11-25T14:45")).isEmpty)
        #expect(later.active(at: tokyo("2026-11-25T15:00")).count == 1)
    }

    @Test func aSenderClockHoursAheadIsHeldAndSaidAtOnce() {
        // JST written as UTC: nine hours ahead.
        let message = Build.message("AHEAD", sent: "2026-11-25T23:30:00", expires: "2026-11-26T06:00:00")
        let board = AlertBoard(messages: [Build.received(message, at: "2026-11-25T14:30:00")], policy: AlertPolicy())
        #expect(board.active(at: tokyo("2026-11-25T14:31")).isEmpty)
        let entry = board.entries(at: tokyo("2026-11-25T14:31")).first { $0.identifier == "AHEAD" }
        #expect(entry?.standing == .scheduled && entry?.reason.contains("held: sent 9 h 0 min ahead") == true, "\(String(describing: entry))")
        #expect(board.problems.contains { $0.severity == .error && $0.message.contains("AHEAD held") })
        // A message on time says nothing.
        let onTime = AlertBoard(messages: [Build.received(Build.message("OK", sent: "2026-11-25T14:30:00"))], policy: AlertPolicy())
        #expect(onTime.problems.isEmpty)
    }

    @Test func refusalsAreSaidWithTheirReason() {
        var policy = AlertPolicy()
        policy.trustedSigners = ["00aa"]
        let unsigned = Build.received(Build.message("UNSIGNED", sent: "2026-11-25T14:30:00"))
        var jma = Build.received(Build.message("JMA-1", sent: "2026-11-25T14:30:00"))
        jma.format = "JMA"
        jma.source = "alerts/jma.xml"
        var untrusted = Build.received(Build.message("OTHER-KEY", sent: "2026-11-25T14:30:00"))
        untrusted.source = "alerts/other.xml"
        untrusted.signatures = [SignatureCheck(verified: true, fingerprint: "11bb", subject: "CN=Someone else", reason: "")]
        let board = AlertBoard(messages: [unsigned, jma, untrusted], policy: policy)
        #expect(board.active(at: tokyo("2026-11-25T14:31")).isEmpty)
        let said = Dictionary(uniqueKeysWithValues: board.problems.map { ($0.path, $0.message) })
        #expect(said["alerts/UNSIGNED.xml"]?.contains("CAP message is not signed") == true)
        #expect(said["alerts/jma.xml"]?.contains("JMA message is not signed") == true, "an unsigned JMA report is refused like unsigned CAP")
        #expect(said["alerts/other.xml"]?.contains("CN=Someone else") == true)
        #expect(board.problems.allSatisfy { $0.severity == .error })
    }
}

/// Regressions of #25 on data stamped by another system's clock.
@Suite struct DataClockTests {
    @Test func countersStampedHoursAheadAreNotCurrent() throws {
        // JST written as UTC: 19:15 by the screen's clock, read at noon.
        let (data, diagnostics) = CountersBoardTests.read(CountersBoardTests.good.replacingOccurrences(of: "2026-12-03T10:15:30+09:00", with: "2026-12-03T10:15:30Z"))
        #expect(diagnostics.isEmpty)
        let board = try CountersBoardTests.slide(try #require(data), at: tokyo("2026-12-03T12:00"), staleAfter: "10m")
        #expect(board.status?.stale == true && board.status?.text.contains("未来") == true, "\(String(describing: board.status))")
        #expect(!CountersBoardTests.texts(board).contains { $0.contains("約15分") }, "no waiting time shown as current")
        // Within a clock's tolerance it is current.
        let (close, _) = CountersBoardTests.read(CountersBoardTests.good.replacingOccurrences(of: "10:15:30+09:00", with: "12:02:00+09:00"))
        let current = try CountersBoardTests.slide(try #require(close), at: tokyo("2026-12-03T12:00"), staleAfter: "10m")
        #expect(current.status?.stale == false)
    }

    @Test func checkSaysWhenUpdatedIsAheadOfTheFile() throws {
        let feed = try TestFeed()
        try FileManager.default.createDirectory(atPath: feed.root + "/data", withIntermediateDirectories: true)
        try feed.write("data/counters.json", CountersBoardTests.good.replacingOccurrences(of: "2026-12-03T10:15:30+09:00", with: "9999-12-31T00:00:00+09:00"))
        try feed.write("data/shelters.csv", "name,area,status,capacity,occupancy,updated\n大野北小学校,中央区,開設,400,120,2026-12-03T10:10:00+09:00\n")
        let loaded = try feed.load()
        let warning = loaded.diagnostics.first { $0.path == "data/counters.json" }
        #expect(warning?.severity == .warning && warning?.message.contains("ahead of the time the file was written") == true, "\(String(describing: warning))")
        #expect(!loaded.diagnostics.contains { $0.path == "data/shelters.csv" }, "a time in the past is fine")
    }
}
