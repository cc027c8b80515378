import Foundation
@testable import MachinakaCore
import Testing

/// `data/counters.json` read, checked and shown: fresh, stale, paused, closed, just changed.
@Suite struct CountersBoardTests {
    static let good = """
        {"updated": "2026-12-03T10:15:30+09:00",
         "counters": [
           {"id": "1", "name": "市民課 住民票・戸籍", "name_en": "Resident Records", "serving": 124, "waiting": 8, "wait_minutes": 15, "status": "open"},
           {"id": 2, "name": "保険年金課", "serving": 88, "waiting": 0, "status": "paused"},
           {"id": "3", "name": "こども家庭課", "serving": 402, "waiting": 0, "wait_minutes": null, "status": "closed"}]}
        """

    static func read(_ text: String) -> (CounterData?, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        let data = CountersBoard().read(text, path: "data/counters.json", into: &diagnostics) as? CounterData
        return (data, diagnostics)
    }

    /// The slide of `data` at `instant` on a screen, as a player shows it.
    static func slide(_ data: CounterData, at instant: Date, staleAfter: String = "3m") throws -> BoardSlide {
        let item = try CountersBoard().item(settings: ["data": "data/counters.json", "stale_after": staleAfter]).get()
        let file = DataFile(source: "data/counters.json", board: "counters", received: data.updated, payload: data)
        let context = SlideContext(screen: ScreenConfig(id: "s"), items: [], data: ["data/counters.json": file])
        guard case .board(let board) = CountersBoard().slide(item, at: instant, context: context) else { throw BoardError.notABoard }
        return board
    }

    enum BoardError: Error { case notABoard }

    static func texts(_ board: BoardSlide) -> [String] {
        board.rows.flatMap { $0.cells }.flatMap { cell -> [String] in
            switch cell {
            case .text(let text, let secondary, _): return [text] + (secondary.map { [$0] } ?? [])
            case .figure(let text, let caption, _, _): return [text, caption]
            case .bar(_, let label, _): return [label]
            }
        }
    }

    @Test func readsTheSpecsFormat() throws {
        let (data, diagnostics) = Self.read(Self.good)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let counters = try #require(data).counters
        #expect(counters.map(\.id) == ["1", "2", "3"], "a number as id is read as text")
        #expect(counters[0].nameEnglish == "Resident Records" && counters[0].waitMinutes == 15)
        #expect(counters[1].status == .paused && counters[1].nameEnglish == nil)
        #expect(counters[2].waitMinutes == nil, "null is no estimate")
    }

    @Test(arguments: [
        ("{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"serving\": \"124\", \"waiting\": 8, \"status\": \"open\"}]}", 1, 93, "\"serving\" must be a whole number"),
        ("{\"updated\": \"yesterday\", \"counters\": []}", 1, 13, "'updated' must be a date and time"),
        ("{\"counters\": []}", 1, 1, "no \"updated\""),
        ("{\"updated\": \"2026-12-03T10:15:30+09:00\",\n \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"serving\": 1,\n \"waiting\": -3, \"status\": \"open\"}]}", 3, 13, "outside"),
        ("{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"serving\": 1, \"waiting\": 0, \"status\": \"busy\"}]}", 1, 120, "must be one of closed, open, paused"),
        ("{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"waiting\": 0, \"status\": \"open\"}]}", 1, 55, "no \"serving\""),
        ("{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": {}}", 1, 54, "must be a list"),
        ("{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [}", 1, 55, "not JSON"),
        ("[]", 1, 1, "one object"),
    ])
    func whatIsWrongIsSaidWhere(_ text: String, _ line: Int, _ column: Int, _ words: String) {
        let (data, diagnostics) = Self.read(text)
        #expect(data == nil, "a file with an error is not used")
        let error = diagnostics.first { $0.severity == .error }
        #expect(error?.line == line && error?.column == column, "\(diagnostics)")
        #expect(error?.message.contains(words) == true, "\(diagnostics)")
        #expect(error?.path == "data/counters.json")
    }

    @Test func twoCountersWithOneIdAreAnError() {
        let text = "{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"A\", \"serving\": 1, \"waiting\": 0, \"status\": \"open\"}, {\"id\": \"1\", \"name\": \"B\", \"serving\": 2, \"waiting\": 0, \"status\": \"open\"}]}"
        let (data, diagnostics) = Self.read(text)
        #expect(data == nil)
        #expect(diagnostics.contains { $0.message.contains("two counters have the id \"1\"") })
    }

    @Test func unknownKeysAreWarnedAboutNotRefused() throws {
        let text = "{\"updated\": \"2026-12-03T10:15:30+09:00\", \"machine\": \"T-800\", \"counters\": [{\"id\": \"1\", \"name\": \"A\", \"serving\": 1, \"waiting\": 0, \"status\": \"open\", \"colour\": \"red\"}]}"
        let (data, diagnostics) = Self.read(text)
        #expect(data != nil)
        #expect(diagnostics.count == 2 && diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func freshDataShowsTheWaitInBothLanguages() throws {
        let data = try #require(Self.read(Self.good).0)
        let board = try Self.slide(data, at: tokyo("2026-12-03T10:16:00"))
        #expect(board.status == BoardSlide.StatusLine("10:15 現在  As of 10:15"))
        let texts = Self.texts(board)
        #expect(texts.contains("124") && texts.contains("待ち 8人　約15分") && texts.contains("8 waiting, about 15 min"))
        #expect(texts.contains("受付一時停止中") && texts.contains("Paused"))
        #expect(texts.contains("本日の受付は終了") && texts.contains("Closed for today"))
    }

    /// #29: "すぐ / No wait" when nobody waits; no "約0分" beside people waiting.
    @Test func noWaitIsSaidAndAZeroEstimateBesidePeopleWaitingIsLeftOut() throws {
        let text = "{\"updated\": \"2026-12-03T10:15:30+09:00\", \"counters\": [{\"id\": \"1\", \"name\": \"市民課\", \"serving\": 12, \"waiting\": 0, \"wait_minutes\": 0, \"status\": \"open\"}, {\"id\": \"2\", \"name\": \"税務課\", \"serving\": 30, \"waiting\": 43, \"wait_minutes\": 0, \"status\": \"open\"}]}"
        let data = try #require(Self.read(text).0)
        let texts = Self.texts(try Self.slide(data, at: tokyo("2026-12-03T10:16:00")))
        #expect(texts.contains("待ちなし　すぐご案内") && texts.contains("No wait"), "\(texts)")
        #expect(texts.contains("待ち 43人") && texts.contains("43 waiting"), "\(texts)")
        #expect(!texts.contains { $0.contains("約0分") || $0.contains("about 0 min") || $0.contains("0 waiting,") }, "\(texts)")
    }

    @Test func staleDataHidesTheEstimatesAndSaysSo() throws {
        let data = try #require(Self.read(Self.good).0)
        // 3 minutes and a second after the ticket system last wrote.
        let board = try Self.slide(data, at: tokyo("2026-12-03T10:18:31"))
        #expect(board.status?.stale == true)
        #expect(board.status?.text.contains("更新停止中") == true && board.status?.text.contains("Not updating") == true)
        let texts = Self.texts(board)
        #expect(!texts.contains { $0.contains("約15分") || $0.contains("15 min") }, "no stale estimate on screen: \(texts)")
        #expect(texts.contains("待ち時間 ―") && texts.contains("最後の呼出番号  Last called"))
        // The paused and the closed counter's numbers are the last called too, not "now serving".
        #expect(!texts.contains("呼出番号  Now serving"), "\(texts)")
        // A longer stale_after keeps it current.
        #expect(try Self.slide(data, at: tokyo("2026-12-03T10:18:31"), staleAfter: "10m").status?.stale == false)
    }

    /// The review's counters, last written at 10:15 the day before, read at 10:04: "last
    /// update 10:15" looked like a time to come. The day is said, from midnight on.
    @Test func dataStoppedOnAnEarlierDaySaysWhichDay() throws {
        let data = try #require(Self.read(Self.good).0)
        let board = try Self.slide(data, at: tokyo("2026-12-04T10:04"))
        #expect(board.status?.text == "更新停止中　最終更新 12月3日 10:15  Not updating since 3 Dec 10:15", "\(String(describing: board.status))")
        #expect(try Self.slide(data, at: tokyo("2026-12-03T23:59")).status?.text.contains("最終更新 10:15") == true)
        let item = try CountersBoard().item(settings: ["data": "data/counters.json"]).get()
        let context = SlideContext(screen: ScreenConfig(id: "s"), items: [], data: ["data/counters.json": DataFile(source: "data/counters.json", board: "counters", received: data.updated, payload: data)])
        #expect(CountersBoard().nextChange(item, after: tokyo("2026-12-03T12:00"), context: context) == tokyo("2026-12-04T00:00"), "redrawn when the day is said")
    }

    @Test func aNumberThatChangedIsHighlightedForAFewSeconds() throws {
        let before = try #require(Self.read(Self.good).0)
        let after = try #require(Self.read(Self.good.replacingOccurrences(of: "\"serving\": 124", with: "\"serving\": 125")).0)
        let arrived = tokyo("2026-12-03T10:15:40")
        let marked = after.following(before, at: arrived)
        #expect(marked.counters[0].servingChanged == arrived)
        #expect(marked.counters[1].servingChanged == nil, "an unchanged number is not marked")
        func highlighted(at seconds: TimeInterval) throws -> Bool {
            let board = try Self.slide(marked, at: arrived.addingTimeInterval(seconds))
            guard case .figure(_, _, _, let on) = board.rows[0].cells[1] else { return false }
            return on
        }
        #expect(try highlighted(at: 0) && highlighted(at: 5.9))
        #expect(try !highlighted(at: CountersBoard.highlight))
        // The next version with the same number keeps the time it changed.
        #expect(after.following(marked, at: arrived.addingTimeInterval(30)).counters[0].servingChanged == arrived)
        // The board says when its slide next changes by itself: the highlight's end.
        let item = try CountersBoard().item(settings: ["data": "data/counters.json"]).get()
        let context = SlideContext(screen: ScreenConfig(id: "s"), items: [], data: ["data/counters.json": DataFile(source: "data/counters.json", board: "counters", received: arrived, payload: marked)])
        #expect(CountersBoard().nextChange(item, after: arrived, context: context) == arrived.addingTimeInterval(CountersBoard.highlight))
        #expect(CountersBoard().nextChange(item, after: arrived.addingTimeInterval(7), context: context) == tokyo("2026-12-03T10:18:30"), "then going stale")
    }

    @Test func theBoardLeavesTheRotationWithoutItsFile() throws {
        let item = try CountersBoard().item(settings: ["data": "data/counters.json"]).get()
        #expect(!CountersBoard().hasContent(item, at: Date(), context: SlideContext(screen: ScreenConfig(id: "s"), items: [])))
    }

    @Test(arguments: [
        ([String: String](), "data", "needs 'data'"),
        (["data": "/etc/passwd"], "data", "not a .json file in the feed's data/ folder"),
        (["data": "data/../screens/x.json"], "data", "not a .json file"),
        (["data": "data/counters.csv"], "data", "not a .json file"),
        (["data": "data/counters.json", "stale_after": "forever"], "stale_after", "not a duration"),
        (["data": "data/counters.json", "stale_after": "1s"], "stale_after", "outside the allowed range"),
    ])
    func badSettingsAreRefused(_ settings: [String: String], _ key: String, _ words: String) {
        guard case .failure(let error) = CountersBoard().item(settings: settings) else {
            Issue.record("\(settings) accepted")
            return
        }
        #expect(error.key == key && error.message.contains(words), "\(error)")
    }
}
